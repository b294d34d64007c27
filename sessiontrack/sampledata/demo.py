"""The demo data set: the Zheleznogorsk session of 1 November 2018 from the source article.

The session, its speakers and their talks, the named organisations, the four directions and the
forum are facts of the article. Everything else (strategy priorities, the business, public and
expert organisations, working-group members, experts, projects and scores) is illustrative and
says so in the data: ``is_demo`` where the model has it, «Демонстрационный пример» or «(демо)»
in the text where it has not.

:func:`load_demo` adds only what is missing, looking each row up by its natural key, and never
changes a row that exists: running it again changes nothing. It flushes; the caller commits.
The stage changes that brought the session to the expert review go through the lifecycle
service, dated on the days they happened, once: the lifecycle page shows them.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from .agenda.models import AgendaItem, Decision, DecisionStatus, Talk
from .auth.models import User
from .auth.services import create_user, find_user
from .demo_lifecycle import advance, has_lifecycle_history
from .extensions import db
from .people.models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole
from .projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    Stage,
)
from .projects.passport import snapshot as passport_snapshot
from .reference.data import load_reference_data
from .reference.models import FundingSource, NationalProject
from .review.models import Criterion, Score, Scorecard, ScorecardState
from .sessions.models import (
    Direction,
    Forum,
    Membership,
    ReviewState,
    SessionRole,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)

# Krasnoyarsk has kept UTC+7 all year since 2014; a fixed offset needs no tz database.
KRASNOYARSK = timezone(timedelta(hours=7), "KRAT")
DEMO_MARK = "Демонстрационный пример"
EMAIL_DOMAIN = "demo.sessiontrack.example"
# Printed by ``flask demo`` for everyone to use: a demo login, not a secret.
DEMO_PASSWORD = "zato-2018-demo"  # noqa: S105


def _krasnoyarsk_time(year: int, month: int, day: int, hour: int) -> datetime:
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
    "review_deadline": _krasnoyarsk_time(2018, 11, 22, 18),
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
    role: SessionRole | None = None
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
        role=SessionRole.FACILITATOR,
    ),
    DemoAccount(
        "Moderator, working group 1",
        "group1",
        "Андрей Кузнецов (демо)",
        position="Координатор научно-образовательного консорциума",
        organisation="science",
        role=SessionRole.MODERATOR,
        direction="science",
    ),
    DemoAccount(
        "Member, working group 2",
        "group2",
        "Наталья Орлова (демо)",
        position="Предприниматель",
        organisation="business",
        role=SessionRole.MEMBER,
        direction="economy",
    ),
    DemoAccount(
        "Member, working group 3",
        "group3",
        "Игорь Лебедев (демо)",
        position="Председатель общественного совета",
        organisation="public",
        role=SessionRole.MEMBER,
        direction="city",
    ),
    DemoAccount(
        "Member, working group 4",
        "group4",
        "Марина Ковалёва (демо)",
        position="Специалист управления городского хозяйства",
        organisation="administration",
        role=SessionRole.MEMBER,
        direction="utilities",
    ),
    DemoAccount(
        "Expert",
        "expert1",
        "Виктор Зайцев (демо)",
        position="Доктор технических наук, эксперт",
        organisation="expert_council",
        role=SessionRole.EXPERT,
        expert_kind=ExpertKind.EXPERT,
    ),
    DemoAccount(
        "Expert",
        "expert2",
        "Татьяна Волкова (демо)",
        position="Эксперт по городскому развитию",
        organisation="expert_council",
        role=SessionRole.EXPERT,
        expert_kind=ExpertKind.EXPERT,
    ),
    DemoAccount(
        "Expert (investor)",
        "investor",
        "Павел Морозов (демо)",
        position="Инвестиционный директор",
        organisation="fund",
        role=SessionRole.EXPERT,
        expert_kind=ExpertKind.INVESTOR,
    ),
    DemoAccount(
        "Observer",
        "observer",
        "Елена Титова (демо)",
        position="Журналист городской газеты",
        role=SessionRole.OBSERVER,
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

# ----------------------------------------------------------------------------------------------
# Demo projects: illustrative passports, two or more per direction
# ----------------------------------------------------------------------------------------------

MLN_RUB = "млн руб."


class IndicatorRow(NamedTuple):
    name: str
    unit: str
    baseline: str
    target: str
    year: int


class ResourceRow(NamedTuple):
    kind: ResourceKind
    description: str
    amount: str
    unit: str
    year: int
    funding_source: str | None
    status: ResourceStatus


class StageRow(NamedTuple):
    title: str
    starts_on: date
    ends_on: date
    deliverable: str
    organisation: str


FIN, REQ, SEC = ResourceKind.FINANCIAL, ResourceStatus.REQUESTED, ResourceStatus.SECURED

# Passport rows are kept one to a line (fmt: off) so that each reads as a row of a table.
# fmt: off
PROJECTS = {
    "technopark": {
        "direction": "science",
        "state": ProjectState.ACCEPTED,
        "title": "Технопарк «Железногорск» для малых инновационных компаний атомной и "
        "космической отраслей",
        "short_title": "Технопарк «Железногорск»",
        "problem": f"{DEMO_MARK}. Разработки ГХК и ИСС редко выходят за пределы предприятий: в "
        "городе нет площадки, где малые инновационные компании могли бы арендовать помещения и "
        "оборудование и получать заказы крупных предприятий.",
        "goal": "Создать технопарк с инфраструктурой для 30 резидентов, работающих на заказы "
        "атомной и космической отраслей и на гражданский рынок.",
        "expected_results": "Введён в эксплуатацию технопарк площадью 8 тыс. м²; работают 30 "
        "резидентов; создано 300 высокотехнологичных рабочих мест.",
        "start_year": 2019,
        "end_year": 2023,
        "lead": "administration",
        "partners": [
            ("gkhk", "Производственный корпус и инженерные сети для реконструкции"),
            ("iss", "Технологические заказы и наставничество для резидентов"),
        ],
        "responsible_person": "Андрей Соколов",
        "responsible_position": "Заместитель главы ЗАТО г. Железногорск по экономике",
        "risks": "Недостаточный спрос резидентов; задержка софинансирования из краевого "
        "бюджета; ограничения режима ЗАТО для внешних компаний.",
        "indicators": [
            IndicatorRow("Резиденты технопарка", "ед.", "0", "30", 2023),
            IndicatorRow("Высокотехнологичные рабочие места", "ед.", "0", "300", 2023),
            IndicatorRow("Выручка резидентов", "млн руб. в год", "0", "900", 2023),
        ],
        "resources": [
            ResourceRow(FIN, "Реконструкция и оснащение корпуса", "420", MLN_RUB, 2020,
                        "federal_budget", REQ),
            ResourceRow(FIN, "Софинансирование реконструкции", "140", MLN_RUB, 2020,
                        "regional_budget", REQ),
            ResourceRow(FIN, "Подготовка площадки и инженерные сети", "35", MLN_RUB, 2019,
                        "local_budget", SEC),
            ResourceRow(ResourceKind.INFRASTRUCTURE, "Производственный корпус ГХК", "8000",
                        "м²", 2019, None, SEC),
            ResourceRow(ResourceKind.STAFF, "Управляющая компания технопарка", "12", "чел.",
                        2020, None, REQ),
        ],
        "stages": [
            StageRow("Концепция и бизнес-план", date(2019, 1, 15), date(2019, 6, 30),
                     "Концепция, бизнес-план и перечень якорных резидентов", "administration"),
            StageRow("Проектно-сметная документация", date(2019, 7, 1), date(2020, 3, 31),
                     "ПСД с положительным заключением экспертизы", "administration"),
            StageRow("Реконструкция и оснащение корпуса", date(2020, 4, 1), date(2022, 6, 30),
                     "Корпус введён в эксплуатацию", "gkhk"),
            StageRow("Отбор резидентов и выход на проектную мощность", date(2022, 7, 1),
                     date(2023, 12, 31), "30 резидентов технопарка", "administration"),
        ],
        "national_projects": ["science", "small_business"],
        "priorities": ["technology", "economy"],
    },
    "radiation": {
        "direction": "science",
        "state": ProjectState.ACCEPTED,
        "title": "Центр радиационных технологий: стерилизация медицинских изделий и обработка "
        "сельскохозяйственной продукции",
        "short_title": "Центр радиационных технологий",
        "problem": f"{DEMO_MARK}. Компетенции ГХК в радиационных технологиях не используются "
        "гражданской экономикой края: медицинские изделия и продукцию везут на стерилизацию и "
        "обработку в другие регионы.",
        "goal": "Создать центр радиационной обработки на базе ускорителя электронов для "
        "медицины и агропромышленного комплекса Сибири.",
        "expected_results": "Центр обрабатывает 20 тыс. м³ продукции в год; у него не менее 15 "
        "постоянных заказчиков из Красноярского края и соседних регионов.",
        "start_year": 2019,
        "end_year": 2022,
        "lead": "gkhk",
        "partners": [
            ("rosatom", "Отраслевая экспертиза и поставка ускорителя организациями отрасли"),
            ("business", "Привлечение заказчиков из агропромышленного комплекса"),
        ],
        "responsible_person": "Елена Крылова",
        "responsible_position": "Директор по развитию новых направлений бизнеса",
        "risks": "Настороженное общественное восприятие радиационных технологий; сроки "
        "лицензирования; недозагрузка мощностей в первые годы.",
        "indicators": [
            IndicatorRow("Объём обработанной продукции", "тыс. м³ в год", "0", "20", 2022),
            IndicatorRow("Постоянные заказчики", "ед.", "0", "15", 2022),
        ],
        "resources": [
            ResourceRow(FIN, "Ускоритель электронов и радиационная защита", "380", MLN_RUB,
                        2020, "state_corporations", REQ),
            ResourceRow(FIN, "Строительство здания центра", "160", MLN_RUB, 2020,
                        "enterprises", SEC),
            ResourceRow(FIN, "Оборотные средства на выход на мощность", "40", MLN_RUB, 2021,
                        "private_investment", REQ),
            ResourceRow(ResourceKind.LEGAL, "Лицензия на эксплуатацию радиационного источника",
                        "1", "лицензия", 2021, None, REQ),
            ResourceRow(ResourceKind.STAFF, "Операторы и инженеры радиационной обработки", "18",
                        "чел.", 2021, None, SEC),
        ],
        "stages": [
            StageRow("Технико-экономическое обоснование", date(2019, 2, 1), date(2019, 8, 31),
                     "ТЭО и исследование рынка", "gkhk"),
            StageRow("Проектирование и лицензирование", date(2019, 9, 1), date(2020, 12, 31),
                     "Проект и лицензия на размещение", "gkhk"),
            StageRow("Строительство и монтаж ускорителя", date(2021, 1, 1), date(2021, 12, 31),
                     "Центр готов к пусконаладке", "rosatom"),
            StageRow("Выход на проектную мощность", date(2022, 1, 1), date(2022, 12, 31),
                     "20 тыс. м³ обработанной продукции в год", "gkhk"),
        ],
        "national_projects": ["atomic_science", "healthcare"],
        "priorities": ["technology"],
    },
    "satellite": {
        "direction": "science",
        "state": ProjectState.SUBMITTED,
        "title": "Городские сервисы на основе спутниковых данных: мониторинг застройки, дорог "
        "и теплопотерь",
        "short_title": "Спутниковые данные для города",
        "problem": f"{DEMO_MARK}. О состоянии дорог, самовольной застройке и теплопотерях "
        "администрация узнаёт из обходов и обращений граждан; спутниковые данные и компетенции "
        "ИСС для этого не используются.",
        "goal": "Создать геоинформационный сервис, который по спутниковым снимкам выявляет "
        "изменения застройки, дефекты дорог и участки теплопотерь.",
        "expected_results": "Сервисом пользуются администрация и управляющие компании; время "
        "выявления нарушений сокращено вдвое.",
        "start_year": 2019,
        "end_year": 2021,
        "lead": "iss",
        "partners": [
            ("administration", "Пилотная эксплуатация и данные муниципальных реестров"),
            ("roscosmos", "Доступ к данным дистанционного зондирования Земли"),
        ],
        "responsible_person": "Дмитрий Воронин",
        "responsible_position": "Руководитель проектного офиса",
        "risks": "Доступность снимков нужного разрешения; режимные ограничения на публикацию "
        "данных о территории ЗАТО.",
        "indicators": [
            IndicatorRow("Время выявления нарушения", "дней", "60", "30", 2021),
            IndicatorRow("Муниципальные службы — пользователи сервиса", "ед.", "0", "6", 2021),
        ],
        "resources": [
            ResourceRow(FIN, "Разработка геоинформационного сервиса", "28", MLN_RUB, 2019,
                        "grants", REQ),
            ResourceRow(FIN, "Данные дистанционного зондирования", "12", MLN_RUB, 2020,
                        "state_corporations", REQ),
            ResourceRow(FIN, "Сопровождение сервиса", "6", MLN_RUB, 2021, "local_budget", REQ),
            ResourceRow(ResourceKind.STAFF, "Аналитики геоданных", "5", "чел.", 2019, None,
                        SEC),
        ],
        "stages": [
            StageRow("Пилот в двух микрорайонах", date(2019, 3, 1), date(2019, 10, 31),
                     "Отчёт о пилоте и требования к сервису", "iss"),
            StageRow("Промышленная эксплуатация", date(2020, 1, 1), date(2020, 12, 31),
                     "Сервис принят в эксплуатацию администрацией", "administration"),
            StageRow("Тиражирование в городах атомной отрасли", date(2021, 1, 1),
                     date(2021, 12, 31), "Сервис внедрён ещё в двух городах", "iss"),
        ],
        "national_projects": ["digital_economy"],
        "priorities": ["technology", "city"],
    },
    "localisation": {
        "direction": "economy",
        "state": ProjectState.ACCEPTED,
        "title": "Кооперация малых предприятий с ГХК и ИСС: локализация поставок комплектующих "
        "и услуг",
        "short_title": "Локализация поставок",
        "problem": f"{DEMO_MARK}. Крупные предприятия города закупают значительную часть "
        "комплектующих и услуг за пределами края, а местный малый бизнес не знает их "
        "требований и не проходит квалификацию поставщиков.",
        "goal": "Увеличить закупки ГХК и ИСС у предприятий Железногорска программой "
        "квалификации и сопровождения поставщиков.",
        "expected_results": "Не менее 40 местных предприятий прошли квалификацию; их поставки "
        "крупным предприятиям выросли до 1,2 млрд руб. в год.",
        "start_year": 2019,
        "end_year": 2022,
        "lead": "business",
        "partners": [
            ("gkhk", "Требования к закупкам и участие в квалификации поставщиков"),
            ("iss", "Перечень номенклатуры для локализации"),
        ],
        "responsible_person": "Наталья Орлова",
        "responsible_position": "Председатель клуба предпринимателей",
        "risks": "Предприятия не выдерживают требований к качеству; меняются правила закупок "
        "госкорпораций.",
        "indicators": [
            IndicatorRow("Квалифицированные местные поставщики", "ед.", "8", "40", 2022),
            IndicatorRow("Закупки крупных предприятий у местных поставщиков", "млн руб. в год",
                         "350", "1200", 2022),
        ],
        "resources": [
            ResourceRow(FIN, "Центр поддержки поставщиков (консультации, сертификация)", "18",
                        MLN_RUB, 2019, "regional_budget", SEC),
            ResourceRow(FIN, "Льготные займы на модернизацию оборудования", "150", MLN_RUB, 2020,
                        "grants", REQ),
            ResourceRow(FIN, "Собственные средства предприятий — участников программы", "90",
                        MLN_RUB, 2020, "enterprises", REQ),
            ResourceRow(ResourceKind.ORGANISATIONAL, "Соглашения о кооперации с ГХК и ИСС", "2",
                        "соглашения", 2019, None, SEC),
        ],
        "stages": [
            StageRow("Анализ закупок и перечень номенклатуры", date(2019, 1, 15),
                     date(2019, 4, 30), "Перечень номенклатуры для локализации", "iss"),
            StageRow("Отбор и обучение предприятий", date(2019, 5, 1), date(2019, 12, 31),
                     "60 предприятий прошли обучение", "business"),
            StageRow("Квалификация поставщиков", date(2020, 1, 1), date(2021, 6, 30),
                     "40 квалифицированных поставщиков", "gkhk"),
            StageRow("Выход на целевой объём поставок", date(2021, 7, 1), date(2022, 12, 31),
                     "Поставки 1,2 млрд руб. в год", "business"),
        ],
        "national_projects": ["small_business", "labour_productivity"],
        "priorities": ["economy"],
    },
    "productivity": {
        "direction": "economy",
        "state": ProjectState.RETURNED,
        "remarks": "Уточните перечень предприятий-участников и подтвердите софинансирование из "
        "краевого бюджета; приведите показатели к методике национального проекта "
        "«Производительность труда и поддержка занятости».",
        "title": "Бережливый Железногорск: повышение производительности труда на предприятиях "
        "и в муниципальных учреждениях",
        "short_title": "Производительность труда",
        "problem": f"{DEMO_MARK}. Производительность труда на средних предприятиях и в "
        "муниципальных учреждениях города ниже, чем на предприятиях атомной отрасли, где "
        "действует производственная система «Росатома»; опыт отрасли в городе не тиражируется.",
        "goal": "Внедрить инструменты бережливого производства на 15 предприятиях и в 10 "
        "муниципальных учреждениях города.",
        "expected_results": "Производительность труда на предприятиях-участниках выросла на "
        "15 %; сроки муниципальных услуг сократились на треть.",
        "start_year": 2019,
        "end_year": 2024,
        "lead": "administration",
        "partners": [("rosatom", "Методики и тренеры производственной системы «Росатома»")],
        "responsible_person": "Светлана Павлова",
        "responsible_position": "Начальник управления экономики и планирования",
        "risks": "Формальное участие предприятий; нехватка внутренних тренеров.",
        "indicators": [
            IndicatorRow("Рост производительности труда на предприятиях-участниках", "%", "0",
                         "15", 2024),
            IndicatorRow("Предприятия и учреждения — участники", "ед.", "0", "25", 2024),
        ],
        "resources": [
            ResourceRow(FIN, "Обучение сотрудников предприятий", "24", MLN_RUB, 2019,
                        "federal_budget", REQ),
            ResourceRow(FIN, "Оптимизация процессов в муниципальных учреждениях", "9", MLN_RUB,
                        2020, "local_budget", REQ),
            ResourceRow(ResourceKind.STAFF, "Внутренние тренеры по бережливому производству",
                        "20", "чел.", 2019, None, REQ),
        ],
        "stages": [
            StageRow("Отбор участников и диагностика", date(2019, 2, 1), date(2019, 6, 30),
                     "Карты потоков создания ценности", "administration"),
            StageRow("Проекты улучшений первой волны", date(2019, 7, 1), date(2020, 12, 31),
                     "10 завершённых проектов улучшений", "rosatom"),
            StageRow("Тиражирование и центр компетенций", date(2021, 1, 1), date(2024, 12, 31),
                     "Городской центр компетенций по производительности", "administration"),
        ],
        "national_projects": ["labour_productivity"],
        "priorities": ["economy"],
    },
    "embankment": {
        "direction": "city",
        "state": ProjectState.ACCEPTED,
        "title": "Благоустройство набережной городского озера",
        "short_title": "Набережная",
        "problem": f"{DEMO_MARK}. Набережная — главное место отдыха горожан, но покрытия, "
        "освещение и малые архитектурные формы изношены, а доступной среды для маломобильных "
        "граждан нет.",
        "goal": "Благоустроить 2,5 км набережной по выбранному жителями дизайн-проекту и "
        "сделать её круглогодичным общественным пространством.",
        "expected_results": "Набережная благоустроена на всём протяжении; посещаемость в "
        "выходной день выросла до 8 тыс. человек.",
        "start_year": 2019,
        "end_year": 2021,
        "lead": "administration",
        "partners": [
            ("public", "Общественные обсуждения и голосование за дизайн-проект"),
            ("council", "Контроль за расходованием средств и очерёдностью работ"),
        ],
        "responsible_person": "Михаил Фёдоров",
        "responsible_position": "Начальник управления городского хозяйства",
        "risks": "Удорожание работ; сжатый строительный сезон; споры жителей о дизайн-проекте.",
        "indicators": [
            IndicatorRow("Благоустроенная протяжённость набережной", "км", "0", "2.5", 2021),
            IndicatorRow("Посещаемость в выходной день", "тыс. чел.", "3", "8", 2021),
            IndicatorRow("Жители, выбиравшие дизайн-проект", "тыс. чел.", "0", "5", 2019),
        ],
        "resources": [
            ResourceRow(FIN, "Благоустройство (формирование комфортной городской среды)", "95",
                        MLN_RUB, 2020, "federal_budget", REQ),
            ResourceRow(FIN, "Софинансирование благоустройства", "30", MLN_RUB, 2020,
                        "regional_budget", REQ),
            ResourceRow(FIN, "Проектирование и общественные обсуждения", "6", MLN_RUB, 2019,
                        "local_budget", SEC),
            ResourceRow(FIN, "Летние кафе и прокат", "25", MLN_RUB, 2021, "ppp", REQ),
            ResourceRow(ResourceKind.LAND, "Земли набережной в муниципальной собственности",
                        "12", "га", 2019, None, SEC),
        ],
        "stages": [
            StageRow("Общественные обсуждения и дизайн-проект", date(2019, 2, 1),
                     date(2019, 6, 30), "Дизайн-проект, выбранный жителями", "public"),
            StageRow("Проектно-сметная документация", date(2019, 7, 1), date(2019, 12, 31),
                     "ПСД благоустройства", "administration"),
            StageRow("Первая очередь благоустройства", date(2020, 4, 1), date(2020, 10, 31),
                     "Благоустроено 1,2 км", "administration"),
            StageRow("Вторая очередь и открытие набережной", date(2021, 4, 1),
                     date(2021, 9, 30), "Набережная открыта полностью", "administration"),
        ],
        "national_projects": ["housing"],
        "priorities": ["city"],
    },
    "youth_centre": {
        "direction": "city",
        "state": ProjectState.DRAFT,
        "title": "Молодёжный центр научно-технического творчества и досуга",
        "short_title": "Молодёжный центр",
        "problem": f"{DEMO_MARK}. Выпускники уезжают учиться и работать в другие города; у "
        "школьников и студентов мало возможностей заниматься инженерным творчеством и "
        "проводить свободное время в городе.",
        "goal": "Открыть молодёжный центр с лабораториями, кружками под руководством инженеров "
        "ИСС и ГХК и пространством для досуга.",
        "expected_results": "Центр посещают 1 500 школьников и студентов в год; не менее 50 "
        "выпускников центра в год выбирают инженерные специальности.",
        "start_year": 2020,
        "end_year": 2023,
        "lead": "administration",
        "partners": [
            ("iss", "Кружки и наставники из числа инженеров предприятия"),
            ("public", "Программы досуга и волонтёрства"),
        ],
        "responsible_person": "Ирина Максимова",
        "responsible_position": "Руководитель управления по делам молодёжи",
        "risks": "Нехватка педагогов; рост расходов на содержание здания.",
        "indicators": [
            IndicatorRow("Посетители центра", "чел. в год", "0", "1500", 2023),
            IndicatorRow("Выпускники, выбравшие инженерные специальности", "чел. в год", "0",
                         "50", 2023),
        ],
        "resources": [
            ResourceRow(FIN, "Реконструкция здания", "110", MLN_RUB, 2021, "regional_budget",
                        REQ),
            ResourceRow(FIN, "Оборудование лабораторий", "35", MLN_RUB, 2021, "grants", REQ),
            ResourceRow(FIN, "Содержание центра", "12", MLN_RUB, 2022, "local_budget", REQ),
            ResourceRow(ResourceKind.INFRASTRUCTURE, "Здание для реконструкции", "2400", "м²",
                        2020, None, SEC),
        ],
        "stages": [
            StageRow("Концепция и программа центра", date(2020, 1, 15), date(2020, 6, 30),
                     "Концепция и образовательная программа", "administration"),
            StageRow("Реконструкция здания", date(2020, 9, 1), date(2022, 6, 30),
                     "Здание готово к открытию", "administration"),
            StageRow("Открытие и набор", date(2022, 9, 1), date(2023, 12, 31),
                     "Центр работает по полной программе", "public"),
        ],
        "national_projects": ["education", "culture"],
        "priorities": ["people", "city"],
    },
    "heating": {
        "direction": "utilities",
        "state": ProjectState.ACCEPTED,
        "title": "Модернизация тепловых сетей города",
        "short_title": "Теплосети",
        "problem": f"{DEMO_MARK}. Значительная часть магистральных и внутриквартальных тепловых "
        "сетей выработала нормативный срок; потери тепла и число аварийных отключений растут.",
        "goal": "Заменить 30 км изношенных сетей, снизить потери тепловой энергии и число "
        "отключений.",
        "expected_results": "Доля сетей со сверхнормативным износом снижена до 35 %, потери "
        "тепла — до 11 %, аварийных отключений втрое меньше.",
        "start_year": 2019,
        "end_year": 2024,
        "lead": "administration",
        "partners": [("gkhk", "Источник тепловой энергии и участие в схеме теплоснабжения")],
        "responsible_person": "Михаил Фёдоров",
        "responsible_position": "Начальник управления городского хозяйства",
        "risks": "Рост тарифов при концессии; нехватка подрядчиков; короткий летний сезон работ.",
        "indicators": [
            IndicatorRow("Доля сетей со сверхнормативным износом", "%", "62", "35", 2024),
            IndicatorRow("Потери тепловой энергии в сетях", "%", "18", "11", 2024),
            IndicatorRow("Аварийные отключения за отопительный сезон", "ед.", "45", "15", 2024),
        ],
        "resources": [
            ResourceRow(FIN, "Замена магистральных сетей (концессия)", "640", MLN_RUB, 2021,
                        "ppp", REQ),
            ResourceRow(FIN, "Замена внутриквартальных сетей", "210", MLN_RUB, 2020,
                        "regional_budget", REQ),
            ResourceRow(FIN, "Капитальный ремонт по текущей программе", "75", MLN_RUB, 2019,
                        "local_budget", SEC),
            ResourceRow(ResourceKind.LEGAL, "Актуализированная схема теплоснабжения", "1",
                        "документ", 2019, None, SEC),
            ResourceRow(ResourceKind.ORGANISATIONAL, "Концессионное соглашение", "1",
                        "соглашение", 2020, None, REQ),
        ],
        "stages": [
            StageRow("Актуализация схемы теплоснабжения", date(2019, 1, 15), date(2019, 6, 30),
                     "Утверждённая схема теплоснабжения", "administration"),
            StageRow("Концессионный конкурс", date(2019, 7, 1), date(2020, 3, 31),
                     "Заключённое концессионное соглашение", "administration"),
            StageRow("Замена магистральных сетей", date(2020, 5, 1), date(2023, 9, 30),
                     "Заменено 18 км магистральных сетей", "gkhk"),
            StageRow("Замена внутриквартальных сетей", date(2021, 5, 1), date(2024, 9, 30),
                     "Заменено 12 км внутриквартальных сетей", "administration"),
        ],
        "national_projects": ["housing", "ecology"],
        "priorities": ["utilities"],
    },
    "roads": {
        "direction": "utilities",
        "state": ProjectState.ACCEPTED,
        "title": "Реконструкция автомобильной дороги на въезде в город и к промышленной зоне",
        "short_title": "Дороги к промзоне",
        "problem": f"{DEMO_MARK}. Дорога на въезде в город и к промышленной зоне не "
        "рассчитана на растущий грузовой поток; на ней несколько мест концентрации ДТП.",
        "goal": "Реконструировать дорогу с расширением проезжей части, освещением и "
        "безопасными пешеходными переходами.",
        "expected_results": "Доля дорог в нормативном состоянии — 85 %; места концентрации ДТП "
        "устранены.",
        "start_year": 2019,
        "end_year": 2022,
        "lead": "administration",
        "partners": [("iss", "Подъездные пути к производственной площадке")],
        "responsible_person": "Михаил Фёдоров",
        "responsible_position": "Начальник управления городского хозяйства",
        "risks": "Неполучение федеральных средств в заявленном году; удорожание материалов.",
        "indicators": [
            IndicatorRow("Доля дорог в нормативном состоянии", "%", "48", "85", 2022),
            IndicatorRow("Места концентрации ДТП", "ед.", "6", "1", 2022),
        ],
        "resources": [
            ResourceRow(FIN, "Реконструкция дороги", "310", MLN_RUB, 2020, "federal_budget",
                        REQ),
            ResourceRow(FIN, "Софинансирование реконструкции", "90", MLN_RUB, 2020,
                        "regional_budget", REQ),
            ResourceRow(FIN, "Проектно-изыскательские работы", "14", MLN_RUB, 2019,
                        "local_budget", SEC),
            ResourceRow(FIN, "Подъездные пути к площадке предприятия", "25", MLN_RUB, 2021,
                        "enterprises", SEC),
        ],
        "stages": [
            StageRow("Проектно-изыскательские работы", date(2019, 2, 1), date(2019, 11, 30),
                     "Проект с положительным заключением экспертизы", "administration"),
            StageRow("Первая очередь: въезд в город", date(2020, 5, 1), date(2020, 10, 31),
                     "Реконструирован участок 3 км", "administration"),
            StageRow("Вторая очередь: дорога к промзоне", date(2021, 5, 1), date(2022, 10, 31),
                     "Реконструирован участок 5 км и подъездные пути", "iss"),
        ],
        "national_projects": ["roads"],
        "priorities": ["utilities"],
    },
}
# fmt: on

# When the demo projects reached the facilitator (all but the draft).
PROJECTS_SUBMITTED_AT = _krasnoyarsk_time(2018, 11, 8, 17)

# ----------------------------------------------------------------------------------------------
# Review: the six demo criteria (DESIGN.md) and the experts' scorecards
# ----------------------------------------------------------------------------------------------

CRITERIA = [
    {
        "title": "Соответствие национальным проектам и Стратегии 2030",
        "weight": 3,
        "description": "Насколько проект встраивается в национальные проекты и приоритеты "
        "Стратегии социально-экономического развития ЗАТО Железногорск до 2030 года.",
        "level_descriptions": {
            "0": "Связи с национальными проектами и Стратегией нет.",
            "5": "Связь с одним национальным проектом или приоритетом, вклад в показатели "
            "косвенный.",
            "10": "Прямой вклад в показатели национальных проектов и ключевые приоритеты "
            "Стратегии.",
        },
    },
    {
        "title": "Социально-экономический эффект для города",
        "weight": 3,
        "description": "Рабочие места, доходы бюджета, качество жизни, число горожан, которых "
        "затронет проект.",
        "level_descriptions": {
            "0": "Эффект для города не виден.",
            "5": "Заметный эффект для отдельной отрасли или части жителей.",
            "10": "Значимый измеримый эффект для экономики и жителей всего города.",
        },
    },
    {
        "title": "Реализуемость и проработанность",
        "weight": 2,
        "description": "Проработаны ли цели, показатели, этапы, ответственные и риски; "
        "реалистичны ли сроки.",
        "level_descriptions": {
            "0": "Идея без плана.",
            "5": "Есть план и ответственные, но сроки или риски не проработаны.",
            "10": "Полный паспорт, реалистичный график, риски с мерами реагирования.",
        },
    },
    {
        "title": "Обеспеченность ресурсами и инвестиционная привлекательность",
        "weight": 2,
        "description": "Какая часть ресурсов уже обеспечена и насколько проект интересен "
        "инвесторам и программам финансирования.",
        "level_descriptions": {
            "0": "Ресурсы не определены, инвестору проект неинтересен.",
            "5": "Ресурсы определены, обеспечена их небольшая часть.",
            "10": "Большая часть ресурсов обеспечена, есть интерес инвесторов.",
        },
    },
    {
        "title": "Инновационность и технологический уровень",
        "weight": 2,
        "description": "Новизна решений и использование технологических компетенций территории.",
        "level_descriptions": {
            "0": "Типовое решение без новизны.",
            "5": "Известные технологии, новые для территории.",
            "10": "Передовые технологии, опирающиеся на компетенции атомной и космической "
            "отраслей.",
        },
    },
    {
        "title": "Сложение усилий нескольких организаций",
        "weight": 1,
        "description": "Участие нескольких организаций с реальным вкладом каждой.",
        "level_descriptions": {
            "0": "Проект одной организации.",
            "5": "Есть партнёры, но их вклад не определён.",
            "10": "Несколько организаций с определённым вкладом и ответственностью.",
        },
    },
]


class ScorecardRow(NamedTuple):
    """Scores in the order of :data:`CRITERIA`; ``None`` marks a criterion not yet scored."""

    values: tuple[int | None, ...]
    comment: str = ""
    submitted: bool = True


# Every expert is assigned every accepted project. The radiation centre splits the experts;
# two scorecards are drafts so the experts' pages show work still to do.
SCORECARDS = {
    "technopark": {
        "expert1": ScorecardRow(
            (8, 8, 6, 6, 8, 9),
            "Сильная кооперация ГХК и ИСС; бизнес-план требует проверки спроса резидентов.",
        ),
        "expert2": ScorecardRow(
            (7, 8, 6, 5, 7, 8),
            "Хороший проект; риск режимных ограничений для внешних резидентов стоит проработать.",
        ),
        "investor": ScorecardRow(
            (8, 7, 7, 7, 8, 9),
            "Интересно как площадка для венчурных проектов; готовы обсуждать участие.",
        ),
    },
    "radiation": {
        "expert1": ScorecardRow(
            (9, 7, 8, 8, 9, 6), "Уникальные компетенции ГХК; рынок стерилизации в Сибири не закрыт."
        ),
        "expert2": ScorecardRow(
            (3, 3, 2, 2, 5, 4),
            "Не доказан спрос, не учтено общественное восприятие; сроки лицензирования занижены.",
        ),
        "investor": ScorecardRow(
            (9, 8, 8, 9, 8, 7), "Понятная бизнес-модель и окупаемость; высокий интерес."
        ),
    },
    "localisation": {
        "expert1": ScorecardRow(
            (6, 6, 7, 5, 4, 8),
            "Полезная программа, но эффект зависит от готовности крупных заказчиков.",
        ),
        "expert2": ScorecardRow(
            (7, 6, 6, 6, 4, 9),
            "Хорошее сложение усилий; нужны обязательства ГХК и ИСС по объёмам закупок.",
        ),
        "investor": ScorecardRow(
            (6, 7, 7, 6, 5, 8), "Разумные затраты; займы лучше дополнить гарантиями."
        ),
    },
    "embankment": {
        "expert1": ScorecardRow(
            (8, 9, 7, 6, 2, 7),
            "Высокий эффект для жителей, соответствует проекту «Жильё и городская среда».",
        ),
        "expert2": ScorecardRow((8, 8, 8, 5, 3, 7), "Хорошо проработано участие жителей."),
        "investor": ScorecardRow(
            (5, 6, 7, 3, 2, 5), "Для инвестора интересна только часть с кафе и прокатом."
        ),
    },
    "heating": {
        "expert1": ScorecardRow(
            (7, 9, 6, 4, 3, 5),
            "Необходимый проект; модель концессии требует расчёта тарифных последствий.",
        ),
        "expert2": ScorecardRow(
            (6, 9, 7, 5, 4, 6), "Высокий социальный эффект; финансирование обеспечено слабо."
        ),
        "investor": ScorecardRow((5, 8, None, None, None, None), submitted=False),
    },
    "roads": {
        "expert1": ScorecardRow((7, 6, None, None, None, None), submitted=False),
        "expert2": ScorecardRow(
            (6, 7, 8, 6, 2, 5),
            "Проект готов к заявке в национальный проект «Безопасные и качественные "
            "автомобильные дороги».",
        ),
        "investor": ScorecardRow(
            (4, 5, 7, 4, 2, 4), "Бюджетный проект, инвестиционного интереса нет."
        ),
    },
}

# Submitted scorecards are stamped an hour apart from this moment on.
SCORECARDS_SUBMITTED_FROM = _krasnoyarsk_time(2018, 11, 12, 10)

# How the session reached its stage (review): when, and the facilitator's comment.
LIFECYCLE_STEPS = [
    (_krasnoyarsk_time(2018, 11, 1, 9), "Сессия открыта в администрации ЗАТО Железногорск."),
    (
        _krasnoyarsk_time(2018, 11, 1, 17),
        "Группы представили приоритетные проекты на подведении итогов; паспорта дописываются.",
    ),
    (
        _krasnoyarsk_time(2018, 11, 9, 18),
        "Паспорта приняты; экспертиза до VII Международного инновационного форума.",
    ),
]


# ----------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------


def load_demo() -> list[tuple[str, str, str]]:
    """Load the demo session «zheleznogorsk-2018», adding only what is missing.

    Loads the reference lists first. Flushes; the caller commits.

    :return: (role, e-mail, password) of every demo login, for the CLI to print.
    """
    load_reference_data()
    strategic_session = _load_session()
    organisations = _load_organisations(strategic_session)
    groups = _load_directions(strategic_session)
    people = _load_speakers(strategic_session, organisations)
    logins, users, participants = _load_accounts(strategic_session, organisations, groups)
    people.update(participants)
    _load_lifecycle(strategic_session, users["facilitator"])
    _load_agenda(strategic_session, people, organisations)
    projects = _load_projects(strategic_session, organisations, groups, users)
    _load_review(strategic_session, projects, people)
    return logins


def _find(model, **key):
    return db.session.scalar(sa.select(model).filter_by(**key))


def _add(model, **values):
    row = model(**values)
    db.session.add(row)
    db.session.flush()
    return row


def _find_or_add(model, key: dict, **values):
    """The row of ``model`` with the natural ``key``, or a new one with ``values`` as well."""
    return _find(model, **key) or _add(model, **key, **values)


def _load_session() -> StrategicSession:
    """The session by its slug, with its strategy priorities and forum."""
    fields = {name: value for name, value in SESSION.items() if name != "slug"}
    strategic_session = _find_or_add(StrategicSession, {"slug": SESSION["slug"]}, **fields)
    for position, (title, description) in enumerate(STRATEGY_PRIORITIES.values(), start=1):
        _find_or_add(
            StrategyPriority,
            {"session_id": strategic_session.id, "title": title},
            description=f"{DEMO_MARK}: {description}",
            position=position,
            is_demo=True,
        )
    _find_or_add(Forum, {"session_id": strategic_session.id}, **FORUM)
    return strategic_session


def _load_lifecycle(strategic_session: StrategicSession, facilitator: User) -> None:
    """The stage changes that brought the session to its stage, unless the log has them."""
    if has_lifecycle_history(strategic_session):
        return
    stage = strategic_session.state
    strategic_session.state = SessionState.SETUP
    for moment, comment in LIFECYCLE_STEPS:
        if strategic_session.state == stage:
            break
        advance(strategic_session, moment, facilitator, comment)


def _load_organisations(strategic_session: StrategicSession) -> dict[str, Organisation]:
    return {
        key: _find_or_add(
            Organisation,
            {"session_id": strategic_session.id, "name": fields["name"]},
            **{name: value for name, value in fields.items() if name != "name"},
        )
        for key, fields in ORGANISATIONS.items()
    }


def _load_directions(strategic_session: StrategicSession) -> dict[str, WorkingGroup]:
    """Directions in the article's order, one working group each; returns the groups."""
    groups = {}
    for position, (key, title) in enumerate(DIRECTIONS.items(), start=1):
        direction = _find_or_add(
            Direction, {"session_id": strategic_session.id, "title": title}, position=position
        )
        groups[key] = _find_or_add(
            WorkingGroup,
            {"session_id": strategic_session.id, "title": f"Рабочая группа {position}: {title}"},
            direction_id=direction.id,
            position=position,
        )
    return groups


