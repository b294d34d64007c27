"""What the review's pages, services and the exports read: the session's experts, criteria and
conflicts, progress, the assignment matrix, an expert's work list.

Each function runs a fixed number of queries whatever the number of experts and projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_sqlalchemy.pagination import SelectPagination

from ..extensions import db
from ..people.models import Participant, ParticipantRole
from ..projects.models import Project
from ..projects.permissions import REVIEWABLE
from ..sessions.models import Direction, StrategicSession
from .models import (
    Conflict,
    Criterion,
    InvestorInterest,
    ParticipationForm,
    Score,
    Scorecard,
    ScorecardState,
)


def session_experts(strategic_session: StrategicSession) -> list[Participant]:
    """The session's experts and investors, by name, with their organisations."""
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(
                Participant.session_id == strategic_session.id,
                Participant.role == ParticipantRole.EXPERT,
            )
            .options(sa.orm.joinedload(Participant.organisation))
            .order_by(Participant.full_name, Participant.id)
        )
    )


def session_criteria(strategic_session: StrategicSession) -> list[Criterion]:
    """The session's criteria in their order."""
    return list(
        db.session.scalars(
            sa.select(Criterion)
            .where(Criterion.session_id == strategic_session.id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


def conflict_pairs(strategic_session: StrategicSession) -> dict[tuple[int, int], Conflict]:
    """The recorded conflicts of interest by (expert id, project id), oldest first."""
    rows = db.session.scalars(
        sa.select(Conflict)
        .join(Project, Project.id == Conflict.project_id)
        .where(Project.session_id == strategic_session.id)
        .options(sa.orm.contains_eager(Conflict.project), sa.orm.joinedload(Conflict.expert))
        .order_by(Conflict.created_at, Conflict.id)
    )
    return {(c.expert_id, c.project_id): c for c in rows}


def _counted_criteria_ids(strategic_session: StrategicSession) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Criterion.id).where(
                Criterion.session_id == strategic_session.id, Criterion.counted
            )
        )
    )


def _reviewed_projects(strategic_session: StrategicSession) -> list[Project]:
    return list(
        db.session.scalars(
            sa.select(Project)
            .join(Direction, Direction.id == Project.direction_id)
            .where(Project.session_id == strategic_session.id, Project.state.in_(REVIEWABLE))
            .options(sa.orm.contains_eager(Project.direction))
            .order_by(Direction.position, Project.title, Project.id)
        )
    )


@dataclass
class ExpertLoad:
    assigned: int = 0
    submitted: int = 0


def expert_loads(strategic_session: StrategicSession) -> dict[int, ExpertLoad]:
    """Expert id → how many projects they are assigned and how many scorecards they submitted."""
    submitted = sa.func.count(sa.case((Scorecard.state == ScorecardState.SUBMITTED, Scorecard.id)))
    rows = db.session.execute(
        sa.select(Scorecard.expert_id, sa.func.count(Scorecard.id), submitted)
        .join(Project, Project.id == Scorecard.project_id)
        .where(Project.session_id == strategic_session.id)
        .group_by(Scorecard.expert_id)
    )
    return {expert_id: ExpertLoad(n, done) for expert_id, n, done in rows}


@dataclass
class MatrixRow:
    """One project of the matrix: a cell per expert, as (kind, scorecard id, criteria scored).

    ``kind``: ``""`` (not assigned), ``"new"``, ``"draft"``, ``"done"``, or ``"conflict"``
    (then the conflict's title and reason are in ``conflicts``).
    """

    project: Project
    cells: list
    assigned: int


@dataclass
class AssignmentMatrix:
    experts: list
    page: object  # the page of projects (Flask-SQLAlchemy pagination)
    rows: list
    conflicts: dict  # (expert id, project id) → Conflict
    loads: dict
    n_counted: int


