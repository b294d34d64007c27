"""The reminder ladder with a controllable clock: before the review deadline each expert with
scorecards left is reminded once per rung (by e-mail too, through a real SMTP server on
loopback), after it the facilitators get the late experts; the facilitator's «remind» is
rate-limited and logged; groups hear of a project returned some days ago, once."""

import email
import email.policy
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.errors import Conflict
from sessiontrack.core.models import utcnow
from sessiontrack.extensions import db as _db
from sessiontrack.notifications.models import Notification, NotificationKind
from sessiontrack.notifications.reminders import remind_by_hand, run_reminders
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects import services as projects
from sessiontrack.projects.models import ProjectState
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories
from .conftest import AuthActions
from .test_mail import mail_client, smtp_inbox  # noqa: F401  (fixtures, reached below)

DEADLINE = datetime(2030, 1, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def smtp(request):
    """(inbox, port) of a real SMTP server on loopback (``tests/test_mail.py``)."""
    return request.getfixturevalue("smtp_inbox")


@pytest.fixture
def mailing(request):
    """Makes an app with the given mail settings (``tests/test_mail.py``)."""
    return request.getfixturevalue("mail_client")


class Review:
    """An open review due at :data:`DEADLINE`: Вера has two drafts left, Пётр submitted his
    one, Иван (deactivated) has a draft left; a facilitator."""

    def __init__(self):
        self.session = factories.make_session(
            title="Сессия «Город»",
            state=SessionState.REVIEW,
            review_state=ReviewState.OPEN,
            review_deadline=DEADLINE,
        )
        group = factories.make_group(factories.make_direction(self.session))
        self.group = group
        self.facilitator = factories.make_member(
            self.session, ParticipantRole.FACILITATOR, email="fac@example.org", name="Фасилитатор"
        )
        self.vera_user, self.vera = factories.make_expert(
            self.session, name="Вера", email="vera@example.org", locale="ru"
        )
        self.petr_user, self.petr = factories.make_expert(
            self.session, name="Пётр", email="petr@example.org"
        )
        self.ivan_user, self.ivan = factories.make_expert(
            self.session, name="Иван", email="ivan@example.org", active=False
        )
        first, second = (
            factories.make_project(
                self.session, group, state=ProjectState.ACCEPTED, title=t, short_title=t
            )
            for t in ("Альфа", "Бета")
        )
        factories.make_scorecard(first, self.vera)
        factories.make_scorecard(second, self.vera)
        factories.make_scorecard(first, self.petr, submitted=True)
        factories.make_scorecard(first, self.ivan)
        _db.session.commit()


def _told(user, kind=None):
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind.value)
    return list(_db.session.scalars(query.order_by(Notification.id)))


def test_the_ladder_reminds_once_per_rung_then_tells_the_facilitator(app, db):
    review = Review()
    assert run_reminders(DEADLINE - timedelta(days=4)) == 0
    assert _told(review.vera_user) == []

    assert run_reminders(DEADLINE - timedelta(days=3) + timedelta(hours=1)) == 1
    (first,) = _told(review.vera_user)
    assert first.kind == "deadline_reminder" and first.params["days"] == 3
    assert first.params["projects"] == ["Альфа", "Бета"]
    assert run_reminders(DEADLINE - timedelta(days=2)) == 0  # a rerun sends nothing

    assert run_reminders(DEADLINE - timedelta(hours=23)) == 1
    assert [n.params["days"] for n in _told(review.vera_user)] == [3, 1]
    assert run_reminders(DEADLINE - timedelta(hours=1)) == 0

    assert _told(review.petr_user) == [] and _told(review.ivan_user) == []
    assert _told(review.facilitator) == []
    assert run_reminders(DEADLINE + timedelta(minutes=5)) == 1
    (late,) = _told(review.facilitator)
    assert late.kind == "late_experts" and late.params["experts"] == ["Вера", "Иван"]
    assert run_reminders(DEADLINE + timedelta(days=1)) == 0


def test_a_late_first_run_sends_the_nearest_rung_only(app, db):
    review = Review()
    assert run_reminders(DEADLINE - timedelta(hours=12)) == 1
    assert [n.params["days"] for n in _told(review.vera_user)] == [1]


def test_a_new_deadline_starts_the_ladder_again(app, db):
    review = Review()
    run_reminders(DEADLINE - timedelta(hours=12))
    review.session.review_deadline = DEADLINE + timedelta(days=7)
    db.session.commit()
    assert run_reminders(DEADLINE + timedelta(days=4, hours=1)) == 1


def test_no_ladder_for_a_closed_review_or_an_empty_one(app, db):
    review = Review()
    review.session.reminder_days = []
    db.session.commit()
    assert run_reminders(DEADLINE - timedelta(hours=12)) == 0
    review.session.reminder_days = [3, 1]
    review.session.review_state = ReviewState.CLOSED
    db.session.commit()
    assert run_reminders(DEADLINE - timedelta(hours=12)) == 0
    assert run_reminders(DEADLINE + timedelta(hours=1)) == 0


