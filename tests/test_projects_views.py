"""Project pages: list, visibility, actions per role, history and comparison, bulk moderation,
resource totals, funding sources, alignment, the wrap-up screen, and constant query counts."""

import re
from datetime import date
from decimal import Decimal

import pytest

from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects import services
from sessiontrack.projects.models import (
    Project,
    ProjectPartner,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    Stage,
)

from . import factories
from .conftest import AuthActions
from .projects_support import passport


def _url(world, path: str = "") -> str:
    return f"/s/{world.session.slug}/projects{path}"


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _project(world, db, state=ProjectState.DRAFT, group=None, **fields) -> Project:
    group = group or world.group
    data = passport(world, working_group_id=group.id, **fields)
    project = services.create_project(world.session, _writer(world, group), data)
    project.state = state
    db.session.commit()
    return project


def _writer(world, group):
    return world.member if group.id == world.group.id else world.other_member


def _bulk(world, db, count: int) -> None:
    """``count`` projects with rows, added at once (fast enough for 200)."""
    federal = factories.funding_source("federal_budget")
    housing = factories.national_project("housing")
    for n in range(count):
        project = Project(
            session_id=world.session.id,
            direction_id=world.direction.id,
            working_group_id=world.group.id,
            title=f"Проект {n:03d}",
            state=ProjectState.SUBMITTED if n % 2 else ProjectState.ACCEPTED,
            lead_organisation_id=world.lead.id,
            start_year=2019,
            end_year=2021,
            national_projects=[housing],
            strategy_priorities=[world.priority],
        )
        project.partners.append(ProjectPartner(organisation_id=world.partner.id))
        for year in (2019, 2020):
            project.resources.append(
                ResourceNeed(
                    kind=ResourceKind.FINANCIAL,
                    amount=Decimal(10),
                    unit="млн руб.",
                    year=year,
                    funding_source_id=federal.id,
                    status=ResourceStatus.REQUESTED,
                )
            )
            project.stages.append(
                Stage(title=f"Этап {year}", starts_on=date(year, 1, 1), ends_on=date(year, 6, 1))
            )
        db.session.add(project)
    db.session.commit()


# ----------------------------------------------------------------------------------------------
# The list
# ----------------------------------------------------------------------------------------------


def test_the_list_searches_filters_sorts_and_pages(world, client, auth, db):
    _project(world, db, title="Технопарк «Железногорск»")
    _project(world, db, title="Набережная", state=ProjectState.SUBMITTED)
    other_direction = factories.make_direction(world.session, title="Экономика")
    factories.make_project(
        world.session,
        factories.make_group(other_direction),
        title="Ярмарка",
        state=ProjectState.ACCEPTED,
    )
    db.session.commit()
    auth.login(world.facilitator)
    page = _page(client, _url(world, "/?q=ТЕХНОПАРК"))
    assert "Технопарк «Железногорск»" in page and "Набережная" not in page
    page = _page(client, _url(world, f"/?direction={other_direction.id}"))
    assert "Ярмарка" in page and "Набережная" not in page
    page = _page(client, _url(world, "/?state=submitted"))
    assert "Набережная" in page and "Технопарк" not in page
    page = _page(client, _url(world, "/?sort=title"))
    assert page.index("Набережная") < page.index("Технопарк") < page.index("Ярмарка")
    page = _page(client, _url(world, "/?sort=nonsense&state=nonsense"))  # ignored, not an error
    assert "Ярмарка" in page


def test_the_list_pages_or_shows_everything(world, client, auth, db):
    _bulk(world, db, 30)
    auth.login(world.facilitator)
    first = _page(client, _url(world, "/?per_page=25"))
    assert first.count(">Проект 0") == 25 and 'aria-label="Страницы"' in first
    second = _page(client, _url(world, "/?per_page=25&page=2"))
    assert second.count(">Проект 0") == 5
    everything = _page(client, _url(world, "/?per_page=all"))
    assert everything.count(">Проект 0") == 30


