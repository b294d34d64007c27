"""Every route: no state change without POST and a valid CSRF token; HTML always escaped."""

import pytest
import sqlalchemy as sa

from sessiontrack.extensions import db

from .conftest import AuthActions, base_config
from .matrix.world import build_world
from .queries import row_counts
from .test_permission_matrix import EXTENDERS, TABLE

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# Text columns that are identifiers or formats rather than prose.
NOT_PROSE = {
    "slug",
    "email",
    "code",
    "password_hash",
    "locale",
    "unit",
    "phone",
    "action",
    "object_type",
    "kind",  # a notification's kind: a code the app writes, like the audit log's action
}


def _first_allowed(route):
    for role in ("facilitator", "admin", "moderator", "member", "expert", "observer"):
        if role in route.allowed:
            return role
    return None


def _row_counts() -> dict[str, int]:
    return row_counts(db.session)


def _make_hostile(world) -> None:
    """Put the payload into every prose column of every row."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name in NOT_PROSE or column.primary_key or column.foreign_keys:
                continue
            if not isinstance(column.type, sa.String | sa.Text) or isinstance(column.type, sa.Enum):
                continue
            length = getattr(column.type, "length", None)
            value = sa.func.substr(
                sa.literal(PAYLOAD) + sa.func.coalesce(column, ""), 1, length or 100_000
            )
            db.session.execute(table.update().values({column.name: value}))
    db.session.commit()


GET_ROUTES = sorted(key for key in TABLE if key[1] == "GET")
# The API's routes take no log-in cookie, so no CSRF token either: a cookie alone gets 401
# (tests/test_api.py).
POST_ROUTES = sorted(
    key for key in TABLE if key[1] == "POST" and _first_allowed(TABLE[key]) and not TABLE[key].api
)


def test_pages_escape_hostile_text_and_change_nothing(app):
    """Every page, with the payload in every prose column, as a user allowed to open it."""
    world = build_world(EXTENDERS)
    _make_hostile(world)
    problems = []
    for key in GET_ROUTES:
        route = TABLE[key]
        client = app.test_client()
        role = _first_allowed(route)
        if role:
            AuthActions(client).login(world.users[role])
        with app.test_request_context():
            url = route.url(world, world.here)
        before = _row_counts()
        response = client.get(url)
        # Downloads (XLSX sheets, exports) are not pages: only text is searched.
        body = response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        elif response.mimetype == "text/html" and "<script>alert" in body:
            problems.append(f"{url}: unescaped text")
        db.session.expire_all()
        after = _row_counts()
        after.pop("audit_entry", None), before.pop("audit_entry", None)
        if after != before:
            problems.append(f"GET {url} changed the database")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", POST_ROUTES, ids=lambda k: k[0])
def test_no_state_change_without_a_csrf_token(backend, app, key):
    route = TABLE[key]
    world = build_world(EXTENDERS)
    from sessiontrack import create_app

    config = base_config(backend[1])
    config["WTF_CSRF_ENABLED"] = True
    guarded = create_app(config)
    client = guarded.test_client()
    role = _first_allowed(route)
    with guarded.app_context():
        # Log in through the form itself, token and all.
        login_page = client.get("/auth/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={
            "email": world.users[role].email,
            "password": "correct-horse-42",
            "csrf_token": token,
        },
    )
    with app.test_request_context():
        url = route.url(world, world.here)
        data = route.data(world, world.here) if route.data else {}
    before = _row_counts()
    response = client.post(url, data=data)
    assert response.status_code == 400, f"POST {url} without a CSRF token: {response.status_code}"
    assert "Форма устарела" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _row_counts() == before
    with guarded.app_context():
        db.engine.dispose()


def test_the_check_sees_a_payload_if_it_were_unescaped():
    assert "<script>alert" in PAYLOAD
    assert AuthActions is not None


FAKE_AUDITS = {
    "hangs": "import time\ntime.sleep(60)\n",
    "cannot connect": (
        "import sys\n"
        "print('requests.exceptions.ConnectionError: pypi.org: Connection refused',"
        " file=sys.stderr)\n"
        "sys.exit(1)\n"
    ),
    # A package index without advisories: every package "not found", exit 0.
    "finds nothing": (
        "import json\n"
        "print(json.dumps({'dependencies': [{'name': 'flask', 'skip_reason': 'Dependency not"
        " found on PyPI and could not be audited: flask (3.1.3)'}], 'fixes': []}))\n"
    ),
    "clean": (
        "import json\n"
        "print(json.dumps({'dependencies': [{'name': 'flask', 'version': '3.1.3', 'vulns': []},"
        " {'name': 'sessiontrack', 'skip_reason': 'distribution marked as editable'}]}))\n"
    ),
    "vulnerable": (
        "import json, sys\n"
        "print(json.dumps({'dependencies': [{'name': 'jinja2', 'version': '3.1.4', 'vulns':"
        " [{'id': 'GHSA-q2x7-8rv6-6q7h', 'fix_versions': ['3.1.5']}]}]}))\n"
        "sys.exit(1)\n"
    ),
}


@pytest.mark.parametrize(
    ("case", "code", "says"),
    [
        ("hangs", 0, "WARNING: not audited: no vulnerability service reachable"),
        ("cannot connect", 0, "WARNING: not audited: no vulnerability service reachable"),
        ("finds nothing", 0, "WARNING: not audited: no vulnerability service reachable"),
        ("clean", 0, "1 packages audited, no known vulnerabilities; not audited: sessiontrack"),
        ("vulnerable", 1, "jinja2 3.1.4: GHSA-q2x7-8rv6-6q7h (fixed in 3.1.5)"),
    ],
)
def test_the_dependency_audit_never_passes_silently_nor_hangs(tmp_path, case, code, says):
    """scripts/audit.py (run by scripts/test.sh before pytest) fails on a known
    vulnerability, and says so when nothing could be audited, within its time limit."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    fake = tmp_path / "pip-audit"
    fake.write_text(f"#!{sys.executable}\n{FAKE_AUDITS[case]}")
    fake.chmod(0o755)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PIP_AUDIT": str(fake), "AUDIT_TIMEOUT": "2"}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "audit.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert time.monotonic() - started < 20
    assert result.returncode == code, result.stdout + result.stderr
    assert says in result.stdout
    if code == 0 and case == "clean":
        assert "no vulnerability service" not in result.stdout


def test_the_ci_script_audits_before_the_tests():
    from pathlib import Path

    script = (Path(__file__).resolve().parent.parent / "scripts" / "test.sh").read_text()
    assert 0 < script.index("scripts/audit.py") < script.index('bin/pytest" -n')


def test_installed_packages_satisfy_the_pinned_minimums():
    """The pins of pyproject.toml hold in the environment the tests run in."""
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    from packaging.requirements import Requirement

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text())["project"]
    unmet = []
    for line in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(line)
        installed = version(requirement.name)
        if not requirement.specifier.contains(installed, prereleases=True):
            unmet.append(f"{requirement} (installed {installed})")
    assert not unmet, unmet
