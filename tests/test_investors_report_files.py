"""The investors' report in XLSX and PDF: the rows and totals of the page, read back."""

import io
import re
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from sessiontrack.extensions import db as _db
from sessiontrack.people.models import ExpertKind
from sessiontrack.projects.models import Stage
from sessiontrack.review import services
from sessiontrack.review.models import ParticipationForm
from sessiontrack.review.services import InterestTerms

from . import factories
from .review_world import make_review

HOSTILE_NOTE = '=HYPERLINK("http://evil.example","x")'


def _world(db):
    review = make_review(n_experts=3)
    first_user, first = review.experts[-1]
    second_user, second = factories.make_expert(review.session, kind=ExpertKind.INVESTOR)
    park, tram = review.projects[0], review.projects[1]
    stage = Stage(project_id=park.id, title="Стройка")
    db.session.add(stage)
    db.session.flush()
    for investor, user, project, form, low, high, stage_id, note in (
        (first, first_user, park, ParticipationForm.LOAN, "10", "20", stage.id, "Готов"),
        (second, second_user, park, ParticipationForm.GRANT, "5", None, None, HOSTILE_NOTE),
        (first, first_user, tram, ParticipationForm.LOAN, None, "7.5", None, ""),
    ):
        services.mark_interest(
            review.session,
            investor,
            project,
            InterestTerms(
                form=form,
                amount_from=Decimal(low) if low else None,
                amount_to=Decimal(high) if high else None,
                stage_id=stage_id,
                note=note,
            ),
            user,
        )
    _db.session.commit()
    return review


def _page_rows(page: str, testid: str) -> list[list[str]]:
    """The page table's rows: each cell's text with the nested list left out."""
    body = page.split(f'data-testid="{testid}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in body.split("<tr>")[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        rows.append(
            [re.sub(r"<ul.*?</ul>|<[^>]+>", "", cell, flags=re.S).strip() for cell in cells]
        )
    return rows


def _number(text: str) -> Decimal | None:
    """A figure of the page; the dash of an open total as ``None``."""
    if text == "—":
        return None
    return Decimal(text.replace("\xa0", "").replace(" ", "").replace(",", "."))


def _cell(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_the_workbook_holds_the_rows_and_totals_of_the_page(db, client, auth):
    review = _world(db)
    auth.login(review.facilitator)
    slug = review.session.slug
    page = client.get(f"/s/{slug}/review/investors").get_data(as_text=True)
    assert f"/s/{slug}/review/investors.xlsx" in page and f"/s/{slug}/review/investors.pdf" in page
    response = client.get(f"/s/{slug}/review/investors.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [
        "По проектам",
        "Интерес по проектам",
        "По инвесторам",
        "Проекты каждого инвестора",
    ]
    sheet = [list(row) for row in workbook["По проектам"].iter_rows(min_row=2, values_only=True)]
    page_rows = _page_rows(page, "by-project")
    assert [row[0] for row in sheet] == [row[0] for row in page_rows]
    for cells, shown in zip(sheet, page_rows, strict=True):
        assert cells[1] == int(shown[1])
        assert cells[2] == shown[2]
        assert _cell(cells[3]) == _number(shown[3])
        assert _cell(cells[4]) == _number(shown[4])
    investors = [list(r) for r in workbook["По инвесторам"].iter_rows(min_row=2, values_only=True)]
    by_investor = _page_rows(page, "by-investor")
    assert [row[0] for row in investors] == [row[0] for row in by_investor]
    for cells, shown in zip(investors, by_investor, strict=True):
        assert _cell(cells[2]) == _number(shown[2])
        assert _cell(cells[3]) == _number(shown[3])
    details = list(workbook["Интерес по проектам"].iter_rows(min_row=2, values_only=True))
    assert len(details) == 3
    assert ("Стройка", "Готов") in {(row[5], row[6]) for row in details}
    # The hostile note is text in the cell, never a formula.
    notes = [row[6] for row in details if row[6] and "HYPERLINK" in row[6]]
    assert notes == ["'" + HOSTILE_NOTE]


def test_an_open_upper_end_leaves_the_upper_total_open(db, client, auth):
    """One investor offers 5 and more for the park: its upper total is open (a dash), never a
    sum that reads as less than the lower total."""
    review = _world(db)
    auth.login(review.facilitator)
    page = client.get(f"/s/{review.session.slug}/review/investors").get_data(as_text=True)
    park = review.projects[0].display_title
    by_project = {row[0]: row for row in _page_rows(page, "by-project")}
    assert (_number(by_project[park][3]), by_project[park][4]) == (Decimal(15), "—")
    for row in _page_rows(page, "by-project") + _page_rows(page, "by-investor"):
        low, high = _number(row[-2]), _number(row[-1])
        assert high is None or low <= high


def test_the_pdf_lists_each_project_and_investor_with_the_page_figures(db, client, auth):
    review = _world(db)
    auth.login(review.facilitator)
    slug = review.session.slug
    page = client.get(f"/s/{slug}/review/investors").get_data(as_text=True)
    response = client.get(f"/s/{slug}/review/investors.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    )
    for heading in (
        "Отчёт по инвесторам",
        "По проектам",
        "По инвесторам",
        "Проекты каждого инвестора",
    ):
        assert heading in text
    for row in _page_rows(page, "by-project") + _page_rows(page, "by-investor"):
        assert row[0] in text
        for figure in row[-2:]:
            assert figure.replace("\xa0", " ") in text
    for word in ("Стройка", "Готов", "Заём", "Грант"):
        assert word in text


def test_others_cannot_download_the_report(db, client, auth):
    review = _world(db)
    user, _investor = review.experts[-1]
    auth.login(user)
    for suffix in ("xlsx", "pdf"):
        assert client.get(f"/s/{review.session.slug}/review/investors.{suffix}").status_code == 403
