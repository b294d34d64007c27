"""The project passport as a page writes it: the form, its repeatable parts and the choices its
selects offer. It validates and hands the services plain data (:meth:`ProjectForm.passport`)."""

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import HiddenInput

from ...core.forms import Form, strip_text
from ...extensions import db
from ...people.models import Organisation
from ...reference.models import FundingSource, NationalProject
from ...sessions.access import group_ids_of
from ...sessions.models import StrategyPriority, WorkingGroup
from ..models import Project
from .fields import (
    TEXT_MAX,
    MultiCheckboxField,
    YearField,
    id_or_none,
    options,
    reference_field,
    too_long,
)
from .rows import IndicatorForm, PartnerForm, ResourceForm, StageForm

ROWS_MAX = 60
SECTIONS = ("partners", "indicators", "resources", "stages")
ROW_ACTION = re.compile(r"^(add|remove)-(partners|indicators|resources|stages)(?:-(\d{1,3}))?$")

# ----------------------------------------------------------------------------------------------
# Choices
# ----------------------------------------------------------------------------------------------


@dataclass
class PassportChoices:
    """What the passport's selects offer: the session's rows and the reference lists."""

    groups: list[SelectChoice]
    organisations: list[SelectChoice]
    national_projects: list[SelectChoice]
    priorities: list[SelectChoice]
    funding_sources: list[SelectChoice]

    @classmethod
    def load(cls, strategic_session, user) -> "PassportChoices":
        """The choices the passport form offers this user in this session."""
        sid = strategic_session.id
        groups = db.session.scalars(
            sa.select(WorkingGroup)
            .where(WorkingGroup.id.in_(group_ids_of(user, strategic_session)))
            .order_by(WorkingGroup.position)
        )
        organisations = db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.session_id == sid)
            .order_by(Organisation.name)
        )
        national_projects = db.session.scalars(
            sa.select(NationalProject).order_by(NationalProject.position)
        )
        priorities = db.session.scalars(
            sa.select(StrategyPriority)
            .where(StrategyPriority.session_id == sid)
            .order_by(StrategyPriority.position)
        )
        sources = db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position))
        return cls(
            groups=options((g.id, g.title) for g in groups),
            organisations=options((o.id, o.display_name) for o in organisations),
            national_projects=options((n.id, n.title) for n in national_projects),
            priorities=options((p.id, p.title) for p in priorities),
            funding_sources=options((s.id, s.title) for s in sources),
        )


BLANK = [SelectChoice(value="", label="—")]

# ----------------------------------------------------------------------------------------------
# The passport
# ----------------------------------------------------------------------------------------------


def _rows(form_class):
    return FieldList(FormField(form_class), min_entries=0, max_entries=ROWS_MAX)


