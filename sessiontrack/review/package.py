"""A package that fits the money: the recommended projects that maximise the total score
within the forum's funds per funding source and year and its pitch slots per direction.

A project's score is its mean in the session's results (:func:`.aggregation.results_for`, the
method the session ranks by); its demand on a fund is its gap (need less secured,
:class:`...projects.summaries.Money`) from that source in that year. Only (source, year) pairs
with funds entered limit the package; a direction without slots has no limit. The choice is an
integer programme solved by HiGHS (:func:`scipy.optimize.milp`); ties go to the better-ranked
project, then to the lower id, so the same data always gives the same package.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from ..audit import services as audit
from ..extensions import db
from ..projects.models import Project, ProjectState, ResourceKind, ResourceNeed
from ..projects.summaries import MONEY, Money
from ..sessions.models import StrategicSession
from . import aggregation
from .models import ForumFund, PitchSlots

MAX_PROJECTS = 2000
TIME_LIMIT = 10  # seconds the solver may take
# Optimal exactly (ties included), or the best found when the time limit stops the solver.
MIP_GAP = 0
MAX_AMOUNT = Decimal("9999999999999999.99")  # NUMERIC(18, 2)
MAX_SLOTS = 10000
# Amounts are millions of roubles: the solver works in roubles, where its tolerance is nothing.
_SCALE = 1_000_000

OPTIMAL = "optimal"
TIME_LIMITED = "time_limit"
NO_LIMITS = "no_limits"
NO_PROJECTS = "no_projects"

NO_MONEY = "money"
NO_SLOT = "slot"
NO_SCORE = "score"


@dataclass(frozen=True)
class Candidate:
    """A recommended project as the package sees it: its score and its gaps."""

    project_id: int
    title: str
    direction_id: int
    direction_title: str
    score: float | None
    rank: int | None
    gaps: dict = field(default_factory=dict)  # {(funding source id, year): Decimal}


@dataclass
class LeftOut:
    """A project not in the package and why: the funds or the slot it would overrun."""

    candidate: Candidate
    reason: str
    funds: list = field(default_factory=list)  # the (source id, year) it would overrun


@dataclass
class Package:
    """The chosen projects, those left out, and the money used of each fund."""

    status: str
    chosen: list = field(default_factory=list)
    left_out: list = field(default_factory=list)
    funds: dict = field(default_factory=dict)  # {(source id, year): available}
    used: dict = field(default_factory=dict)  # {(source id, year): Decimal}
    slots: dict = field(default_factory=dict)  # {direction id: slots}
    slots_used: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_score(self) -> float:
        """The sum of the chosen projects' scores."""
        return sum(c.score for c in self.chosen)

    @property
    def binding(self) -> set:
        """The funds and directions that keep a left-out project out."""
        keys = set()
        for item in self.left_out:
            keys.update(item.funds)
            if item.reason == NO_SLOT:
                keys.add(("direction", item.candidate.direction_id))
        return keys


def _order(candidate: Candidate) -> tuple:
    return (candidate.rank is None, candidate.rank or 0, candidate.project_id)


def choose(candidates, funds: dict, slots: dict) -> Package:
    """The package of ``candidates`` with the greatest total score within ``funds``
    ({(source id, year): Decimal}) and ``slots`` ({direction id: int or None})."""
    funds = {key: Decimal(value) for key, value in funds.items()}
    slots = {key: value for key, value in slots.items() if value is not None}
    package = Package(status=OPTIMAL, funds=funds, slots=slots)
    scored = sorted((c for c in candidates if c.score is not None and c.score > 0), key=_order)
    unscored = [c for c in candidates if c not in scored]
    if not funds and not slots:
        package.status = NO_LIMITS
    elif not scored:
        package.status = NO_PROJECTS
    if len(scored) > MAX_PROJECTS:
        raise ValueError(f"at most {MAX_PROJECTS} projects")
    chosen = set()
    if package.status == OPTIMAL:
        started = time.perf_counter()
        chosen, proven = _solve(scored, funds, slots)
        package.seconds = time.perf_counter() - started
        if not proven:
            package.status = TIME_LIMITED
    elif package.status == NO_LIMITS:
        chosen = set(range(len(scored)))
    package.chosen = [c for i, c in enumerate(scored) if i in chosen]
    package.used = {
        key: sum((c.gaps.get(key, Decimal(0)) for c in package.chosen), Decimal(0)) for key in funds
    }
    package.slots_used = defaultdict(int)
    for c in package.chosen:
        package.slots_used[c.direction_id] += 1
    for c in scored:
        if c in package.chosen:
            continue
        over = [k for k in funds if package.used[k] + c.gaps.get(k, Decimal(0)) > funds[k]]
        if over:
            package.left_out.append(LeftOut(c, NO_MONEY, over))
        elif (
            c.direction_id in slots and package.slots_used[c.direction_id] >= slots[c.direction_id]
        ):
            package.left_out.append(LeftOut(c, NO_SLOT))
        else:  # only when the solver stopped at its time limit
            package.left_out.append(LeftOut(c, NO_MONEY))
    package.left_out += [LeftOut(c, NO_SCORE) for c in sorted(unscored, key=_order)]
    return package


