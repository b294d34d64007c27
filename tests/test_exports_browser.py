"""Browser journey: the facilitator builds the forum book, watches it progress, downloads it."""

import pytest

from sessiontrack.sampledata.marks import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_facilitator_builds_the_forum_book_with_progress_and_downloads_it(live_server, page):
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Электронная почта").fill("facilitator@demo.sessiontrack.example")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    # Another journey may have switched this account to English: choose Russian.
    page.get_by_role("button", name="RU").click()
    page.get_by_role("heading", name="Мои сессии").wait_for()
    page.goto(f"{live_server}/s/zheleznogorsk-2018/")
    page.get_by_role("link", name="Выгрузки").click()
    page.get_by_role("heading", name="Пакет для форума").wait_for()
    page.get_by_role("button", name="Собрать книгу для форума").click()
    # The job page polls its progress (htmx) until the file is ready.
    page.get_by_role("heading", name="PDF: Книга проектов для форума").wait_for()
    download_link = page.locator("#job-download")
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == "zheleznogorsk-2018-forum-book.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # The export page lists it among the user's recent exports.
    page.goto(f"{live_server}/s/zheleznogorsk-2018/exports/")
    page.get_by_role("heading", name="Ваши последние выгрузки").wait_for()
    assert "Готово" in page.locator("main").inner_text()