def assignment_matrix(strategic_session: StrategicSession, page: int = 1) -> AssignmentMatrix:
    """Experts × one page of the reviewed projects: assignments with progress, conflicts, loads.

    A fixed number of queries whatever the numbers of experts and projects.
    """
    counted = _counted_criteria_ids(strategic_session)
    experts = session_experts(strategic_session)
    projects = db.paginate(
        sa.select(Project)
        .join(Direction, Direction.id == Project.direction_id)
        .where(Project.session_id == strategic_session.id, Project.state.in_(REVIEWABLE))
        .options(sa.orm.contains_eager(Project.direction))
        .order_by(Direction.position, Project.title, Project.id),
        page=page,
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    ids = [p.id for p in projects.items]
    scored = sa.func.count(sa.case((Score.criterion_id.in_(counted), Score.id)))
    cards = {}
    if ids:
        rows = db.session.execute(
            sa.select(
                Scorecard.id, Scorecard.expert_id, Scorecard.project_id, Scorecard.state, scored
            )
            .outerjoin(Score, Score.scorecard_id == Scorecard.id)
            .where(Scorecard.project_id.in_(ids))
            .group_by(Scorecard.id, Scorecard.expert_id, Scorecard.project_id, Scorecard.state)
        )
        cards = {(e, p): (sid, state, n) for sid, e, p, state, n in rows}
    conflicts = conflict_pairs(strategic_session)
    matrix_rows = []
    for project in projects.items:
        cells = []
        for expert in experts:
            key = (expert.id, project.id)
            card = cards.get(key)
            if card is None:
                cells.append(("conflict" if key in conflicts else "", None, 0))
                continue
            sid, state, n = card
            kind = "done" if state == ScorecardState.SUBMITTED else "draft" if n else "new"
            cells.append(("conflict" if key in conflicts else kind, sid, n))
        matrix_rows.append(MatrixRow(project, cells, sum(1 for c in cells if c[1])))
    return AssignmentMatrix(
        experts=experts,
        page=projects,
        rows=matrix_rows,
        conflicts=conflicts,
        loads=expert_loads(strategic_session),
        n_counted=len(counted),
    )


@dataclass
class WorkItem:
    """One project on an expert's list."""

    scorecard: Scorecard
    scored: int
    n_counted: int

    @property
    def started(self) -> bool:
        """Whether the expert has scored anything or written a comment."""
        return self.scored > 0 or bool(self.scorecard.comment)

    @property
    def complete(self) -> bool:
        """Whether every counted criterion is scored."""
        return self.scored >= self.n_counted


def _expert_scorecards(strategic_session: StrategicSession, expert: Participant):
    """The query of the expert's own scorecards of reviewable projects, joined to their
    project and direction, leaving out those the expert has a conflict with."""
    conflicted = sa.select(Conflict.project_id).where(Conflict.expert_id == expert.id)
    return (
        sa.select(Scorecard)
        .join(Project, Project.id == Scorecard.project_id)
        .join(Direction, Direction.id == Project.direction_id)
        .where(
            Scorecard.expert_id == expert.id,
            Project.session_id == strategic_session.id,
            Project.state.in_(REVIEWABLE),
            Scorecard.project_id.not_in(conflicted),
        )
    )


# The order of an expert's list: by direction, then title.
_WORK_ORDER = (Direction.position, Project.title, Project.id)


def _with_projects(query):
    return query.options(
        sa.orm.contains_eager(Scorecard.project).contains_eager(Project.direction),
        # Only how many are scored matters here: counted by the database, not loaded.
        sa.orm.lazyload(Scorecard.scores),
    ).order_by(*_WORK_ORDER)


def _scored_counts(expert: Participant, counted: set[int], scorecard_ids=None) -> dict[int, int]:
    """How many counted criteria each of the expert's scorecards (or only ``scorecard_ids``)
    has scored, by scorecard id (absent: none)."""
    query = (
        sa.select(Score.scorecard_id, sa.func.count())
        .join(Scorecard, Scorecard.id == Score.scorecard_id)
        .where(Scorecard.expert_id == expert.id, Score.criterion_id.in_(counted))
        .group_by(Score.scorecard_id)
    )
    if scorecard_ids is not None:
        query = query.where(Score.scorecard_id.in_(scorecard_ids))
    return dict(db.session.execute(query).all())


def expert_work(strategic_session: StrategicSession, expert: Participant) -> list[WorkItem]:
    """The expert's own scorecards (never anyone else's), with progress, by direction/title.

    Scorecards of projects the expert has a conflict with are left out.
    """
    counted = _counted_criteria_ids(strategic_session)
    scorecards = db.session.scalars(
        _with_projects(_expert_scorecards(strategic_session, expert))
    ).all()
    scored = _scored_counts(expert, counted)
    return [WorkItem(sc, scored.get(sc.id, 0), len(counted)) for sc in scorecards]


class _KnownTotalPage(SelectPagination):
    """A page of a query whose total, when already known (``known_total``), is not counted
    again."""

    def _query_count(self) -> int:
        known = self._query_args.get("known_total")
        return known if known is not None else super()._query_count()


# The filters of an expert's list by where each scorecard stands.
WORK_TO_SCORE = "to_score"
WORK_NOT_STARTED = "not_started"
WORK_STARTED = "started"
WORK_SUBMITTED = "submitted"


def _started(counted: set[int]):
    """Whether a scorecard is started: a counted criterion scored, or a comment written (as
    :attr:`WorkItem.started` says)."""
    return sa.or_(
        sa.exists().where(Score.scorecard_id == Scorecard.id, Score.criterion_id.in_(counted)),
        sa.func.coalesce(Scorecard.comment, "") != "",
    )


def expert_work_page(
    strategic_session: StrategicSession,
    expert: Participant,
    *,
    status: str | None = None,
    words: str | None = None,
    direction_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
    total: int | None = None,
):
    """One page of the expert's list (:func:`expert_work`), narrowed by where the scorecard
    stands (``status``: one of the ``WORK_*`` filters), words of the project's title and the
    direction. Its ``items`` are :class:`WorkItem`; four queries whatever the list's length,
    three when the caller knows the list's ``total`` (unfiltered: :func:`expert_progress`)."""
    counted = _counted_criteria_ids(strategic_session)
    query = _expert_scorecards(strategic_session, expert)
    if status in (WORK_TO_SCORE, WORK_NOT_STARTED, WORK_STARTED):
        query = query.where(Scorecard.state == ScorecardState.DRAFT)
    if status == WORK_NOT_STARTED:
        query = query.where(sa.not_(_started(counted)))
    elif status == WORK_STARTED:
        query = query.where(_started(counted))
    elif status == WORK_SUBMITTED:
        query = query.where(Scorecard.state == ScorecardState.SUBMITTED)
    if words:
        needle = words.lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Project.title).contains(needle, autoescape=True),
                sa.func.lower(Project.short_title).contains(needle, autoescape=True),
            )
        )
    if direction_id is not None:
        query = query.where(Project.direction_id == direction_id)
    result = _KnownTotalPage(
        select=_with_projects(query),
        session=db.session(),
        page=page,
        per_page=per_page,
        max_per_page=None,
        error_out=False,
        known_total=total,
    )
    scored = _scored_counts(expert, counted, [sc.id for sc in result.items])
    result.items = [WorkItem(sc, scored.get(sc.id, 0), len(counted)) for sc in result.items]
    return result


