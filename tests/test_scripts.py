"""What a fresh clone runs and reads: scripts/run.sh, pyproject.toml, README.md.

run.sh runs as it is; only the programs it calls (the virtual environment's python, pip and
flask) are small recorders, so the test neither installs nor serves.
"""

import os
import re
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_SH = ROOT / "scripts" / "run.sh"
RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


@pytest.fixture
def venv(tmp_path) -> Path:
    """A virtual environment whose programs only write down how they were called."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    for program in ("python", "pip", "flask"):
        path = bin_dir / program
        path.write_text(RECORDER)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return tmp_path / "venv"


@pytest.mark.parametrize(("port", "expected"), [(None, "5000"), ("5123", "5123")])
def test_run_sh_prints_the_port_it_serves_on(venv, tmp_path, port, expected):
    calls = tmp_path / "calls.txt"
    env = {"PATH": os.environ["PATH"], "VENV": str(venv), "CALLS": str(calls)}
    if port:
        env["PORT"] = port
    result = subprocess.run(
        ["bash", str(RUN_SH)], env=env, capture_output=True, text=True, timeout=30, check=True
    )
    assert f"Open http://127.0.0.1:{expected} " in result.stdout
    assert calls.read_text().splitlines() == [
        "pip install --quiet --disable-pip-version-check -e .",
        "flask db upgrade",
        "flask demo",
        f"flask run --host 127.0.0.1 --port {expected}",
    ]


def test_the_licence_is_an_spdx_expression_setuptools_reads_without_a_warning():
    """A licence given as a table makes setuptools warn three times on every pip install."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    # The SPDX string needs setuptools 77 or later.
    (setuptools,) = [r for r in pyproject["build-system"]["requires"] if "setuptools" in r]
    assert int(re.fullmatch(r"setuptools>=(\d+)", setuptools).group(1)) >= 77


def test_the_readme_points_to_nothing_outside_the_clone():
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "../" not in readme
    # Instead of the seed folder of the workshop, a paragraph on the article.
    assert "1 November 2018" in readme and "VII International Innovation Forum" in readme
