"""Every upload is limited in size and type, with a clear message at its field (issue 8).

The three upload fields — the participant list, an expert's filled paper sheet, a session's
JSON export — each refuse a file over their own limit, a file of another type and a file that
only pretends to be of its type, with a message at the field, status 422 and nothing saved. A
request above ``MAX_CONTENT_LENGTH`` never reaches a form: it gets a page that says the limit
and leads back to the form (413), and nothing is saved either.
"""

import io
import zipfile
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from sessiontrack.core.spreadsheets import MAX_UNPACKED_BYTES
from sessiontrack.extensions import db as _db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.sessions.models import ReviewState, SessionState

from . import factories
from .import_files import spreadsheet_bomb, xlsx_bytes


@dataclass
class Upload:
    """An upload form: who sends it, where, in which field, with which other fields."""

    url: str
    field: str
    good_name: str
    size_setting: str
    fields: dict


def _people_import(db) -> tuple:
    strategic_session = factories.make_session()
    user = factories.make_member(strategic_session, ParticipantRole.FACILITATOR)
    db.session.commit()
    return user, Upload(
        f"/s/{strategic_session.slug}/people/import",
        "file",
        "people.xlsx",
        "IMPORT_MAX_BYTES",
        {"default_kind": "business"},
    )


def _paper_sheet(db) -> tuple:
    strategic_session = factories.make_session(
        state=SessionState.REVIEW, review_state=ReviewState.OPEN
    )
    user = factories.make_member(strategic_session, ParticipantRole.FACILITATOR)
    expert = factories.make_participant(strategic_session, role=ParticipantRole.EXPERT)
    db.session.commit()
    return user, Upload(
        f"/s/{strategic_session.slug}/review/paper/{expert.id}/upload",
        "sheet",
        "sheet.xlsx",
        "PAPER_SHEET_MAX_BYTES",
        {},
    )


def _session_import(db) -> tuple:
    user = factories.make_user(is_admin=True)
    db.session.commit()
    return user, Upload(
        "/import/session", "file", "session.json", "SESSION_IMPORT_MAX_BYTES", {"slug": ""}
    )


UPLOADS = {"people": _people_import, "paper sheet": _paper_sheet, "session JSON": _session_import}


@pytest.fixture(params=UPLOADS)
def upload(request, db, auth):
    user, form = UPLOADS[request.param](db)
    auth.login(user)
    return form


def _row_counts() -> dict[str, int]:
    return {
        table.name: _db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar()
        for table in _db.metadata.sorted_tables
    }


def _send(client, upload: Upload, content: bytes, name: str, **headers):
    data = {**upload.fields, upload.field: (io.BytesIO(content), name)}
    return client.post(upload.url, data=data, content_type="multipart/form-data", headers=headers)


def _refused_at_the_field(response, upload: Upload) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.split(f'id="{upload.field}-error"', 1)
    assert len(error) == 2, "no message at the field"
    return error[1].split("</div>", 1)[0]


def test_a_file_over_the_fields_limit_is_refused_at_the_field(app, client, upload):
    app.config[upload.size_setting] = 1024
    before = _row_counts()
    response = _send(client, upload, b"PK\x03\x04" + b"x" * 2048, upload.good_name)
    assert "Файл больше 1 КБ." in _refused_at_the_field(response, upload)
    assert _row_counts() == before


def test_a_file_of_another_type_is_refused_at_the_field(client, upload):
    before = _row_counts()
    response = _send(client, upload, b"%PDF-1.4 not a list", "scan.pdf")
    message = _refused_at_the_field(response, upload)
    assert "Загрузите" in message or "Выберите" in message
    assert _row_counts() == before


def test_a_file_that_only_pretends_to_be_of_its_type_is_refused_at_the_field(client, upload):
    before = _row_counts()
    content = b"\x00\x01 neither a workbook nor JSON \xff"
    response = _send(client, upload, content, upload.good_name)
    message = _refused_at_the_field(response, upload)
    assert "XLSX" in message or "JSON" in message or "UTF-8" in message, message
    assert _row_counts() == before


def test_a_request_over_the_content_limit_gets_a_page_with_the_limit_and_the_way_back(
    app, client, upload
):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    before = _row_counts()
    form_page = f"http://localhost{upload.url}"
    response = _send(client, upload, b"x" * 10_000, upload.good_name, Referer=form_page)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Файл слишком велик: за один раз можно отправить не больше 4 КБ." in page
    assert "Ничего не сохранено" in page
    assert f'href="{upload.url}"' in page  # back to the form
    assert _row_counts() == before


def test_the_way_back_never_leads_to_another_site(app, client, upload):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = _send(
        client, upload, b"x" * 10_000, upload.good_name, Referer="https://evil.example/form"
    )
    assert response.status_code == 413
    assert "evil.example" not in response.get_data(as_text=True)


@pytest.mark.slow
def test_under_gunicorn_the_browser_reads_the_page_rather_than_a_reset_connection(
    app, db, backend, tmp_path
):
    """Werkzeug refuses a request above the limit before reading it; the page is only read by
    a browser that could send its whole request, so the app reads it (up to a bound) and
    throws it away."""
    from bench.servers import gunicorn, server_environment
    from bench.webclient import WebClient

    user, upload = _people_import(db)
    env = server_environment(
        backend[1],
        "upload-secret",
        str(tmp_path / "instance"),
        PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
    )
    with gunicorn(env, preload=True) as base_url:
        browser = WebClient(base_url)
        assert browser.login(user.email, factories.PASSWORD).status == 302
        huge = "x" * (11 * 1024 * 1024)  # above the default 10 MB
        reply = browser.post(upload.url, {upload.field: huge, "default_kind": "business"})
        assert reply.status == 413
        assert "Файл слишком велик: за один раз можно отправить не больше 10 МБ." in reply.body
        assert browser.get(upload.url).status == 200  # and the server goes on


@pytest.mark.parametrize("upload", ["people", "paper sheet"], indirect=True)
def test_a_spreadsheet_that_claims_a_million_rows_is_refused_at_the_field(client, upload):
    # 5 KB that openpyxl would pad to every row and column Excel has (issue 12): refused from
    # the sheet's size before any row is read.
    before = _row_counts()
    response = _send(client, upload, spreadsheet_bomb(), upload.good_name)
    message = _refused_at_the_field(response, upload)
    assert "В листе больше" in message and "удалите строки после данных" in message
    assert _row_counts() == before


@pytest.mark.parametrize("upload", ["people", "paper sheet"], indirect=True)
def test_a_workbook_that_unpacks_to_too_much_is_refused_at_the_field(client, upload):
    buffer = io.BytesIO(xlsx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/media/image1.bin", bytes(MAX_UNPACKED_BYTES))
    before = _row_counts()
    response = _send(client, upload, buffer.getvalue(), upload.good_name)
    assert "Книга распаковывается в файлы больше 32 МБ" in _refused_at_the_field(response, upload)
    assert _row_counts() == before
