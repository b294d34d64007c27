"""The fictional town's session «severny-demo», as data: its people, projects and interest.

Everything in it is invented and says so (:data:`FICTION`); the loader is :mod:`.completed`.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import NamedTuple

from ..people.models import ExpertKind, OrganisationKind, ParticipantRole
from ..projects.models import ResourceKind, ResourceStatus
from .marks import DEMO_MARK

SLUG = "severny-demo"
TOWN_TIME = timezone(timedelta(hours=7))
FICTION = f"{DEMO_MARK}: вымышленный город, все люди, организации, проекты и оценки придуманы."


def town_hour(month: int, day: int, hour: int) -> datetime:
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
        # Deliberately close to the article session's embankment project (zheleznogorsk-2018),
        # so that the demo shows a pair of similar projects in two cities.
        "city", "Благоустройство набережной городского озера: освещённая тропа и зоны отдыха",
        "Озёрная тропа",
        f"{DEMO_MARK}. Берег озера — любимое место горожан, но тропа не освещена и размыта.",
        "Благоустроить набережную озера по выбранному жителями дизайн-проекту и сделать её "
        "круглогодичным общественным пространством: освещённая тропа 4 км, три зоны отдыха.",
        "Набережная озера благоустроена на всём протяжении и стала круглогодичным общественным "
        "пространством; посещаемость — 60 тыс. человек в год.",
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

# The investor's interest, by short title: note, form of participation, amounts from–to
# (million roubles).
INTEREST = {
    "Коворкинг-цех": ("Готовы войти в капитал двух резидентов цеха.", "investment", "5", "12"),
    "Умный учёт": (
        "Интересен энергосервисный контракт на тиражирование.",
        "co_financing",
        "20",
        None,
    ),
}
