"""A large generated session for benchmarks: ``flask --app sessiontrack bench-data``.

The default sizes are those of a big forum: 60 organisations, 400 participants, 4 directions
(one working group each), 200 projects (each with 3 indicators, 5 resources, 8 stages,
2 partners and 3 revisions), 6 weighted criteria and 30 experts who have each submitted a
scorecard for every project (36,000 scores). Everything in it is invented and marked as demo
data; nothing is drawn from the source article but the criteria of the demo.

The content is a function of the seed alone (``random.Random(seed)``): two runs with the same
seed give the same titles, names, amounts, dates and scores, whatever the database. Rows are
written with SQLAlchemy 2's bulk INSERT (one executemany per table, ``RETURNING`` where the
ids are needed), so the default sizes take seconds, not minutes. Generated accounts share one
precomputed, deliberately cheap password hash: they exist to be logged in by benchmarks.
"""

import random
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..audit import services as audit
from ..extensions import db
from ..reference.data import load_reference_data
from ..sessions.models import (
    StrategicSession,
)
from .bench_frame import FrameSteps
from .bench_projects import ProjectSteps
from .bench_words import (
    BENCH_PASSWORD,
    DIRECTION_TITLES,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    INDICATOR_NAMES,
    MARK,
    PATRONYMICS,
    SENTENCES,
    STAGE_TITLES,
    SURNAMES,
)


class BenchDataError(ValueError):
    """The generated session cannot be made (for example, its slug is taken)."""


@dataclass(frozen=True)
class BenchSizes:
    """How big the generated session is."""

    projects: int = 200
    experts: int = 30
    organisations: int = 60
    participants: int = 400
    directions: int = 4
    members_per_group: int = 3
    indicators: int = 3
    resources: int = 5
    stages: int = 8
    partners: int = 2
    revisions: int = 3
    # Draft projects per group besides the reviewed ones, for load tests of editing.
    drafts_per_group: int = 0

    def problems(self) -> list[str]:
        """What makes these sizes impossible (empty when they are fine)."""
        problems = []
        accounts = 1 + self.directions * self.members_per_group + self.experts
        if min(self.projects, self.experts, self.directions, self.members_per_group) < 1:
            problems.append("projects, experts, directions and group members must be at least 1")
        if self.directions > len(DIRECTION_TITLES):
            problems.append(f"at most {len(DIRECTION_TITLES)} directions")
        if self.participants < accounts:
            problems.append(f"participants must be at least {accounts} (every account is one)")
        # Experts work for their own organisations, which never lead or partner a project.
        if self.organisations < self.expert_organisations + self.partners + 1:
            problems.append("too few organisations for experts, leads and partners")
        if self.stages > len(STAGE_TITLES) or self.indicators > len(INDICATOR_NAMES):
            problems.append("too many stages or indicators per project")
        return problems

    @property
    def expert_organisations(self) -> int:
        """How many organisations the experts come from: one per ten organisations, 1 to 6."""
        return max(1, min(6, self.organisations // 10))


@dataclass
class BenchSession:
    """What was generated: the session and the accounts a benchmark logs in with."""

    session_id: int
    slug: str
    facilitator_email: str
    member_emails: list[str] = field(default_factory=list)
    expert_emails: list[str] = field(default_factory=list)
    password: str = BENCH_PASSWORD
    counts: dict[str, int] = field(default_factory=dict)


def generate(
    sizes: BenchSizes | None = None, *, seed: int = 1, slug: str = "bench"
) -> BenchSession:
    """Create the generated session ``slug``; flushes, the caller commits.

    :raise BenchDataError: if the sizes are impossible or a session ``slug`` exists.
    """
    sizes = sizes or BenchSizes()
    if problems := sizes.problems():
        raise BenchDataError("; ".join(problems))
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug)) is not None:
        raise BenchDataError(f"a session «{slug}» already exists; choose another --slug")
    load_reference_data()
    db.session.flush()
    return _Generator(sizes, random.Random(seed), slug).run()  # noqa: S311 (test data)


class _Generator(FrameSteps, ProjectSteps):
    """One generation run: the random source and the ids made so far."""

    def __init__(self, sizes: BenchSizes, rng: random.Random, slug: str):
        self.sizes, self.rng, self.slug = sizes, rng, slug
        self.counts: dict[str, int] = {}

    def run(self) -> BenchSession:
        strategic_session = self._session()
        self.session_id = strategic_session.id
        self._directions()
        self._organisations()
        accounts = self._accounts()
        self._participants(accounts)
        self._criteria()
        self._projects()
        self._review()
        audit.record(
            "create",
            strategic_session,
            summary=f"{MARK}: {self.sizes.projects} projects, {self.sizes.experts} experts",
        )
        db.session.flush()
        return BenchSession(
            session_id=self.session_id,
            slug=self.slug,
            facilitator_email=accounts["facilitator"][0],
            member_emails=[email for email, _role, _group in accounts["members"]],
            expert_emails=list(accounts["experts"]),
            counts=self.counts,
        )

    # -- text --------------------------------------------------------------------------------

    def _person_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(SURNAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(PATRONYMICS)}"

    def _paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def _email(self, local_part: str) -> str:
        return f"{self.slug}-{local_part}@{EMAIL_DOMAIN}".lower()
