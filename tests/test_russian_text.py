"""Russian figures and typography: decimal commas, quotes within quotes, no «..», no «(а)»."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from sessiontrack.core.typography import nest_quotes
from sessiontrack.people.models import ParticipantRole

from . import factories

PO = Path(__file__).resolve().parent.parent / "sessiontrack/translations/ru/LC_MESSAGES/messages.po"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "72,8 · +5,5 · -3,0 · 2\xa0945,5 · —"),
        ("en", "72.8 · +5.5 · -3.0 · 2,945.5 · —"),
    ],
)
def test_templates_print_figures_in_the_pages_language(app, language, expected):
    template = (
        "{{ mean|score }} · {{ difference|signed_score }} · {{ drop|signed_score }} · "
        "{{ money|amount }} · {{ none|score }}"
    )
    with app.test_request_context(), force_locale(language):
        text = render_template_string(
            template, mean=72.84, difference=5.5, drop=-3.0, money=Decimal("2945.50"), none=None
        )
    assert text == expected


def test_quotes_within_quotes_are_written_as_low_high_quotes():
    assert (
        nest_quotes("«Технопарк «Железногорск»»: принят.") == "«Технопарк „Железногорск“»: принят."
    )
    assert nest_quotes("АО «ИСС» и ФГУП «ГХК»") == "АО «ИСС» и ФГУП «ГХК»"  # side by side: as is
    assert nest_quotes("стрелка » без пары") == "стрелка » без пары"
    assert nest_quotes(None) is None


def test_messages_quoting_a_quoted_name_do_not_nest_guillemets(client, auth, db):
    strategic_session = factories.make_session()
    facilitator = factories.make_member(strategic_session, ParticipantRole.FACILITATOR)
    organisation = factories.make_organisation(strategic_session, name="АО «ИСС»")
    db.session.commit()
    auth.login(facilitator)
    url = f"/s/{strategic_session.slug}/people/organisations"
    page = client.get(url).get_data(as_text=True)  # the delete button's confirmation
    assert "«АО „ИСС“»" in page and "«АО «ИСС»»" not in page
    page = client.post(f"{url}/{organisation.id}/delete", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Организация «АО „ИСС“» удалена." in page


def _messages():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            yield message.id, text


def _nests_guillemets(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "«":
            depth += 1
            if depth > 1:
                return True
        elif char == "»" and depth:
            depth -= 1
    return False


def test_the_russian_catalogue_has_no_double_periods_gender_brackets_or_nested_quotes():
    bad = []
    for msgid, text in _messages():
        # "..", but not an ellipsis "..."; a placeholder ending a sentence whose value ends with
        # a period («млрд руб.») would print one too.
        if re.search(r"(?<!\.)\.\.(?!\.)", text) or re.search(r"%\(units?\)s\.", text):
            bad.append((msgid, text))
        if re.search(r"\((а|ы|о|ла|ен|на)\)", text):
            bad.append((msgid, text))
        if _nests_guillemets(text):
            bad.append((msgid, text))
    assert not bad
