"""Paper scoring: the XLSX sheet read back with openpyxl, and uploads validated cell by cell."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.spreadsheets import SpreadsheetError
from sessiontrack.review import paper, services
from sessiontrack.review.models import Score, Scorecard, ScorecardState
from sessiontrack.sessions.models import ReviewState

from . import factories
from .import_files import database_snapshot, spreadsheet_bomb
from .review_world import make_review


@pytest.fixture
def setup(db):
    """Expert 1 assigned to three projects (a draft score on the first), a conflict with the
    fourth; expert 2 assigned to the first."""
    review = make_review(n_projects=4)
    user, expert = review.experts[0]
    cards = [
        services.assign(review.session, expert, p, review.facilitator) for p in review.projects[:3]
    ]
    services.save_scorecard(review.session, cards[0], user, values={review.criteria[0].id: 6})
    factories.make_conflict(expert, review.projects[3])
    services.assign(review.session, review.experts[1][1], review.projects[0], review.facilitator)
    db.session.commit()
    return review, expert, cards


def _sheet(review, expert):
    return load_workbook(io.BytesIO(paper.build_sheet(review.session, expert)))


def _upload(review, expert, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return paper.import_sheet(review.session, expert, buffer, review.facilitator)


def test_the_sheet_reads_back(setup):
    review, expert, cards = setup
    workbook = _sheet(review, expert)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[paper.HEADER_ROW]]
    assert headers == [
        "ID проекта",
        "Проект",
        "Направление",
        "Эффект (0–10)",
        "Реализуемость (1–5)",
        "Новизна (справочно) (0–10) — справочно, не учитывается",
        "Комментарий",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=paper.FIRST_ROW)]
    assert [row[0] for row in rows] == [c.project_id for c in cards]
    assert rows[0][3] == 6 and rows[1][3] is None  # the draft score is filled in
    assert sheet.row_dimensions[paper.KEY_ROW].hidden
    validations = {
        str(v.sqref): (v.type, v.formula1, v.formula2)
        for v in sheet.data_validations.dataValidation
    }
    assert validations["D6:D8"] == ("whole", "0", "10")
    assert validations["E6:E8"] == ("whole", "1", "5")
    criteria = workbook["Критерии"]
    assert criteria["A2"].value == "Эффект" and "Эффект для всего города" in criteria["E2"].value


def test_titles_cannot_run_as_formulas(setup, db):
    review, expert, cards = setup
    cards[0].project.title = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    sheet = _sheet(review, expert).worksheets[0]
    assert sheet.cell(paper.FIRST_ROW, 2).value.startswith("'=")


def test_a_filled_sheet_submits_its_rows(setup, db):
    review, expert, cards = setup
    workbook = _sheet(review, expert)
    sheet = workbook.worksheets[0]
    sheet["D6"], sheet["E6"], sheet["G6"] = 9, 5, "Отличный проект"
    sheet["D7"], sheet["E7"], sheet["F7"] = 3, "2", 8
    result = _upload(review, expert, workbook)
    assert result.ok, result.errors
    assert (result.submitted, result.blank) == (2, 1)
    db.session.commit()
    for card in cards:
        db.session.refresh(card)
    assert [c.state for c in cards] == [
        ScorecardState.SUBMITTED,
        ScorecardState.SUBMITTED,
        ScorecardState.DRAFT,
    ]
    assert {s.criterion_id: s.value for s in cards[1].scores} == {
        review.criteria[0].id: 3,
        review.criteria[1].id: 2,
        review.criteria[2].id: 8,
    }
    assert cards[0].comment == "Отличный проект"
    sources = db.session.scalars(
        sa.select(AuditEntry.changes).filter_by(action="scorecard_submitted")
    ).all()
    assert [changes["source"] for changes in sources] == ["paper", "paper"]
    # The same sheet again: already submitted and unchanged, nothing to do.
    again = _upload(review, expert, workbook)
    assert again.ok and again.unchanged == 2


def test_a_sheet_with_any_error_changes_nothing_and_names_every_cell(setup, db):
    review, expert, cards = setup
    unassigned = factories.make_project(review.session, review.group)
    workbook = _sheet(review, expert)
    sheet = workbook.worksheets[0]
    sheet["D6"], sheet["E6"] = 9, 5  # a good row: still not saved
    sheet["D7"], sheet["E7"] = 12, 2.5  # outside the scale; not a whole number
    sheet["D8"] = 4  # E8 missing
    sheet["A9"], sheet["D9"], sheet["E9"] = review.projects[3].id, 1, 1  # conflicted pair
    sheet["A10"], sheet["D10"], sheet["E10"] = 99999, 1, 1  # unknown project
    sheet["A11"], sheet["D11"], sheet["E11"] = cards[0].project_id, 1, 1  # listed twice
    sheet["A12"], sheet["D12"], sheet["E12"] = unassigned.id, 1, 1
    sheet["A13"], sheet["D13"] = "abc", 3
    before = db.session.execute(sa.select(Score.scorecard_id, Score.value)).all()
    result = _upload(review, expert, workbook)
    db.session.rollback()
    assert result.errors == [
        "D7: оценка 12 вне шкалы 0–10.",
        "E7: «2.5» — не целое число.",
        "E8: нет оценки по критерию «Реализуемость».",
        f"A9: у эксперта конфликт интересов с проектом {review.projects[3].id}.",
        "A10: неизвестный проект 99999.",
        f"A11: проект {cards[0].project_id} указан дважды.",
        f"A12: проект {unassigned.id} не назначен этому эксперту.",
        "A13: «abc» — не ID проекта.",
    ]
    assert db.session.execute(sa.select(Score.scorecard_id, Score.value)).all() == before
    states = db.session.scalars(sa.select(Scorecard.state)).all()
    assert set(states) == {ScorecardState.DRAFT}


def test_another_experts_sheet_or_another_file_is_refused(setup):
    review, expert, _cards = setup
    other = review.experts[1][1]
    result = _upload(review, other, _sheet(review, expert))
    assert result.errors == ["B4: этот лист принадлежит другому эксперту."]
    with pytest.raises(SpreadsheetError, match="Файл не является книгой XLSX"):
        paper.import_sheet(review.session, expert, io.BytesIO(b"not a workbook"), None)


@pytest.mark.parametrize(
    "bomb",
    [
        {},  # the sheet claims every row and column Excel has
        {"dimension": "A1:G4", "last_row": 1048576},  # claims little, but a cell lies far below
        {"dimension": "A1:G4", "last_row": paper.MAX_SHEET_ROWS + 1},
    ],
)
def test_a_sheet_larger_than_a_scoring_sheet_is_refused_unread(setup, bomb):
    review, expert, _cards = setup
    before = database_snapshot()
    with pytest.raises(SpreadsheetError, match="В листе больше 2000 строк"):
        paper.import_sheet(review.session, expert, io.BytesIO(spreadsheet_bomb(**bomb)), None)
    assert database_snapshot() == before


def test_uploads_wait_for_an_open_review(setup, db):
    review, expert, _cards = setup
    review.session.review_state = ReviewState.CLOSED
    result = _upload(review, expert, _sheet(review, expert))
    assert result.errors == ["Экспертиза не открыта: сейчас оценки изменить нельзя."]


def test_upload_over_http_lists_the_errors(setup, client, auth, db):
    review, expert, _cards = setup
    workbook = _sheet(review, expert)
    workbook.worksheets[0]["D7"] = 12
    workbook.worksheets[0]["E7"] = 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    auth.login(review.facilitator)
    url = f"/s/{review.session.slug}/review/paper/{expert.id}"
    response = client.post(
        f"{url}/upload",
        data={"sheet": (buffer, "sheet.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Лист не загружен, ничего не изменилось" in page
    assert "D7: оценка 12 вне шкалы 0–10." in page
    wrong_type = client.post(
        f"{url}/upload",
        data={"sheet": (io.BytesIO(b"x"), "sheet.csv")},
        content_type="multipart/form-data",
    )
    assert wrong_type.status_code == 422
    assert "Загрузите файл .xlsx." in wrong_type.get_data(as_text=True)


def test_the_print_view_and_the_download(setup, client, auth):
    review, expert, cards = setup
    user = review.experts[0][0]
    auth.login(user)
    url = f"/s/{review.session.slug}/review/paper/{expert.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Оценочный лист эксперта" in page and cards[0].project.title in page
    assert "Эффект для всего города" in page
    assert "Загрузить заполненный лист" not in page  # uploading is the facilitator's
    download = client.get(f"{url}/sheet.xlsx")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert load_workbook(io.BytesIO(download.data)).worksheets[0]["A6"].value == cards[0].project_id
    other = review.experts[1][1]
    assert client.get(f"/s/{review.session.slug}/review/paper/{other.id}").status_code == 403