def test_the_reminders_are_e_mailed_once_in_the_experts_language(app, db, mailing, smtp):
    inbox, port = smtp
    review = Review()
    review.petr_user.locale = "en"
    db.session.commit()
    application, _client = mailing(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    with application.app_context():
        run_reminders(DEADLINE - timedelta(days=2))
        run_reminders(DEADLINE - timedelta(days=2) + timedelta(hours=1))
    ((recipients, raw),) = inbox.messages
    assert recipients == ["vera@example.org"]
    message = email.message_from_bytes(raw.encode("utf-8"), policy=email.policy.default)
    body = message.get_content()
    assert "До срока экспертизы осталось 3 дня." in body
    assert "Не сданы 2 оценочных листа: «Альфа»; «Бета»." in body
    assert str(message["Subject"]) == "Напоминания о несданных оценочных листах — Сессия «Город»"


def test_remind_by_hand_is_rate_limited_and_logged(app, db):
    review = Review()
    now = DEADLINE + timedelta(hours=2)
    remind_by_hand(review.session, review.vera, review.facilitator, now)
    with pytest.raises(Conflict, match="Напомнить снова можно после"):
        remind_by_hand(review.session, review.vera, review.facilitator, now + timedelta(minutes=30))
    remind_by_hand(review.session, review.vera, review.facilitator, now + timedelta(minutes=61))
    db.session.commit()
    told = _told(review.vera_user, NotificationKind.DEADLINE_REMINDER)
    assert [n.params["by_hand"] for n in told] == [True, True]
    logged = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "expert_reminded")
    ).all()
    assert len(logged) == 2 and logged[0].object_id == review.vera.id
    with pytest.raises(Conflict):
        remind_by_hand(review.session, review.petr, review.facilitator, now)  # nothing left
    with pytest.raises(Conflict):
        remind_by_hand(review.session, review.ivan, review.facilitator, now)  # deactivated


def test_the_facilitator_reminds_from_the_late_experts_page(app, db, client):
    review = Review()
    AuthActions(client).login(review.facilitator)
    slug = review.session.slug
    page = client.get(f"/s/{slug}/reminders/").get_data(as_text=True)
    assert "Вера" in page and "Альфа; Бета" in page and "Напомнить" in page
    assert "Нет активной учётной записи" in page  # Иван
    assert client.post(f"/s/{slug}/reminders/{review.vera.id}").status_code == 302
    again = client.post(f"/s/{slug}/reminders/{review.vera.id}", follow_redirects=True)
    assert "уже напомнили в" in again.get_data(as_text=True)
    assert len(_told(review.vera_user)) == 1
    page = client.get(f"/s/{slug}/reminders/").get_data(as_text=True)
    assert "Последнее напоминание" in page


def test_a_returned_project_is_recalled_to_its_group_once_after_n_days(app, db):
    review = Review()
    member = factories.make_member(review.session, ParticipantRole.MEMBER, review.group)
    project = factories.make_project(
        review.session, review.group, complete=True, state=ProjectState.SUBMITTED
    )
    db.session.commit()
    projects.return_project(project, review.facilitator, "Уточните сроки")
    db.session.commit()
    returned_at = utcnow()
    assert len(_told(member, NotificationKind.PROJECT_RETURNED)) == 1
    later = DEADLINE + timedelta(days=30)  # past the review: the ladder for experts is over
    review.session.review_state = ReviewState.CLOSED
    db.session.commit()
    assert run_reminders(returned_at + timedelta(days=2)) == 0
    assert run_reminders(max(returned_at + timedelta(days=3, minutes=1), later)) == 1
    (recall,) = _told(member, NotificationKind.RETURNED_REMINDER)
    assert recall.params["days"] == 3
    assert run_reminders(later + timedelta(days=1)) == 0


@pytest.mark.parametrize(
    ("days", "error"),
    [
        ("3, x", "Напишите целые числа дней через запятую"),
        ("0", "Каждое число дней должно быть от 1 до 60"),
        ("9,8,7,6,5,4", "Не более 5 напоминаний"),
    ],
)
def test_the_reminder_days_are_validated_at_their_field(app, db, client, days, error):
    review = Review()
    AuthActions(client).login(review.facilitator)
    response = client.post(
        f"/s/{review.session.slug}/review/settings",
        data={
            "review_min_scorecards": 2,
            "disagreement_stdev": 15,
            "disagreement_range": 40,
            "reminder_rungs": days,
            "returned_reminder_days": 3,
        },
    )
    assert response.status_code == 422 and error in response.get_data(as_text=True)
    db.session.refresh(review.session)
    assert review.session.reminder_days == [3, 1]


def test_the_reminder_settings_are_saved(app, db, client):
    review = Review()
    AuthActions(client).login(review.facilitator)
    page = client.get(f"/s/{review.session.slug}/review/settings").get_data(as_text=True)
    assert 'value="3, 1"' in page
    response = client.post(
        f"/s/{review.session.slug}/review/settings",
        data={
            "review_min_scorecards": 2,
            "disagreement_stdev": 15,
            "disagreement_range": 40,
            "reminder_rungs": "1; 7, 3, 3",
            "returned_reminder_days": 0,
        },
    )
    assert response.status_code == 302
    db.session.refresh(review.session)
    assert review.session.reminder_days == [7, 3, 1]
    assert review.session.returned_reminder_days == 0


def test_beat_s_reminder_task_runs_this_ladder(app, db):
    """The queue's scheduled task (in-process here: no broker) sends what the ladder owes."""
    from sessiontrack.tasks import periodic

    review = Review()
    assert periodic.run_reminders(DEADLINE - timedelta(days=3) + timedelta(hours=1)) == 1
    (reminder,) = _told(review.vera_user)
    assert reminder.kind == "deadline_reminder"
    assert periodic.run_reminders(DEADLINE - timedelta(days=2)) == 0
