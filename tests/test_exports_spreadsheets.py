"""The workbook and the CSV tables, read back with openpyxl and the csv module."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from sessiontrack.exports import csv_format, data, services, tables
from sessiontrack.exports.spreadsheets import neutralise, neutralise_csv
from sessiontrack.projects.models import ProjectState
from sessiontrack.review.aggregation import compute_results

from .export_data import HOSTILE_PARTNER, HOSTILE_TITLE, SECRET_COMMENT, make_forum_session
from .factories import make_project, make_scorecard


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+7 999", "'+7 999"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Набережная", "Набережная"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (Decimal("1.5"), Decimal("1.5")),
        (None, None),
    ],
)
def test_text_that_could_start_a_formula_is_neutralised(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x;=2+5;y", "x;'=2+5;y"),
        ("a,=3+4", "a,'=3+4"),
        ("=1;+2", "'=1;'+2"),
        ('b; "@SUM(A1)"', 'b; "\'@SUM(A1)"'),
        ("c\n-1", "c\n'-1"),
        ("a=b; c-d, e+f", "a=b; c-d, e+f"),
        (7, 7),
    ],
)
def test_csv_text_is_neutralised_wherever_another_delimiter_starts_a_cell(value, expected):
    assert neutralise_csv(value) == expected


def _workbook(world, user=None) -> openpyxl.Workbook:
    export = services.build(world.session, services.ExportRequest("xlsx", "workbook"), user=user)
    return openpyxl.load_workbook(io.BytesIO(export.content))


def _rows(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[1]]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_workbook_has_every_sheet_with_frozen_header_filter_and_formats(app):
    world = make_forum_session()
    book = _workbook(world)
    assert book.sheetnames == [
        "Сведения",
        "Реестр проектов",
        "Ресурсы",
        "Ключевые этапы",
        "Целевые показатели",
        "Оценки экспертов",
        "Итоги по проектам",
        "Рейтинг",
    ]
    register = book["Реестр проектов"]
    assert register.freeze_panes == "A2"
    assert register.auto_filter.ref == f"A1:{register.cell(1, register.max_column).column_letter}5"
    assert register["A1"].font.bold
    rows = _rows(register)
    assert len(rows) == 4
    embankment = next(row for row in rows if row["Полное наименование"] == "Набережная Енисея")
    assert embankment["Направление"] == "Городская среда"
    assert embankment["Рабочая группа"] == "Группа «Городская среда»"
    assert embankment["Состояние"] == "Рекомендован на форум"
    assert embankment["Год начала"] == 2019
    assert embankment["Потребность в финансировании, млн руб."] == Decimal("12.5")
    assert embankment["Дефицит финансирования, млн руб."] == Decimal("12.5")
    # Heating: (80 + 70) / 2 = 75 beats the embankment: (83.3 + 63.3) / 2 = 73.3.
    assert embankment["Место"] == 2
    assert embankment["Итоговый балл (0–100)"] == pytest.approx(220 / 3)
    # Widths fit the content: the long project names get a wide column, not the default.
    title_column = register.column_dimensions["B"].width
    assert 20 < title_column <= 60

    resources = book["Ресурсы"]
    amount_cell = next(cell for cell in resources[2] if cell.value == Decimal("12.5"))
    assert amount_cell.number_format == "#,##0.00"
    stages = book["Ключевые этапы"]
    start_cell = stages.cell(2, [c.value for c in stages[1]].index("Начало") + 1)
    assert start_cell.is_date and start_cell.number_format == "DD.MM.YYYY"


def test_workbook_neutralises_formulas_and_keeps_them_as_text(app):
    world = make_forum_session()
    book = _workbook(world)
    register = book["Реестр проектов"]
    titles = [row["Полное наименование"] for row in _rows(register)]
    assert "'" + HOSTILE_TITLE in titles
    partners = {row["Организации-партнёры"] for row in _rows(register)}
    assert "'" + HOSTILE_PARTNER in partners
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"


def test_raw_scores_and_results_match_the_aggregation(app):
    world = make_forum_session()
    book = _workbook(world)
    scores = _rows(book["Оценки экспертов"])
    assert len(scores) == 6
    first = next(
        row
        for row in scores
        if row["Эксперт"] == "Эксперт 1" and row["Проект"] == "Набережная Енисея"
    )
    assert first["Соответствие национальным проектам"] == 9
    assert first["Реализуемость"] == 7
    # (2·0.9 + 1·0.7) / 3 × 100
    assert first["Итог оценки (0–100)"] == pytest.approx(250 / 3)
    assert first["Комментарий"] == SECRET_COMMENT

    computed = compute_results(world.session)
    ranking = _rows(book["Рейтинг"])
    assert [row["№ проекта"] for row in ranking] == [r.project_id for r in computed.projects]
    assert [row["Место"] for row in ranking] == [r.rank for r in computed.projects]
    results = {row["№ проекта"]: row for row in _rows(book["Итоги по проектам"])}
    for result in computed.projects:
        row = results[result.project_id]
        assert row["Среднее"] == pytest.approx(result.mean)
        assert row["Медиана"] == pytest.approx(result.median)
        assert row["Оценочные листы"] == result.n
    about = {row[0]: row[1] for row in book["Сведения"].iter_rows(values_only=True)}
    assert about["Сессия"] == world.session.title
    assert about["Метод ранжирования"] == computed.method_title


def test_before_publication_no_score_reaches_a_non_facilitator(app):
    world = make_forum_session()
    scope = services.scope_for(world.users["expert1"], world.session)
    assert not scope.scores
    assert tables.available_tables(scope) == ("projects", "resources", "stages", "indicators")
    register = tables.SessionTables(scope).build("projects")
    assert "Место" not in [column.title for column in register.columns]
    with pytest.raises(PermissionError):
        tables.SessionTables(scope).build("scores")


def test_after_publication_readers_get_the_scores_of_the_projects_they_may_read(app):
    world = make_forum_session()
    world.publish()
    book = _workbook(world, user=world.users["observer"])
    assert "Оценки экспертов" in book.sheetnames
    titles = {row["Полное наименование"] for row in _rows(book["Реестр проектов"])}
    # Observers read the reviewed projects once published, never a draft.
    assert "Черновик: дороги к промзоне" not in titles
    assert "Набережная Енисея" in titles
    assert SECRET_COMMENT in {row["Комментарий"] for row in _rows(book["Оценки экспертов"])}


def _csv(world, name, separator="comma", user=None):
    export = services.build(
        world.session, services.ExportRequest("csv", name, delimiter=separator), user=user
    )
    return export.content


def test_csv_is_utf8_with_bom_and_comma_separated_by_default(app):
    world = make_forum_session()
    content = _csv(world, "resources")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 4
    row = next(r for r in rows if r["Проект"] == "Набережная Енисея")
    assert (row["Потребность"], row["Обеспечено"], row["Дефицит"]) == ("12.50", "0", "12.50")
    assert row["Источник финансирования"] == "Федеральный бюджет"
    assert row["Вид"] == "Финансовые"


def test_csv_semicolon_variant_uses_decimal_commas_for_russian_excel(app):
    world = make_forum_session()
    text = _csv(world, "ranking", separator="semicolon").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    computed = compute_results(world.session)
    assert [int(row["Место"]) for row in rows] == [r.rank for r in computed.projects]
    first = rows[0]
    assert first["Итоговый балл (0–100)"] == f"{computed.projects[0].mean:.2f}".replace(".", ",")


def test_csv_neutralises_formulas(app):
    world = make_forum_session()
    rows = list(csv.reader(io.StringIO(_csv(world, "projects").decode("utf-8-sig"))))
    cells = {cell for row in rows for cell in row}
    assert "'" + HOSTILE_TITLE in cells
    assert HOSTILE_TITLE not in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize(("separator", "other"), [("comma", ";"), ("semicolon", ",")])
def test_csv_read_on_the_other_delimiter_starts_no_cell_with_a_formula(app, db, separator, other):
    # Russian Excel opens a comma file split on semicolons, and the reverse (issue 12): a text
    # holding the other delimiter must not make a formula cell of what follows it.
    world = make_forum_session()
    titles = ["x;=2+5;y", "a,=3+4", 'b; "@SUM(A1)"', "c\n-1+1"]
    for project, title in zip(world.projects.values(), titles, strict=True):
        project.title = title
    db.session.commit()
    text = _csv(world, "projects", separator).decode("utf-8-sig")
    assert "x;'=2+5;y" in text and "a,'=3+4" in text
    split_lines = [line.split(other) for line in text.splitlines()]
    split_csv = list(csv.reader(io.StringIO(text), delimiter=other))
    for cell in [cell for row in split_lines + split_csv for cell in row]:
        assert not cell.lstrip(' \t"').startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("name", tables.TABLE_NAMES)
def test_every_csv_table_has_its_header_and_rows(app, name):
    world = make_forum_session()
    table = tables.SessionTables(data.whole_session(world.session)).build(name)
    rows = list(csv.reader(io.StringIO(csv_format.table_bytes(table).decode("utf-8-sig"))))
    assert rows[0] == [column.title for column in table.columns]
    assert len(rows) == len(table.rows) + 1
    assert len(rows) > 1


@pytest.mark.parametrize(
    "kind", ["xlsx:workbook", "csv:scores", "pdf:book", "json:session", "pdf:sheets"]
)
def test_an_export_costs_the_same_queries_for_4_and_40_projects(app, db, count_queries, kind):
    world = make_forum_session()
    world.publish()
    export_format, name = kind.split(":")

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            services.build(world.session, services.ExportRequest(export_format, name))
        return counter.count

    few = queries()
    for number in range(36):
        project = make_project(
            world.session, world.groups[number % 2], complete=True, state=ProjectState.RECOMMENDED
        )
        make_scorecard(project, world.experts[number % 2], {world.criteria[0]: 5}, submitted=True)
    db.session.commit()
    assert queries() == few
