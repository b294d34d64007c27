"""A wheel built from the repository serves every page from its own files: built, installed
into a fresh virtual environment, its migrations run, the demo loaded and a page of each area
drawn from the installed copy (templates, static files, translations, migrations).

The fresh environment has only the wheel; the dependencies are read from the environment the
tests run in (a path file lists its site-packages after the fresh one's), so nothing is
downloaded. Each step has a time limit; the whole takes about 20 seconds.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What setup.py and pyproject.toml build from.
SOURCES = ("sessiontrack", "templates", "pyproject.toml", "setup.py", "README.md")
STEP_SECONDS = 60

pytestmark = pytest.mark.packaging

# Run by the fresh environment's python: logs in through the form as the demo's administrator
# and draws one page of each area, then says what it drew and from where.
VISIT = r"""
import json, re, sys
from flask import url_for
import sessiontrack

email, password, slug = sys.argv[1:4]
app = sessiontrack.create_app()
client = app.test_client()
login = client.get("/auth/login")
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login.text).group(1)
signed_in = client.post(
    "/auth/login", data={"csrf_token": token, "email": email, "password": password}
)
with app.test_request_context():
    urls = {
        "home.index": url_for("home.index"),
        "admin.index": url_for("admin.index"),
        **{
            endpoint: url_for(endpoint, slug=slug)
            for endpoint in (
                "sessions.overview",
                "people.participants",
                "agenda.index",
                "projects.index",
                "review.results",
                "exports.index",
                "audit.index",
            )
        },
        "exports.minutes": url_for("exports.minutes", slug=slug, fmt="pdf"),
    }
pages = {}
for endpoint, url in urls.items():
    response = client.get(url)
    pages[endpoint] = {
        "status": response.status_code,
        "type": response.mimetype,
        "title": (re.search(r"<title>(.*?)</title>", response.text, re.S) or [None, ""])[1]
        if response.mimetype == "text/html"
        else "",
        "size": len(response.data),
    }
stylesheet = client.get("/static/css/app.css")
print(json.dumps({
    "package": sessiontrack.__file__,
    "templates": app.jinja_loader.searchpath,
    "static": app.static_folder,
    "login": {"status": login.status_code, "russian": "Войти" in login.text},
    "signed_in": signed_in.status_code,
    "pages": pages,
    "stylesheet": stylesheet.status_code,
}))
"""


def _run(args, **kwargs) -> str:
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=STEP_SECONDS, check=False, **kwargs
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(tmp_path: Path) -> Path:
    """The wheel of a copy of the repository's sources (the build leaves its ``build/`` and
    ``*.egg-info`` there, not in the checkout)."""
    source = tmp_path / "source"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--quiet", "-w", dist, source]
    )  # fmt: skip
    (wheel,) = dist.glob("sessiontrack-*.whl")
    return wheel


def _fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    """A new virtual environment holding the wheel, its dependencies read from this one's."""
    home = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", home])
    python = home / "bin" / "python"
    _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--quiet", wheel]
    )  # fmt: skip
    site_packages = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    )
    shared = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site_packages / "shared-dependencies.pth").write_text("\n".join(shared) + "\n")
    return python


def test_the_built_wheel_serves_a_page_of_every_area(tmp_path):
    python = _fresh_environment(tmp_path, _build_wheel(tmp_path))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "SESSIONTRACK_", "DATABASE_URL", "FLASK_"))
    }
    env["SESSIONTRACK_INSTANCE_PATH"] = str(tmp_path / "instance")
    # Outside the checkout, so that nothing of it is importable from the working directory.
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str | Path) -> str:
        return _run([python, *args], env=env, cwd=work)

    run("-m", "flask", "--app", "sessiontrack", "db", "upgrade")
    logins = run("-m", "flask", "--app", "sessiontrack", "demo")
    slug = re.search(r"Demo session «([^»]+)»", logins).group(1)
    email, password = re.search(r"Administrator\s+(\S+)\s+(\S+)", logins).groups()
    (work / "visit.py").write_text(VISIT)
    seen = json.loads(run("visit.py", email, password, slug))

    installed = tmp_path / "venv"
    package = Path(seen["package"]).parent
    assert package.is_relative_to(installed)
    assert [Path(p) for p in seen["templates"]] == [package / "templates"]
    assert Path(seen["static"]) == package / "static"
    assert seen["login"] == {"status": 200, "russian": True}
    assert seen["signed_in"] == 302
    assert seen["stylesheet"] == 200
    for endpoint, page in seen["pages"].items():
        assert page["status"] == 200, (endpoint, page)
        if endpoint != "exports.minutes":
            assert page["type"] == "text/html" and page["title"].endswith(" · sessiontrack")
    minutes = seen["pages"]["exports.minutes"]
    assert minutes["type"] == "application/pdf" and minutes["size"] > 10_000
