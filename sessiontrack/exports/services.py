"""Which exports exist, who may have which, and building any of them.

Views, background jobs and the command line all build through :func:`build`, so an export is
the same file wherever it is asked for. Who may have what (the views check it; the command
line is the instance's operator and may have everything):

- facilitators (and admins): everything, scores included at any time in the tables, the
  workbook and the JSON; the PDF and DOCX documents print scores only after publication;
- everyone in the session: the minutes;
- a project's working group, and experts and observers who may read the project: its passport;
- experts: their own blank scoring sheets;
- facilitators alone: the progress of the implementation (XLSX, PDF), as their dashboard;
- everyone in the session once the results are published: the forum package (tables, workbook,
  forum book) of the projects they may read. Before publication no export a non-facilitator
  can get holds an expert's score.
"""

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..core.errors import DomainError, NotAllowed
from ..extensions import db
from ..people.models import Participant, ParticipantRole
from ..projects.models import Project, ProjectState
from ..projects.permissions import can_read_project
from ..projects.portfolio import portfolio
from ..review.models import Scorecard
from ..review.permissions import expert_participant
from ..review.queries import session_criteria, session_experts
from ..sessions.access import group_ids_of, roles_in
from ..sessions.models import ReviewState, StrategicSession
from . import (
    csv_format,
    data,
    docx_format,
    pdf,
    results,
    review_tables,
    session_json,
    tables,
    xlsx,
)
from . import progress as progress_tables

Progress = Callable[[int, int], None] | None

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Kind:
    """A kind of document: its format, name, title and how it is served."""

    format: str
    name: str
    title: object
    mimetype: str
    # Built as a background job from the export page, with progress shown.
    long: bool = False
    per_project: bool = False

    @property
    def key(self) -> str:
        """``format:name``, the key of :data:`KINDS`."""
        return f"{self.format}:{self.name}"


KINDS = {
    kind.key: kind
    for kind in [
        Kind("xlsx", "workbook", _l("Workbook of every table"), XLSX_MIMETYPE, long=True),
        *[
            Kind("csv", name, title, "text/csv")  # Werkzeug adds the charset
            for name, title in tables.TABLE_TITLES.items()
        ],
        Kind("pdf", "book", _l("Forum book"), "application/pdf", long=True),
        Kind("pdf", "passport", _l("Project passport"), "application/pdf", per_project=True),
        Kind("pdf", "sheets", _l("Blank scoring sheets"), "application/pdf", long=True),
        Kind("pdf", "minutes", _l("Minutes"), "application/pdf"),
        Kind("docx", "passport", _l("Project passport"), DOCX_MIMETYPE, per_project=True),
        Kind("docx", "minutes", _l("Minutes"), DOCX_MIMETYPE),
        Kind("json", "session", _l("The whole session (JSON)"), "application/json", long=True),
        Kind("xlsx", "progress", _l("Progress of the implementation"), XLSX_MIMETYPE),
        Kind("pdf", "progress", _l("Progress of the implementation"), "application/pdf"),
    ]
}
FORMATS = ("json", "xlsx", "csv", "pdf", "docx")
PACKAGE = {"xlsx:workbook", "pdf:book", *(f"csv:{name}" for name in tables.TABLE_NAMES)}
SHEETS_BY = ("expert", "project")


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a kind and its options (JSON-serialisable, stored with a job)."""

    format: str
    name: str
    project_id: int | None = None
    delimiter: str = "comma"
    by: str = "expert"
    expert_id: int | None = None

    @property
    def kind(self) -> Kind:
        """The kind of export asked for.

        :raise ExportError: if there is no such kind.
        """
        try:
            return KINDS[f"{self.format}:{self.name}"]
        except KeyError:
            raise DomainError(
                _l("Unknown export «%(format)s %(name)s».", format=self.format, name=self.name)
            ) from None

    def options(self) -> dict:
        """The request as a dict (stored with its export job)."""
        return asdict(self)


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    content: bytes


@dataclass(frozen=True)
class ExportStream:
    """A file sent as it is made: ``chunks`` yields its bytes (see :func:`stream_table`)."""

    filename: str
    mimetype: str
    chunks: Iterator[bytes]


# ----------------------------------------------------------------------------------------------
# Who may have what
# ----------------------------------------------------------------------------------------------


def is_published(strategic_session: StrategicSession) -> bool:
    """Whether the session's review results are published."""
    return strategic_session.review_state == ReviewState.PUBLISHED


def scope_for(user, strategic_session: StrategicSession) -> data.ExportScope:
    """What an export for ``user`` may hold (``None``: the operator, everything)."""
    if user is None or ParticipantRole.FACILITATOR in roles_in(user, strategic_session):
        return data.whole_session(strategic_session)
    return data.ExportScope(strategic_session, viewer=user, scores=is_published(strategic_session))


