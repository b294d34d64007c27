"""The experts' and the investors' rankings side by side, each panel normalised on its own."""

import pytest

from sessiontrack.people.models import ExpertKind, ParticipantRole
from sessiontrack.projects.models import ProjectState
from sessiontrack.review import aggregation, panels
from sessiontrack.sessions.models import ReviewState

from . import factories

# The experts rank Alpha first; the investors, one of them lenient with every score, Gamma.
SCORES = {
    ExpertKind.EXPERT: [
        {"Alpha": 9, "Beta": 6, "Gamma": 3},
        {"Alpha": 8, "Beta": 7, "Gamma": 2},
    ],
    ExpertKind.INVESTOR: [
        {"Alpha": 2, "Beta": 5, "Gamma": 9},
        {"Alpha": 9, "Beta": 9, "Gamma": 10},
    ],
}


@pytest.fixture
def panels_world(db):
    s = factories.make_session(review_state=ReviewState.CLOSED)
    group = factories.make_group(factories.make_direction(s))
    facilitator = factories.make_member(s, ParticipantRole.FACILITATOR)
    criterion = factories.make_criterion(s, scale_min=0, scale_max=10)
    projects = {
        title: factories.make_project(s, group, title=title, state=ProjectState.ACCEPTED)
        for title in ("Alpha", "Beta", "Gamma")
    }
    for kind, members in SCORES.items():
        for scores in members:
            _user, member = factories.make_expert(s, kind=kind)
            for title, value in scores.items():
                factories.make_scorecard(
                    projects[title], member, {criterion: value}, submitted=True
                )
    db.session.commit()
    return s, facilitator, projects


def _ranks(s, kind):
    computed = aggregation.results_for(s, method=aggregation.ZSCORE, expert_kind=kind)
    return {row.title: row.rank for row in computed.projects}


def test_each_panel_is_ranked_by_the_one_aggregation_on_its_own(panels_world):
    s, _facilitator, _projects = panels_world
    comparison = panels.compare_panels(s)
    experts, investors = _ranks(s, ExpertKind.EXPERT), _ranks(s, ExpertKind.INVESTOR)
    assert experts == {"Alpha": 1, "Beta": 2, "Gamma": 3}
    assert investors == {"Alpha": 3, "Beta": 2, "Gamma": 1}
    assert [(x.title, x.expert_rank, x.investor_rank, x.difference) for x in comparison.lines] == [
        ("Alpha", 1, 3, 2),
        ("Beta", 2, 2, 0),
        ("Gamma", 3, 1, -2),
    ]


def test_the_page_shows_the_ranks_each_panel_computes(panels_world, client, auth):
    s, facilitator, projects = panels_world
    auth.login(facilitator)
    response = client.get(f"/s/{s.slug}/review/results/panels")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Нормализация по каждому эксперту (z-оценки" in page
    experts, investors = _ranks(s, ExpertKind.EXPERT), _ranks(s, ExpertKind.INVESTOR)
    for title, project in projects.items():
        row = page.split(f'data-project="{project.id}"')[1].split("</tr>")[0]
        expert_cell = row.split('data-panel="experts">')[1].split("</td>")[0]
        investor_cell = row.split('data-panel="investors">')[1].split("</td>")[0]
        assert f"<strong>{experts[title]}</strong>" in expert_cell
        assert f"<strong>{investors[title]}</strong>" in investor_cell
    results_page = client.get(f"/s/{s.slug}/review/results").get_data(as_text=True)
    assert "Эксперты и инвесторы рядом" in results_page
