"""Two people edit the same project: the second save is refused, keeps its input, shows the
first person's values, and overwrites nothing."""

import re

import sqlalchemy as sa

from sessiontrack.projects.models import Project

from .conftest import AuthActions
from .projects_support import form_data, group_world


def _version(page: str) -> int:
    return int(re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1))


def test_the_second_writer_gets_the_conflict_and_the_first_writers_data_is_intact(app, db):
    world = group_world()
    first, second = app.test_client(), app.test_client()
    AuthActions(first).login(world.member)
    AuthActions(second).login(world.moderator)
    first.post(f"/s/{world.session.slug}/projects/new", data=form_data(world))
    project = db.session.scalar(sa.select(Project))
    url = f"/s/{world.session.slug}/projects/{project.id}/edit"

    # Both open the form at the same version.
    loaded_first = _version(first.get(url).get_data(as_text=True))
    loaded_second = _version(second.get(url).get_data(as_text=True))
    assert loaded_first == loaded_second == project.version_id

    saved = first.post(
        url,
        data=form_data(
            world, goal="Цель первого", version=loaded_first, **{"resources-0-amount": "120"}
        ),
    )
    assert saved.status_code == 302

    refused = second.post(
        url,
        data=form_data(
            world, goal="Цель второго", version=loaded_second, **{"stages-0-title": "Эскиз"}
        ),
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Пока вы редактировали проект, его сохранил кто-то другой. Ничего не сохранено." in page
    # The second person's input stays in the form...
    assert "Цель второго</textarea>" in page and 'value="Эскиз"' in page
    # ...beside the first person's saved values, old → new, and who saved them.
    conflict = page.split('id="conflict-heading"')[1].split("</section>")[0]
    assert "Цель первого" in conflict and "Цель второго" in conflict
    assert "120" in conflict
    assert world.member.name in conflict
    # The form now carries the current version: saving again is a deliberate choice.
    current = db.session.get(Project, project.id)
    assert _version(page) == current.version_id == loaded_first + 1

    # Nothing of the second save reached the database.
    assert current.goal == "Цель первого"
    assert current.resources[0].amount == 120
    assert current.stages[0].title == "Проектирование"

    # Having seen the conflict, the second person saves deliberately.
    again = second.post(url, data=form_data(world, goal="Цель второго", version=_version(page)))
    assert again.status_code == 302
    assert db.session.get(Project, project.id).goal == "Цель второго"


def test_a_form_of_a_project_submitted_meanwhile_keeps_the_input(app, db, client, auth):
    world = group_world()
    auth.login(world.member)
    client.post(f"/s/{world.session.slug}/projects/new", data=form_data(world))
    project = db.session.scalar(sa.select(Project))
    url = f"/s/{world.session.slug}/projects/{project.id}/edit"
    version = _version(client.get(url).get_data(as_text=True))
    other = app.test_client()
    AuthActions(other).login(world.moderator)
    assert other.post(f"/s/{world.session.slug}/projects/{project.id}/submit").status_code == 302
    response = client.post(url, data=form_data(world, goal="Поздняя правка", version=version))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Поздняя правка</textarea>" in page
    assert "«Подан»: редактировать его больше нельзя" in page
    assert db.session.get(Project, project.id).goal == "Создать общественное пространство"
