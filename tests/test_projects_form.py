"""The passport form over HTTP: saving, every kind of bad input with its message at the field
and nothing saved, adding and removing rows, submitting an incomplete passport."""

import html
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from sessiontrack.projects.models import Project, ProjectState, ResourceNeed

from .projects_support import form_data

BASE = "/s/{slug}/projects"


@pytest.fixture
def member(client, auth, world):
    auth.login(world.member)
    return client


def _new(world) -> str:
    return BASE.format(slug=world.session.slug) + "/new"


def error_at(page: str, field_id: str) -> str:
    """The message shown next to a field (the ``field`` macro's ``<id>-error`` element)."""
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', page, re.S)
    assert match, f"no message at {field_id}"
    return html.unescape(match.group(1)).strip()


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Project))


def test_a_member_saves_a_draft_and_the_passport_reads_back(world, member, db):
    response = member.post(_new(world), data=form_data(world))
    assert response.status_code == 302
    project = db.session.scalar(sa.select(Project))
    assert response.headers["Location"].endswith(f"/projects/{project.id}")
    assert project.state == ProjectState.DRAFT
    assert [(r.amount, r.unit) for r in project.resources] == [
        (95, "млн руб."),
        (6000, "тыс. руб."),
    ]
    assert str(project.stages[1].starts_on) == "2020-04-01"  # typed as 01.04.2020
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Черновик сохранён." in page
    assert "Благоустройство набережной" in page and "Совет депутатов" in page


def test_save_and_submit_sends_a_complete_passport(world, member, db):
    response = member.post(_new(world), data=form_data(world, submit_passport="1"))
    assert response.status_code == 302
    project = db.session.scalar(sa.select(Project))
    assert project.state == ProjectState.SUBMITTED
    assert len(project.revisions) == 1


def test_blank_rows_are_dropped_not_refused(world, member, db):
    data = form_data(
        world, **{"indicators-1-name": "", "indicators-1-unit": "", "stages-2-title": ""}
    )
    assert member.post(_new(world), data=data).status_code == 302
    project = db.session.scalar(sa.select(Project))
    assert len(project.indicators) == 1 and len(project.stages) == 2


