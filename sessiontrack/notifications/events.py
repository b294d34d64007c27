"""The events people are told of, one function each, called by the workflow services right
after the change (in the same unit of work): each makes the notifications and has their
e-mails sent once the change is committed."""

from collections import defaultdict

import sqlalchemy as sa
from flask import has_request_context

from ..auth.models import User
from ..core.unit_of_work import after_commit
from ..exports.models import ExportJob
from ..extensions import db
from ..people.models import ACCESS_ROLES, GROUP_ROLES, Participant, ParticipantRole
from .delivery import send_all
from .models import Notification, NotificationKind
from .services import forget_unread


def notify(users, kind: NotificationKind, strategic_session=None, **params) -> list:
    """One notification of ``kind`` for each active account of ``users`` (flushed), with
    ``params`` for its text; their e-mails go out after the commit (:func:`mail_after_commit`)."""
    if strategic_session is not None:
        params = {
            "slug": strategic_session.slug,
            "session_title": strategic_session.title,
            **params,
        }
    notifications = [
        Notification(
            user_id=user.id,
            session_id=strategic_session.id if strategic_session is not None else None,
            kind=kind.value,
            params=params,
        )
        for user in {user.id: user for user in users if user is not None and user.active}.values()
    ]
    db.session.add_all(notifications)
    db.session.flush()
    forget_unread()
    mail_after_commit(notifications)
    return notifications


def mail_after_commit(notifications) -> None:
    """In a request, queue the notifications' e-mails once it is committed (the task
    queue's ``send_notification_mail``; in-process at once with no broker). Elsewhere (a
    background job, already on a worker) the caller commits and then calls
    :func:`.delivery.send_all` itself."""
    from ..tasks.mail import send_notification_mail
    from ..tasks.queue import enqueue

    ids = [notification.id for notification in notifications]
    if ids and has_request_context():
        after_commit(lambda: enqueue(send_notification_mail, ids))


def _accounts(strategic_session, *roles, group_id=None) -> list[User]:
    """The accounts of the session's participants holding one of ``roles``."""
    query = (
        sa.select(User)
        .join(Participant, Participant.user_id == User.id)
        .where(Participant.session_id == strategic_session.id, Participant.role.in_(roles))
    )
    if group_id is not None:
        query = query.where(Participant.working_group_id == group_id)
    return list(db.session.scalars(query.order_by(User.id)))


def experts_assigned(strategic_session, pairs) -> None:
    """Each expert of the new (expert id, project id) ``pairs`` is told how many they got."""
    counts = defaultdict(int)
    for expert_id, _project_id in pairs:
        counts[expert_id] += 1
    experts = db.session.scalars(
        sa.select(Participant).where(Participant.id.in_(counts), Participant.user_id.is_not(None))
    )
    for expert in experts:
        notify(
            [expert.user],
            NotificationKind.EXPERTS_ASSIGNED,
            strategic_session,
            count=counts[expert.id],
        )


def review_opened(strategic_session) -> None:
    """The session's experts are told the review is open, and its deadline."""
    notify(
        _accounts(strategic_session, ParticipantRole.EXPERT),
        NotificationKind.REVIEW_OPENED,
        strategic_session,
        deadline=_iso(strategic_session.review_deadline),
    )


def deadline_changed(strategic_session) -> None:
    """The session's experts are told the new review deadline."""
    notify(
        _accounts(strategic_session, ParticipantRole.EXPERT),
        NotificationKind.DEADLINE_CHANGED,
        strategic_session,
        deadline=_iso(strategic_session.review_deadline),
    )


def project_moved(project, kind: NotificationKind, **params) -> None:
    """The project's working group (moderators and members) is told of its new state."""
    strategic_session = project.strategic_session
    notify(
        _accounts(strategic_session, *GROUP_ROLES, group_id=project.working_group_id),
        kind,
        strategic_session,
        project_id=project.id,
        title=project.display_title,
        **params,
    )


def results_published(strategic_session) -> None:
    """Everyone in the session with an account is told the results are out."""
    notify(
        _accounts(strategic_session, *ACCESS_ROLES),
        NotificationKind.RESULTS_PUBLISHED,
        strategic_session,
    )


def export_ready(job_id: int, filename: str) -> None:
    """The person who asked for an export is told it is ready. The export runs as a
    background job, outside any request: this commits, then sends the e-mail."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.user is None:
        return
    made = notify(
        [job.user],
        NotificationKind.EXPORT_READY,
        job.strategic_session,
        job_id=job.id,
        title=filename,
    )
    db.session.commit()
    send_all([notification.id for notification in made])


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
