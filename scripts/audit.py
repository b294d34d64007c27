"""Audit the installed packages for known vulnerabilities with pip-audit.

Fails (exit 1) on a known vulnerability. Where no vulnerability service answers (pip-audit
cannot connect, times out, or audits no package at all: a package index that is a mirror
without advisories answers "not found" for every one), prints a WARNING line "not audited:
no vulnerability service reachable" and exits 0: the run goes on, and the log shows that the
audit did not happen.

Environment: ``PIP_AUDIT`` (the pip-audit command, default: next to this Python),
``AUDIT_TIMEOUT`` (seconds, default 180).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

NOT_AUDITED = "not audited: no vulnerability service reachable"


def main() -> int:
    command = os.environ.get("PIP_AUDIT") or str(Path(sys.executable).parent / "pip-audit")
    timeout = float(os.environ.get("AUDIT_TIMEOUT", "180"))
    try:
        result = subprocess.run(
            [command, "--skip-editable", "--format", "json", "--progress-spinner", "off"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _not_audited(f"pip-audit gave no answer in {timeout:g} s")
    except FileNotFoundError:
        return _not_audited(f"{command} is not installed")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        errors = result.stderr.strip().splitlines()
        return _not_audited(errors[-1] if errors else f"pip-audit exited with {result.returncode}")
    packages = report.get("dependencies", [])
    audited = [package for package in packages if "skip_reason" not in package]
    vulnerable = [package for package in audited if package.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            print(f"{package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        print(f"pip-audit: known vulnerabilities in {len(vulnerable)} package(s)")
        return 1
    if not audited:
        return _not_audited(f"no package of {len(packages)} could be looked up")
    skipped = sorted(package["name"] for package in packages if "skip_reason" in package)
    print(f"pip-audit: {len(audited)} packages audited, no known vulnerabilities", end="")
    print(f"; not audited: {', '.join(skipped)}" if skipped else "")
    return 0


def _not_audited(reason: str) -> int:
    print(f"WARNING: {NOT_AUDITED} ({reason})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