def can_export(user, strategic_session: StrategicSession, request: ExportRequest) -> bool:
    """May ``user`` have this export of the session? (Objects it names are checked by the
    caller: the project belongs to the session, the expert too.)"""
    roles = roles_in(user, strategic_session)
    if ParticipantRole.FACILITATOR in roles:
        return True
    if not roles:
        return False
    kind = request.kind
    if kind.key in PACKAGE:
        return is_published(strategic_session)
    if kind.name == "minutes":
        return True
    if kind.name == "passport":
        project = db.session.get(Project, request.project_id) if request.project_id else None
        return project is not None and can_export_passport(user, project, strategic_session)
    if kind.name == "sheets":
        own = expert_participant(user, strategic_session)
        return own is not None and request.by == "expert" and request.expert_id in (None, own.id)
    return False


def can_export_passport(user, project: Project, strategic_session: StrategicSession) -> bool:
    """Facilitators, the project's working group, and experts and observers who may read it."""
    roles = roles_in(user, strategic_session)
    if ParticipantRole.FACILITATOR in roles:
        return True
    if project.working_group_id in group_ids_of(user, strategic_session):
        return True
    return bool(roles & {ParticipantRole.EXPERT, ParticipantRole.OBSERVER}) and can_read_project(
        user, project, strategic_session
    )


def available_kinds(user, strategic_session: StrategicSession) -> list[Kind]:
    """The session-wide exports (not per project) the user may have, for the export page."""
    return [
        kind
        for kind in KINDS.values()
        if not kind.per_project
        and can_export(user, strategic_session, ExportRequest(kind.format, kind.name))
    ]


def passport_projects(user, strategic_session: StrategicSession) -> list[Project]:
    """The projects whose passport the user may export, by direction and title."""
    scope = scope_for(user, strategic_session)
    return [
        project
        for project in data.load_project_list(scope)
        if can_export_passport(user, project, strategic_session)
    ]


# ----------------------------------------------------------------------------------------------
# Building
# ----------------------------------------------------------------------------------------------


def build(
    strategic_session: StrategicSession,
    request: ExportRequest,
    user=None,
    progress: Progress = None,
) -> ExportFile:
    """Build the export ``request`` asks for, as ``user`` may see it (``None``: everything).

    :raise DomainError: for an unknown kind, a missing or foreign project or expert.
    """
    kind = request.kind
    scope = scope_for(user, strategic_session)
    slug = strategic_session.slug
    if kind.name == "progress":
        content = _progress(strategic_session, kind.format)
        filename = f"{slug}-progress.{kind.format}"
    elif kind.format == "json":
        document = session_json.export_session(strategic_session)
        content = session_json.dumps(document)
        filename = f"{slug}.json"
    elif kind.format == "xlsx":
        content = xlsx.workbook_bytes(tables.SessionTables(scope), progress)
        filename = f"{slug}.xlsx"
    elif kind.format == "csv":
        delimiter = csv_format.DELIMITERS.get(request.delimiter)
        if delimiter is None:
            raise DomainError(_l("Choose a comma or a semicolon as the separator."))
        try:
            table = tables.SessionTables(scope).build(kind.name)
        except PermissionError:
            raise DomainError(_l("Scores are not published yet.")) from None
        content = csv_format.table_bytes(table, delimiter=delimiter)
        filename = f"{slug}-{kind.name}.csv"
    elif kind.name == "passport":
        project = _project(strategic_session, request.project_id, scope)
        scores = _published_scores(scope, [project]).get(project.id)
        state = scope.state_of(project)
        if kind.format == "pdf":
            content = pdf.passport_pdf(project, scores, state)
        else:
            content = docx_format.passport_docx(project, scores, state)
        filename = f"{slug}-project-{project.id}-passport.{kind.format}"
    elif kind.name == "minutes":
        items, decisions = data.load_agenda(strategic_session)
        if kind.format == "pdf":
            content = pdf.minutes_pdf(strategic_session, items, decisions)
        else:
            content = docx_format.minutes_docx(strategic_session, items, decisions)
        filename = f"{slug}-minutes.{kind.format}"
    elif kind.name == "book":
        content = _forum_book(scope, progress)
        filename = f"{slug}-forum-book.pdf"
    else:
        content = _scoring_sheets(scope, request, progress)
        filename = f"{slug}-scoring-sheets.pdf"
    return ExportFile(filename, kind.mimetype, content)


