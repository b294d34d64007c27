"""The import plan: what a read file would change in the session (organisations and people
to create, people to update, lines already there) and every problem with its line.

:func:`.planning.plan_import` builds it; :func:`.apply.apply_import` writes it.
"""

from dataclasses import dataclass, field

from ...core.enums import TitledEnum
from ...sessions.models import WorkingGroup
from ..models import Organisation, OrganisationKind, Participant


@dataclass
class Problem:
    """A line of the file that cannot be imported, and why."""

    line: int
    message: str


@dataclass
class NewOrganisation:
    """An organisation the file names that the session does not have yet."""

    line: int
    name: str
    kind: OrganisationKind
    short_name: str = ""
    kind_guessed: bool = False


@dataclass
class PersonRow:
    """A participant row: the values to write and, for an update, the person and the changes."""

    line: int
    values: dict
    organisation_name: str | None = None
    existing: Participant | None = None
    changes: dict = field(default_factory=dict)

    def change_rows(self) -> list[tuple[str, str, str]]:
        """``(field, was, now)`` as the preview shows them."""
        return [(key, _shown(old), _shown(new)) for key, (old, new) in self.changes.items()]


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Organisation | NewOrganisation):
        return value.name
    if isinstance(value, WorkingGroup):
        return value.title
    if isinstance(value, TitledEnum):
        return value.title
    return str(value)


@dataclass
class ImportPlan:
    new_organisations: list[NewOrganisation] = field(default_factory=list)
    existing_organisations: list[str] = field(default_factory=list)
    new_participants: list[PersonRow] = field(default_factory=list)
    updated_participants: list[PersonRow] = field(default_factory=list)
    unchanged_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    skipped_lines: list[int] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """Whether applying the plan would add or change anything."""
        return bool(self.new_organisations or self.new_participants or self.updated_participants)

    @property
    def problem_lines(self) -> list[int]:
        """The lines with at least one problem (a line can have several)."""
        return sorted({problem.line for problem in self.problems})

    @property
    def can_apply(self) -> bool:
        """Whether the plan may be applied: it changes something and has no problems."""
        return not self.problems and self.has_changes

    @property
    def can_apply_valid_rows(self) -> bool:
        """Whether skipping the lines with problems leaves something to import."""
        return bool(self.problems) and self.without_problem_lines().has_changes

    def without_problem_lines(self) -> "ImportPlan":
        """The plan of the lines without problems; the others are listed as skipped.

        A row with a problem adds no participant; an organisation stays only if a line without
        problems introduced it or a kept participant works there.
        """
        bad = set(self.problem_lines)
        people = [row for row in self.new_participants if row.line not in bad]
        updated = [row for row in self.updated_participants if row.line not in bad]
        used = {id(row.values["organisation"]) for row in people + updated}
        return ImportPlan(
            new_organisations=[
                o for o in self.new_organisations if o.line not in bad or id(o) in used
            ],
            existing_organisations=self.existing_organisations,
            new_participants=people,
            updated_participants=updated,
            unchanged_lines=[line for line in self.unchanged_lines if line not in bad],
            ignored_columns=self.ignored_columns,
            skipped_lines=sorted(bad),
        )