BAD_INPUT = [
    (
        "end year before start",
        {"start_year": "2022", "end_year": "2020"},
        "end_year",
        "Год окончания раньше года начала.",
    ),
    (
        "stage ends before it starts",
        {"stages-0-ends_on": "2018-12-31", "stages-0-starts_on": "2019-03-01"},
        "stages-0-ends_on",
        "Этап заканчивается раньше, чем начинается.",
    ),
    (
        "negative amount",
        {"resources-0-amount": "-5"},
        "resources-0-amount",
        "Объём не может быть отрицательным.",
    ),
    (
        "non-numeric amount",
        {"resources-0-amount": "сто"},
        "resources-0-amount",
        "Введите число, например 12,5.",
    ),
    (
        "infinite amount",
        {"resources-0-amount": "Infinity"},
        "resources-0-amount",
        "Введите число, например 12,5.",
    ),
    (
        "enormous amount",
        {"resources-0-amount": "1e40"},
        "resources-0-amount",
        "Слишком большое число.",
    ),
    ("missing amount", {"resources-0-amount": ""}, "resources-0-amount", "Укажите объём."),
    (
        "resource year outside the timeframe",
        {"resources-0-year": "2025"},
        "resources-0-year",
        "Вне сроков реализации проекта 2019–2021.",
    ),
    (
        "indicator year outside the timeframe",
        {"indicators-0-year": "2018"},
        "indicators-0-year",
        "Вне сроков реализации проекта 2019–2021.",
    ),
    (
        "stage date outside the timeframe",
        {"stages-1-ends_on": "2023-01-31"},
        "stages-1-ends_on",
        "Вне сроков реализации проекта 2019–2021.",
    ),
    ("year out of range", {"start_year": "1812"}, "start_year", "Укажите год от 1900 до 2200."),
    ("year not a number", {"end_year": "скоро"}, "end_year", "Введите год, например 2020."),
    (
        "date not a date",
        {"stages-0-starts_on": "31.02.2019"},
        "stages-0-starts_on",
        "Введите дату, например 31.03.2019.",
    ),
    (
        "unknown lead organisation",
        {"lead_organisation": "999999"},
        "lead_organisation",
        "Выберите организацию из списка этой сессии.",
    ),
    (
        "garbage organisation",
        {"lead_organisation": "x'--"},
        "lead_organisation",
        "Выберите организацию из списка этой сессии.",
    ),
    (
        "unknown partner",
        {"partners-0-organisation": "999999"},
        "partners-0-organisation",
        "Выберите организацию из списка этой сессии.",
    ),
    (
        "unknown stage organisation",
        {"stages-0-responsible_organisation": "999999"},
        "stages-0-responsible_organisation",
        "Выберите организацию из списка этой сессии.",
    ),
    (
        "unknown funding source",
        {"resources-0-funding_source": "999999"},
        "resources-0-funding_source",
        "Выберите источник финансирования.",
    ),
    (
        "unknown national project",
        {"national_projects": ["999999"]},
        "national_projects",
        "Выберите национальные проекты из списка.",
    ),
    (
        "another group",
        {"working_group": "OTHER"},
        "working_group",
        "Выберите одну из своих рабочих групп.",
    ),
    ("over-long title", {"title": "Я" * 501}, "title", "Не более 500 символов."),
    ("over-long short title", {"short_title": "Я" * 121}, "short_title", "Не более 120 символов."),
    (
        "over-long stage title",
        {"stages-0-title": "Я" * 301},
        "stages-0-title",
        "Не более 300 символов.",
    ),
    (
        "over-long contribution",
        {"partners-0-contribution": "Я" * 501},
        "partners-0-contribution",
        "Не более 500 символов.",
    ),
    (
        "over-long resource unit",
        {"resources-0-unit": "Я" * 51},
        "resources-0-unit",
        "Не более 50 символов.",
    ),
    (
        "money in a unit that is not money",
        {"resources-0-unit": "м²"},
        "resources-0-unit",
        "Укажите сумму в одной из единиц: руб., тыс. руб., млн руб., млрд руб.",
    ),
    ("no title", {"title": "   "}, "title", "Укажите наименование проекта."),
    (
        "stage without a title",
        {"stages-0-title": ""},
        "stages-0-title",
        "Укажите наименование этапа.",
    ),
    (
        "partner twice",
        {"partners-1-organisation": "PARTNER"},
        "partners-1-organisation",
        "Эта организация уже участвует в проекте.",
    ),
    (
        "lead as partner",
        {"partners-0-organisation": "LEAD"},
        "partners-0-organisation",
        "Эта организация уже участвует в проекте.",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_gets_a_message_at_the_field_and_nothing_is_saved(
    world, member, db, overrides, field_id, message
):
    placeholders = {
        "OTHER": world.other_group.id,
        "PARTNER": world.partner.id,
        "LEAD": world.lead.id,
    }
    overrides = {
        k: placeholders.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()
    }
    response = member.post(_new(world), data=form_data(world, **overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_at(page, field_id) == message
    assert "Ничего не сохранено" in page
    assert _count(db) == 0


def test_bad_input_is_explained_in_english_too(world, client, auth, db):
    auth.login(world.member)
    client.post("/language", data={"language": "en"})
    data = form_data(world, **{"resources-0-amount": "-1", "resources-0-year": "2030"})
    page = client.post(_new(world), data=data).get_data(as_text=True)
    assert error_at(page, "resources-0-amount") == "The amount cannot be negative."
    assert error_at(page, "resources-0-year") == "Outside the project's timeframe 2019–2021."
    assert _count(db) == 0


def test_the_other_sessions_organisation_is_unknown_here(world, member, db):
    from . import factories

    foreign = factories.make_organisation(factories.make_session(), name="Чужая организация")
    db.session.commit()
    response = member.post(_new(world), data=form_data(world, lead_organisation=foreign.id))
    assert response.status_code == 422
    assert "Чужая организация" not in response.get_data(as_text=True)
    assert _count(db) == 0


def test_money_units_are_normalised(world, member, db):
    data = form_data(
        world,
        **{"resources-0-unit": "млн. руб", "resources-1-unit": "", "resources-1-amount": "1,5"},
    )
    assert member.post(_new(world), data=data).status_code == 302
    units = db.session.scalars(sa.select(ResourceNeed.unit).order_by(ResourceNeed.position)).all()
    assert units == ["млн руб.", "млн руб."]


def test_add_and_remove_rows_in_place_without_saving(world, member, db):
    data = form_data(world, row_action="add-resources")
    page = member.post(_new(world), data=data).get_data(as_text=True)
    assert 'id="resources-2-amount"' in page and 'id="resources-3-amount"' not in page
    assert 'value="Проектирование"' in page  # what was typed stays
    data = form_data(world, row_action="remove-stages-0")
    page = member.post(_new(world), data=data).get_data(as_text=True)
    assert 'id="stages-1-title"' not in page
    assert (
        'value="Строительство"' in page
        and 'value="Проектирование"' not in page.split("stages-section")[1]
    )
    assert _count(db) == 0


def test_an_incomplete_new_passport_is_kept_as_a_draft_listing_what_is_missing(world, member, db):
    data = form_data(
        world,
        goal="",
        submit_passport="1",
        **{"stages-1-ends_on": "", "resources-0-funding_source": ""},
    )
    response = member.post(_new(world), data=data)
    assert response.status_code == 302
    project = db.session.scalar(sa.select(Project))
    assert project.state == ProjectState.DRAFT and project.title == "Благоустройство набережной"
    assert response.headers["Location"].endswith(f"/projects/{project.id}/edit?missing=1")
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Проект сохранён как черновик, но не отправлен" in page
    assert "Проект не отправлен: паспорт заполнен не полностью." in page
    assert "Не заполнено:" in page
    for anchor, text in [
        ("goal", "цель"),
        ("resources-0-funding_source", "ресурс 1: источник финансирования"),
        ("stages-1-ends_on", "этап 2: дата окончания"),
    ]:
        assert f'href="#{anchor}">{text}</a>' in page
        assert error_at(page, anchor) == "Нужно для отправки проекта."
    assert _count(db) == 1


def test_submitting_without_any_resource_says_so(world, member, db):
    data = {
        k: v
        for k, v in form_data(world, submit_passport="1").items()
        if not k.startswith("resources-")
    }
    page = member.post(_new(world), data=data, follow_redirects=True).get_data(as_text=True)
    assert 'href="#resources-section">нет ни одного ресурса</a>' in page
    assert db.session.scalar(sa.select(Project.state)) == ProjectState.DRAFT


def test_the_edit_form_shows_the_saved_passport_and_saves_changes(world, member, db):
    member.post(_new(world), data=form_data(world))
    project = db.session.scalar(sa.select(Project))
    url = f"{BASE.format(slug=world.session.slug)}/{project.id}/edit"
    page = member.get(url).get_data(as_text=True)
    assert 'value="Благоустройство набережной"' in page
    assert f'name="version" type="hidden" value="{project.version_id}"' in page
    data = form_data(world, goal="Новая цель", version=project.version_id)
    assert member.post(url, data=data).status_code == 302
    assert db.session.get(Project, project.id).goal == "Новая цель"


def test_the_edit_form_gives_amounts_back_as_the_language_writes_them(world, member, db):
    data = form_data(world, **{"resources-0-amount": "1 200,5", "resources-1-amount": "50"})
    member.post(_new(world), data=data)
    project = db.session.scalar(sa.select(Project))
    url = f"{BASE.format(slug=world.session.slug)}/{project.id}/edit"
    page = member.get(url).get_data(as_text=True)
    amount = re.compile(r'id="resources-(\d)-amount"[^>]*value="([^"]*)"')
    assert dict(amount.findall(page)) == {"0": "1200,5", "1": "50"}  # not "1200.50", "50.00"
    world.member.locale = "en"
    db.session.commit()
    page = member.get(url).get_data(as_text=True)
    assert dict(amount.findall(page)) == {"0": "1200.5", "1": "50"}
    # Sent back unchanged, they read as the same numbers.
    data = form_data(world, version=project.version_id)
    data.update({"resources-0-amount": "1200,5", "resources-1-amount": "50"})
    assert member.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert [r.amount for r in db.session.get(Project, project.id).resources] == [
        Decimal("1200.50"),
        Decimal("50.00"),
    ]


def test_submit_from_the_project_page_links_what_is_missing_to_the_form(world, member, db):
    member.post(_new(world), data=form_data(world, risks=""))
    project = db.session.scalar(sa.select(Project))
    base = f"{BASE.format(slug=world.session.slug)}/{project.id}"
    response = member.post(f"{base}/submit")
    assert response.status_code == 422
    assert f'href="{base}/edit#risks">риски</a>' in response.get_data(as_text=True)
    assert db.session.get(Project, project.id).state == ProjectState.DRAFT