def _load_speakers(
    strategic_session: StrategicSession, organisations: dict[str, Organisation]
) -> dict[str, Participant]:
    return {
        key: _find_or_add(
            Participant,
            {"session_id": strategic_session.id, "full_name": speaker["full_name"]},
            position=speaker["position"],
            organisation_id=organisations[speaker["organisation"]].id,
            role=ParticipantRole.SPEAKER,
        )
        for key, speaker in SPEAKERS.items()
    }


def _load_accounts(
    strategic_session: StrategicSession,
    organisations: dict[str, Organisation],
    groups: dict[str, WorkingGroup],
) -> tuple[list[tuple[str, str, str]], dict[str, User], dict[str, Participant]]:
    """Demo users, their memberships and participant rows.

    :return: the logins, the users and the participants, both by e-mail local part.
    """
    logins, users, participants = [], {}, {}
    for account in ACCOUNTS:
        email = f"{account.local_part}@{EMAIL_DOMAIN}"
        user = find_user(email) or create_user(
            email, account.full_name, DEMO_PASSWORD, is_admin=account.is_admin
        )
        logins.append((account.description, email, DEMO_PASSWORD))
        users[account.local_part] = user
        if account.role is None:
            continue
        group_id = groups[account.direction].id if account.direction else None
        _find_or_add(
            Membership,
            {"user_id": user.id, "session_id": strategic_session.id, "role": account.role},
            working_group_id=group_id,
        )
        participants[account.local_part] = _find_or_add(
            Participant,
            {"session_id": strategic_session.id, "user_id": user.id},
            full_name=account.full_name,
            email=email,
            position=account.position,
            organisation_id=organisations[account.organisation].id
            if account.organisation
            else None,
            role=ParticipantRole(account.role.value),
            expert_kind=account.expert_kind,
            working_group_id=group_id,
            is_demo=True,
        )
    return logins, users, participants


