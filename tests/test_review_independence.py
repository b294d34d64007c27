"""Independence: until the results are published, an expert sees no other expert's scores,
comments or averages — on any page, download or response they can get.

Every GET route of the app is walked as the expert, with every object of the session in its
URL; whatever answers 200 is searched for the other experts' comments, their scorecards' links,
and every figure the results would show.
"""

import io
import itertools
import re
import zipfile

import pytest
from openpyxl import load_workbook

from sessiontrack.projects.models import ProjectState
from sessiontrack.review import aggregation, services
from sessiontrack.sessions.models import ReviewState

from . import factories
from .review_world import make_review

SECRET = "СЕКРЕТ-ЭКСПЕРТА-Б"


@pytest.fixture
def panel(db):
    """Expert A scores alone; expert B and the investor have scored (B has a draft too)."""
    review = make_review(n_projects=3, n_experts=3)
    (a_user, a), (_b_user, b), (_c_user, c) = review.experts
    effect, feasibility, reported = review.criteria
    own = []
    for i, project in enumerate(review.projects):
        own.append(services.assign(review.session, a, project, review.facilitator))
        factories.make_scorecard(
            project,
            b,
            {effect: 9 - i, feasibility: 5, reported: 7},
            submitted=True,
            comment=f"{SECRET} отправлен {i}",
        )
        factories.make_scorecard(
            project,
            c,
            {effect: 3 + i, feasibility: 2},
            submitted=i < 2,
            comment=f"{SECRET} инвестор {i}",
        )
    services.save_scorecard(
        review.session, own[0], a_user, values={effect.id: 4}, comment="Мой черновик"
    )
    factories.make_interest(c, review.projects[0], note=f"{SECRET} интерес")
    db.session.commit()
    return review, own


def _figures(review) -> set[str]:
    """Every mean, median, deviation and total the results would show, as the pages print them."""
    figures = set()
    for method in aggregation.METHODS:
        results = aggregation.compute_results(review.session, method=method)
        for p in results.projects:
            values = [p.mean, p.median, p.stdev, *p.totals, *p.criterion_means.values()]
            figures |= {f"{v:.1f}" for v in values if v is not None and v not in (0, 100)}
    return figures - {"0.0", "100.0"}


def _text_of(response) -> str:
    kind = response.mimetype or ""
    if kind.startswith("text/") or kind == "application/json":
        text = response.get_data(as_text=True)
        # CSRF tokens are random: they must not make a figure appear by chance.
        return re.sub(r'(csrf[-_]token"?\s*(value|content)?=?\s*)"[^"]*"', r"\1", text, flags=re.I)
    if "spreadsheetml" in kind:
        workbook = load_workbook(io.BytesIO(response.data))
        return "\n".join(
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    if "wordprocessingml" in kind or kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return response.data.decode("latin-1")


def _candidates(review, own) -> dict[str, list[int]]:
    """What to put in each URL argument: this session's objects of every kind."""
    from sessiontrack.review.models import Scorecard

    cards = [sc.id for sc in Scorecard.query.all()]
    experts = [e.id for _u, e in review.experts]
    return {
        "project_id": [p.id for p in review.projects],
        "scorecard_id": cards,
        "expert_id": experts,
        "participant_id": experts,
        "criterion_id": [c.id for c in review.criteria],
        "interest_id": [1, 2],
        # Documents in the format whose text can be read back (a PDF's is compressed).
        "fmt": ["docx"],
    }


def _every_page(app, client, review, own):
    """``(url, text)`` of every GET route that answers 200, with every object of the session
    in its URL."""
    candidates = _candidates(review, own)
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        arguments = sorted(rule.arguments - {"slug"})
        if any(name not in candidates for name in arguments):
            continue
        for values in itertools.product(*(candidates[name] for name in arguments)):
            kwargs = dict(zip(arguments, values, strict=True))
            if "slug" in rule.arguments:
                kwargs["slug"] = review.session.slug
            with app.test_request_context():
                try:
                    url = app.url_for(rule.endpoint, **kwargs)
                except ValueError:  # a format this route does not offer
                    continue
            response = client.get(url)
            if response.status_code == 200:
                yield url, _text_of(response)


def test_an_expert_sees_nothing_of_the_others_before_publication(app, panel, client, auth, db):
    review, own = panel
    a_user, a = review.experts[0]
    b_cards = {
        sc.id for sc in services.Scorecard.query.filter(services.Scorecard.expert_id != a.id)
    }
    figures = _figures(review)
    assert figures, "the panel must produce figures to look for"
    auth.login(a_user)
    checked = []
    for url, text in _every_page(app, client, review, own):
        checked.append(url)
        assert SECRET not in text, f"another expert's comment on {url}"
        for card_id in b_cards:
            assert f'/scorecards/{card_id}"' not in text, f"another scorecard linked on {url}"
        leaked = {f for f in figures if re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text)}
        leaked |= {
            f
            for f in figures
            if re.search(rf"(?<![\d.,]){re.escape(f.replace('.', ','))}(?![\d])", text)
        }
        assert not leaked, f"results' figures {sorted(leaked)} on {url}"
    # The answers to the expert's own saves, too.
    effect = review.criteria[0]
    db.session.refresh(own[0])
    for path in (f"/scorecards/{own[0].id}/draft", f"/scorecards/{own[0].id}"):
        response = client.post(
            f"/s/{review.session.slug}/review{path}",
            data={
                f"criterion_{effect.id}": "5",
                "version": str(own[0].version_id),
                "action": "save",
            },
            follow_redirects=True,
        )
        assert response.status_code == 200
        text = _text_of(response)
        assert SECRET not in text
        db.session.refresh(own[0])
    # The walk reached the expert's own pages, so it proves something.
    slug = review.session.slug
    for expected in (f"/s/{slug}/review/my", f"/s/{slug}/review/scorecards/{own[0].id}"):
        assert expected in checked
    assert any(url.endswith("sheet.xlsx") for url in checked)


