"""The second demo session: a fictional town whose session has run the whole way to the forum.

«ЗАТО Северный» does not exist; everything here is invented and says so («вымышленный город»,
«Демонстрационный пример», ``is_demo``). The article's session stops at the expert review; this
one shows the rest: scorecards submitted, results published, projects recommended (and some
not), investors' interest, decisions done, and the forum book of the recommended passports.

It is built through the services a facilitator, the working groups and the experts use, in
the order they use them, each step dated on the demo's own calendar
(:mod:`sessiontrack.demo_lifecycle`), so that every state, audit entry and figure is the one
the application itself would produce. :func:`load_completed_demo` builds it once: when the
session exists it only makes sure of the accounts and changes nothing. It flushes; the caller
commits.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from .agenda import services as agenda
from .agenda.models import DecisionStatus
from .auth.models import User
from .auth.services import create_user, find_user
from .demo import DEMO_MARK, DEMO_PASSWORD, EMAIL_DOMAIN
from .demo_lifecycle import advance, dated
from .extensions import db
from .people import services as people
from .people.models import ExpertKind, OrganisationKind, Participant, ParticipantRole
from .projects import services as projects
from .projects.models import Project, ResourceKind, ResourceStatus, StageStatus
from .reference.data import load_reference_data
from .reference.models import FundingSource, NationalProject
from .review import services as review
from .review.models import Scorecard
from .sessions import services as sessions
from .sessions.models import StrategicSession

SLUG = "severny-demo"
TOWN_TIME = timezone(timedelta(hours=7))
FICTION = f"{DEMO_MARK}: вымышленный город, все люди, организации, проекты и оценки придуманы."


def _at(month: int, day: int, hour: int) -> datetime:
    """A wall-clock hour of 2019 in the fictional town, as an aware UTC datetime."""
    return datetime(2019, month, day, hour, tzinfo=TOWN_TIME).astimezone(UTC)


SESSION = {
    "title": "Проектная сессия ЗАТО Северный (вымышленный город): приоритетные проекты до 2024 "
    "года",
    "description": f"{FICTION} Сессия прошла весь путь: рабочие группы подготовили паспорта, "
    "эксперты и инвестор их оценили, результаты опубликованы, рекомендованные проекты собраны "
    "в книгу форума.",
    "starts_on": date(2019, 3, 14),
    "ends_on": date(2019, 3, 14),
    "place": "Дом культуры ЗАТО Северный (вымышленный город)",
    "strategy_title": "Стратегия развития ЗАТО Северный до 2030 года (вымышленная)",
    "strategy_description": FICTION,
}
FORUM = {
    "name": "Форум проектов закрытых городов (демонстрационный)",
    "starts_on": date(2019, 4, 4),
    "ends_on": date(2019, 4, 5),
    "place": "ЗАТО Северный (вымышленный город)",
}
PRIORITIES = {
    "jobs": "Новые рабочие места вне градообразующего предприятия",
    "city": "Город, в котором хочется остаться",
    "energy": "Надёжные и экономные сети",
}
# One working group per direction.
DIRECTIONS = {
    "economy": "Экономика и предпринимательство",
    "city": "Городская среда",
    "utilities": "Инфраструктура и ЖКХ",
}
ORGANISATIONS = {
    "administration": ("Администрация ЗАТО Северный", OrganisationKind.ADMINISTRATION),
    "plant": ("АО «Северный машиностроительный завод»", OrganisationKind.ENTERPRISE),
    "business": ("Союз предпринимателей Северного", OrganisationKind.BUSINESS),
    "college": ("Северный технический колледж", OrganisationKind.SCIENCE),
    "residents": ("Совет жителей Северного", OrganisationKind.PUBLIC),
    "experts": ("Экспертный совет форума", OrganisationKind.SCIENCE),
    "fund": ("Фонд «Северные инвестиции»", OrganisationKind.BUSINESS),
}


class Account(NamedTuple):
    """A login of the session and the participant behind it."""

    description: str
    local_part: str
    full_name: str
    role: ParticipantRole
    organisation: str | None = None
    direction: str | None = None
    expert_kind: ExpertKind | None = None


ACCOUNTS = [
    Account(
        "Facilitator", "severny-facilitator", "Вера Полякова (демо)", ParticipantRole.FACILITATOR,
        "administration",
    ),
    Account(
        "Moderator, working group 1", "severny-group1", "Денис Гусев (демо)",
        ParticipantRole.MODERATOR, "business", "economy",
    ),
    Account(
        "Moderator, working group 2", "severny-group2", "Ирина Белова (демо)",
        ParticipantRole.MODERATOR, "residents", "city",
    ),
    Account(
        "Moderator, working group 3", "severny-group3", "Олег Савин (демо)",
        ParticipantRole.MODERATOR, "administration", "utilities",
    ),
    Account(
        "Expert", "severny-expert1", "Лидия Марченко (демо)", ParticipantRole.EXPERT, "experts",
        expert_kind=ExpertKind.EXPERT,
    ),
    Account(
        "Expert", "severny-expert2", "Григорий Фомин (демо)", ParticipantRole.EXPERT, "experts",
        expert_kind=ExpertKind.EXPERT,
    ),
    Account(
        "Expert (investor)", "severny-investor", "Роман Ершов (демо)", ParticipantRole.EXPERT,
        "fund", expert_kind=ExpertKind.INVESTOR,
    ),
    Account("Observer", "severny-observer", "Алла Жукова (демо)", ParticipantRole.OBSERVER),
]  # fmt: skip

AGENDA = [
    ("Открытие и приоритеты Стратегии", time(10), time(11)),
    ("Работа в группах", time(11), time(16)),
    ("Подведение итогов", time(16), time(18)),
]
# Decided at the wrap-up, all done before the forum.
DECISIONS = [
    ("Дооформить паспорта проектов и направить модератору", "Модераторы рабочих групп",
     "administration", date(2019, 3, 18)),
    ("Согласовать с заводом площадку под коворкинг-цех", "Денис Гусев (демо)", "plant",
     date(2019, 3, 25)),
    ("Подготовить к форуму книгу рекомендованных проектов", "Вера Полякова (демо)",
     "administration", date(2019, 4, 1)),
]  # fmt: skip

MLN_RUB = "млн руб."
FIN, REQ, SEC = ResourceKind.FINANCIAL, ResourceStatus.REQUESTED, ResourceStatus.SECURED


class Passport(NamedTuple):
    """A project as its working group writes it; ``recommended`` is the facilitator's decision
    after the review; ``scores`` are the experts' (criteria in order) with their comments."""

    direction: str
    title: str
    short_title: str
    problem: str
    goal: str
    expected_results: str
    years: tuple[int, int]
    lead: str
    partner: tuple[str, str]
    responsible: tuple[str, str]
    risks: str
    national_projects: tuple[str, ...]
    priority: str
    indicator: tuple[str, str, str, str]
    resources: tuple[tuple, ...]
    stages: tuple[tuple, ...]
    recommended: bool
    scores: dict[str, tuple[tuple[int, ...], str]]


