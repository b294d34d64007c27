"""The export page, downloads by role, background jobs with progress, the export CLI."""

import io
import re
from datetime import timedelta

import docx
import openpyxl
import pypdf
import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.models import utcnow
from sessiontrack.exports import jobs
from sessiontrack.exports.models import ExportJob, ExportJobState

from .export_data import OTHER_COMMENT, SECRET_COMMENT, make_forum_session

# What only scores put in a file: the comments, and the titles of score columns and sections.
SCORE_MARKS = (SECRET_COMMENT, OTHER_COMMENT, "Итоговый балл", "Оценки экспертов", "Рейтинг")


def _text_of(response) -> str:
    """The readable text of a downloaded file, whatever its format."""
    content = response.get_data()
    mimetype = response.mimetype
    if mimetype == "application/pdf":
        reader = pypdf.PdfReader(io.BytesIO(content))
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    if mimetype.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(content))
        return " ".join(
            [sheet.title for sheet in book.worksheets]
            + [
                str(value)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            ]
        )
    if mimetype.endswith("wordprocessingml.document"):
        document = docx.Document(io.BytesIO(content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    return content.decode("utf-8-sig")


def _download_urls(world) -> list[str]:
    slug = world.session.slug
    urls = [
        f"/s/{slug}/exports/workbook.xlsx",
        f"/s/{slug}/exports/session.json",
        f"/s/{slug}/exports/minutes.pdf",
        f"/s/{slug}/exports/minutes.docx",
        f"/s/{slug}/exports/scoring-sheets.pdf",
        f"/s/{slug}/exports/scoring-sheets.pdf?by=project",
    ]
    for name in ("projects", "resources", "stages", "indicators", "scores", "results", "ranking"):
        urls.append(f"/s/{slug}/exports/tables/{name}.csv")
        urls.append(f"/s/{slug}/exports/tables/{name}.csv?separator=semicolon")
    for project in world.projects.values():
        urls += [
            f"/s/{slug}/exports/projects/{project.id}/passport.pdf",
            f"/s/{slug}/exports/projects/{project.id}/passport.docx",
        ]
    return urls


@pytest.mark.parametrize("role", ["expert1", "expert2", "member", "other_member", "observer"])
def test_before_publication_no_download_of_a_non_facilitator_holds_a_score(app, client, auth, role):
    world = make_forum_session()
    auth.login(world.users[role])
    got = 0
    for url in _download_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code == 200:
            got += 1
            text = _text_of(response)
            for mark in SCORE_MARKS:
                assert mark not in text, f"{url} shows «{mark}» to {role}"
    # Everyone gets at least the minutes; scores stay out of all of it.
    assert got >= 2


def test_the_facilitator_downloads_everything_with_the_scores(app, client, auth):
    world = make_forum_session()
    auth.login(world.users["facilitator"])
    texts = {}
    for url in _download_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "attachment" in response.headers["Content-Disposition"]
        texts[url] = _text_of(response)
    slug = world.session.slug
    assert SECRET_COMMENT in texts[f"/s/{slug}/exports/tables/scores.csv"]
    assert SECRET_COMMENT in texts[f"/s/{slug}/exports/workbook.xlsx"]
    assert SECRET_COMMENT in texts[f"/s/{slug}/exports/session.json"]


def test_after_publication_the_package_reaches_everyone_in_the_session(app, client, auth):
    world = make_forum_session()
    world.publish()
    auth.login(world.users["expert2"])
    slug = world.session.slug
    response = client.get(f"/s/{slug}/exports/tables/scores.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    assert SECRET_COMMENT in _text_of(response)
    assert client.get(f"/s/{slug}/exports/session.json").status_code == 403
    page = client.get(f"/s/{slug}/exports/").get_data(as_text=True)
    assert "Пакет для форума" in page and "Вся сессия (JSON)" not in page


def test_the_export_page_offers_each_role_what_it_may_have(app, client, auth):
    world = make_forum_session()
    slug = world.session.slug
    auth.login(world.users["facilitator"])
    page = client.get(f"/s/{slug}/exports/").get_data(as_text=True)
    for expected in ("Пакет для форума", "Собрать книгу для форума", "Вся сессия (JSON)", "Бланки"):
        assert expected in page
    assert page.count("passport.pdf") == 4
    auth.logout()
    auth.login(world.users["member"])
    page = client.get(f"/s/{slug}/exports/").get_data(as_text=True)
    assert "появится здесь, когда модератор сессии опубликует результаты" in page
    assert "Собрать книгу для форума" not in page
    # The member's group has the embankment and the hostile project; the other group's
    # recommended project is not theirs to export.
    assert f"/projects/{world.projects['embankment'].id}/passport.pdf" in page
    assert f"/projects/{world.projects['heating'].id}/passport.pdf" not in page
    auth.logout()
    auth.login(world.users["expert1"])
    page = client.get(f"/s/{slug}/exports/").get_data(as_text=True)
    assert "Мои бланки оценки (PDF)" in page


def test_a_job_builds_the_book_and_offers_the_download(app, db, client, auth):
    world = make_forum_session()
    auth.login(world.users["facilitator"])
    slug = world.session.slug
    response = client.post(f"/s/{slug}/exports/jobs", data={"document": "pdf:book"})
    assert response.status_code == 302
    job = db.session.scalar(sa.select(ExportJob))
    assert response.headers["Location"].endswith(f"/s/{slug}/exports/jobs/{job.id}")
    assert job.state == ExportJobState.DONE and job.done == job.total == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Файл готов" in page and "hx-trigger" not in page
    download = client.get(f"/s/{slug}/exports/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf"
    assert "Набережная Енисея" in _text_of(download)
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="export"))
    assert entry.object_type == "export_job" and entry.user_id == world.users["facilitator"].id


def test_a_jobs_task_runs_only_once_its_row_is_committed(app, db, client, auth, monkeypatch):
    seen = []

    def run_job(job_id, *, redelivered=False):
        # Another connection, as a worker has: it sees only what is committed.
        with db.engine.connect() as connection:
            seen.append(connection.scalar(sa.select(ExportJob.state).where(ExportJob.id == job_id)))

    monkeypatch.setattr(jobs, "run_job", run_job)
    world = make_forum_session()
    auth.login(world.users["facilitator"])
    response = client.post(f"/s/{world.session.slug}/exports/jobs", data={"document": "pdf:book"})
    assert response.status_code == 302
    assert seen == [ExportJobState.QUEUED], seen


def test_a_running_job_polls_and_a_dead_one_says_it_stopped(app, db, client, auth):
    world = make_forum_session()
    facilitator = world.users["facilitator"]
    running = ExportJob(
        session_id=world.session.id,
        user_id=facilitator.id,
        format="pdf",
        name="book",
        state=ExportJobState.RUNNING,
        done=3,
        total=10,
    )
    dead = ExportJob(
        session_id=world.session.id,
        user_id=facilitator.id,
        format="pdf",
        name="book",
        state=ExportJobState.RUNNING,
        updated_at=utcnow() - timedelta(hours=1),
    )
    db.session.add_all([running, dead])
    db.session.commit()
    auth.login(facilitator)
    slug = world.session.slug
    page = client.get(f"/s/{slug}/exports/jobs/{running.id}/progress").get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in page
    assert 'value="30"' in page and "3 из 10" in page
    page = client.get(f"/s/{slug}/exports/jobs/{dead.id}/progress").get_data(as_text=True)
    assert "Выгрузка прервалась" in page and "hx-trigger" not in page
    assert client.get(f"/s/{slug}/exports/jobs/{running.id}/download").status_code == 404


def test_someone_elses_job_is_not_theirs_to_see(app, db, client, auth):
    world = make_forum_session()
    world.publish()
    auth.login(world.users["expert1"])
    slug = world.session.slug
    response = client.post(f"/s/{slug}/exports/jobs", data={"document": "xlsx:workbook"})
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    auth.logout()
    auth.login(world.users["expert2"])
    assert client.get(f"/s/{slug}/exports/jobs/{job_id}").status_code == 403
    assert client.get(f"/s/{slug}/exports/jobs/{job_id}/download").status_code == 403
    # An unknown document is refused at the form, with the page and its message.
    response = client.post(f"/s/{slug}/exports/jobs", data={"document": "exe:virus"})
    assert response.status_code == 422
    assert "Выберите выгрузку из списка" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["xlsx"], lambda content: content.startswith(b"PK")),
        (["csv", "--document", "ranking", "--separator", "semicolon"], lambda c: b";" in c),
        (["pdf"], lambda content: content.startswith(b"%PDF")),
        (["pdf", "--document", "sheets", "--by", "project"], lambda c: c.startswith(b"%PDF")),
        (["pdf", "--document", "minutes"], lambda content: content.startswith(b"%PDF")),
        (["docx"], lambda content: content.startswith(b"PK")),
    ],
)
def test_cli_export(app, runner, tmp_path, args, check):
    world = make_forum_session()
    path = tmp_path / "out"
    result = runner.invoke(
        args=["export", *args, "--session", world.session.slug, "--output", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert check(path.read_bytes())


def test_cli_export_of_a_passport_and_its_mistakes(app, runner, tmp_path):
    world = make_forum_session()
    path = tmp_path / "passport.docx"
    project = world.projects["heating"]
    base = ["export", "docx", "--session", world.session.slug, "--output", str(path)]
    result = runner.invoke(args=[*base, "--document", "passport", "--project", str(project.id)])
    assert result.exit_code == 0, result.output
    assert "Теплосети без потерь" in " ".join(p.text for p in docx.Document(str(path)).paragraphs)
    result = runner.invoke(args=[*base, "--document", "passport"])
    assert result.exit_code == 2 and "--project" in result.output
    result = runner.invoke(args=[*base, "--document", "book"])
    assert result.exit_code == 2
    result = runner.invoke(args=[*base, "--document", "passport", "--project", "999999"])
    assert result.exit_code == 1 and "нет такого проекта" in result.output
    result = runner.invoke(args=["export", "json", "--session", "nope", "--output", str(path)])
    assert result.exit_code == 1 and "nope" in result.output


def test_cli_prints_progress_for_the_book(app, runner, tmp_path):
    world = make_forum_session()
    result = runner.invoke(
        args=["export", "pdf", "--session", world.session.slug, "--output", str(tmp_path / "b")]
    )
    assert result.exit_code == 0
    assert "pdf book" in result.output
