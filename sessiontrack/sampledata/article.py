"""The article's session: the Zheleznogorsk session of 1 November 2018, as data.

The session, its speakers and their talks, the named organisations, the four directions and the
forum are facts of the article. Everything else (strategy priorities, the business, public and
expert organisations, working-group members, experts) is illustrative and says so.
The projects are in :mod:`.article_projects`, the review in :mod:`.article_review`.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import NamedTuple

from ..agenda.models import DecisionStatus
from ..people.models import ExpertKind, OrganisationKind, ParticipantRole
from ..sessions.models import (
    ReviewState,
    SessionState,
)
from .marks import DEMO_MARK

# Krasnoyarsk has kept UTC+7 all year since 2014; a fixed offset needs no tz database.
KRASNOYARSK = timezone(timedelta(hours=7), "KRAT")


def krasnoyarsk_time(year: int, month: int, day: int, hour: int) -> datetime:
    """A Krasnoyarsk wall-clock hour as an aware UTC datetime.

    Kept in UTC because SQLite stores the wall-clock time and drops the offset.
    """
    return datetime(year, month, day, hour, tzinfo=KRASNOYARSK).astimezone(UTC)


# ----------------------------------------------------------------------------------------------
# The session, the strategy, the forum (facts of the article, but for the priorities)
# ----------------------------------------------------------------------------------------------

SESSION = {
    "slug": "zheleznogorsk-2018",
    "title": "Стратегическое развитие ЗАТО Железногорск: сложение усилий для реализации "
    "комплексных приоритетных проектов",
    "description": "Стратегическая проектная сессия — коллективная работа, направленная на "
    "совместное формирование значимых для территории решений. В обсуждении приняли участие "
    "представители госкорпораций «Росатом» и «Роскосмос», ФГУП «ГХК», АО «ИСС», администрации "
    "и Совета депутатов Железногорска, предприниматели, общественные деятели, экспертное и "
    "научное сообщество. Работа шла по четырём направлениям; на подведении итогов группы "
    "представили приоритетные проекты, необходимые ресурсы и ключевые этапы работы. Эксперты и "
    "инвесторы оценят проектные идеи на VII Международном инновационном форуме. По информации "
    "муниципального сайта, 1 ноября 2018 года.\n\n"
    f"{DEMO_MARK}: приоритеты Стратегии, участники рабочих групп, эксперты, проекты и оценки в "
    "этом наборе данных условные — в сообщении о сессии они не приводятся.",
    "starts_on": date(2018, 11, 1),
    "ends_on": date(2018, 11, 1),
    "place": "Администрация ЗАТО Железногорск, Красноярский край",
    "strategy_title": "Стратегия социально-экономического развития ЗАТО Железногорск до 2030 года",
    "strategy_description": "Стратегия утверждена; её ключевые приоритеты представил участникам "
    "сессии первый заместитель главы ЗАТО Железногорск Сергей Проскурнин. Приоритеты, "
    f"перечисленные в системе, — {DEMO_MARK.lower()}: в сообщении о сессии они не названы.",
    "state": SessionState.REVIEW,
    "is_demo": True,
    "projects_published": True,
    "review_state": ReviewState.OPEN,
    "review_deadline": krasnoyarsk_time(2018, 11, 22, 18),
    "criteria_locked": True,
}

# Illustrative: the article says the Strategy has priorities but does not list them.
STRATEGY_PRIORITIES = {
    "technology": (
        "Технологическое лидерство: атомная и космическая отрасли как точки роста",
        "наукоёмкие производства на базе компетенций ГХК и ИСС, выход разработок на "
        "гражданский рынок.",
    ),
    "economy": (
        "Диверсификация экономики и поддержка предпринимательства",
        "рост малого и среднего бизнеса, кооперация с градообразующими предприятиями, "
        "производительность труда.",
    ),
    "city": (
        "Комфортная городская среда",
        "общественные пространства, благоустройство, участие жителей в выборе решений.",
    ),
    "utilities": (
        "Надёжная инфраструктура и эффективное ЖКХ",
        "обновление сетей, дороги, энергоэффективность.",
    ),
    "people": (
        "Человеческий капитал: образование, молодёжь, культура",
        "удержание молодёжи, инженерное образование, досуг.",
    ),
}

FORUM = {
    "name": "VII Международный инновационный форум",
    "starts_on": date(2018, 11, 23),
    "ends_on": date(2018, 11, 24),
    "place": "Железногорск",
}

# ----------------------------------------------------------------------------------------------
# Organisations: the six named in the article, then illustrative ones
# ----------------------------------------------------------------------------------------------

ORGANISATIONS = {
    "rosatom": {
        "name": "Государственная корпорация по атомной энергии «Росатом»",
        "short_name": "Госкорпорация «Росатом»",
        "kind": OrganisationKind.STATE_CORPORATION,
    },
    "roscosmos": {
        "name": "Государственная корпорация по космической деятельности «Роскосмос»",
        "short_name": "Госкорпорация «Роскосмос»",
        "kind": OrganisationKind.STATE_CORPORATION,
    },
    "gkhk": {
        "name": "ФГУП «Горно-химический комбинат»",
        "short_name": "ФГУП «ГХК»",
        "kind": OrganisationKind.FEDERAL_ENTERPRISE,
    },
    "iss": {
        "name": "АО «Информационные спутниковые системы» имени академика М. Ф. Решетнёва»",
        "short_name": "АО «ИСС»",
        "kind": OrganisationKind.ENTERPRISE,
    },
    "administration": {
        "name": "Администрация ЗАТО г. Железногорск",
        "short_name": "Администрация ЗАТО Железногорск",
        "kind": OrganisationKind.ADMINISTRATION,
    },
    "council": {
        "name": "Совет депутатов ЗАТО г. Железногорск",
        "short_name": "Совет депутатов",
        "kind": OrganisationKind.COUNCIL,
    },
    "business": {
        "name": "Клуб предпринимателей Железногорска (демо)",
        "kind": OrganisationKind.BUSINESS,
        "description": f"{DEMO_MARK}: условная организация предпринимателей; в статье названы "
        "«предприниматели» без указания организаций.",
    },
    "public": {
        "name": "Общественный совет микрорайонов (демо)",
        "kind": OrganisationKind.PUBLIC,
        "description": f"{DEMO_MARK}: условная общественная организация; в статье названы "
        "«общественные деятели» без указания организаций.",
    },
    "science": {
        "name": "Научно-образовательный консорциум Железногорска (демо)",
        "kind": OrganisationKind.SCIENCE,
        "description": f"{DEMO_MARK}: условное объединение научного сообщества; в статье "
        "названо «экспертное и научное сообщество» без указания организаций.",
    },
    "expert_council": {
        "name": "Экспертный совет инновационного форума (демо)",
        "kind": OrganisationKind.SCIENCE,
        "description": f"{DEMO_MARK}: условная организация экспертов, оценивающих проекты "
        "к форуму.",
    },
    "fund": {
        "name": "Региональный венчурный фонд (демо)",
        "kind": OrganisationKind.BUSINESS,
        "description": f"{DEMO_MARK}: условный инвестор, оценивающий проекты к форуму.",
    },
}

# ----------------------------------------------------------------------------------------------
# Directions and working groups (facts of the article, in its order)
# ----------------------------------------------------------------------------------------------

DIRECTIONS = {
    "science": "Научно-технологическое развитие и точки роста",
    "economy": "Базовый сектор экономики",
    "city": "Городская среда",
    "utilities": "Развитие инфраструктуры и ЖКХ",
}

# ----------------------------------------------------------------------------------------------
# People: the two speakers of the article, then one illustrative participant per demo account
# ----------------------------------------------------------------------------------------------

SPEAKERS = {
    "malkhasyan": {
        "full_name": "Карен Малхасян",
        "position": "Заместитель начальника Управления по работе с регионами "
        "Госкорпорации «Росатом»",
        "organisation": "rosatom",
    },
    "proskurnin": {
        "full_name": "Сергей Проскурнин",
        "position": "Первый заместитель главы ЗАТО Железногорск",
        "organisation": "administration",
    },
}


class DemoAccount(NamedTuple):
    """A demo login; every one but the admin's is also a participant of the session."""

    description: str
    local_part: str
    full_name: str
    position: str = ""
    organisation: str | None = None
    role: ParticipantRole | None = None
    direction: str | None = None
    expert_kind: ExpertKind | None = None
    is_admin: bool = False


