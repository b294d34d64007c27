"""What the API reads and writes, as marshmallow schemas: they validate the requests, shape
the answers and document both in the OpenAPI document.

The limits are the passport form's (``projects/forms``): the form still checks every rule the
web checks once a body has passed these (see :mod:`.passport_input`).
"""

import marshmallow as ma
from marshmallow import validate

from ...core.loading import LARGEST_ID
from ...projects.forms.fields import AMOUNT_MAX, TEXT_MAX, YEAR_MAX, YEAR_MIN
from ...projects.forms.project import ROWS_MAX
from ...projects.models import ProjectState, ResourceKind, ResourceStatus, StageStatus
from ...review.aggregation import METHODS
from ...sessions.models import ReviewState, SessionState

F = ma.fields


def _values(enum_cls) -> list[str]:
    return [member.value for member in enum_cls]


def _text(limit: int, **kwargs):
    if not kwargs.get("required"):
        kwargs["load_default"] = ""
    return F.String(validate=validate.Length(max=limit), **kwargs)


def _id(**kwargs):
    return F.Integer(strict=True, validate=validate.Range(min=1, max=LARGEST_ID - 1), **kwargs)


def _year(**kwargs):
    return F.Integer(
        strict=True, validate=validate.Range(min=YEAR_MIN, max=YEAR_MAX), allow_none=True, **kwargs
    )


def _amount(**kwargs):
    return F.Decimal(
        allow_nan=False,
        allow_none=True,
        # The range is the form's to check: apispec would write a Decimal bound as a string.
        metadata={"description": f"a number below {AMOUNT_MAX:,} in size; kept to two decimals"},
        **kwargs,
    )


def _rows(schema):
    return F.List(F.Nested(schema), validate=validate.Length(max=ROWS_MAX), load_default=list)


class Strict(ma.Schema):
    """Refuses fields it does not know: a misspelt field is an error, not silently lost."""

    class Meta:
        unknown = ma.RAISE


# ----------------------------------------------------------------------------------------------
# Sessions
# ----------------------------------------------------------------------------------------------


class SessionSchema(ma.Schema):
    """A strategic session the token's user takes part in."""

    slug = F.String(required=True)
    title = F.String(required=True)
    place = F.String(required=True)
    starts_on = F.Date(allow_none=True, required=True)
    ends_on = F.Date(allow_none=True, required=True)
    state = F.String(required=True, validate=validate.OneOf(_values(SessionState)))
    review_state = F.String(required=True, validate=validate.OneOf(_values(ReviewState)))
    is_demo = F.Boolean(required=True)
    roles = F.List(F.String(), required=True, metadata={"description": "the user's roles here"})


# ----------------------------------------------------------------------------------------------
# The passport
# ----------------------------------------------------------------------------------------------


class PartnerSchema(Strict):
    """A partner organisation and what it contributes."""

    organisation_id = _id(required=True)
    contribution = _text(500)


class IndicatorSchema(Strict):
    """A target indicator."""

    name = _text(300, required=True)
    unit = _text(50)
    baseline = _amount(load_default=None)
    target = _amount(load_default=None)
    year = _year(load_default=None)


class ResourceSchema(Strict):
    """A resource the project needs; money in a money unit (rubles, thousands, millions)."""

    kind = F.String(
        validate=validate.OneOf(_values(ResourceKind)), load_default=ResourceKind.FINANCIAL.value
    )
    description = _text(500)
    amount = _amount(required=True)
    unit = _text(50)
    year = _year(load_default=None)
    funding_source_id = _id(allow_none=True, load_default=None)
    status = F.String(
        validate=validate.OneOf(_values(ResourceStatus)),
        load_default=ResourceStatus.REQUESTED.value,
    )


class StageSchema(Strict):
    """A key stage with its dates."""

    title = _text(300, required=True)
    starts_on = F.Date(allow_none=True, load_default=None)
    ends_on = F.Date(allow_none=True, load_default=None)
    deliverable = _text(500)
    responsible_organisation_id = _id(allow_none=True, load_default=None)
    status = F.String(
        validate=validate.OneOf(_values(StageStatus)), load_default=StageStatus.PLANNED.value
    )


