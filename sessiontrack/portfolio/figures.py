"""The portfolio's figures: the projects of the reader's sessions with their money and their
comparable scores, and the breakdowns of the page and its files.

A fixed number of queries whatever the number of sessions and projects: the sessions, the
projects, their national projects, their money (grouped by the database), the funding sources,
and the sessions' rankings in bulk, kept until the data changes
(:func:`...review.aggregation.bulk.rankings_for`).

Comparable scores. Each session's panel scores on its own, so raw means are never compared
across sessions; a project's score is shown as

- its **rank percentile** within its session: ``100 · (N − rank) / (N − 1)`` over the session's
  ``N`` ranked projects (100 for the first, 0 for the last; 100 when it is the only one), ties
  sharing the rank (1, 2, 2, 4) and so the percentile;
- its **z-score** within its session: ``(m − M) / SD``, its mean ``m`` against the mean ``M``
  and the population deviation ``SD`` of the means of the session's ranked projects (0 when
  ``SD`` is 0).

Both come from the session's own results, ranked by its own method, and only once the session
publishes its review results (an administrator, who acts as a facilitator everywhere, sees the
interim ones): a reader from outside never sees a ranking the session has not made public.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

import sqlalchemy as sa

from ..extensions import db
from ..projects import permissions
from ..projects.models import Project, ProjectState, ResourceKind, ResourceNeed
from ..projects.models import project_national_project as national_link
from ..projects.summaries import MONEY, UNCONVERTED, Money, Totals, exact, funding_sources_of
from ..reference.models import NationalProject
from ..review.aggregation.bulk import rankings_for
from ..review.aggregation.formulas import population_stdev
from ..sessions.models import Direction, StrategicSession
from .readers import portfolio_sessions

# The projects a portfolio shows: those its reader may open (see projects.permissions).
PORTFOLIO_STATES = permissions.REVIEWABLE


@dataclass
class Score:
    """A project's comparable score within its own session (see the module docstring)."""

    rank: int
    ranked: int
    percentile: float
    zscore: float


@dataclass
class PortfolioProject:
    """One project of the portfolio, with its session, money and comparable score."""

    id: int
    session: StrategicSession
    title: str
    state: ProjectState
    direction: str
    national_project_ids: list[int] = field(default_factory=list)
    money: Money = field(default_factory=Money)
    score: Score | None = None


@dataclass
class Portfolio:
    """The portfolio of a reader: every project and the national projects and funding
    sources they name; :meth:`breakdown` sums a chosen list of them."""

    sessions: list[StrategicSession]
    projects: list[PortfolioProject]
    national_projects: dict[int, NationalProject]
    money_rows: list[tuple]
    sources: dict


@dataclass
class Breakdown:
    """The sums of some projects: by session × national project, by funding source × year,
    by state and by direction."""

    count: int
    money: Totals
    sources: list
    by_session: dict[int, Counter]
    national_projects: list
    by_state: Counter
    by_direction: Counter
    session_states: Counter
    unconverted: int


def session_scores(results) -> dict[int, Score]:
    """Project id → :class:`Score` from one session's ranked results (a list of
    :class:`...review.aggregation.ProjectResult`)."""
    ranked = [r for r in results if r.rank is not None]
    if not ranked:
        return {}
    means = [r.mean for r in ranked]
    mean = math.fsum(means) / len(means)
    spread = population_stdev(means, mean)
    count = len(ranked)
    return {
        r.project_id: Score(
            rank=r.rank,
            ranked=count,
            percentile=100.0 if count == 1 else 100.0 * (count - r.rank) / (count - 1),
            zscore=(r.mean - mean) / spread if spread > 0 else 0.0,
        )
        for r in ranked
    }


