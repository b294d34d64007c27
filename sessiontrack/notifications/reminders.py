"""The reminder ladder: before the review deadline each expert with scorecards left is
reminded on each rung (days before, per session); after it the facilitators get the list of
late experts, and may remind one by hand (at most once per :data:`BY_HAND_EVERY`); groups are
reminded of a project returned to them some days ago.

:func:`run_reminders` takes the clock as its argument and is run periodically (by the task
queue's scheduler, or ``flask reminders``); it commits, then sends the e-mails. What it sent is
recorded (:class:`.models.SentReminder`), so a second run sends nothing twice.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _

from ..audit.models import AuditEntry
from ..audit.services import record
from ..core import errors
from ..core.unique import insert_missing
from ..extensions import db
from ..people.models import GROUP_ROLES, Participant, ParticipantRole
from ..projects.models import Project, ProjectState
from ..review.models import Scorecard, ScorecardState
from ..sessions.access import is_facilitator
from ..sessions.models import ReviewState, SessionState, StrategicSession
from . import delivery
from .events import _accounts, notify
from .models import NotificationKind, SentReminder

# A facilitator's «remind» reaches one expert at most once per this time.
BY_HAND_EVERY = timedelta(hours=1)


@dataclass
class LateExpert:
    """An expert with scorecards still to submit, and when they were last reminded."""

    participant: object
    projects: list[str] = field(default_factory=list)
    last_reminded: datetime | None = None


def experts_with_work_left(strategic_session) -> list[LateExpert]:
    """The session's experts with unsubmitted scorecards (and the projects), by name."""
    rows = db.session.execute(
        sa.select(Scorecard.expert_id, Project.short_title, Project.title)
        .join(Project, Project.id == Scorecard.project_id)
        .where(Project.session_id == strategic_session.id, Scorecard.state == ScorecardState.DRAFT)
        .order_by(Project.title, Project.id)
    ).all()
    projects = defaultdict(list)
    for expert_id, short_title, title in rows:
        projects[expert_id].append(short_title or title)
    if not projects:
        return []
    experts = db.session.scalars(
        sa.select(Participant)
        .where(Participant.id.in_(projects))
        .options(sa.orm.selectinload(Participant.user))
        .order_by(Participant.full_name, Participant.id)
    )
    last = dict(
        db.session.execute(
            sa.select(SentReminder.participant_id, sa.func.max(SentReminder.sent_at))
            .where(SentReminder.participant_id.in_(projects))
            .group_by(SentReminder.participant_id)
        ).all()
    )
    return [LateExpert(e, projects[e.id], last.get(e.id)) for e in experts]


def _mark_sent(strategic_session, key: str, now: datetime, participant=None, by_hand=False):
    """Record a reminder as sent; whether it was not already (a rerun inserts nothing)."""
    return bool(
        insert_missing(
            SentReminder,
            [
                {
                    "session_id": strategic_session.id,
                    "key": key,
                    "participant_id": participant.id if participant is not None else None,
                    "by_hand": by_hand,
                    "sent_at": now,
                }
            ],
            SentReminder.id,
        )
    )


def _remind_expert(strategic_session, expert: LateExpert, **params) -> list:
    user = expert.participant.user
    return notify(
        [user] if user is not None else [],
        NotificationKind.DEADLINE_REMINDER,
        strategic_session,
        projects=expert.projects,
        deadline=strategic_session.review_deadline.isoformat()
        if strategic_session.review_deadline
        else None,
        **params,
    )


def current_rung(strategic_session, now: datetime) -> int | None:
    """The rung of the ladder ``now`` stands on: the fewest days before the deadline whose
    time has come (``None`` before the first one, and after the deadline)."""
    deadline = strategic_session.review_deadline
    if deadline is None or now >= deadline:
        return None
    passed = [d for d in strategic_session.reminder_days or [] if now >= deadline - timedelta(d)]
    return min(passed) if passed else None


