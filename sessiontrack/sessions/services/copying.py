"""Copying a session as the template of the next one."""

import sqlalchemy as sa

from ...audit import services as audit
from ...extensions import db
from ...people.models import Participant, ParticipantRole
from ...review.models import Criterion
from ..models import Direction, StrategicSession, StrategyPriority, WorkingGroup
from .settings import create_session
from .structure import directions_with_groups

COPIED_SETTINGS = [
    "description",
    "place",
    "strategy_title",
    "strategy_description",
    "review_min_scorecards",
    "disagreement_stdev",
    "disagreement_range",
    "normalise_scores",
]
COPIED_CRITERION_FIELDS = [
    "title",
    "description",
    "weight",
    "counted",
    "scale_min",
    "scale_max",
    "level_descriptions",
    "position",
]


def copy_session(
    source: StrategicSession, *, slug: str, title: str, starts_on=None, ends_on=None, user=None
) -> StrategicSession:
    """A new session in set-up with the source's directions, working groups, criteria and
    strategy priorities; no people, organisations, agenda or projects. ``user`` becomes its
    facilitator.

    :raise DomainError: if the address is malformed or taken, or the dates are out of order.
    """
    copy = create_session(slug=slug, title=title, starts_on=starts_on, ends_on=ends_on)
    for field in COPIED_SETTINGS:
        setattr(copy, field, getattr(source, field))
    for priority in source.priorities:
        copy.priorities.append(
            StrategyPriority(
                title=priority.title,
                description=priority.description,
                position=priority.position,
                is_demo=priority.is_demo,
            )
        )
    for direction in directions_with_groups(source):
        new_direction = Direction(
            strategic_session=copy,
            title=direction.title,
            description=direction.description,
            position=direction.position,
        )
        for group in direction.groups:
            new_direction.groups.append(
                WorkingGroup(session_id=copy.id, title=group.title, position=group.position)
            )
        db.session.add(new_direction)
    criteria = db.session.scalars(
        sa.select(Criterion).where(Criterion.session_id == source.id).order_by(Criterion.position)
    )
    for criterion in criteria:
        db.session.add(
            Criterion(
                session_id=copy.id,
                **{field: getattr(criterion, field) for field in COPIED_CRITERION_FIELDS},
            )
        )
    if user is not None:
        db.session.add(
            Participant(
                session_id=copy.id,
                full_name=user.name,
                email=user.email,
                role=ParticipantRole.FACILITATOR,
                user=user,
            )
        )
    db.session.flush()
    audit.record(
        "copy",
        copy,
        strategic_session=copy,
        summary=source.title,
    )
    return copy
