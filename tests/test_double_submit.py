"""Double submissions (issue 12, point 8): the same form sent two or three times at once.

Each request runs in a thread of its own, with its own logged-in test client (its own app
context, database session and connection), released by one barrier. A second barrier then
holds each request at its first write until every request has reached its own: all of them
have read the data and found the row absent (or the session at its stage) before any of them
writes, the interleaving a double click risks, made certain. Nothing waits unbounded: both
barriers and the joins have timeouts.

On either database every action ends with no server error, exactly one row and one audit
entry, and the other requests told clearly that it was done (or nothing new to do).
"""

import contextlib
import threading
from dataclasses import dataclass

import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.auth.models import User
from sessiontrack.extensions import db as _db
from sessiontrack.people.models import ExpertKind, Participant, ParticipantRole
from sessiontrack.projects.models import ProgressReport, ProjectState, SecuredFunding
from sessiontrack.review.models import Conflict, InvestorInterest, Scorecard
from sessiontrack.sessions.models import ReviewState, SessionState, StrategicSession

from . import factories
from .conftest import AuthActions
from .review_world import make_review

WAIT = 20  # seconds: the start barrier and the joins
HOLD = 5  # seconds a request waits at its first write for the others to reach theirs
WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Answer:
    status: int
    text: str


def send_at_once(app, user, path: str, data: dict, times: int) -> list[Answer]:
    """POST ``data`` to ``path`` ``times`` times at once, each as ``user`` logged in on a
    client of its own; the answers (redirects followed), in no particular order."""
    clients = []
    for _ in range(times):
        client = app.test_client()
        AuthActions(client).login(user)
        clients.append(client)
    start = threading.Barrier(times)
    at_write = threading.Barrier(times)
    racer = threading.local()
    answers: list[Answer] = []

    def hold_first_write(conn, cursor, statement, parameters, context, executemany):
        if getattr(racer, "waiting", False) and statement.lstrip().upper().startswith(WRITES):
            racer.waiting = False
            # Broken when a request writes nothing (refused before): the others go on.
            with contextlib.suppress(threading.BrokenBarrierError):
                at_write.wait(timeout=HOLD)

    def send(client):
        racer.waiting = True
        start.wait(timeout=WAIT)
        # The thread's own context is for the client's bookkeeping; each request pushes
        # another one (IsolatedClient), with its own database session.
        with app.app_context():
            try:
                response = client.post(path, data=data, follow_redirects=True)
                answers.append(Answer(response.status_code, response.get_data(as_text=True)))
            except Exception as error:  # TESTING propagates what would be a 500
                answers.append(Answer(500, repr(error)))

    engine = _db.engine
    sa.event.listen(engine, "before_cursor_execute", hold_first_write)
    try:
        threads = [threading.Thread(target=send, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT)
        assert not any(thread.is_alive() for thread in threads), "a request hung"
    finally:
        sa.event.remove(engine, "before_cursor_execute", hold_first_write)
    _db.session.expire_all()
    assert len(answers) == times
    assert [a.status for a in answers if a.status >= 500] == [], answers
    return answers


def _count(model, *conditions) -> int:
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def _entries(action: str) -> int:
    return _count(AuditEntry, AuditEntry.action == action)


def _saying(answers: list[Answer], text: str) -> int:
    return sum(text in answer.text for answer in answers)


def test_assign_all_sent_three_times_assigns_once(app, db):
    review = make_review(n_projects=2, n_experts=3)
    db.session.commit()
    answers = send_at_once(
        app, review.facilitator, f"/s/{review.session.slug}/review/assignments/all", {}, 3
    )
    assert _count(Scorecard) == 6
    assert _entries("experts_assigned") == 1
    assert _saying(answers, "Добавлено назначений: 6.") == 1
    assert _saying(answers, "Добавлять нечего: все эксперты уже назначены") == 2


def test_an_account_created_twice_at_once_is_created_once(app, db):
    session = factories.make_session()
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    person = factories.make_participant(
        session, full_name="Анна Орлова", email="orlova@example.org", role=ParticipantRole.EXPERT
    )
    db.session.commit()
    answers = send_at_once(app, facilitator, f"/s/{session.slug}/people/{person.id}/account", {}, 2)
    assert sorted(a.status for a in answers) == [200, 409]
    assert _saying(answers, 'id="one-time-password"') == 1
    assert _saying(answers, "Это уже сделано: вероятно, форма была отправлена дважды") == 1
    assert _count(User, User.email == "orlova@example.org") == 1
    assert _entries("create_account") == 1
    assert db.session.get(Participant, person.id).user_id is not None


def test_a_new_participant_sent_twice_is_added_once(app, db):
    session = factories.make_session()
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    db.session.commit()
    data = {"full_name": "Анна Орлова", "email": "orlova@example.org", "role": "guest"}
    answers = send_at_once(app, facilitator, f"/s/{session.slug}/people/new", data, 2)
    assert sorted(a.status for a in answers) == [200, 422]
    assert _saying(answers, "Участник добавлен: Анна Орлова.") == 1
    assert _saying(answers, "Этот адрес в сессии принадлежит участнику Анна Орлова.") == 1
    assert _count(Participant, Participant.email == "orlova@example.org") == 1
    assert _entries("create") == 1


def test_investor_interest_sent_twice_is_recorded_once(app, db):
    review = make_review(n_projects=1, n_experts=2)
    db.session.commit()
    user, investor = review.experts[-1]
    assert investor.expert_kind == ExpertKind.INVESTOR
    data = {"project_id": review.projects[0].id, "note": "Готовы обсудить"}
    answers = send_at_once(app, user, f"/s/{review.session.slug}/review/interest", data, 2)
    assert _saying(answers, "Ваш интерес записан.") == 2
    assert _count(InvestorInterest) == 1
    assert _entries("interest_marked") == 1


def test_a_conflict_declared_twice_at_once_is_recorded_once(app, db):
    review = make_review(n_projects=1, n_experts=1)
    db.session.commit()
    user, _expert = review.experts[0]
    data = {"project_id": review.projects[0].id, "reason": "Мой работодатель — партнёр"}
    answers = send_at_once(app, user, f"/s/{review.session.slug}/review/conflicts", data, 2)
    assert _saying(answers, "Конфликт интересов зарегистрирован: вы не будете оценивать") == 1
    assert _saying(answers, "Конфликт интересов с этим проектом уже зарегистрирован.") == 1
    assert _count(Conflict) == 1
    assert _entries("conflict_declared") == 1


def test_a_stage_step_sent_twice_moves_the_session_one_stage(app, db):
    session = factories.make_session()
    facilitator = factories.make_member(session, ParticipantRole.FACILITATOR)
    db.session.commit()
    answers = send_at_once(
        app, facilitator, f"/s/{session.slug}/lifecycle/advance", {"from_stage": "setup"}, 2
    )
    assert db.session.get(StrategicSession, session.id).state == SessionState.LIVE
    assert _entries("advance") == 1
    assert _saying(answers, "Сессия переведена на этап «Идёт сессия».") == 1
    assert _saying(answers, "Сессия уже на этапе «Идёт сессия»: переход с этапа") == 1


def test_opening_the_review_twice_at_once_opens_it_once(app, db):
    review = make_review(n_projects=1, n_experts=1, review_state=ReviewState.NOT_OPENED)
    db.session.commit()
    answers = send_at_once(app, review.facilitator, f"/s/{review.session.slug}/review/open", {}, 2)
    assert db.session.get(StrategicSession, review.session.id).review_state == ReviewState.OPEN
    assert _entries("review_opened") == 1
    assert _saying(answers, "Экспертиза открыта: эксперты могут ставить оценки.") == 1
    assert _saying(answers, "Этап экспертизы уже изменён") == 1


def _implemented_project(world):
    """A recommended project of the world's group, its session in implementation."""
    project = factories.make_project(
        world.session, world.group, complete=True, state=ProjectState.RECOMMENDED
    )
    world.session.state = SessionState.IMPLEMENTATION
    _db.session.commit()
    return f"/s/{world.session.slug}/projects/{project.id}/implementation"


def test_money_secured_sent_twice_at_once_is_recorded_once(app, db, world):
    base = _implemented_project(world)
    source = factories.funding_source()
    db.session.commit()
    data = {"funding_source_id": source.id, "secured_on": "01.07.2019", "amount": "3,5"}
    answers = send_at_once(app, world.member, base + "/funding", data, 2)
    assert _count(SecuredFunding) == 1
    assert _entries("create") == 1
    assert _saying(answers, "Привлечённые средства внесены.") == 1
    assert _saying(answers, "Эти привлечённые средства уже записаны") == 1


def test_a_progress_report_sent_twice_at_once_is_added_once(app, db, world):
    base = _implemented_project(world)
    data = {"period": "2019 Q3", "text": "Проект начат"}
    answers = send_at_once(app, world.member, base + "/reports", data, 2)
    assert _count(ProgressReport) == 1
    assert _entries("create") == 1
    assert _saying(answers, "Отчёт добавлен.") == 1
    assert _saying(answers, "Этот отчёт уже добавлен") == 1