def test_each_role_reads_only_what_it_may(world, client, auth, db):
    _project(world, db, title="Черновик группы")
    _project(world, db, title="Черновик другой группы", group=world.other_group)
    _project(world, db, title="Поданный проект", state=ProjectState.SUBMITTED)
    _project(world, db, title="Принятый проект", state=ProjectState.ACCEPTED)
    expert = factories.make_member(world.session, ParticipantRole.EXPERT)
    observer = factories.make_member(world.session, ParticipantRole.OBSERVER)
    db.session.commit()
    seen = {}
    for name, user in [
        ("member", world.member),
        ("expert", expert),
        ("observer", observer),
        ("facilitator", world.facilitator),
    ]:
        c = client.application.test_client()
        AuthActions(c).login(user)
        page = _page(c, _url(world, "/"))
        seen[name] = {
            t
            for t in (
                "Черновик группы",
                "Черновик другой группы",
                "Поданный проект",
                "Принятый проект",
            )
            if t in page
        }
    assert seen["member"] == {"Черновик группы", "Поданный проект", "Принятый проект"}
    assert seen["expert"] == {"Принятый проект"}
    assert seen["observer"] == set()
    assert len(seen["facilitator"]) == 4
    world.session.projects_published = True
    db.session.commit()
    c = client.application.test_client()
    AuthActions(c).login(observer)
    assert "Принятый проект" in _page(c, _url(world, "/"))
    assert "Поданный проект" not in _page(c, _url(world, "/"))


# ----------------------------------------------------------------------------------------------
# The passport page: actions by role, history, comparison
# ----------------------------------------------------------------------------------------------


def _buttons(page: str) -> set[str]:
    labels = {
        "Редактировать паспорт",
        "Отправить модератору сессии",
        "Принять к экспертизе",
        "Вернуть на доработку",
        "Рекомендовать на форум",
        "Не рекомендовать",
        "Отозвать",
    }
    return {label for label in labels if f"{label}</" in page or f'value="{label}"' in page}


def test_each_person_sees_the_actions_open_to_them(world, client, auth, db):
    draft = _project(world, db)
    submitted = _project(world, db, state=ProjectState.SUBMITTED)
    accepted = _project(world, db, state=ProjectState.ACCEPTED)
    auth.login(world.member)
    assert _buttons(_page(client, _url(world, f"/{draft.id}"))) == {
        "Редактировать паспорт",
        "Отправить модератору сессии",
        "Отозвать",
    }
    assert _buttons(_page(client, _url(world, f"/{submitted.id}"))) == {"Отозвать"}
    facilitator = client.application.test_client()
    AuthActions(facilitator).login(world.facilitator)
    assert _buttons(_page(facilitator, _url(world, f"/{draft.id}"))) == {"Отозвать"}
    assert _buttons(_page(facilitator, _url(world, f"/{submitted.id}"))) == {
        "Принять к экспертизе",
        "Вернуть на доработку",
        "Отозвать",
    }
    assert _buttons(_page(facilitator, _url(world, f"/{accepted.id}"))) == {
        "Рекомендовать на форум",
        "Не рекомендовать",
        "Отозвать",
    }
    other = client.application.test_client()
    AuthActions(other).login(world.other_member)
    assert _buttons(_page(other, _url(world, f"/{submitted.id}"))) == set()


def test_return_without_remarks_is_refused_at_the_field(world, client, auth, db):
    project = _project(world, db)
    services.submit_project(project, world.member)
    db.session.commit()
    auth.login(world.facilitator)
    response = client.post(_url(world, f"/{project.id}/return"), data={"remarks": " "})
    assert response.status_code == 422
    assert 'id="remarks-error"' in response.get_data(as_text=True)
    assert db.session.get(Project, project.id).state == ProjectState.SUBMITTED


