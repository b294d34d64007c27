"""Start the production server (gunicorn) on a free loopback port, and always stop it."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_uri: str, secret_key: str, instance_path: str, **settings) -> dict:
    """The environment of an app process: the README's production settings, given here."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SESSIONTRACK_") and name not in ("DATABASE_URL", "SECRET_KEY")
    }
    env.update(
        DATABASE_URL=database_uri,
        SECRET_KEY=secret_key,
        SESSIONTRACK_INSTANCE_PATH=instance_path,
        PYTHONPATH=str(ROOT),
    )
    env.update({f"SESSIONTRACK_{name}": str(value) for name, value in settings.items()})
    return env


@dataclass
class Server:
    """A running gunicorn: its master process and base URL."""

    process: subprocess.Popen
    base_url: str
    log_path: str

    def worker_pids(self) -> list[int]:
        """The master's worker processes (from /proc: children of the master)."""
        return children_of(self.process.pid)

    def log(self) -> str:
        return Path(self.log_path).read_text(errors="replace")


def children_of(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        # The command name, in parentheses, may hold spaces: the fields follow its last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


@contextmanager
def gunicorn(
    env: dict, *, workers: int = 1, threads: int = 1, start_timeout: float = 30, preload=False
) -> Iterator[str]:
    """Serve ``sessiontrack:create_app()`` on 127.0.0.1; yields the base URL.

    The process is terminated on the way out (killed if it does not stop within 10 s).
    """
    with gunicorn_server(
        env, workers=workers, threads=threads, start_timeout=start_timeout, preload=preload
    ) as server:
        yield server.base_url


@contextmanager
def gunicorn_server(
    env: dict, *, workers: int = 1, threads: int = 1, start_timeout: float = 30, preload=False
) -> Iterator[Server]:
    """As :func:`gunicorn`, yielding the :class:`Server` (its process, to signal workers).

    ``preload``: the master builds the app once and forks the workers from it (quicker to
    start; the app opens no database connection while it is built).
    """
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        str(GUNICORN),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        *_no_control_socket(),
        *(["--preload"] if preload else []),
        "sessiontrack:create_app()",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base_url, start_timeout, log.name)
        yield Server(process, base_url, log.name)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        os.unlink(log.name)


def _no_control_socket() -> list[str]:
    """gunicorn's control socket (25.1 on) is one path per user: servers side by side would
    share it. Nothing here uses it."""
    import gunicorn as installed

    return ["--no-control-socket"] if installed.version_info >= (25, 1) else []


def _wait_until_up(process, base_url: str, timeout: float, log_path: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {Path(log_path).read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base_url + "/auth/login", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(
        f"gunicorn did not answer in {timeout} s: {Path(log_path).read_text()[-2000:]}"
    )