def _solve(scored: list, funds: dict, slots: dict) -> tuple[set, bool]:
    # Imported here: SciPy takes seconds to import, and only the package builder needs it.
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(scored)
    # Scores to the hundredth, scaled so that the tie-breaking weights (better rank first, all
    # of them together less than one hundredth) never outweigh a real difference of score.
    objective = np.array(
        [-(round(c.score * 100) + (n - i) / (n + 1) ** 2) for i, c in enumerate(scored)]
    )
    rows, upper = [], []
    for key, available in sorted(funds.items()):
        row = [float(c.gaps.get(key, Decimal(0)) * _SCALE) for c in scored]
        if any(row):
            rows.append(row)
            upper.append(float(available * _SCALE))
    for direction_id, count in sorted(slots.items()):
        row = [1.0 if c.direction_id == direction_id else 0.0 for c in scored]
        if any(row):
            rows.append(row)
            upper.append(float(count))
    constraints = []
    if rows:
        constraints = [LinearConstraint(np.array(rows), -np.inf, np.array(upper))]
    result = milp(
        objective,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=constraints,
        options={"time_limit": TIME_LIMIT, "mip_rel_gap": MIP_GAP},
    )
    if result.x is None:
        return set(), False
    chosen = {i for i, x in enumerate(result.x) if x > 0.5}
    # The solver's tolerance must not let a fund be overrun by a rouble: checked exactly.
    for key, available in funds.items():
        while sum((scored[i].gaps.get(key, Decimal(0)) for i in chosen), Decimal(0)) > available:
            chosen.discard(max(chosen, key=lambda i: (scored[i].gaps.get(key, 0), i)))
    return chosen, result.status == 0


# ----------------------------------------------------------------------------------------------
# The session's data
# ----------------------------------------------------------------------------------------------


def candidates_of(strategic_session: StrategicSession) -> list[Candidate]:
    """The session's recommended projects with their scores and their gaps by source and year."""
    projects = list(
        db.session.scalars(
            sa.select(Project)
            .where(
                Project.session_id == strategic_session.id,
                Project.state == ProjectState.RECOMMENDED,
            )
            .order_by(Project.id)
        )
    )
    if not projects:
        return []
    results = aggregation.results_for(
        strategic_session, method=aggregation.session_method(strategic_session)
    )
    money: dict = defaultdict(lambda: defaultdict(Money))
    for project_id, source_id, year, status, amount in db.session.execute(
        sa.select(
            ResourceNeed.project_id,
            ResourceNeed.funding_source_id,
            ResourceNeed.year,
            ResourceNeed.status,
            sa.func.sum(MONEY),
        )
        .where(
            ResourceNeed.project_id.in_([p.id for p in projects]),
            ResourceNeed.kind == ResourceKind.FINANCIAL,
            MONEY.is_not(None),
            ResourceNeed.funding_source_id.is_not(None),
            ResourceNeed.year.is_not(None),
        )
        .group_by(
            ResourceNeed.project_id,
            ResourceNeed.funding_source_id,
            ResourceNeed.year,
            ResourceNeed.status,
        )
    ):
        money[project_id][(source_id, year)].add(status, amount)
    candidates = []
    for project in projects:
        result = results.project(project.id)
        gaps = {key: m.gap for key, m in money[project.id].items() if m.gap > 0}
        candidates.append(
            Candidate(
                project_id=project.id,
                title=project.display_title,
                direction_id=project.direction_id,
                direction_title=project.direction.title,
                score=result.mean if result is not None else None,
                rank=result.rank if result is not None else None,
                gaps=gaps,
            )
        )
    return candidates


def funds_of(strategic_session: StrategicSession) -> dict:
    """The funds entered: {(source id, year): amount}."""
    return {
        (f.funding_source_id, f.year): f.amount
        for f in db.session.scalars(
            sa.select(ForumFund).where(ForumFund.session_id == strategic_session.id)
        )
    }


def slots_of(strategic_session: StrategicSession) -> dict:
    """The pitch slots entered: {direction id: slots}."""
    return {
        s.direction_id: s.slots
        for s in db.session.scalars(
            sa.select(PitchSlots).where(PitchSlots.session_id == strategic_session.id)
        )
        if s.slots is not None
    }


def build(strategic_session: StrategicSession) -> Package:
    """The package of the session's recommended projects within its funds and slots."""
    return choose(
        candidates_of(strategic_session), funds_of(strategic_session), slots_of(strategic_session)
    )


def save_limits(strategic_session: StrategicSession, funds: dict, slots: dict) -> None:
    """Replace the session's funds and slots (``None``: no limit), audit-logged."""
    old_funds, old_slots = funds_of(strategic_session), slots_of(strategic_session)
    db.session.execute(sa.delete(ForumFund).where(ForumFund.session_id == strategic_session.id))
    db.session.execute(sa.delete(PitchSlots).where(PitchSlots.session_id == strategic_session.id))
    for (source_id, year), amount in sorted(funds.items()):
        if amount is not None:
            db.session.add(
                ForumFund(
                    session_id=strategic_session.id,
                    funding_source_id=source_id,
                    year=year,
                    amount=amount,
                )
            )
    for direction_id, count in sorted(slots.items()):
        if count is not None:
            db.session.add(
                PitchSlots(session_id=strategic_session.id, direction_id=direction_id, slots=count)
            )
    db.session.flush()
    new_funds, new_slots = funds_of(strategic_session), slots_of(strategic_session)
    if (new_funds, new_slots) != (old_funds, old_slots):
        audit.record(
            "update",
            strategic_session=strategic_session,
            object_type="forum_package",
            changes={
                "funds": [readable_limits(old_funds), readable_limits(new_funds)],
                "slots": [readable_limits(old_slots), readable_limits(new_slots)],
            },
        )


def readable_limits(limits: dict) -> dict:
    """Funds or slots as the audit log keeps them: "source id/year" or direction id → value."""
    return {
        "/".join(map(str, key)) if isinstance(key, tuple) else str(key): str(value)
        for key, value in sorted(limits.items())
    }
