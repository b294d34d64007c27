"""Each scorecard's figures, kept when its scores are written: the 0–100 total of its scored
counted criteria (``None`` while none is scored) and its values by criterion, so that the
results read one row per scorecard instead of one per score.

:func:`figures_of` is the one definition; every path that writes scores calls
:func:`refresh_scorecard` (a save, which a paper sheet goes through too; the JSON import; the
demo), builds its rows with :func:`figures_of` (the benchmark generator), or calls
:func:`refresh_session` (a criterion saved or deleted). :func:`differences` is the
consistency check (``flask check-totals``).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from ...extensions import db
from ...sessions.models import StrategicSession
from ..aggregation.formulas import scorecard_total
from ..models import Criterion, Score, Scorecard


def figures_of(values: Mapping[int, int], criteria: Iterable) -> tuple[float | None, dict]:
    """The total and the stored values of a scorecard whose scores are ``values`` (criterion
    id → value) under ``criteria``: the total by :func:`scorecard_total`, or ``None`` when no
    counted criterion is scored; the values keyed by the criterion id as text (JSON's keys)."""
    try:
        total = scorecard_total(values, criteria)
    except ValueError:
        total = None
    return total, {str(criterion_id): value for criterion_id, value in sorted(values.items())}


def refresh_scorecard(scorecard: Scorecard, criteria: Iterable) -> None:
    """Set ``scorecard``'s total and values from its scores (loaded) under ``criteria``."""
    scorecard.total, scorecard.criterion_values = figures_of(
        {score.criterion_id: score.value for score in scorecard.scores}, criteria
    )


def refresh_session(strategic_session: StrategicSession) -> int:
    """Recompute every scorecard of the session from its scores, after its criteria changed.
    Returns how many scorecards changed. Three statements, whatever the number of scores."""
    changed = [
        {"card_id": card_id, "new_total": total, "new_values": values}
        for card_id, total, values, kept in _recomputed(strategic_session)
        if not _same(kept, (total, values))
    ]
    if changed:
        table = Scorecard.__table__
        db.session.execute(
            table.update()
            .where(table.c.id == sa.bindparam("card_id"))
            .values(
                total=sa.bindparam("new_total"),
                criterion_values=sa.bindparam("new_values"),
                version_id=table.c.version_id + 1,
            ),
            changed,
        )
        db.session.expire_all()
    return len(changed)


@dataclass(frozen=True)
class Difference:
    """A scorecard whose kept figures differ from those its scores give."""

    scorecard_id: int
    kept_total: float | None
    total: float | None
    kept_values: dict
    values: dict


def differences(strategic_session: StrategicSession) -> list[Difference]:
    """The session's scorecards whose kept total or values differ from a recomputation."""
    return [
        Difference(card_id, kept[0], total, kept[1], values)
        for card_id, total, values, kept in _recomputed(strategic_session)
        if not _same(kept, (total, values))
    ]


# Totals are 0–100: closer than this is the same total (floating-point rounding, never drift).
TOTAL_TOLERANCE = 1e-9


def _same(kept: tuple, fresh: tuple) -> bool:
    """Whether a kept (total, values) is what the scores give: the same values, and the same
    total but for floating-point rounding."""
    (kept_total, kept_values), (total, values) = kept, fresh
    if kept_values != values or (kept_total is None) != (total is None):
        return False
    return total is None or math.isclose(kept_total, total, rel_tol=0, abs_tol=TOTAL_TOLERANCE)


def _recomputed(strategic_session: StrategicSession):
    """(scorecard id, total, values, (kept total, kept values)) of every scorecard."""
    # In the session's order, as every writer passes them (session_criteria): the weighted sum
    # added in another order may differ in its last binary digit.
    criteria = list(
        db.session.scalars(
            sa.select(Criterion)
            .where(Criterion.session_id == strategic_session.id)
            .order_by(Criterion.position, Criterion.id)
        )
    )
    cards = db.session.execute(
        sa.select(Scorecard.id, Scorecard.total, Scorecard.criterion_values).where(
            Scorecard.in_session(strategic_session.id)
        )
    ).all()
    scores: dict[int, dict[int, int]] = {card_id: {} for card_id, _total, _values in cards}
    rows = db.session.execute(
        sa.select(Score.scorecard_id, Score.criterion_id, Score.value)
        .join(Scorecard, Scorecard.id == Score.scorecard_id)
        .where(Scorecard.in_session(strategic_session.id))
    )
    for card_id, criterion_id, value in rows:
        scores[card_id][criterion_id] = value
    for card_id, kept_total, kept_values in cards:
        total, values = figures_of(scores[card_id], criteria)
        yield card_id, total, values, (kept_total, kept_values or {})
