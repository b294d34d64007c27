"""The layers of the package: ``core`` is the bottom one and imports no domain area."""

import ast
from pathlib import Path

import sessiontrack

PACKAGE_DIR = Path(sessiontrack.__file__).resolve().parent
CORE_DIR = PACKAGE_DIR / "core"

AREAS = (
    "admin",
    "agenda",
    "api",
    "audit",
    "auth",
    "catalogue",
    "exports",
    "tasks",
    "home",
    "notifications",
    "people",
    "portfolio",
    "projects",
    "review",
    "sessions",
    "similarity",
    "sampledata",
    "reference",
)
# Top-level modules that gather every area (the whole schema, the command line).
GATHERING_MODULES = ("models", "cli")

# Core modules still allowed to import an area, until they move out of core.
NOT_YET_MOVED: set[str] = set()


def _imported_modules(source: str, package: str) -> set[str]:
    """Every module a module of ``package`` imports (at the top or inside a function), relative
    ones resolved to absolute names; ``from X import name`` counts ``X.name`` too (``name`` may
    be a module)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _imports_of(path: Path) -> set[str]:
    package = ".".join(path.relative_to(PACKAGE_DIR.parent).parts[:-1])
    return _imported_modules(path.read_text(encoding="utf-8"), package)


def _is_area(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "sessiontrack" and len(parts) > 1 and parts[1] in AREAS + GATHERING_MODULES


def test_core_imports_no_domain_area():
    offending = {
        path.name: sorted(m for m in _imports_of(path) if _is_area(m))
        for path in sorted(CORE_DIR.rglob("*.py"))
        if path.name not in NOT_YET_MOVED
    }
    assert {name: modules for name, modules in offending.items() if modules} == {}


def test_the_exceptions_still_need_to_be():
    """An exception that moved out of core, or no longer imports an area, is struck from
    ``NOT_YET_MOVED``."""
    for name in NOT_YET_MOVED:
        path = CORE_DIR / name
        assert path.exists() and any(_is_area(m) for m in _imports_of(path)), name


def test_the_areas_are_every_subpackage_but_core():
    """A new area is added to ``AREAS`` so that core is kept from importing it too."""
    subpackages = {p.parent.name for p in PACKAGE_DIR.glob("*/__init__.py")}
    assert subpackages - {"core"} == set(AREAS)


def test_relative_imports_are_resolved():
    source = (
        "import sessiontrack.auth.models\n"
        "from ..sessions.models import SessionRole\n"
        "from . import numbers\n"
        "def later():\n"
        "    from .. import review\n"
    )
    modules = _imported_modules(source, "sessiontrack.core")
    assert {"sessiontrack.sessions.models", "sessiontrack.core.numbers"} <= modules
    assert "sessiontrack.review" in modules
    assert sorted(m for m in modules if _is_area(m)) == [
        "sessiontrack.auth.models",
        "sessiontrack.review",
        "sessiontrack.sessions.models",
        "sessiontrack.sessions.models.SessionRole",
    ]
