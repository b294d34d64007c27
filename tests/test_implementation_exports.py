"""The portfolio's progress in files: the XLSX workbook and the PDF, read back and compared with
the facilitator's implementation dashboard."""

import html
import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pypdf
import pytest

from sessiontrack.projects import implementation as progress
from sessiontrack.projects.models import ProjectState, StageStatus
from sessiontrack.sessions.models import SessionState

from . import factories


@pytest.fixture
def projects(world, db):
    """Two recommended projects in implementation: the first with its stage done, a value,
    money and a report; the second with nothing recorded (its stage, due in 2019, is late)."""
    first, second = (
        factories.make_project(
            world.session,
            world.group,
            complete=True,
            state=ProjectState.RECOMMENDED,
            title=title,
            short_title=title,
        )
        for title in ("Альфа", "Бета")
    )
    world.session.state = SessionState.IMPLEMENTATION
    db.session.commit()
    stage = first.stages[0]
    progress.record_stage(
        world.member,
        stage,
        world.session,
        actual_start=date(2019, 1, 10),
        actual_end=date(2019, 7, 5),
        status=StageStatus.DONE,
        seen=progress.stage_token(stage),
    )
    indicator = first.indicators[0]
    for year, value in ((2019, "40.5"), (2020, "100")):
        progress.record_indicator_value(
            world.member, indicator, world.session, year=year, value=value, seen=None
        )
    for day, amount in ((date(2019, 7, 1), "3.25"), (date(2020, 2, 1), "20")):
        progress.add_secured_funding(
            world.facilitator,
            first,
            world.session,
            funding_source_id=factories.funding_source().id,
            secured_on=day,
            amount=amount,
            document=f"Соглашение от {day:%d.%m.%Y}",
        )
    progress.add_report(
        world.moderator, first, world.session, period="2019, III кв.", text="Работы начаты"
    )
    db.session.commit()
    return first, second


def _dashboard(world, client, auth) -> dict[str, list[str]]:
    """The dashboard's summary table: project title → its cells' text."""
    auth.login(world.facilitator)
    page = client.get(f"/s/{world.session.slug}/projects/implementation").get_data(as_text=True)
    table = page.partition('id="portfolio"')[2].partition("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr data-project=[^>]*>(.*?)</tr>", table, re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def _number(text: str) -> Decimal:
    return Decimal(text.replace("\xa0", "").replace(" ", "").replace(",", "."))


def test_the_workbook_holds_the_dashboards_figures(world, projects, client, auth, db):
    dashboard = _dashboard(world, client, auth)
    response = client.get(f"/s/{world.session.slug}/exports/progress.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Сведения",
        "Портфель",
        "Ключевые этапы",
        "Показатели",
        "Привлечённые средства",
        "Отчёты",
    ]
    portfolio = list(book["Портфель"].iter_rows(values_only=True))
    assert portfolio[0][0] == "Проект"
    for title, stages, done, late, indicators, reached, need, secured, gap in portfolio[1:]:
        cells = dashboard[title]
        assert cells[0] == f"{done} / {stages}" and int(cells[1]) == late
        assert cells[2] == f"{reached} / {indicators}"
        assert [_number(c) for c in cells[3:6]] == [
            Decimal(str(need)),
            Decimal(str(secured)),
            Decimal(str(gap)),
        ]
    assert [row[:4] for row in portfolio[1:]] == [("Альфа", 1, 1, 0), ("Бета", 1, 0, 1)]

    stages = list(book["Ключевые этапы"].iter_rows(values_only=True))[1:]
    assert [(row[0], row[5], row[6], row[7]) for row in stages] == [
        ("Альфа", datetime(2019, 7, 5), "Выполнено", "нет"),
        ("Бета", None, "Запланирован", "да"),
    ]
    indicators = list(book["Показатели"].iter_rows(values_only=True))[1:]
    assert [(row[0], row[3], row[5], row[6], row[7]) for row in indicators] == [
        ("Альфа", 100, 2019, 40.5, "да"),
        ("Альфа", 100, 2020, 100, "да"),
        ("Бета", 100, None, None, "нет"),
    ]
    funding = list(book["Привлечённые средства"].iter_rows(values_only=True))[1:]
    # Over time: the secured part grows to its need (12.5) and stops there; the gap shrinks.
    assert [(row[3], row[5], row[6], row[7]) for row in funding] == [
        (3.25, 12.5, 3.25, 9.25),
        (20, 12.5, 12.5, 0),
    ]
    assert funding[0][4] == "Соглашение от 01.07.2019"
    reports = list(book["Отчёты"].iter_rows(values_only=True))[1:]
    assert [(row[0], row[1], row[4]) for row in reports] == [
        ("Альфа", "2019, III кв.", "Работы начаты")
    ]


def test_the_pdf_prints_the_progress(world, projects, client, auth, db):
    auth.login(world.facilitator)
    response = client.get(f"/s/{world.session.slug}/exports/progress.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Ход реализации" in text and world.session.title in text
    for expected in ("Альфа", "Бета", "05.07.2019", "40,5", "Соглашение от 01.07.2019"):
        assert expected in text, expected
    assert "9,25" in text and "12,5" in text  # the gap after the first money, the need
    assert "Работы начаты" in text
    # No column heading is broken inside a word: each column is as wide as its longest word.
    words = set(text.split())
    for word in ("Фактическое", "окончание", "выполнено", "Просрочен", "Показатели"):
        assert word in words, word


def test_the_dashboard_and_the_exports_page_offer_the_files_to_facilitators(
    world, projects, client, auth, db
):
    auth.login(world.facilitator)
    for path in ("/projects/implementation", "/exports/"):
        page = client.get(f"/s/{world.session.slug}{path}").get_data(as_text=True)
        assert f"/s/{world.session.slug}/exports/progress.xlsx" in page, path
        assert f"/s/{world.session.slug}/exports/progress.pdf" in page, path
    auth.logout()
    auth.login(world.member)
    page = client.get(f"/s/{world.session.slug}/exports/").get_data(as_text=True)
    assert "progress.xlsx" not in page
    assert client.get(f"/s/{world.session.slug}/exports/progress.pdf").status_code == 403


def test_a_pdf_column_is_as_wide_as_its_longest_word_and_an_amount_is_one_word():
    """A heading wraps between its words; an amount with no-break spaces between its
    thousands («1 234 567,89») is one word: its column holds it whole."""
    from sessiontrack.exports.pdf.document import FAMILY, Document

    pdf = Document("widths")
    pdf.add_page()
    header = ["Проект", "Фактическое окончание", "Сумма"]
    rows = [["Коворкинг", "—", "1\u00a0234\u00a0567,89"]]
    columns = pdf.fitted_widths(
        (4, 0.5, 0.5), [(True, header)], [(False, row) for row in rows], size=7
    )
    pdf.set_font(FAMILY, "B", 7)
    assert columns[1] >= pdf.text_width("Фактическое") + 2
    pdf.set_font(FAMILY, "", 7)
    assert columns[2] >= pdf.text_width("1\u00a0234\u00a0567,89") + 2
    assert abs(sum(columns) - pdf.epw) < 0.01  # the table spans the page
