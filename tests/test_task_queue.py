"""The task queue against a real Redis and real Celery worker processes.

Each test process has its own queue and broker key prefix in Redis database ``TEST_REDIS_URL``
(default 7), so that two pytest-xdist processes never take each other's tasks; the workers
read and write the test's database (the SQLite file or the PostgreSQL database).
"""

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
import redis
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from sessiontrack import create_app
from sessiontrack.exports.models import ExportJob, ExportJobState

from .conftest import AuthActions, IsolatedClient, base_config, skip_or_fail
from .export_data import make_forum_session
from .test_mail import Inbox, _create_account, _free_port, _participant_without_account

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
ROOT = Path(__file__).resolve().parent.parent
# This test process's queue; its broker keys (queues, unacknowledged messages) share the prefix.
QUEUE = f"sessiontrack-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
# The queue of the worker that is killed (a worker of its own, started beside the other).
KILLED_QUEUE = f"{QUEUE}-killed"
TRANSPORT_OPTIONS = {"global_keyprefix": f"{QUEUE}:"}
# A worker imports the whole app: seconds on a quiet machine, much longer on a busy one.
READY_WITHIN = 120


@pytest.fixture(scope="module")
def broker():
    """The Redis URL, once Redis answers; this process's keys are deleted at the end."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        skip_or_fail(f"the task queue tests need Redis at {REDIS_URL} (TEST_REDIS_URL): {error}")
    yield REDIS_URL
    for key in client.scan_iter(match=f"{QUEUE}*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="module")
def smtp_port():
    controller = Controller(Inbox(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


class Worker:
    """A ``celery worker`` process (solo pool) on this test process's queue."""

    def __init__(
        self, log_path: Path, database_uri: str, broker_url: str, queue=QUEUE, **environment
    ):
        """Start the process; :meth:`wait_until_ready` waits for it to take tasks."""
        self.log_path = log_path
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SESSIONTRACK_INSTANCE_PATH": str(log_path.parent),
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_uri,
            "SESSIONTRACK_BROKER_URL": broker_url,
            "SESSIONTRACK_TASK_QUEUE": queue,
            "TEST_BROKER_TRANSPORT_OPTIONS": json.dumps(TRANSPORT_OPTIONS),
            **environment,
        }
        command = [
            *(sys.executable, "-m", "celery", "-A", "tests.queue_worker", "worker"),
            *("-P", "solo", "-Q", queue, "--loglevel", "INFO"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_until_ready(self) -> "Worker":
        deadline = time.monotonic() + READY_WITHIN
        while " ready." not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the worker did not start:\n{self.log()}")
            time.sleep(0.1)
        return self

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, its task unacknowledged."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


# The broker hands an unacknowledged task out again a second after a worker took it (to the
# next worker that starts): the killed worker's queue only.
QUICK_REDELIVERY = {"SESSIONTRACK_BROKER_VISIBILITY_TIMEOUT": "1"}


@pytest.fixture(scope="module")
def workers(backend, broker, smtp_port, tmp_path_factory):
    """Two workers for the module (per database backend), started together: one e-mailing
    through the loopback SMTP server, and one on the killed queue whose exports hang."""
    folder = tmp_path_factory.mktemp("workers")
    started = {
        "worker": Worker(
            folder / "worker.log",
            backend[1],
            broker,
            SESSIONTRACK_MAIL_SERVER="127.0.0.1",
            SESSIONTRACK_MAIL_PORT=str(smtp_port.port),
        ),
        "slow": Worker(
            folder / "slow.log",
            backend[1],
            broker,
            queue=KILLED_QUEUE,
            TEST_SLOW_EXPORT="1",
            **QUICK_REDELIVERY,
        ),
    }
    try:
        yield {name: worker.wait_until_ready() for name, worker in started.items()}
    finally:
        # Both asked to stop before either is waited for.
        for worker in started.values():
            worker.process.terminate()
        for worker in started.values():
            worker.stop()


@pytest.fixture
def worker(workers):
    return workers["worker"]


@pytest.fixture
def queue_client(app, broker):
    """Makes a client of an app that sends its tasks to the given queue of this process."""
    made = []

    def make(queue=QUEUE):
        config = {
            **base_config(app.config["SQLALCHEMY_DATABASE_URI"]),
            "BROKER_URL": broker,
            "TASK_QUEUE": queue,
            "BROKER_TRANSPORT_OPTIONS": TRANSPORT_OPTIONS,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_SUPPRESS_SEND": False,
        }
        queue_app = create_app(config)
        queue_app.test_client_class = IsolatedClient
        made.append(queue_app)
        return queue_app.test_client()

    yield make
    for queue_app in made:
        with queue_app.app_context():
            queue_app.extensions["sqlalchemy"].engine.dispose()


def _start_export(client, world, **document) -> int:
    AuthActions(client).login(world.users["facilitator"])
    response = client.post(f"/s/{world.session.slug}/exports/jobs", data=document)
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _wait_for_state(db, job_id: int, *states, seconds: float = 30) -> ExportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get(ExportJob, job_id)
        if job.state in states:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the export job stayed {job.state}")


def test_an_export_is_built_by_the_worker_and_its_file_is_served(db, worker, queue_client):
    client = queue_client()
    world = make_forum_session()
    slug = world.session.slug
    job_id = _start_export(client, world, document="pdf:sheets", by="project", expert="")
    job = _wait_for_state(db, job_id, ExportJobState.DONE, ExportJobState.FAILED)
    assert job.state == ExportJobState.DONE, job.message
    # The worker logs the task's success just after the job is written DONE.
    deadline = time.monotonic() + 20
    while "succeeded" not in worker.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "sessiontrack.build_export[" in worker.log() and "succeeded" in worker.log()
    progress = client.get(f"/s/{slug}/exports/jobs/{job_id}/progress").get_data(as_text=True)
    assert "Скачать" in progress and "hx-trigger" not in progress
    download = client.get(f"/s/{slug}/exports/jobs/{job_id}/download")
    assert len(pypdf.PdfReader(io.BytesIO(download.data)).pages) == 3


def test_the_one_time_password_is_e_mailed_by_the_worker(db, worker, queue_client, smtp_port):
    inbox = smtp_port.handler
    inbox.messages.clear()
    client = queue_client()
    session, facilitator, person = _participant_without_account(db)
    page = _create_account(client, facilitator, session, person).get_data(as_text=True)
    password = page.split('id="one-time-password">')[1].split("<")[0]
    deadline = time.monotonic() + 20
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    ((recipients, message),) = inbox.messages
    assert recipients == ["vera@example.org"] and password in message
    assert "sessiontrack.send_mail[" in worker.log()


def test_a_worker_killed_mid_export_leaves_the_job_failed_never_running(
    backend, db, broker, workers, queue_client, tmp_path
):
    world = make_forum_session()
    client = queue_client(KILLED_QUEUE)
    try:
        job_id = _start_export(client, world, document="pdf:book")
        _wait_for_state(db, job_id, ExportJobState.RUNNING)
    finally:
        workers["slow"].kill()
    time.sleep(1.2)
    # The next worker gets the task again, sees that its job had begun and marks it failed.
    after = Worker(
        tmp_path / "after.log", backend[1], broker, queue=KILLED_QUEUE, **QUICK_REDELIVERY
    )
    try:
        after.wait_until_ready()
        job = _wait_for_state(db, job_id, ExportJobState.FAILED, ExportJobState.DONE)
    finally:
        after.stop()
    assert job.state == ExportJobState.FAILED
    assert job.message.startswith("Выгрузка прервалась") and job.finished_at is not None
    page = client.get(f"/s/{world.session.slug}/exports/jobs/{job_id}").get_data(as_text=True)
    assert "Выгрузка прервалась" in page and "hx-trigger" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ExportJob)) == 1


def test_a_notification_is_e_mailed_by_the_worker_once_in_the_reader_s_language(
    db, worker, queue_client, smtp_port
):
    """A project returned to its group: each active member's e-mail is sent by the worker
    (after the request committed), once, in their language; none to a deactivated account."""
    from .test_notifications import _group_world, _return

    inbox = smtp_port.handler
    inbox.messages.clear()
    session, facilitator, (russian, english, _gone), project = _group_world()
    client = queue_client()
    AuthActions(client).login(facilitator)
    assert _return(client, session, project).status_code == 302
    deadline = time.monotonic() + 20
    while len(inbox.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # a third (wrong) message would have come by now
    by_recipient = {tuple(recipients): message for recipients, message in inbox.messages}
    assert set(by_recipient) == {(russian.email,), (english.email,)}
    assert "Добавьте ресурсы" in by_recipient[(russian.email,)]
    assert "sessiontrack.send_notification_mail[" in worker.log()