def _deadline_ladder(strategic_session, now: datetime) -> list:
    deadline = strategic_session.review_deadline
    if strategic_session.review_state != ReviewState.OPEN or deadline is None:
        return []
    made = []
    if now < deadline:
        rung = current_rung(strategic_session, now)
        if rung is None:
            return []
        for expert in experts_with_work_left(strategic_session):
            key = f"deadline:{deadline.isoformat()}:{rung}:expert:{expert.participant.id}"
            if _mark_sent(strategic_session, key, now, expert.participant):
                made += _remind_expert(strategic_session, expert, days=rung)
        return made
    late = experts_with_work_left(strategic_session)
    if late and _mark_sent(strategic_session, f"late:{deadline.isoformat()}", now):
        made += notify(
            _accounts(strategic_session, ParticipantRole.FACILITATOR),
            NotificationKind.LATE_EXPERTS,
            strategic_session,
            experts=[expert.participant.full_name for expert in late],
        )
    return made


def _returned_projects(strategic_session, now: datetime) -> list:
    days = strategic_session.returned_reminder_days
    if not days:
        return []
    # When each returned project was last returned: its audit log says (one source).
    returns = (
        sa.select(
            AuditEntry.object_id.label("project_id"),
            sa.func.max(AuditEntry.id).label("entry_id"),
            sa.func.max(AuditEntry.created_at).label("returned_at"),
        )
        .where(
            AuditEntry.session_id == strategic_session.id,
            AuditEntry.object_type == Project.__tablename__,
            AuditEntry.action == "return",
        )
        .group_by(AuditEntry.object_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Project, returns.c.entry_id, returns.c.returned_at)
        .join(returns, returns.c.project_id == Project.id)
        .where(Project.session_id == strategic_session.id, Project.state == ProjectState.RETURNED)
        .order_by(Project.id)
    ).all()
    made = []
    for project, entry_id, returned_at in rows:
        if now < returned_at + timedelta(days) or not _mark_sent(
            strategic_session, f"returned:{project.id}:{entry_id}", now
        ):
            continue
        made += notify(
            _accounts(strategic_session, *GROUP_ROLES, group_id=project.working_group_id),
            NotificationKind.RETURNED_REMINDER,
            strategic_session,
            project_id=project.id,
            title=project.display_title,
            days=days,
        )
    return made


def run_reminders(now: datetime) -> int:
    """Send what the ladder owes at ``now`` (timezone-aware) in every session still working:
    deadline reminders, the late experts' list, returned projects' reminders. Commits, then
    e-mails; how many notifications were made."""
    sessions = db.session.scalars(
        sa.select(StrategicSession)
        .where(StrategicSession.state.not_in([SessionState.ARCHIVED]))
        .order_by(StrategicSession.id)
    ).all()
    made = []
    for strategic_session in sessions:
        made += _deadline_ladder(strategic_session, now)
        made += _returned_projects(strategic_session, now)
    ids = [notification.id for notification in made]
    db.session.commit()
    delivery.send_all(ids)
    return len(ids)


def remind_by_hand(strategic_session, participant, user, now: datetime) -> None:
    """The facilitator's «remind» to one expert with scorecards left: a notification naming
    them, logged; refused within :data:`BY_HAND_EVERY` of the expert's last reminder."""
    if not is_facilitator(user, strategic_session):
        raise errors.NotAllowed(_("Only the session's facilitator may do this."))
    if strategic_session.review_state != ReviewState.OPEN:
        raise errors.Conflict(_("The review is not open: there is nothing to remind of."))
    left = experts_with_work_left(strategic_session)
    expert = next((e for e in left if e.participant.id == participant.id), None)
    if expert is None:
        raise errors.Conflict(_("This expert has no scorecards left to submit."))
    if expert.participant.user is None or not expert.participant.user.active:
        raise errors.Conflict(_("This expert has no active account to remind."))
    if expert.last_reminded is not None and now < expert.last_reminded + BY_HAND_EVERY:
        raise errors.Conflict(
            _(
                "%(name)s was reminded at %(when)s. You can remind again after %(next)s.",
                name=participant.full_name,
                when=format_datetime(expert.last_reminded, "HH:mm"),
                next=format_datetime(expert.last_reminded + BY_HAND_EVERY, "HH:mm"),
            )
        )
    # One row per expert and hour: two clicks at once remind once (the second meets the key).
    key = f"by_hand:{participant.id}:{now.strftime('%Y-%m-%dT%H')}"
    if not _mark_sent(strategic_session, key, now, participant, by_hand=True):
        raise errors.Conflict(_("This expert was reminded a moment ago."))
    _remind_expert(strategic_session, expert, by_hand=True)
    record(
        "expert_reminded",
        participant,
        strategic_session=strategic_session,
        user=user,
        summary=participant.full_name,
        changes={"projects": [None, expert.projects]},
    )
