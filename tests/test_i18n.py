"""Russian by default, English on a switch that is remembered; the catalogue is complete."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from . import factories

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "sessiontrack/translations/ru/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")


def test_russian_by_default(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="ru">' in page
    assert "Войти" in page


def test_english_on_the_switch_is_remembered(client):
    response = client.post("/language", data={"language": "en", "next": "/auth/login"})
    assert response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page and "Войти" not in page


def test_the_users_choice_follows_them_to_another_browser(app, client, auth, db):
    user = factories.make_user("anna@example.org")
    db.session.commit()
    auth.login(user)
    client.post("/language", data={"language": "en"})
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
    assert "My sessions" in other.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"language": "xx"})
    assert '<html lang="ru">' in client.get("/auth/login").get_data(as_text=True)


def _extracted_msgids() -> set[str]:
    method_map = [("sessiontrack/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {
        "_": None,
        "_l": None,
        "gettext": None,
        "lazy_gettext": None,
        "ngettext": (1, 2),
        "lazy_ngettext": (1, 2),
    }
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        keywords=keywords,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}},
    ):
        ids.add(message if isinstance(message, str) else message[0])
    ids.discard("")
    return {i for i in ids if not i.startswith("sessiontrack/static")}


def test_every_interface_string_has_a_russian_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and (not isinstance(m.string, tuple) or all(m.string)) and not m.fuzzy
    }
    missing = sorted(_extracted_msgids() - translated)
    assert not missing, "untranslated (run scripts/i18n.py update, then translate): " + repr(
        missing[:20]
    )


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(string):
    """Plural translations come back as a tuple from a .po file and a list from a .mo file."""
    return tuple(string) if isinstance(string, list | tuple) else string


def test_compiled_catalogue_matches_the_po_file():
    with PO.open("rb") as handle:
        po = read_po(handle, locale="ru")
    with MO.open("rb") as handle:
        mo = read_mo(handle)
    po_pairs = {_key(m): _forms(m.string) for m in po if m.id}
    mo_pairs = {_key(m): _forms(m.string) for m in mo if m.id}
    assert po_pairs == mo_pairs, "run: python scripts/i18n.py compile"
