"""The funding figures: need (every row), secured (the secured rows), gap (need − secured).

One function (:class:`sessiontrack.projects.summaries.Money`) gives them; every page and export
must show the same three figures. The demo's local budget once read «27 / 130 → −103»: a secured
row counted as secured but not as part of the need.
"""

import csv
import io
import json
import re
from decimal import Decimal
from functools import partial

import docx
import openpyxl
import pypdf
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from sessiontrack.core import numbers
from sessiontrack.exports import services
from sessiontrack.projects.models import (
    MONEY_UNITS,
    Project,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
)
from sessiontrack.projects.summaries import Money, Totals
from sessiontrack.reference.models import FundingSource

TECHNOPARK = "Технопарк «Железногорск»"

rows = st.lists(
    st.tuples(
        st.sampled_from(list(ResourceStatus)),
        st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
        st.sampled_from([None, 1, 2]),  # funding source
        st.sampled_from([None, 2019, 2020]),  # year
    ),
    max_size=30,
)


@given(rows)
def test_the_gap_is_never_negative_and_need_is_secured_plus_gap(resource_rows):
    totals = Totals()
    for status, amount, source, year in resource_rows:
        totals.add(source, year, status, amount)
    every = [
        *totals.cells.values(),
        *totals.by_source.values(),
        *totals.by_year.values(),
        totals.total,
    ]
    for money in every:
        assert money.gap >= 0
        assert money.need == money.secured + money.gap
    assert totals.total.need == sum((amount for _s, amount, *_ in resource_rows), Decimal(0))
    assert totals.total.secured == sum(
        (amount for status, amount, *_ in resource_rows if status == ResourceStatus.SECURED),
        Decimal(0),
    )
    assert totals.total.gap == sum(
        (amount for status, amount, *_ in resource_rows if status == ResourceStatus.REQUESTED),
        Decimal(0),
    )


@given(rows, rows)
def test_adding_two_sums_is_the_sum_of_all_their_rows(first, second):
    def money_of(resource_rows) -> Money:
        money = Money()
        for status, amount, *_ in resource_rows:
            money.add(status, amount)
        return money

    both = money_of(first)
    both += money_of(second)
    assert both == money_of(first + second)


# ----------------------------------------------------------------------------------------------
# The demo: every page and export shows the same figures
# ----------------------------------------------------------------------------------------------