def stream_table(
    strategic_session: StrategicSession, request: ExportRequest, user=None
) -> ExportStream:
    """A CSV table as :func:`build` makes it, but in chunks made as they are read: the raw
    scores (tens of thousands of rows at a big forum) are read from the database a batch at a
    time and never held whole. Joined, the chunks are :func:`build`'s content.

    Everything that may refuse is checked here, before the first chunk; the caller still
    checks :func:`can_export`.

    :raise DomainError: for an unknown table or separator, or scores the user may not see.
    :raise ValueError: for a request that is not a CSV table.
    """
    kind = request.kind
    delimiter = csv_format.DELIMITERS.get(request.delimiter)
    if kind.format != "csv":
        raise ValueError(f"only CSV tables are streamed, not {kind.key}")
    if delimiter is None:
        raise DomainError(_l("Choose a comma or a semicolon as the separator."))
    session_tables = tables.SessionTables(scope_for(user, strategic_session))
    if kind.name not in tables.available_tables(session_tables.scope):
        raise DomainError(_l("Scores are not published yet."))
    if kind.name == "scores":
        columns = review_tables.score_columns(session_tables)
        rows = review_tables.score_rows(session_tables)
    else:
        table = session_tables.build(kind.name)
        columns, rows = table.columns, table.rows
    chunks = csv_format.table_chunks(columns, rows, delimiter=delimiter)
    return ExportStream(f"{strategic_session.slug}-{kind.name}.csv", kind.mimetype, chunks)


def _progress(strategic_session: StrategicSession, export_format: str) -> bytes:
    """The portfolio's progress as the implementation dashboard shows it today."""
    today = date.today()
    rows = portfolio(strategic_session, today)
    if export_format == "pdf":
        return pdf.progress_pdf(strategic_session, rows, today)
    return xlsx.tables_bytes(
        progress_tables.progress_tables(rows), about=progress_tables.about(strategic_session, today)
    )


def _project(strategic_session, project_id, scope) -> Project:
    projects = data.load_projects(scope, project_ids=[project_id or 0])
    if not projects or projects[0].session_id != strategic_session.id:
        raise DomainError(_l("There is no such project in this session."))
    return projects[0]


def _published_scores(scope: data.ExportScope, projects) -> dict:
    """Project id → scores to print in documents: only after publication, only in scope."""
    if not (scope.scores and scope.published) or not projects:
        return {}
    computed = results.for_session(scope.strategic_session, {p.id for p in projects})
    return results.project_scores(
        computed,
        session_criteria(scope.strategic_session),
        data.load_submitted_scorecards(scope, with_scores=False),
    )


def _forum_book(scope: data.ExportScope, progress: Progress) -> bytes:
    """The recommended projects by direction (by rank once published), then the ranking."""
    s = scope.strategic_session
    recommended = data.load_projects(scope, states=[ProjectState.RECOMMENDED])
    scores = _published_scores(scope, recommended)
    ranking = None
    if scope.scores and scope.published:
        visible = {project.id for project in data.load_project_list(scope)}
        ranking = results.for_session(s, visible)

    def order(project):
        row = scores.get(project.id)
        rank = row.result.direction_rank if row and row.result.direction_rank else 10**9
        return (rank, project.title)

    sections = []
    for direction in data.load_directions(s):
        projects = sorted((p for p in recommended if p.direction_id == direction.id), key=order)
        if projects:
            sections.append((direction.title, projects))
    return pdf.forum_book_pdf(s, sections, scores, ranking, progress)


def _scoring_sheets(scope: data.ExportScope, request: ExportRequest, progress) -> bytes:
    """Sheets per expert (their assigned projects) or per reviewed project (no name).

    Anyone but a facilitator gets only their own sheets, whatever the request says.
    """
    s = scope.strategic_session
    criteria = session_criteria(s)
    if request.by not in SHEETS_BY:
        raise DomainError(_l("Choose sheets per expert or per project."))
    if scope.viewer is not None:
        own = expert_participant(scope.viewer, s)
        if own is None or request.by != "expert":
            raise NotAllowed(_l("Only facilitators print the sheets of other experts."))
        request = replace(request, expert_id=own.id)
    if request.by == "project":
        projects = data.load_projects(scope, states=data.REVIEWED_STATES)
        return pdf.scoring_sheets_pdf(s, criteria, [("", projects)], progress)
    experts = session_experts(s)
    if request.expert_id is not None:
        experts = [expert for expert in experts if expert.id == request.expert_id]
        if not experts:
            raise DomainError(_l("There is no such expert in this session."))
    projects = {p.id: p for p in data.load_projects(scope, states=data.REVIEWED_STATES)}
    assigned: dict[int, list[Project]] = {}
    for card in data.load_assignments(s):
        if card.project_id in projects:
            assigned.setdefault(card.expert_id, []).append(projects[card.project_id])
    sheets = [
        (expert.full_name, sorted(assigned[expert.id], key=lambda p: (p.direction_id, p.title)))
        for expert in experts
        if expert.id in assigned
    ]
    return pdf.scoring_sheets_pdf(s, criteria, sheets, progress)


def assigned_experts(strategic_session: StrategicSession) -> list[Participant]:
    """Experts with at least one assignment, for the export page's choice of sheets."""
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(
                Participant.session_id == strategic_session.id,
                Participant.id.in_(sa.select(Scorecard.expert_id)),
            )
            .order_by(Participant.full_name, Participant.id)
        )
    )