ACCOUNTS = [
    DemoAccount("Administrator", "admin", "Администратор (демо)", is_admin=True),
    DemoAccount(
        "Facilitator",
        "facilitator",
        "Ольга Смирнова (демо)",
        position="Фасилитатор проектной сессии",
        organisation="administration",
        role=ParticipantRole.FACILITATOR,
    ),
    DemoAccount(
        "Moderator, working group 1",
        "group1",
        "Андрей Кузнецов (демо)",
        position="Координатор научно-образовательного консорциума",
        organisation="science",
        role=ParticipantRole.MODERATOR,
        direction="science",
    ),
    DemoAccount(
        "Member, working group 2",
        "group2",
        "Наталья Орлова (демо)",
        position="Предприниматель",
        organisation="business",
        role=ParticipantRole.MEMBER,
        direction="economy",
    ),
    DemoAccount(
        "Member, working group 3",
        "group3",
        "Игорь Лебедев (демо)",
        position="Председатель общественного совета",
        organisation="public",
        role=ParticipantRole.MEMBER,
        direction="city",
    ),
    DemoAccount(
        "Member, working group 4",
        "group4",
        "Марина Ковалёва (демо)",
        position="Специалист управления городского хозяйства",
        organisation="administration",
        role=ParticipantRole.MEMBER,
        direction="utilities",
    ),
    DemoAccount(
        "Expert",
        "expert1",
        "Виктор Зайцев (демо)",
        position="Доктор технических наук, эксперт",
        organisation="expert_council",
        role=ParticipantRole.EXPERT,
        expert_kind=ExpertKind.EXPERT,
    ),
    DemoAccount(
        "Expert",
        "expert2",
        "Татьяна Волкова (демо)",
        position="Эксперт по городскому развитию",
        organisation="expert_council",
        role=ParticipantRole.EXPERT,
        expert_kind=ExpertKind.EXPERT,
    ),
    DemoAccount(
        "Expert (investor)",
        "investor",
        "Павел Морозов (демо)",
        position="Инвестиционный директор",
        organisation="fund",
        role=ParticipantRole.EXPERT,
        expert_kind=ExpertKind.INVESTOR,
    ),
    DemoAccount(
        "Observer",
        "observer",
        "Елена Титова (демо)",
        position="Журналист городской газеты",
        role=ParticipantRole.OBSERVER,
    ),
]