class PassportSchema(Strict):
    """A project passport as the API writes it: the session's rows named by id."""

    working_group_id = _id(required=True, metadata={"description": "one of your groups"})
    title = F.String(required=True, validate=validate.Length(min=1, max=500))
    short_title = _text(120)
    problem = _text(TEXT_MAX)
    goal = _text(TEXT_MAX)
    expected_results = _text(TEXT_MAX)
    start_year = _year(load_default=None)
    end_year = _year(load_default=None)
    lead_organisation_id = _id(allow_none=True, load_default=None)
    responsible_person = _text(200)
    responsible_position = _text(300)
    risks = _text(TEXT_MAX)
    national_project_ids = F.List(_id(), validate=validate.Length(max=50), load_default=list)
    strategy_priority_ids = F.List(_id(), validate=validate.Length(max=50), load_default=list)
    partners = _rows(PartnerSchema)
    indicators = _rows(IndicatorSchema)
    resources = _rows(ResourceSchema)
    stages = _rows(StageSchema)


class PassportUpdateSchema(PassportSchema):
    """A changed passport, with the version it was read at (optimistic locking)."""

    version = F.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1, max=LARGEST_ID - 1),
        metadata={"description": "the project's `version` when you read it; 409 if stale"},
    )


class SubmitSchema(Strict):
    """A submission, with an optional comment for the facilitator."""

    comment = _text(2000)


# ----------------------------------------------------------------------------------------------
# Projects as the API reads them
# ----------------------------------------------------------------------------------------------


def _amount_out():
    """An amount as the passport keeps it: a decimal number in a string, e.g. ``"12.50"``."""
    return F.String(allow_none=True, required=True, metadata={"example": "12.50"})


class PartnerOut(ma.Schema):
    organisation_id = F.Integer(required=True)
    organisation = F.String(required=True)
    contribution = F.String(required=True)


class IndicatorOut(ma.Schema):
    name = F.String(required=True)
    unit = F.String(required=True)
    baseline = _amount_out()
    target = _amount_out()
    year = F.Integer(allow_none=True, required=True)


class ResourceOut(ma.Schema):
    kind = F.String(required=True)
    description = F.String(required=True)
    amount = _amount_out()
    unit = F.String(required=True)
    year = F.Integer(allow_none=True, required=True)
    funding_source_id = F.Integer(allow_none=True, required=True)
    status = F.String(required=True)


class StageOut(ma.Schema):
    title = F.String(required=True)
    starts_on = F.Date(allow_none=True, required=True)
    ends_on = F.Date(allow_none=True, required=True)
    deliverable = F.String(required=True)
    responsible_organisation_id = F.Integer(allow_none=True, required=True)
    status = F.String(required=True)


class ProjectSummarySchema(ma.Schema):
    """A project as the session's list shows it."""

    id = F.Integer(required=True)
    title = F.String(required=True)
    short_title = F.String(required=True)
    state = F.String(
        required=True,
        validate=validate.OneOf(_values(ProjectState)),
        metadata={
            "description": "as you may see it: decided projects read as accepted to "
            "experts until the results are published"
        },
    )
    direction = F.String(required=True)
    working_group_id = F.Integer(allow_none=True, required=True)
    working_group = F.String(allow_none=True, required=True)
    version = F.Integer(required=True, metadata={"description": "send it back to update"})


class ProjectSchema(ProjectSummarySchema):
    """A project with its whole passport (ids as the API writes them, names to read)."""

    problem = F.String(required=True)
    goal = F.String(required=True)
    expected_results = F.String(required=True)
    start_year = F.Integer(allow_none=True, required=True)
    end_year = F.Integer(allow_none=True, required=True)
    lead_organisation_id = F.Integer(allow_none=True, required=True)
    lead_organisation = F.String(allow_none=True, required=True)
    responsible_person = F.String(required=True)
    responsible_position = F.String(required=True)
    risks = F.String(required=True)
    national_project_ids = F.List(F.Integer(), required=True)
    strategy_priority_ids = F.List(F.Integer(), required=True)
    partners = F.List(F.Nested(PartnerOut), required=True)
    indicators = F.List(F.Nested(IndicatorOut), required=True)
    resources = F.List(F.Nested(ResourceOut), required=True)
    stages = F.List(F.Nested(StageOut), required=True)