def test_the_workflow_over_http_with_history_and_comparison(world, client, auth, db):
    project = _project(world, db)
    member = client
    auth.login(world.member)
    assert member.post(_url(world, f"/{project.id}/submit")).status_code == 302
    facilitator = client.application.test_client()
    AuthActions(facilitator).login(world.facilitator)
    response = facilitator.post(
        _url(world, f"/{project.id}/return"), data={"remarks": "Добавьте этап приёмки"}
    )
    assert response.status_code == 302
    page = _page(member, _url(world, f"/{project.id}"))
    assert "Добавьте этап приёмки" in page and "Возвращён на доработку" in page

    data = passport(world)
    data["stages"].append(
        {
            **data["stages"][1],
            "title": "Приёмка",
            "starts_on": date(2021, 10, 1),
            "ends_on": date(2021, 12, 1),
        }
    )
    data["resources"][0]["amount"] = Decimal(100)
    project = db.session.get(Project, project.id)
    services.update_project(project, world.member, data, version=project.version_id)
    db.session.commit()
    assert member.post(_url(world, f"/{project.id}/submit")).status_code == 302

    page = _page(facilitator, _url(world, f"/{project.id}"))
    for event in ("Создан", "Подан", "Возвращён на доработку", "Изменён"):
        assert event in page
    assert "Редакция 2" in page
    compare = _page(facilitator, _url(world, f"/{project.id}/compare"))
    assert "Редакция 1" in compare and "Редакция 2" in compare
    assert re.search(r"добавлено.*Приёмка", compare, re.S)
    assert "<del>95</del>" in compare and "<ins>100</ins>" in compare
    same = _page(facilitator, _url(world, f"/{project.id}/compare?a=2&b=current"))
    assert "Различий нет." in same

    assert facilitator.post(_url(world, f"/{project.id}/accept")).status_code == 302
    assert db.session.get(Project, project.id).state == ProjectState.ACCEPTED
    response = facilitator.post(_url(world, f"/{project.id}/decision"), data={"recommended": "yes"})
    assert response.status_code == 302
    assert db.session.get(Project, project.id).state == ProjectState.RECOMMENDED


def test_comparison_before_any_submission_says_there_is_nothing(world, client, auth, db):
    project = _project(world, db)
    auth.login(world.member)
    assert "сравнивать нечего" in _page(client, _url(world, f"/{project.id}/compare"))


def test_bulk_moderation_confirms_then_acts(world, client, auth, db):
    first = _project(world, db, title="Первый", state=ProjectState.SUBMITTED)
    second = _project(world, db, title="Второй", state=ProjectState.SUBMITTED)
    draft = _project(world, db, title="Черновик")
    auth.login(world.facilitator)
    listing = _page(client, _url(world, "/"))
    assert f'name="project_ids" value="{first.id}"' in listing
    assert f'name="project_ids" value="{draft.id}"' not in listing
    confirm = _page(
        client,
        _url(world, f"/moderate?action=return&project_ids={first.id}&project_ids={second.id}"),
    )
    assert "Вернуть эти проекты на доработку?" in confirm and "Выбрано 2 проекта:" in confirm
    assert db.session.get(Project, first.id).state == ProjectState.SUBMITTED  # GET changes nothing
    refused = client.post(
        _url(world, "/moderate"), data={"action": "return", "project_ids": [first.id, second.id]}
    )
    assert refused.status_code == 422 and 'id="remarks-error"' in refused.get_data(as_text=True)
    done = client.post(
        _url(world, "/moderate"),
        data={
            "action": "return",
            "project_ids": [first.id, second.id],
            "remarks": "Уточните ресурсы",
        },
    )
    assert done.status_code == 302
    assert {db.session.get(Project, p.id).state for p in (first, second)} == {ProjectState.RETURNED}
    sneaky = client.post(
        _url(world, "/moderate"), data={"action": "accept", "project_ids": [draft.id]}
    )
    assert sneaky.status_code == 422
    assert db.session.get(Project, draft.id).state == ProjectState.DRAFT
    nothing = client.get(_url(world, "/moderate?action=accept"))
    assert nothing.status_code == 302