# ----------------------------------------------------------------------------------------------
# Agenda, talks and decisions (talks from the article; times and decisions illustrative)
# ----------------------------------------------------------------------------------------------

AGENDA_NOTE = f"{DEMO_MARK}: время указано условно, в сообщении о сессии расписание не приводится."

MALKHASYAN_KEY_POINTS = "\n".join(
    [
        "Указом Президента РФ определены 12 базовых национальных проектов.",
        "Госкорпорация «Росатом» внесла предложение утвердить тринадцатый проект, связанный с "
        "развитием атомной науки и технологий; в настоящее время идёт согласование документов.",
        "В этом году на конференции договорились, что каждый город атомной отрасли разработает "
        "приоритетные проекты развития.",
        "На сессии необходимо оценить различные проекты территории и определить, как все "
        "процессы в Железногорске встраиваются в систему национальных приоритетов.",
        "С чётким планом можно заявляться в различные источники финансирования, в программы и "
        "привлекать дополнительные средства на реализацию.",
    ]
)

AGENDA = [
    {
        "title": "Открытие сессии. Национальные проекты и программы развития городов "
        "атомной отрасли",
        "starts_at": time(10, 0),
        "ends_at": time(10, 30),
        "talks": [
            (
                "malkhasyan",
                "Комплексные проекты и программы развития городов атомной отрасли",
                MALKHASYAN_KEY_POINTS,
            )
        ],
    },
    {
        "title": "Стратегия социально-экономического развития ЗАТО Железногорск до 2030 года",
        "starts_at": time(10, 30),
        "ends_at": time(11, 0),
        "talks": [
            (
                "proskurnin",
                "Ключевые приоритеты Стратегии социально-экономического развития "
                "ЗАТО Железногорск до 2030 года",
                "Представил участникам ключевые приоритеты утверждённой Стратегии "
                "социально-экономического развития ЗАТО Железногорск до 2030 года.",
            )
        ],
    },
    {
        "title": "Работа в группах по четырём направлениям",
        "starts_at": time(11, 0),
        "ends_at": time(15, 0),
        "description": "Научно-технологическое развитие и точки роста; базовый сектор "
        "экономики; городская среда; развитие инфраструктуры и ЖКХ.",
    },
    {
        "title": "Подведение итогов",
        "starts_at": time(15, 0),
        "ends_at": time(16, 30),
        "description": "Участники групп представляют приоритетные проекты, которые возможно "
        "реализовать в ЗАТО Железногорск, необходимые ресурсы и ключевые этапы работы.",
        "decisions": [
            {
                "text": "Доработать паспорта приоритетных проектов (цели, показатели, ресурсы, "
                "ключевые этапы) и направить их на экспертизу к VII Международному "
                "инновационному форуму.",
                "responsible": "Модераторы рабочих групп",
                "organisation": "administration",
                "due_on": date(2018, 11, 15),
                "status": DecisionStatus.IN_PROGRESS,
            },
            {
                "text": "Сформировать экспертный совет из экспертов и инвесторов, утвердить "
                "критерии оценки и провести экспертизу проектов до открытия форума.",
                "responsible": "Фасилитатор сессии",
                "organisation": "administration",
                "due_on": date(2018, 11, 22),
                "status": DecisionStatus.OPEN,
            },
        ],
    },
]