class ProjectListQuery(Strict):
    """The list's filter."""

    state = F.String(validate=validate.OneOf(_values(ProjectState)))


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------


class ResultsQuery(Strict):
    """Which ranking: raw means or per-expert normalised (the session's own by default)."""

    method = F.String(validate=validate.OneOf(list(METHODS)))


class ProjectResultSchema(ma.Schema):
    """One project's figures (0–100 scale), from the one aggregation the pages use."""

    project_id = F.Integer(required=True)
    title = F.String(required=True)
    state = F.String(required=True)
    rank = F.Integer(allow_none=True, required=True)
    scorecards = F.Integer(required=True)
    mean = F.Float(allow_none=True, required=True)
    median = F.Float(allow_none=True, required=True)
    stdev = F.Float(allow_none=True, required=True)
    minimum = F.Float(allow_none=True, required=True)
    maximum = F.Float(allow_none=True, required=True)
    flags = F.List(F.String(), required=True)


class ResultsSchema(ma.Schema):
    """The review's ranking of a session."""

    method = F.String(required=True)
    method_title = F.String(required=True)
    published = F.Boolean(required=True)
    interim = F.Boolean(
        required=True, metadata={"description": "the facilitator's view before publication"}
    )
    projects = F.List(F.Nested(ProjectResultSchema), required=True)


# ----------------------------------------------------------------------------------------------
# The portfolio
# ----------------------------------------------------------------------------------------------


class MoneyOut(ma.Schema):
    """Money in millions of roubles (the one definition of every page): the need, the part
    secured and the gap (need less secured), each a decimal number in a string."""

    need = _amount_out()
    secured = _amount_out()
    gap = _amount_out()


class PortfolioSessionOut(ma.Schema):
    slug = F.String(required=True)
    title = F.String(required=True)
    place = F.String(required=True)


class PortfolioTotalsOut(MoneyOut):
    projects = F.Integer(required=True)
    unconverted = F.Integer(
        required=True, metadata={"description": "resource rows not in money units, not counted"}
    )


class MoneyCellOut(MoneyOut):
    funding_source_id = F.Integer(allow_none=True, required=True)
    funding_source = F.String(allow_none=True, required=True)
    year = F.Integer(allow_none=True, required=True)


class ScoreOut(ma.Schema):
    rank = F.Integer(required=True)
    ranked = F.Integer(required=True, metadata={"description": "ranked projects of its session"})
    percentile = F.Float(required=True, metadata={"description": "rank percentile, 0–100"})
    zscore = F.Float(required=True)


class PortfolioProjectOut(ma.Schema):
    id = F.Integer(required=True)
    title = F.String(required=True)
    session = F.String(required=True, metadata={"description": "the session's slug"})
    state = F.String(required=True, validate=validate.OneOf(_values(ProjectState)))
    direction = F.String(required=True)
    national_project_ids = F.List(F.Integer(), required=True)
    money = F.Nested(MoneyOut, required=True)
    score = F.Nested(
        ScoreOut,
        allow_none=True,
        required=True,
        metadata={"description": "within its own session, once it publishes its results"},
    )


class PortfolioSchema(ma.Schema):
    """The portfolio page's figures over the sessions you read as portfolio: projects accepted
    for review and later; scores as rank percentiles and z-scores within each session."""

    sessions = F.List(F.Nested(PortfolioSessionOut), required=True)
    totals = F.Nested(PortfolioTotalsOut, required=True)
    money = F.List(
        F.Nested(MoneyCellOut), required=True, metadata={"description": "by source × year"}
    )
    projects = F.List(F.Nested(PortfolioProjectOut), required=True)