# ----------------------------------------------------------------------------------------------
# Summaries
# ----------------------------------------------------------------------------------------------


def test_resource_totals_by_source_year_and_direction_with_the_gap(world, client, auth, db):
    _project(
        world, db, state=ProjectState.SUBMITTED
    )  # 95 federal 2020 requested, 6 local 2019 secured
    second = passport(world, title="Второй")
    second["resources"] = [
        {
            **second["resources"][0],
            "amount": Decimal(1500),
            "unit": "тыс. руб.",
        },  # 1.5 federal 2020
        {**second["resources"][0], "amount": Decimal(10), "status": ResourceStatus.SECURED},
        {
            **second["resources"][0],
            "kind": ResourceKind.LAND,
            "amount": Decimal(5000),
            "unit": "м²",
            "funding_source_id": None,
        },
    ]
    services.create_project(world.session, world.member, second)
    withdrawn = _project(world, db)
    withdrawn.state = ProjectState.WITHDRAWN
    db.session.commit()
    auth.login(world.facilitator)
    page = _page(client, _url(world, "/resources"))
    # The need counts secured rows too: 95 + 6 + 1,5 + 10; the gap is what is still requested.
    assert re.search(r'id="total-need">112,5<', page)
    assert re.search(r'id="total-secured">16<', page)
    assert re.search(r'id="total-gap">96,5<', page)
    assert "Федеральный бюджет" in page and "Местный бюджет" in page
    submitted_only = _page(client, _url(world, "/resources?scope=submitted"))
    assert re.search(r'id="total-need">101<', submitted_only)


def test_a_funding_source_lists_who_asks_it_for_what_in_which_year(world, client, auth, db):
    _project(world, db, short_title="Набережная")
    _project(world, db, short_title="Парк")
    auth.login(world.facilitator)
    page = _page(client, _url(world, "/resources/sources?source=federal_budget"))
    assert "Набережная" in page and "Парк" in page
    assert page.count('class="mb-4 source-sheet"') == 1  # only the chosen source
    assert "потребность 190, обеспечено 0, дефицит 190" in page
    everything = _page(client, _url(world, "/resources/sources"))
    assert everything.count('class="mb-4 source-sheet"') == 2  # federal and local budgets


def test_alignment_shows_which_national_projects_no_project_serves(world, client, auth, db):
    _project(world, db)  # linked to «Жильё и городская среда»
    auth.login(world.member)
    page = _page(client, _url(world, "/alignment"))
    unserved = page.split('id="national-matrix-unserved"')[1].split("</p>")[0]
    assert "Демография" in unserved and "Жильё и городская среда" not in unserved
    row = page.split("Жильё и городская среда")[1].split("</tr>")[0]
    assert "<strong>1</strong> / 101" in row  # the need: 95 requested + 6 secured


def test_the_wrap_up_screen_shows_one_direction_at_a_time(world, client, auth, db):
    _project(world, db, title="Благоустройство набережной", short_title="Набережная")
    second_direction = factories.make_direction(
        world.session, title="Экономика", position=world.direction.position + 1
    )
    db.session.commit()
    auth.login(world.moderator)
    start = client.get(_url(world, "/wrapup"))
    assert start.headers["Location"].endswith(f"/wrapup/{world.direction.id}")
    page = _page(client, start.headers["Location"])
    assert '<nav class="navbar' not in page  # full screen, no navigation bar
    assert "Городская среда" in page and "Набережная" in page
    assert "Федеральный бюджет" in page and "Потребность" in page
    assert 'class="timeline-bar' in page and "Проектирование" in page
    assert (
        f'rel="next" id="wrapup-next" href="{_url(world, f"/wrapup/{second_direction.id}")}"'
        in page
    )
    assert "js/wrapup.js" in page
    last = _page(client, _url(world, f"/wrapup/{second_direction.id}"))
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert "В этом направлении пока нет приоритетных проектов." in last


# ----------------------------------------------------------------------------------------------
# Constant query counts
# ----------------------------------------------------------------------------------------------