class ProjectForm(Form):
    """The project passport. A draft may be incomplete; what it holds must be valid."""

    working_group = SelectField(
        _l("Working group"),
        [DataRequired(message=_l("Choose your working group."))],
        coerce=id_or_none,
        invalid_choice_message=_l("Choose one of your working groups."),
    )
    title = StringField(
        _l("Full title"),
        [DataRequired(message=_l("Give the project a title.")), too_long(500)],
        filters=[strip_text],
    )
    short_title = StringField(
        _l("Short title"),
        [too_long(120)],
        filters=[strip_text],
        description=_l("Used in lists and on the wrap-up screen."),
    )
    problem = TextAreaField(_l("Problem"), [too_long(TEXT_MAX)], filters=[strip_text])
    goal = TextAreaField(_l("Goal"), [too_long(TEXT_MAX)], filters=[strip_text])
    expected_results = TextAreaField(
        _l("Expected results"), [too_long(TEXT_MAX)], filters=[strip_text]
    )
    start_year = YearField(_l("Start year"))
    end_year = YearField(_l("End year"))
    lead_organisation = reference_field(
        _l("Lead organisation"), _l("Choose an organisation of this session.")
    )
    responsible_person = StringField(
        _l("Responsible person"), [too_long(200)], filters=[strip_text]
    )
    responsible_position = StringField(
        _l("Position of the responsible person"), [too_long(300)], filters=[strip_text]
    )
    national_projects = MultiCheckboxField(
        _l("National projects"),
        coerce=int,
        invalid_value_message=_l("Choose national projects from the list."),
        invalid_choice_message=_l("Choose national projects from the list."),
    )
    strategy_priorities = MultiCheckboxField(
        _l("Strategy priorities"),
        coerce=int,
        invalid_value_message=_l("Choose priorities of this session's strategy."),
        invalid_choice_message=_l("Choose priorities of this session's strategy."),
    )
    risks = TextAreaField(_l("Risks"), [too_long(TEXT_MAX)], filters=[strip_text])
    partners = _rows(PartnerForm)
    indicators = _rows(IndicatorForm)
    resources = _rows(ResourceForm)
    stages = _rows(StageForm)
    # Set by the "add row" and "remove row" buttons: ``add-resources``, ``remove-stages-2``.
    row_action = StringField()
    save = SubmitField(_l("Save draft"))
    submit_passport = SubmitField(_l("Save and submit"))

    def __init__(self, *args, choices: PassportChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.passport_choices = choices
        self._bind_choices()

    def _bind_choices(self) -> None:
        c = self.passport_choices
        self.working_group.choices = c.groups
        self.lead_organisation.choices = BLANK + c.organisations
        self.national_projects.choices = c.national_projects
        self.strategy_priorities.choices = c.priorities
        for entry in self.partners:
            entry.form.organisation.choices = BLANK + c.organisations
        for entry in self.resources:
            entry.form.funding_source.choices = BLANK + c.funding_sources
        for entry in self.stages:
            entry.form.responsible_organisation.choices = BLANK + c.organisations

    # -- the add and remove buttons -------------------------------------------------------------

    def apply_row_action(self) -> bool:
        """Add or remove the row a button asked for; ``True`` if one was asked for."""
        match = ROW_ACTION.match(self.row_action.data or "")
        if not match:
            return False
        verb, section, index = match.groups()
        rows = self[section]
        if verb == "add" and len(rows) < ROWS_MAX:
            rows.append_entry({})
        elif verb == "remove" and index is not None and int(index) < len(rows):
            rows.pop_entry(int(index))
        self._bind_choices()
        self.row_action.data = ""
        return True

    def ensure_a_row_each(self) -> None:
        """Offer one empty row in every repeatable part that has none."""
        for section in SECTIONS:
            if not len(self[section]):
                self[section].append_entry({})
        self._bind_choices()

    # -- validation ------------------------------------------------------------------------------

    def all_fields(self) -> dict:
        """Every field by id, the rows' fields included."""
        fields = {}
        for field in self:
            fields[field.id] = field
            for entry in getattr(field, "entries", []):
                for subfield in entry.form:
                    fields[subfield.id] = subfield
        return fields

    def has_errors(self) -> bool:
        """Whether the form or any of its rows has an error."""
        return bool(self.form_errors) or any(f.errors for f in self.all_fields().values())

    def filled_rows(self, section: str) -> list:
        """The rows of ``section`` the user filled in (blank rows are dropped)."""
        return [entry for entry in self[section] if not entry.form.is_blank()]

    def validate(self, extra_validators=None) -> bool:
        """Validate the fields and rows, then the years: the end not before the start."""
        valid = super().validate(extra_validators)
        start, end = self.start_year.data, self.end_year.data
        if self.start_year.errors:
            start = None
        if self.end_year.errors:
            end = None
        if start and end and end < start:
            self.end_year.errors.append(_("The end year is before the start year."))
            return False
        valid = self._check_timeframe(start, end) and valid
        return self._check_partners() and valid

    def _check_timeframe(self, start: int | None, end: int | None) -> bool:
        """Rows must fall within the project's timeframe."""
        if not start or not end:
            return True
        message = _("Outside the project's timeframe %(start)d–%(end)d.", start=start, end=end)
        valid = True
        checks = [(e.form.year, e.form.year.data) for e in self.filled_rows("indicators")]
        checks += [(e.form.year, e.form.year.data) for e in self.filled_rows("resources")]
        for entry in self.filled_rows("stages"):
            for field in (entry.form.starts_on, entry.form.ends_on):
                checks.append((field, field.data.year if isinstance(field.data, date) else None))
        for field, year in checks:
            if year is not None and not field.errors and not start <= year <= end:
                field.errors.append(message)
                valid = False
        return valid

    def _check_partners(self) -> bool:
        valid = True
        seen = {self.lead_organisation.data}
        for entry in self.filled_rows("partners"):
            field = entry.form.organisation
            if field.errors or field.data is None:
                continue
            if field.data in seen:
                field.errors.append(_("This organisation already takes part in the project."))
                valid = False
            seen.add(field.data)
        return valid

    # -- the data ----------------------------------------------------------------------------

    def passport(self) -> dict:
        """The validated passport as the services take it."""
        return {
            "working_group_id": self.working_group.data,
            "title": self.title.data,
            "short_title": self.short_title.data,
            "problem": self.problem.data,
            "goal": self.goal.data,
            "expected_results": self.expected_results.data,
            "start_year": self.start_year.data,
            "end_year": self.end_year.data,
            "lead_organisation_id": self.lead_organisation.data,
            "responsible_person": self.responsible_person.data,
            "responsible_position": self.responsible_position.data,
            "risks": self.risks.data,
            "national_project_ids": list(self.national_projects.data or []),
            "strategy_priority_ids": list(self.strategy_priorities.data or []),
            **{
                section: [entry.form.values() for entry in self.filled_rows(section)]
                for section in SECTIONS
            },
        }

    def row_anchor(self, section: str, index: int, name: str) -> str:
        """The id of field ``name`` of the ``index``-th filled row (blank rows are skipped)."""
        rows = self.filled_rows(section)
        return rows[index].form[name].id if index < len(rows) else f"{section}-section"

    @staticmethod
    def data_from(project: Project) -> dict:
        """The form's initial data from a saved project."""
        return {
            "working_group": project.working_group_id,
            "title": project.title,
            "short_title": project.short_title,
            "problem": project.problem,
            "goal": project.goal,
            "expected_results": project.expected_results,
            "start_year": project.start_year,
            "end_year": project.end_year,
            "lead_organisation": project.lead_organisation_id,
            "responsible_person": project.responsible_person,
            "responsible_position": project.responsible_position,
            "risks": project.risks,
            "national_projects": [np.id for np in project.national_projects],
            "strategy_priorities": [sp.id for sp in project.strategy_priorities],
            "partners": [
                {"organisation": p.organisation_id, "contribution": p.contribution}
                for p in project.partners
            ],
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "baseline": i.baseline,
                    "target": i.target,
                    "year": i.year,
                }
                for i in project.indicators
            ],
            "resources": [
                {
                    "kind": r.kind,
                    "description": r.description,
                    "amount": r.amount,
                    "unit": r.unit,
                    "year": r.year,
                    "funding_source": r.funding_source_id,
                    "status": r.status,
                }
                for r in project.resources
            ],
            "stages": [
                {
                    "title": s.title,
                    "starts_on": s.starts_on,
                    "ends_on": s.ends_on,
                    "deliverable": s.deliverable,
                    "responsible_organisation": s.responsible_organisation_id,
                    "status": s.status,
                }
                for s in project.stages
            ],
        }


class EditProjectForm(ProjectForm):
    """The passport of a saved project, with the version it was loaded from."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])

    def set_version(self, version: int) -> None:
        """Carry ``version`` (the one the user's edit started from) in the hidden field."""
        self.version.data = version
        self.version.raw_data = [str(version)]