# fmt: off
PROJECTS = [
    Passport(
        "economy", "Коворкинг-цех для малых производств при машиностроительном заводе",
        "Коворкинг-цех",
        f"{DEMO_MARK}. Мастерам и малым производствам негде арендовать станки; заказы завода "
        "на мелкие серии уходят в другие города.",
        "Открыть цех коллективного пользования со станочным парком завода для 15 малых "
        "производств.",
        "Цех площадью 1,2 тыс. м² работает; 15 резидентов выполняют заказы завода и рынка.",
        (2019, 2021), "plant", ("business", "Отбор резидентов и их обучение"),
        ("Пётр Ларин", "Директор по развитию завода"),
        "Недостаток заказов для резидентов; износ переданного оборудования.",
        ("small_business", "labour_productivity"), "jobs",
        ("Резиденты цеха", "ед.", "0", "15"),
        ((FIN, "Ремонт цеха и оборудование", "48", 2019, "enterprises", SEC),
         (FIN, "Грант на оснащение", "22", 2020, "grants", REQ)),
        (("Ремонт цеха", date(2019, 5, 1), date(2019, 12, 31), "Цех готов", "plant"),
         ("Отбор резидентов", date(2020, 1, 15), date(2020, 6, 30), "15 договоров аренды",
          "business")),
        True,
        {"severny-expert1": ((9, 8, 8, 7, 6, 9), "Сильная кооперация завода и бизнеса."),
         "severny-expert2": ((8, 8, 7, 8, 6, 8), "Реалистичный план, ресурсы в основном есть."),
         "severny-investor": ((8, 9, 8, 8, 7, 8), "Готовы войти в капитал двух резидентов.")},
    ),
    Passport(
        "economy", "Школа технологического предпринимательства при техническом колледже",
        "Школа предпринимательства",
        f"{DEMO_MARK}. Выпускники колледжа уезжают: в городе нет программы, которая помогла бы "
        "открыть своё дело.",
        "Ежегодно обучать 40 студентов и выпускников и доводить 8 проектов до регистрации "
        "компании.",
        "Школа работает три года; зарегистрированы 24 компании выпускников.",
        (2019, 2022), "college", ("business", "Наставники из числа предпринимателей"),
        ("Ольга Тарасова", "Заместитель директора колледжа"),
        "Мало наставников; отток выпускников сильнее эффекта программы.",
        ("education", "small_business"), "jobs",
        ("Компании выпускников", "ед.", "0", "24"),
        ((FIN, "Программа и наставники", "6", 2019, "local_budget", SEC),
         (FIN, "Акселерационные гранты", "9", 2020, "regional_budget", REQ)),
        (("Запуск программы", date(2019, 9, 1), date(2019, 12, 20), "Первый набор 40 человек",
          "college"),
         ("Демонстрационные дни", date(2020, 5, 1), date(2022, 5, 31), "24 компании",
          "business")),
        True,
        {"severny-expert1": ((8, 7, 7, 6, 6, 7), "Нужная программа, эффект отложенный."),
         "severny-expert2": ((7, 7, 8, 6, 5, 7), "Хорошо проработан набор и наставники."),
         "severny-investor": ((6, 6, 7, 5, 6, 6), "Интересно как источник будущих проектов.")},
    ),
    Passport(
        "city", "Прогулочная тропа вдоль озера с освещением и зонами отдыха",
        "Озёрная тропа",
        f"{DEMO_MARK}. Берег озера — любимое место горожан, но тропа не освещена и размыта.",
        "Построить освещённую тропу длиной 4 км с тремя зонами отдыха, выбранными жителями.",
        "Тропа открыта круглый год; 60 тыс. посещений в год.",
        (2019, 2021), "administration", ("residents", "Голосование за проект и субботники"),
        ("Наталья Волкова", "Начальник отдела благоустройства"),
        "Подорожание материалов; сезонность работ.",
        ("housing",), "city",
        ("Посещения тропы", "тыс. в год", "5", "60"),
        ((FIN, "Строительство тропы", "74", 2020, "federal_budget", REQ),
         (FIN, "Проект и изыскания", "5", 2019, "local_budget", SEC)),
        (("Проект с участием жителей", date(2019, 4, 1), date(2019, 10, 31),
          "Проект одобрен жителями", "administration"),
         ("Строительство", date(2020, 5, 1), date(2021, 9, 30), "Тропа открыта",
          "administration")),
        True,
        {"severny-expert1": ((9, 9, 7, 6, 4, 8), "Высокий эффект для жителей."),
         "severny-expert2": ((9, 8, 8, 6, 4, 8), "Участие жителей — сильная сторона."),
         "severny-investor": ((7, 8, 7, 5, 3, 7), "Для инвестора — только прокат и кафе.")},
    ),
    Passport(
        "city", "Молодёжный медиацентр в здании бывшего кинотеатра",
        "Медиацентр",
        f"{DEMO_MARK}. Здание кинотеатра пустует пять лет; молодёжи негде заниматься.",
        "Открыть медиацентр со студиями видео и звука для 500 подростков в год.",
        "Медиацентр работает; 500 подростков в год в его студиях.",
        (2019, 2022), "administration", ("college", "Преподаватели студий"),
        ("Кирилл Мельников", "Начальник отдела молодёжной политики"),
        "Высокая стоимость реконструкции здания; нехватка преподавателей.",
        ("culture",), "city",
        ("Подростки в студиях", "чел. в год", "0", "500"),
        ((FIN, "Реконструкция здания", "160", 2020, "federal_budget", REQ),
         (FIN, "Оборудование студий", "25", 2021, "regional_budget", REQ)),
        (("Обследование здания", date(2019, 6, 1), date(2019, 11, 30), "Заключение",
          "administration"),
         ("Реконструкция", date(2020, 4, 1), date(2022, 8, 31), "Центр открыт",
          "administration")),
        False,
        {"severny-expert1": ((6, 6, 4, 2, 5, 5), "Ресурсы не обеспечены; сроки нереалистичны."),
         "severny-expert2": ((5, 6, 3, 2, 5, 4), "Нужна оценка состояния здания до заявки."),
         "severny-investor": ((3, 4, 3, 1, 4, 3), "Инвестиционного интереса нет.")},
    ),
    Passport(
        "utilities", "Умный учёт тепла и воды в многоквартирных домах",
        "Умный учёт",
        f"{DEMO_MARK}. Потери тепла и воды не видны: учёт ведётся вручную раз в месяц.",
        "Оснастить 300 домов приборами учёта с передачей показаний и снизить потери на 15 %.",
        "300 домов с автоматическим учётом; потери тепла снижены на 15 %.",
        (2019, 2021), "administration", ("plant", "Сборка и монтаж приборов"),
        ("Андрей Котов", "Директор управляющей компании"),
        "Сопротивление собственников; совместимость приборов.",
        ("digital_economy", "housing"), "energy",
        ("Дома с автоматическим учётом", "ед.", "0", "300"),
        ((FIN, "Приборы и монтаж", "36", 2020, "ppp", REQ),
         (FIN, "Пилот на 20 домах", "4", 2019, "local_budget", SEC)),
        (("Пилот на 20 домах", date(2019, 6, 1), date(2019, 12, 31), "Пилот завершён",
          "administration"),
         ("Тиражирование", date(2020, 3, 1), date(2021, 10, 31), "300 домов",
          "plant")),
        True,
        {"severny-expert1": ((8, 8, 7, 7, 8, 7), "Быстрый эффект, понятная окупаемость."),
         "severny-expert2": ((7, 8, 8, 7, 7, 7), "Хороший пилот перед тиражированием."),
         "severny-investor": ((8, 8, 8, 8, 7, 7), "Готовы обсуждать энергосервисный контракт.")},
    ),
    Passport(
        "utilities", "Перевод котельной на местное биотопливо",
        "Котельная на биотопливе",
        f"{DEMO_MARK}. Котельная работает на привозном мазуте; тариф растёт быстрее доходов.",
        "Перевести котельную на пеллеты из отходов местного лесопиления.",
        "Котельная на биотопливе; тариф на тепло стабилизирован.",
        (2020, 2023), "plant", ("business", "Поставки пеллет"),
        ("Сергей Рябов", "Главный энергетик завода"),
        "Нет устойчивого поставщика пеллет; экологическая экспертиза.",
        ("ecology",), "energy",
        ("Доля биотоплива", "%", "0", "80"),
        ((FIN, "Реконструкция котельной", "210", 2021, "federal_budget", REQ),
         (FIN, "Склад топлива", "30", 2022, "private_investment", REQ)),
        (("ТЭО и экспертиза", date(2020, 2, 1), date(2020, 12, 31), "ТЭО одобрено", "plant"),
         ("Реконструкция", date(2021, 4, 1), date(2023, 9, 30), "Котельная пущена", "plant")),
        False,
        {"severny-expert1": ((5, 6, 4, 3, 6, 4), "Поставщик топлива не определён."),
         "severny-expert2": ((6, 5, 4, 3, 5, 4), "Эффект для тарифа не рассчитан."),
         "severny-investor": ((4, 5, 4, 3, 5, 4), "Пока рано: нужна модель поставок.")},
    ),
]
# fmt: on

