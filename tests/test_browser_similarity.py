"""The similar projects page on a phone and a laptop: the two demo sessions' embankments side
by side, stacked on a phone, no sideways scroll, no serious accessibility violation.

Runs against its own server with both demo sessions.
"""

import pytest

from sessiontrack.sampledata.completed import load_completed_demo
from sessiontrack.sampledata.demo import load_demo

from .live_world import serve_world
from .test_browser_layout import LAPTOP, PHONE, _log_in, _overflow, _serious_violations

pytestmark = pytest.mark.browser


def _both_demos() -> None:
    load_demo()
    load_completed_demo()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_world(tmp_path_factory, "similarity-live", _both_demos) as base:
        yield base


def test_the_pairs_fit_a_phone_and_a_laptop(server, page):
    _log_in(page, server, "admin")
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.goto(f"{server}/duplicates/")
        pair = page.locator("section.card").first
        pair.get_by_role(
            "link", name="Благоустройство набережной городского озера"
        ).first.wait_for()
        assert _overflow(page) == 0, size
        assert _serious_violations(page, server) == [], size
        boxes = [link.bounding_box() for link in pair.locator(".card-body > .row a").all()]
        stacked = boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"]
        assert stacked == (size is PHONE), size
    page.get_by_label("Сходство не менее, %").fill("95")
    page.get_by_role("button", name="Показать").click()
    page.get_by_text("Нет похожих проектов разных сессий при таком пороге.").wait_for()