COUNTED_PAGES = [
    "/",
    "/?per_page=all",
    "/?per_page=25&sort=direction",
    "/resources",
    "/resources/sources",
    "/alignment",
    "/wrapup/{direction}",
]


def _queries(client, url, count_queries) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("path", COUNTED_PAGES)
def test_list_and_summary_pages_issue_the_same_queries_for_10_and_200_projects(
    world, client, auth, db, count_queries, path
):
    auth.login(world.facilitator)
    url = _url(world, path.format(direction=world.direction.id))
    _bulk(world, db, 10)
    with_10 = _queries(client, url, count_queries)
    _bulk(world, db, 190)
    with_200 = _queries(client, url, count_queries)
    assert with_10 == with_200, f"{path}: {with_10} queries for 10 projects, {with_200} for 200"
    assert with_200 <= 16  # the navbar's notifications bell is one of them


def test_the_lists_second_page_issues_as_many_queries_for_60_projects_as_for_200(
    world, client, auth, db, count_queries
):
    auth.login(world.facilitator)
    _bulk(world, db, 60)
    first = _queries(client, _url(world, "/"), count_queries)
    with_60 = _queries(client, _url(world, "/?page=2"), count_queries)
    _bulk(world, db, 140)
    with_200 = _queries(client, _url(world, "/?page=2"), count_queries)
    assert first == with_60 == with_200, (first, with_60, with_200)
    page = _page(client, _url(world, "/?page=2"))
    assert page.count(">Проект 0") == 25 and 'aria-current="page">2<' in page
    # «all» is no longer offered: a link that asks for it shows the widest page, 100.
    widest = _page(client, _url(world, "/?per_page=all"))
    assert widest.count(">Проект 0") == 100 and 'aria-label="Страницы"' in widest


def test_a_submitted_project_opens_read_only_for_its_group(world, client, auth, db):
    project = _project(world, db, state=ProjectState.SUBMITTED)
    auth.login(world.member)
    response = client.get(_url(world, f"/{project.id}/edit"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{project.id}")
    page = _page(client, response.headers["Location"])
    assert "Проект в состоянии «Подан»: редактировать его больше нельзя." in page


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Priority projects"),
        ("/new", "Project passport"),
        ("/{project}", "Key stages"),
        ("/{project}/edit", "Save and submit"),
        ("/{project}/compare", "Compare revisions"),
        ("/resources", "Resources the projects need"),
        ("/resources/sources", "What each funding source is asked for"),
        ("/alignment", "Which national priorities the projects serve"),
        ("/wrapup/{direction}", "Next direction"),
    ],
)
def test_every_page_speaks_english_on_the_switch(world, client, auth, db, path, heading):
    project = _project(world, db)
    services.submit_project(project, world.member)
    services.return_project(project, world.facilitator, "Ещё раз")
    factories.make_direction(world.session, position=world.direction.position + 1)
    db.session.commit()
    auth.login(world.member)
    client.post("/language", data={"language": "en"})
    page = _page(client, _url(world, path.format(project=project.id, direction=world.direction.id)))
    assert '<html lang="en">' in page and heading in page
    for russian in ("Проекты", "Ресурсы", "Сохранить", "Направление", "Итого", "Не заполнено"):
        assert f">{russian}<" not in page


def test_the_project_page_issues_the_same_queries_however_long_the_passport(
    world, client, auth, db, count_queries
):
    short = _project(world, db)
    services.submit_project(short, world.member)
    data = passport(world, title="Длинный")
    data["stages"] = data["stages"] * 4
    data["resources"] = data["resources"] * 5
    long = services.create_project(world.session, world.member, data)
    for _ in range(3):
        services.submit_project(long, world.member)
        services.return_project(long, world.facilitator, "Ещё")
    db.session.commit()
    auth.login(world.facilitator)
    counts = [_queries(client, _url(world, f"/{p.id}"), count_queries) for p in (short, long)]
    assert counts[0] == counts[1]