def _load_agenda(
    strategic_session: StrategicSession,
    people: dict[str, Participant],
    organisations: dict[str, Organisation],
) -> None:
    for position, item in enumerate(AGENDA, start=1):
        agenda_item = _find_or_add(
            AgendaItem,
            {"session_id": strategic_session.id, "title": item["title"]},
            starts_at=item["starts_at"],
            ends_at=item["ends_at"],
            description=item.get("description", ""),
            notes=AGENDA_NOTE,
            position=position,
        )
        for talk_position, (speaker, title, key_points) in enumerate(item.get("talks", []), 1):
            _find_or_add(
                Talk,
                {"agenda_item_id": agenda_item.id, "title": title},
                speaker_id=people[speaker].id,
                key_points=key_points,
                position=talk_position,
            )
        for decision_position, decision in enumerate(item.get("decisions", []), start=1):
            _find_or_add(
                Decision,
                {"session_id": strategic_session.id, "text": decision["text"]},
                agenda_item_id=agenda_item.id,
                responsible=decision["responsible"],
                responsible_organisation_id=organisations[decision["organisation"]].id,
                due_on=decision["due_on"],
                status=decision["status"],
                position=decision_position,
            )


def _load_projects(
    strategic_session: StrategicSession,
    organisations: dict[str, Organisation],
    groups: dict[str, WorkingGroup],
    users: dict[str, User],
) -> dict[str, Project]:
    """The demo projects by key; an existing one (same title) is kept as it is, passport and all."""
    authors = {
        account.direction: users[account.local_part] for account in ACCOUNTS if account.direction
    }
    priorities = {
        priority.title: priority
        for priority in db.session.scalars(
            sa.select(StrategyPriority).filter_by(session_id=strategic_session.id)
        )
    }
    national_projects = {row.code: row for row in db.session.scalars(sa.select(NationalProject))}
    funding_sources = {row.code: row for row in db.session.scalars(sa.select(FundingSource))}
    projects = {}
    for key, data in PROJECTS.items():
        project = _find(Project, session_id=strategic_session.id, title=data["title"])
        if project is None:
            group = groups[data["direction"]]
            project = _add(
                Project,
                session_id=strategic_session.id,
                direction_id=group.direction_id,
                working_group_id=group.id,
                title=data["title"],
                short_title=data["short_title"],
                problem=data["problem"],
                goal=data["goal"],
                expected_results=data["expected_results"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                lead_organisation_id=organisations[data["lead"]].id,
                responsible_person=data["responsible_person"],
                responsible_position=data["responsible_position"],
                risks=data["risks"],
                state=data["state"],
                remarks=data.get("remarks", ""),
                is_demo=True,
                created_by_id=authors[data["direction"]].id,
                submitted_at=None if data["state"] is ProjectState.DRAFT else PROJECTS_SUBMITTED_AT,
                national_projects=[national_projects[code] for code in data["national_projects"]],
                strategy_priorities=[
                    priorities[STRATEGY_PRIORITIES[priority][0]] for priority in data["priorities"]
                ],
            )
            _add_passport_rows(project, data, organisations, funding_sources)
            if data["state"] is not ProjectState.DRAFT:
                # The submission kept its revision, as every submission does.
                _add(
                    ProjectRevision,
                    project_id=project.id,
                    number=1,
                    created_at=PROJECTS_SUBMITTED_AT,
                    created_by_id=project.created_by_id,
                    snapshot=passport_snapshot(project),
                )
        projects[key] = project
    return projects


def _add_passport_rows(
    project: Project,
    data: dict,
    organisations: dict[str, Organisation],
    funding_sources: dict[str, FundingSource],
) -> None:
    """Partners, indicators, resources and stages of a new demo project."""
    for organisation, contribution in data["partners"]:
        db.session.add(
            ProjectPartner(
                project_id=project.id,
                organisation_id=organisations[organisation].id,
                contribution=contribution,
            )
        )
    for position, row in enumerate(data["indicators"], start=1):
        db.session.add(
            Indicator(
                project_id=project.id,
                name=row.name,
                unit=row.unit,
                baseline=Decimal(row.baseline),
                target=Decimal(row.target),
                year=row.year,
                position=position,
            )
        )
    for position, row in enumerate(data["resources"], start=1):
        db.session.add(
            ResourceNeed(
                project_id=project.id,
                kind=row.kind,
                description=row.description,
                amount=Decimal(row.amount),
                unit=row.unit,
                year=row.year,
                funding_source_id=funding_sources[row.funding_source].id
                if row.funding_source
                else None,
                status=row.status,
                position=position,
            )
        )
    for position, row in enumerate(data["stages"], start=1):
        db.session.add(
            Stage(
                project_id=project.id,
                title=row.title,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                deliverable=row.deliverable,
                responsible_organisation_id=organisations[row.organisation].id,
                position=position,
            )
        )
    db.session.flush()


def _load_review(
    strategic_session: StrategicSession,
    projects: dict[str, Project],
    people: dict[str, Participant],
) -> None:
    """The criteria, then one scorecard per expert × accepted project with its scores."""
    criteria = [
        _find_or_add(
            Criterion,
            {"session_id": strategic_session.id, "title": criterion["title"]},
            description=criterion["description"],
            weight=criterion["weight"],
            counted=True,
            scale_min=0,
            scale_max=10,
            level_descriptions=criterion["level_descriptions"],
            position=position,
        )
        for position, criterion in enumerate(CRITERIA, start=1)
    ]
    submitted_at = SCORECARDS_SUBMITTED_FROM
    for project_key, scorecards in SCORECARDS.items():
        for expert_key, row in scorecards.items():
            project, expert = projects[project_key], people[expert_key]
            if _find(Scorecard, project_id=project.id, expert_id=expert.id) is None:
                _add_scorecard(project, expert, criteria, row, submitted_at)
            if row.submitted:
                submitted_at += timedelta(hours=1)


def _add_scorecard(
    project: Project,
    expert: Participant,
    criteria: list[Criterion],
    row: ScorecardRow,
    submitted_at: datetime,
) -> None:
    """A scorecard with a score for each criterion the row has a value for."""
    scorecard = Scorecard(
        project_id=project.id,
        expert_id=expert.id,
        state=ScorecardState.SUBMITTED if row.submitted else ScorecardState.DRAFT,
        comment=row.comment,
        submitted_at=submitted_at if row.submitted else None,
        scores=[
            Score(
                criterion_id=criterion.id,
                scale_min=criterion.scale_min,
                scale_max=criterion.scale_max,
                value=value,
            )
            for criterion, value in zip(criteria, row.values, strict=True)
            if value is not None
        ],
    )
    db.session.add(scorecard)
    db.session.flush()
