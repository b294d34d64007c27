"""House rules that a reader of the code relies on, checked over the whole package.

- Every public function of a module, and every public method of a public class, says in a
  docstring what it returns or does (views excepted: a route and its template say it).
- Flashed messages use one vocabulary of categories, and the base template shows each.
"""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sessiontrack"

# Methods whose contract is the library's: SQLAlchemy's type decorators, WTForms' field
# processing, Flask-Login's user. (WTForms' ``validate_<field>`` methods are named for the
# field they check.)
LIBRARY_HOOKS = {
    "process_bind_param",
    "process_result_value",
    "process_formdata",
    "get_id",
    "is_active",
}
FLASH_CATEGORIES = ("success", "info", "warning", "danger")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_view_module(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return path.name == "views.py" or "views" in parts[:-1]


def _public(name: str) -> bool:
    return not name.startswith("_")


def _undocumented(tree: ast.Module):
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    for node in tree.body:
        if isinstance(node, functions) and _public(node.name):
            if ast.get_docstring(node) is None:
                yield node.lineno, node.name
        elif isinstance(node, ast.ClassDef) and _public(node.name):
            for method in node.body:
                if (
                    isinstance(method, functions)
                    and _public(method.name)
                    and method.name not in LIBRARY_HOOKS
                    and not method.name.startswith("validate_")
                    and ast.get_docstring(method) is None
                ):
                    yield method.lineno, f"{node.name}.{method.name}"


def test_public_functions_and_methods_have_docstrings():
    missing = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {name}"
        for path, tree in _modules()
        if not _is_view_module(path)
        for line, name in _undocumented(tree)
    ]
    assert not missing, "Public functions without a docstring:\n" + "\n".join(missing)


def _flash_calls():
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "flash":
                yield path, node


def _category(call: ast.Call):
    """The category a ``flash(...)`` call names: its literal, ``"message"`` (Flask's default)
    when it names none, or the source text of an expression."""
    argument = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "category":
            argument = keyword.value
    if argument is None:
        return "message"
    if isinstance(argument, ast.Constant):
        return argument.value
    return ast.unparse(argument)


def test_flashed_messages_use_one_vocabulary_of_categories():
    calls = list(_flash_calls())
    assert calls, "no flash() calls found: the scan is broken"
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{call.lineno} {_category(call)!r}"
        for path, call in calls
        if _category(call) not in FLASH_CATEGORIES
    ]
    assert not wrong, f"Flash categories other than {FLASH_CATEGORIES}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("category", FLASH_CATEGORIES)
def test_the_base_template_shows_each_category_of_message(client, category):
    with client.session_transaction() as cookie:
        cookie["_flashes"] = [(category, f"A {category} message")]
    page = client.get("/auth/login").get_data(as_text=True)
    alert = re.search(rf'<div class="alert ([^"]*)"[^>]*>\s*A {category} message', page)
    assert alert, page
    assert f"alert-{category}" in alert.group(1).split()