def _expected(db, session, *where) -> tuple[Decimal, Decimal, Decimal]:
    """Need, secured and gap in million roubles, summed here row by row from the database."""
    need = secured = Decimal(0)
    for row in db.session.scalars(
        sa.select(ResourceNeed)
        .join(Project)
        .where(
            Project.session_id == session.id,
            Project.state != ProjectState.WITHDRAWN,
            ResourceNeed.kind == ResourceKind.FINANCIAL,
            *where,
        )
    ):
        amount = row.amount * MONEY_UNITS[row.unit]
        need += amount
        if row.status == ResourceStatus.SECURED:
            secured += amount
    return need, secured, need - secured


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def test_every_page_and_export_shows_the_same_need_secured_and_gap(
    app, db, client, demo, demo_logins
):
    session = demo
    email, password = next((e, p) for role, e, p in demo_logins if role == "Facilitator")
    project = db.session.scalar(
        sa.select(Project).where(
            Project.session_id == session.id, Project.short_title == TECHNOPARK
        )
    )
    # The technopark: 420 federal + 140 regional requested, 35 local secured.
    figures = _expected(db, session, Project.id == project.id)
    assert figures == (Decimal(595), Decimal(35), Decimal(560))
    local = db.session.scalar(sa.select(FundingSource).filter_by(code="local_budget"))
    local_figures = _expected(db, session, ResourceNeed.funding_source_id == local.id)
    everything = _expected(db, session)
    assert local_figures[1] > 0  # the demo's local budget has secured money: the old bug's case
    with app.test_request_context():
        text = partial(map, numbers.amount)
        shown, local_shown, total_shown = (
            list(text(figures)),
            list(text(local_figures)),
            list(text(everything)),
        )
    client.post("/auth/login", data={"email": email, "password": password})
    base = f"/s/{session.slug}/projects"

    # The project page: the money table's grand total.
    page = client.get(f"{base}/{project.id}").get_data(as_text=True)
    table = page.split('class="table table-sm table-bordered align-middle money-table"')[1]
    assert _cells(table.split("<tfoot>")[1].split("</tfoot>")[0])[-3:] == shown

    # The resources page: the headline, and the local budget's line (gap not negative).
    page = client.get(f"{base}/resources").get_data(as_text=True)
    for name, value in zip(("need", "secured", "gap"), total_shown, strict=True):
        assert f'id="total-{name}">{value}<' in page
    overall = page.split("money-table")[1].split("</table>")[0]
    local_row = next(row for row in overall.split("<tr>") if "Местный бюджет" in row)
    assert _cells(local_row)[-3:] == local_shown
    assert local_figures[2] >= 0 and "-" not in local_shown[2]

    # Each funding source's sheet.
    page = client.get(f"{base}/resources/sources?source=local_budget").get_data(as_text=True)
    assert "потребность {}, обеспечено {}, дефицит {}".format(*local_shown) in page

    # The wrap-up screen of the technopark's direction.
    page = client.get(f"{base}/wrapup/{project.direction_id}").get_data(as_text=True)
    article = page.split(f'id="wrapup-project-{project.id}"')[1].split("</article>")[0]
    assert [
        re.search(rf'class="text-end wrapup-{name}">([^<]*)<', article).group(1)
        for name in ("need", "secured", "gap")
    ] == shown

    # The workbook's register and the CSV (semicolon, decimal commas) of the same table.
    export = services.build(session, services.ExportRequest("xlsx", "workbook"))
    register = openpyxl.load_workbook(io.BytesIO(export.content))["Реестр проектов"]
    header = [cell.value for cell in register[1]]
    row = next(
        dict(zip(header, values, strict=True))
        for values in register.iter_rows(min_row=2, values_only=True)
        if values[header.index("Краткое наименование")] == TECHNOPARK
    )
    money_columns = (
        "Потребность в финансировании, млн руб.",
        "Обеспечено, млн руб.",
        "Дефицит финансирования, млн руб.",
    )
    assert tuple(row[c] for c in money_columns) == figures
    export = services.build(
        session, services.ExportRequest("csv", "projects", delimiter="semicolon")
    )
    lines = csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";")
    row = next(line for line in lines if line["Краткое наименование"] == TECHNOPARK)
    assert tuple(Decimal(row[c].replace(",", ".")) for c in money_columns) == figures

    # The passport, in PDF and in DOCX: the resources' totals row.
    export = services.build(session, services.ExportRequest("pdf", "passport", project.id))
    reader = pypdf.PdfReader(io.BytesIO(export.content))
    pdf_text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Финансовые ресурсы, итого {} {} {} млн руб.".format(*shown) in pdf_text
    export = services.build(session, services.ExportRequest("docx", "passport", project.id))
    document = docx.Document(io.BytesIO(export.content))
    totals_row = next(
        t.rows[-1] for t in document.tables if t.rows[-1].cells[0].text.startswith("Финансовые")
    )
    assert [cell.text for cell in totals_row.cells][-4:] == [*shown, "млн руб."]

    # The JSON document's results.
    export = services.build(session, services.ExportRequest("json", "session"))
    document = json.loads(export.content)
    key = next(p["key"] for p in document["projects"] if p["short_title"] == TECHNOPARK)
    funding = document["results"]["funding"]
    entry = next(p for p in funding["projects"] if p["project"] == key)
    assert funding["unit"] == "млн руб."
    assert [Decimal(entry[name]) for name in ("need", "secured", "gap")] == list(figures)


def test_rows_in_thousands_add_up_before_they_are_rounded(app, db):
    """Ten rows of 123.45 тыс. руб. are 1.2345 млн: 1.23 everywhere, not 1.20 where the rows
    were rounded one by one (the exports) and 1.23 where the database summed them (the pages)."""
    from sessiontrack.exports.session_json.computed import _export_funding
    from sessiontrack.projects.summaries import money_by_project, project_totals

    from . import factories

    session = factories.make_session()
    group = factories.make_group(factories.make_direction(session))
    project = factories.make_project(session, group)
    source = factories.funding_source()
    for status in [ResourceStatus.SECURED] * 3 + [ResourceStatus.REQUESTED] * 7:
        project.resources.append(
            ResourceNeed(
                kind=ResourceKind.FINANCIAL,
                amount=Decimal("123.45"),
                unit="тыс. руб.",
                year=2020,
                funding_source_id=source.id,
                status=status,
            )
        )
    db.session.commit()

    in_python = project_totals(project).total.rounded()
    in_sql = money_by_project([project.id])[project.id].rounded()
    assert (in_python.need, in_python.secured, in_python.gap) == (
        Decimal("1.23"),
        Decimal("0.37"),
        Decimal("0.86"),
    )
    assert (in_sql.need, in_sql.secured, in_sql.gap) == (
        in_python.need,
        in_python.secured,
        in_python.gap,
    )
    funding = _export_funding([project], {project.id: "p1"})
    assert funding["total"] == {"need": "1.23", "secured": "0.37", "gap": "0.86"}