@dataclass
class WorkProgress:
    """How far the expert is over all their projects: scorecards submitted of all, and the
    first draft in the list's order (``None`` when none is left)."""

    submitted: int
    total: int
    next_draft_id: int | None


def expert_progress(strategic_session: StrategicSession, expert: Participant) -> WorkProgress:
    """The expert's :class:`WorkProgress` over their whole list, in two queries."""
    cards = _expert_scorecards(strategic_session, expert)
    submitted = sa.func.coalesce(
        sa.func.sum(sa.case((Scorecard.state == ScorecardState.SUBMITTED, 1), else_=0)), 0
    )
    done, total = db.session.execute(
        cards.with_only_columns(submitted, sa.func.count(Scorecard.id))
    ).one()
    next_draft_id = db.session.scalar(
        cards.with_only_columns(Scorecard.id)
        .where(Scorecard.state == ScorecardState.DRAFT)
        .order_by(*_WORK_ORDER)
        .limit(1)
    )
    return WorkProgress(int(done), total, next_draft_id)


@dataclass(frozen=True)
class Place:
    """Where one scorecard stands in its expert's list: its position (from 1), the list's
    length and the next draft after it (wrapping round), or ``None``."""

    position: int | None
    total: int
    next_draft_id: int | None


def place_in_work(strategic_session: StrategicSession, expert: Participant, scorecard_id: int):
    """The :class:`Place` of one scorecard in the expert's list (:func:`expert_work`'s order),
    from one query of two columns: a scorecard page at two thousand projects reads ids, not
    the whole list."""
    rows = db.session.execute(
        _expert_scorecards(strategic_session, expert)
        .with_only_columns(Scorecard.id, Scorecard.state)
        .order_by(*_WORK_ORDER)
    ).all()
    ids = [card_id for card_id, _state in rows]
    if scorecard_id not in ids:
        return Place(None, len(ids), None)
    at = ids.index(scorecard_id)
    later = rows[at + 1 :] + rows[:at]
    following = next((cid for cid, state in later if state == ScorecardState.DRAFT), None)
    return Place(at + 1, len(ids), following)


def expert_conflicts(expert: Participant) -> list[Conflict]:
    """The expert's conflicts of interest, oldest first, with their projects."""
    return list(
        db.session.scalars(
            sa.select(Conflict)
            .where(Conflict.expert_id == expert.id)
            .options(sa.orm.joinedload(Conflict.project))
            .order_by(Conflict.created_at)
        )
    )


