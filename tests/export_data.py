"""A small session ready for the forum, for the export tests: two directions, four projects
(two recommended, one not recommended, one draft), two criteria, two experts who scored
three projects with comments, an agenda with a talk and a decision, and people in each role.

Texts are Cyrillic; one project title and one partner start like a formula, so that every
export shows how it neutralises them.
"""

from dataclasses import dataclass, field
from datetime import date, time

from sessiontrack.agenda.models import AgendaItem, Decision, Talk
from sessiontrack.extensions import db
from sessiontrack.people.models import ParticipantRole
from sessiontrack.projects.models import ProjectPartner, ProjectState
from sessiontrack.sessions.models import Forum, ReviewState, SessionState

from . import factories

HOSTILE_TITLE = '=HYPERLINK("http://evil.example";"Нажми")'
HOSTILE_PARTNER = "+7 (391) 000-00-00 ООО «Формула»"
SECRET_COMMENT = "Секретный комментарий эксперта: сильная команда"
OTHER_COMMENT = "Второй эксперт: нужен бизнес-план"


@dataclass
class ForumSession:
    session: object
    directions: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    projects: dict = field(default_factory=dict)
    criteria: list = field(default_factory=list)
    experts: list = field(default_factory=list)
    users: dict = field(default_factory=dict)

    def publish(self) -> None:
        self.session.review_state = ReviewState.PUBLISHED
        self.session.projects_published = True
        db.session.commit()


def make_forum_session(slug: str = "forum-2018", **session_fields) -> ForumSession:
    """The session described in the module docstring, committed."""
    session_fields.setdefault("title", "Стратегическая сессия «Железногорск»")
    session_fields.setdefault("place", "Администрация ЗАТО Железногорск")
    s = factories.make_session(
        slug=slug, state=SessionState.REVIEW, review_state=ReviewState.CLOSED, **session_fields
    )
    db.session.add(
        Forum(
            session_id=s.id,
            name="VII Международный инновационный форум",
            starts_on=date(2018, 11, 23),
            ends_on=date(2018, 11, 24),
            place="Железногорск",
        )
    )
    world = ForumSession(session=s)
    for title in ("Городская среда", "Развитие инфраструктуры и ЖКХ"):
        direction = factories.make_direction(s, title=title)
        world.directions.append(direction)
        world.groups.append(factories.make_group(direction, title=f"Группа «{title}»"))
    group_a, group_b = world.groups
    partner = factories.make_organisation(s, name=HOSTILE_PARTNER)
    specs = {
        "embankment": (group_a, "Набережная Енисея", ProjectState.RECOMMENDED),
        "hostile": (group_a, HOSTILE_TITLE, ProjectState.NOT_RECOMMENDED),
        "heating": (group_b, "Теплосети без потерь", ProjectState.RECOMMENDED),
        "draft": (group_b, "Черновик: дороги к промзоне", ProjectState.DRAFT),
    }
    for key, (group, title, state) in specs.items():
        project = factories.make_project(s, group, complete=True, title=title, state=state)
        project.short_title = title[:40]
        project.problem = "Проблема: износ сетей 70 %"
        db.session.add(ProjectPartner(project_id=project.id, organisation_id=partner.id))
        world.projects[key] = project
    world.criteria = [
        factories.make_criterion(
            s,
            title="Соответствие национальным проектам",
            weight=2.0,
            level_descriptions={"0": "нет связи", "10": "прямая связь"},
        ),
        factories.make_criterion(s, title="Реализуемость", weight=1.0),
    ]
    c1, c2 = world.criteria
    for number in (1, 2):
        user, expert = factories.make_expert(s, name=f"Эксперт {number}")
        world.experts.append(expert)
        world.users[f"expert{number}"] = user
    expert1, expert2 = world.experts
    scored = {
        "embankment": ({c1: 9, c2: 7}, {c1: 7, c2: 5}),
        "hostile": ({c1: 2, c2: 3}, {c1: 4, c2: 2}),
        "heating": ({c1: 8, c2: 8}, {c1: 6, c2: 9}),
    }
    for key, (first, second) in scored.items():
        project = world.projects[key]
        comment = "" if key == "hostile" else SECRET_COMMENT
        factories.make_scorecard(project, expert1, first, submitted=True, comment=comment)
        factories.make_scorecard(project, expert2, second, submitted=True, comment=OTHER_COMMENT)
    world.users["facilitator"] = factories.make_member(s, ParticipantRole.FACILITATOR)
    world.users["member"] = factories.make_member(s, ParticipantRole.MEMBER, group_a)
    world.users["other_member"] = factories.make_member(s, ParticipantRole.MEMBER, group_b)
    world.users["observer"] = factories.make_member(s, ParticipantRole.OBSERVER)
    speaker = factories.make_participant(
        s, full_name="Карен Малхасян", position="заместитель директора департамента"
    )
    item = AgendaItem(
        session_id=s.id, title="Открытие сессии", starts_at=time(10), ends_at=time(10, 30)
    )
    db.session.add(item)
    db.session.flush()
    db.session.add_all(
        [
            Talk(
                agenda_item_id=item.id,
                speaker_id=speaker.id,
                title="Национальные проекты и города атомной отрасли",
                key_points="Каждому городу — приоритетные проекты.",
            ),
            Decision(
                session_id=s.id,
                agenda_item_id=item.id,
                text="Доработать паспорта проектов до форума",
                responsible="Модераторы групп",
                due_on=date(2018, 11, 15),
            ),
        ]
    )
    db.session.commit()
    return world