# The investor's interest, by short title.
INTEREST = {
    "Коворкинг-цех": "Готовы войти в капитал двух резидентов цеха.",
    "Умный учёт": "Интересен энергосервисный контракт на тиражирование.",
}


def load_completed_demo() -> list[tuple[str, str, str]]:
    """Load the demo session «severny-demo» unless it exists. Flushes; the caller commits.

    :return: (role, e-mail, password) of its logins, for the CLI to print.
    """
    load_reference_data()
    users = {
        account.local_part: find_user(f"{account.local_part}@{EMAIL_DOMAIN}")
        or create_user(f"{account.local_part}@{EMAIL_DOMAIN}", account.full_name, DEMO_PASSWORD)
        for account in ACCOUNTS
    }
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=SLUG)) is None:
        _build(users)
    return [
        (account.description, f"{account.local_part}@{EMAIL_DOMAIN}", DEMO_PASSWORD)
        for account in ACCOUNTS
    ]


def _build(users: dict[str, User]) -> None:
    """The session from set-up to the forum, step by step as its people would take them."""
    facilitator = users["severny-facilitator"]
    with dated(_at(2, 20, 10), facilitator):
        strategic_session = _set_up()
        groups, organisations = _structure(strategic_session)
        participants = _people(strategic_session, users, groups, organisations)
    advance(strategic_session, _at(3, 14, 10), facilitator, "Сессия открыта.")
    with dated(_at(3, 14, 18), facilitator):
        _agenda(strategic_session, organisations)
    advance(strategic_session, _at(3, 14, 18), facilitator, "Группы представили проекты.")
    written = []
    for day, passport in enumerate(PROJECTS):
        moment = _at(3, 15 + day // 2, 12)
        with dated(moment, facilitator):
            written.append(_write(strategic_session, passport, users, groups, organisations))
        _stamp_submission(written[-1], moment)
    with dated(_at(3, 19, 10), facilitator):
        for project in written:
            projects.accept_project(project, facilitator, "Паспорт полный.")
    advance(strategic_session, _at(3, 19, 12), facilitator, "Паспорта приняты на экспертизу.")
    with dated(_at(3, 19, 14), facilitator):
        review.add_default_criteria(strategic_session, facilitator)
        review.open_review(strategic_session, facilitator, deadline=_at(3, 27, 18))
        review.assign_all(strategic_session, facilitator)
    for day, (project, passport) in enumerate(zip(written, PROJECTS, strict=True)):
        moment = _at(3, 20 + day, 15)
        with dated(moment, facilitator):
            _score(strategic_session, project, passport, participants, users, moment)
    with dated(_at(3, 27, 11), facilitator):
        _interest(strategic_session, written, participants, users)
    with dated(_at(3, 28, 10), facilitator):
        review.close_review(strategic_session, facilitator)
        review.publish_results(strategic_session, facilitator)
    with dated(_at(3, 28, 12), facilitator):
        for project, passport in zip(written, PROJECTS, strict=True):
            projects.recommend_project(
                project,
                facilitator,
                recommended=passport.recommended,
                comment="По итогам экспертизы."
                if passport.recommended
                else "Доработать паспорт и подать на следующую сессию.",
            )
    with dated(_at(4, 1, 12), facilitator):
        _decisions_done(strategic_session)
    advance(strategic_session, _at(4, 3, 18), facilitator, "Книга форума готова.")


def _set_up() -> StrategicSession:
    strategic_session = sessions.create_session(slug=SLUG, **SESSION)
    # Flags the set-up screens do not edit: a demo session, its projects open to observers.
    strategic_session.is_demo = True
    strategic_session.projects_published = True
    sessions.save_forum(strategic_session, **FORUM)
    for title in PRIORITIES.values():
        sessions.add_priority(strategic_session, title=title, description=FICTION)
    return strategic_session


def _structure(strategic_session: StrategicSession) -> tuple[dict, dict]:
    """Directions with a working group each, and the organisations; both by key."""
    groups = {}
    for number, (key, title) in enumerate(DIRECTIONS.items(), start=1):
        direction = sessions.add_direction(strategic_session, title=title)
        groups[key] = sessions.add_group(direction, title=f"Рабочая группа {number}: {title}")
    organisations = {}
    for key, (name, kind) in ORGANISATIONS.items():
        organisations[key] = people.add_organisation(
            strategic_session, name=name, kind=kind, description=FICTION
        )
        organisations[key].is_demo = True
    return groups, organisations


def _people(strategic_session, users, groups, organisations) -> dict[str, Participant]:
    """A participant per account, with the membership their role calls for; by local part."""
    participants = {}
    for account in ACCOUNTS:
        participant = people.add_participant(
            strategic_session,
            full_name=account.full_name,
            email=f"{account.local_part}@{EMAIL_DOMAIN}",
            organisation_id=organisations[account.organisation].id
            if account.organisation
            else None,
            role=account.role,
            expert_kind=account.expert_kind,
            working_group_id=groups[account.direction].id if account.direction else None,
            user_id=users[account.local_part].id,
            is_demo=True,
        )
        people.sync_membership(participant, strategic_session)
        participants[account.local_part] = participant
    return participants


def _agenda(strategic_session, organisations) -> None:
    """The day's agenda and the decisions of its wrap-up (all still to do)."""
    items = [
        agenda.add_item(
            strategic_session, title=title, starts_at=starts_at, ends_at=ends_at, notes=FICTION
        )
        for title, starts_at, ends_at in AGENDA
    ]
    for text, responsible, organisation, due_on in DECISIONS:
        agenda.add_decision(
            strategic_session,
            text=text,
            agenda_item_id=items[-1].id,
            responsible=responsible,
            responsible_organisation_id=organisations[organisation].id,
            due_on=due_on,
            status=DecisionStatus.OPEN,
        )


def _write(strategic_session, passport: Passport, users, groups, organisations) -> Project:
    """The group's moderator writes the passport and submits it."""
    author = next(users[a.local_part] for a in ACCOUNTS if a.direction == passport.direction)
    national = {row.code: row.id for row in db.session.scalars(sa.select(NationalProject))}
    sources = {row.code: row.id for row in db.session.scalars(sa.select(FundingSource))}
    priorities = {p.title: p.id for p in strategic_session.priorities}
    name, unit, baseline, target = passport.indicator
    start, end = passport.years
    partner, contribution = passport.partner
    person, position = passport.responsible
    project = projects.create_project(
        strategic_session,
        author,
        {
            "working_group_id": groups[passport.direction].id,
            "title": passport.title,
            "short_title": passport.short_title,
            "problem": passport.problem,
            "goal": passport.goal,
            "expected_results": passport.expected_results,
            "start_year": start,
            "end_year": end,
            "lead_organisation_id": organisations[passport.lead].id,
            "responsible_person": person,
            "responsible_position": position,
            "risks": passport.risks,
            "national_project_ids": [national[code] for code in passport.national_projects],
            "strategy_priority_ids": [priorities[PRIORITIES[passport.priority]]],
            "partners": [
                {"organisation_id": organisations[partner].id, "contribution": contribution}
            ],
            "indicators": [
                {
                    "name": name,
                    "unit": unit,
                    "baseline": Decimal(baseline),
                    "target": Decimal(target),
                    "year": end,
                }
            ],
            "resources": [
                {
                    "kind": kind,
                    "description": description,
                    "amount": Decimal(amount),
                    "unit": MLN_RUB,
                    "year": year,
                    "funding_source_id": sources[source],
                    "status": status,
                }
                for kind, description, amount, year, source, status in passport.resources
            ],
            "stages": [
                {
                    "title": title,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "deliverable": deliverable,
                    "responsible_organisation_id": organisations[organisation].id,
                    "status": StageStatus.PLANNED,
                }
                for title, starts_on, ends_on, deliverable, organisation in passport.stages
            ],
        },
    )
    project.is_demo = True
    projects.submit_project(project, author, "Паспорт готов.")
    return project


def _stamp_submission(project: Project, moment: datetime) -> None:
    """The submission and its revision happened on the demo's day, not today."""
    project.submitted_at = moment
    for revision in project.revisions:
        revision.created_at = moment
    db.session.flush()


def _score(strategic_session, project, passport: Passport, participants, users, moment) -> None:
    """Each expert scores the project and submits the scorecard."""
    criteria = review.session_criteria(strategic_session)
    for local_part, (values, comment) in passport.scores.items():
        scorecard = db.session.scalar(
            sa.select(Scorecard).filter_by(
                project_id=project.id, expert_id=participants[local_part].id
            )
        )
        expert = users[local_part]
        review.save_scorecard(
            strategic_session,
            scorecard,
            expert,
            values={c.id: v for c, v in zip(criteria, values, strict=True)},
            comment=comment,
        )
        review.submit_scorecard(strategic_session, scorecard, expert)
        scorecard.submitted_at = moment
    db.session.flush()


def _interest(strategic_session, written, participants, users) -> None:
    """The investor marks the projects they would discuss at the forum."""
    investor = participants["severny-investor"]
    for project in written:
        note = INTEREST.get(project.short_title)
        if note:
            review.mark_interest(
                strategic_session, investor, project, note, users["severny-investor"]
            )


def _decisions_done(strategic_session) -> None:
    """Everything decided at the wrap-up is done before the forum."""
    for decision in agenda.decisions_of(strategic_session):
        agenda.update_decision(decision, strategic_session, status=DecisionStatus.DONE)