def reviewed_projects_for_choice(strategic_session: StrategicSession) -> list[Project]:
    """The projects under review or decided, for a list to choose one from."""
    return _reviewed_projects(strategic_session)


def reviewed_project_titles(strategic_session: StrategicSession) -> list[tuple[int, str]]:
    """The ids and shown titles of the projects under review or decided, in the order of
    :func:`reviewed_projects_for_choice`: a select's options, without loading the projects."""
    shown = sa.func.coalesce(sa.func.nullif(Project.short_title, ""), Project.title)
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(Project.id, shown)
            .join(Direction, Direction.id == Project.direction_id)
            .where(Project.session_id == strategic_session.id, Project.state.in_(REVIEWABLE))
            .order_by(Direction.position, Project.title, Project.id)
        )
    ]


def interests(
    strategic_session: StrategicSession, *, expert: Participant | None = None, project=None
) -> list[InvestorInterest]:
    """Investors' interest in the session's projects (of one investor, or in one project)."""
    query = (
        sa.select(InvestorInterest)
        .join(Project, Project.id == InvestorInterest.project_id)
        .where(Project.session_id == strategic_session.id)
        .options(
            sa.orm.contains_eager(InvestorInterest.project),
            sa.orm.joinedload(InvestorInterest.expert),
            sa.orm.joinedload(InvestorInterest.stage),
        )
        .order_by(Project.title, InvestorInterest.created_at)
    )
    if expert is not None:
        query = query.where(InvestorInterest.expert_id == expert.id)
    if project is not None:
        query = query.where(InvestorInterest.project_id == project.id)
    return list(db.session.scalars(query))


def submitted_scorecards(project: Project) -> list[Scorecard]:
    """A project's submitted scorecards with their experts and scores."""
    return list(
        db.session.scalars(
            sa.select(Scorecard)
            .where(Scorecard.project_id == project.id, Scorecard.state == ScorecardState.SUBMITTED)
            .options(sa.orm.joinedload(Scorecard.expert), sa.orm.selectinload(Scorecard.scores))
            .order_by(Scorecard.submitted_at, Scorecard.id)
        )
    )


def scorecards_of_expert(strategic_session: StrategicSession, expert: Participant) -> list:
    """The expert's assignments (for the paper sheets): scorecards with projects and scores."""
    return [item.scorecard for item in expert_work(strategic_session, expert)]


@dataclass
class ProjectInterest:
    """The investors' report line of one project: who is interested, in which forms, and the
    totals of their amount ranges (million roubles; an open lower end counts as nothing, an
    open upper end leaves the upper total open: ``None``)."""

    project: Project
    interests: list
    amount_from: Decimal
    amount_to: Decimal | None
    forms: list


@dataclass
class InvestorLine:
    """The investors' report line of one investor: their interests, project by project."""

    investor: Participant
    interests: list
    amount_from: Decimal
    amount_to: Decimal | None


def _total(values) -> Decimal:
    """The sum of the amounts given (``None`` counts as nothing)."""
    return sum((value for value in values if value is not None), Decimal(0))


def _upper_total(values) -> Decimal | None:
    """The sum of the upper ends given; ``None`` (no upper bound) when any end is open, so
    that the total never reads as less than the lower total."""
    values = list(values)
    return None if any(value is None for value in values) else _total(values)


def investors_report(strategic_session: StrategicSession) -> tuple[list, list]:
    """The facilitator's investors' report: (per project, per investor), one definition for
    the page and its spreadsheet."""
    rows = interests(strategic_session)
    by_project: dict = {}
    by_investor: dict = {}
    for row in rows:
        by_project.setdefault(row.project, []).append(row)
        by_investor.setdefault(row.expert, []).append(row)
    projects = [
        ProjectInterest(
            project=project,
            interests=items,
            amount_from=_total(i.amount_from for i in items),
            amount_to=_upper_total(i.amount_to for i in items),
            forms=sorted({i.form for i in items}, key=list(ParticipationForm).index),
        )
        for project, items in by_project.items()
    ]
    investors = [
        InvestorLine(
            investor=investor,
            interests=items,
            amount_from=_total(i.amount_from for i in items),
            amount_to=_upper_total(i.amount_to for i in items),
        )
        for investor, items in sorted(by_investor.items(), key=lambda pair: pair[0].full_name)
    ]
    return projects, investors