def test_the_expert_is_refused_the_others_and_the_results(panel, client, auth):
    review, own = panel
    a_user, _a = review.experts[0]
    others = services.Scorecard.query.filter(services.Scorecard.id.not_in([c.id for c in own]))
    auth.login(a_user)
    base = f"/s/{review.session.slug}/review"
    for card in others:
        assert client.get(f"{base}/scorecards/{card.id}").status_code == 403
    assert client.get(f"{base}/results").status_code == 403
    assert client.get(f"{base}/results?interim=1").status_code == 403
    assert client.get(f"{base}/projects/{review.projects[0].id}").status_code == 403
    assert client.get(f"{base}/paper/{review.experts[1][1].id}").status_code == 403


def test_after_publication_the_expert_sees_the_results(panel, client, auth, db):
    review, _own = panel
    services.close_review(review.session, review.facilitator)
    services.publish_results(review.session, review.facilitator)
    db.session.commit()
    assert review.session.review_state == ReviewState.PUBLISHED
    auth.login(review.experts[0][0])
    page = client.get(f"/s/{review.session.slug}/review/projects/{review.projects[0].id}")
    assert SECRET in page.get_data(as_text=True)


def test_an_expert_sees_no_forum_decision_before_publication(app, panel, client, auth, db):
    """A decision taken on interim results would bias the scores still to come."""
    review, own = panel
    recommended, not_recommended, _accepted = review.projects
    recommended.state = ProjectState.RECOMMENDED
    not_recommended.state = ProjectState.NOT_RECOMMENDED
    db.session.commit()
    auth.login(review.experts[0][0])
    titles = [ProjectState.RECOMMENDED.title, ProjectState.NOT_RECOMMENDED.title]
    checked = []
    for url, text in _every_page(app, client, review, own):
        checked.append(url)
        # The state filter offers every state by name: only what is shown of projects counts.
        shown = re.sub(r"<option[^>]*>[^<]*</option>", "", text)
        assert not any(title in shown for title in titles), f"a forum decision on {url}"
        assert "state-recommended" not in shown and "state-not_recommended" not in shown, url
    slug = review.session.slug
    assert f"/s/{slug}/projects/" in checked
    assert f"/s/{slug}/projects/{recommended.id}" in checked
    assert any(url.endswith(".docx") and "passport" in url for url in checked)
    listed = client.get(f"/s/{slug}/projects/?state=recommended").get_data(as_text=True)
    assert all(p.title in listed for p in review.projects)  # asking tells nothing either
    # Once the results are published the decisions are shown.
    services.close_review(review.session, review.facilitator)
    services.publish_results(review.session, review.facilitator)
    db.session.commit()
    page = client.get(f"/s/{slug}/projects/{recommended.id}").get_data(as_text=True)
    assert ProjectState.RECOMMENDED.title in page