def load_portfolio(user) -> Portfolio:
    """The portfolio of ``user`` over the sessions they read as portfolio."""
    sessions = portfolio_sessions(user)
    by_id = {s.id: s for s in sessions}
    rows = db.session.execute(
        sa.select(
            Project.id,
            Project.session_id,
            Project.title,
            Project.state,
            Direction.title,
        )
        .join(Direction, Direction.id == Project.direction_id)
        .where(Project.session_id.in_(by_id), Project.state.in_(PORTFOLIO_STATES))
        .order_by(Project.session_id, Project.id)
    ).all()
    projects = {
        pid: PortfolioProject(pid, by_id[sid], title, state, direction)
        for pid, sid, title, state, direction in rows
    }
    national_projects = _national_projects(projects)
    money_rows = _money_rows(by_id)
    for (project_id, status), amount in _sums(money_rows, (0, 3), projects.keys()).items():
        projects[project_id].money.add(status, amount)
    scored = [s for s in sessions if user.is_admin or permissions.forum_decisions_public(s)]
    for results in rankings_for(scored).values():
        for project_id, score in session_scores(results).items():
            if project_id in projects:
                projects[project_id].score = score
    sources = {s.id if s else None: s for s in funding_sources_of({r[1] for r in money_rows})}
    return Portfolio(sessions, list(projects.values()), national_projects, money_rows, sources)


def _national_projects(projects: dict[int, PortfolioProject]) -> dict[int, NationalProject]:
    """Fill each project's national projects; the national projects named, by id (two
    queries: the links, then the few national projects they name)."""
    if not projects:
        return {}
    links = db.session.execute(
        sa.select(national_link.c.project_id, national_link.c.national_project_id)
        .join(Project, Project.id == national_link.c.project_id)
        .where(
            Project.session_id.in_({p.session.id for p in projects.values()}),
            Project.state.in_(PORTFOLIO_STATES),
        )
    ).all()
    for project_id, national_id in links:
        projects[project_id].national_project_ids.append(national_id)
    named = {national_id for _project, national_id in links}
    return {
        n.id: n
        for n in db.session.scalars(sa.select(NationalProject).where(NationalProject.id.in_(named)))
    }


def _money_rows(session_ids) -> list[tuple]:
    """(project, source, year, status, amount in millions, rows not in money units) of the
    portfolio's projects' financial resources, summed by the database."""
    if not session_ids:
        return []
    return db.session.execute(
        sa.select(
            ResourceNeed.project_id,
            ResourceNeed.funding_source_id,
            ResourceNeed.year,
            ResourceNeed.status,
            sa.func.sum(MONEY),
            UNCONVERTED,
        )
        .join(Project, Project.id == ResourceNeed.project_id)
        .where(
            Project.session_id.in_(session_ids),
            Project.state.in_(PORTFOLIO_STATES),
            ResourceNeed.kind == ResourceKind.FINANCIAL,
        )
        .group_by(
            ResourceNeed.project_id,
            ResourceNeed.funding_source_id,
            ResourceNeed.year,
            ResourceNeed.status,
        )
    ).all()


def _sums(money_rows: list[tuple], key: tuple[int, ...], chosen: set[int]) -> dict:
    """The amounts of the ``chosen`` projects' money rows summed by the row columns ``key``
    (exact: the rows' sums are added before any :class:`Money` sees them)."""
    sums: dict = defaultdict(Decimal)
    key_of = itemgetter(*key)
    for row in money_rows:
        if row[0] in chosen and row[4] is not None:
            sums[key_of(row)] += exact(row[4])
    return sums


def breakdown(portfolio: Portfolio, projects: list[PortfolioProject]) -> Breakdown:
    """The sums of ``projects`` (some of the portfolio's, e.g. those a filter keeps)."""
    chosen = {p.id for p in projects}
    money = Totals()
    for (source_id, year, status), amount in _sums(portfolio.money_rows, (1, 2, 3), chosen).items():
        money.add(source_id, year, status, amount)
    unconverted = sum(row[5] or 0 for row in portfolio.money_rows if row[0] in chosen)
    by_session: dict[int, Counter] = defaultdict(Counter)
    for p in projects:
        by_session[p.session.id].update(p.national_project_ids or [None])
    named = sorted(
        {n for p in projects for n in p.national_project_ids},
        key=lambda n: portfolio.national_projects[n].position,
    )
    national_projects = [portfolio.national_projects[n] for n in named]
    if any(not p.national_project_ids for p in projects):
        national_projects.append(None)
    return Breakdown(
        count=len(projects),
        money=money,
        sources=[portfolio.sources[s] for s in portfolio.sources if s in money.by_source],
        by_session=dict(by_session),
        national_projects=national_projects,
        by_state=Counter(p.state for p in projects),
        by_direction=Counter(p.direction for p in projects),
        session_states=Counter((p.session.id, p.state) for p in projects),
        unconverted=unconverted,
    )
