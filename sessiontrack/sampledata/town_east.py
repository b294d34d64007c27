"""The second fictional town's session «vostochny-demo», as data, built by :mod:`.completed`
the way «severny-demo» is: a third town for the portfolio across sessions.

«ЗАТО Восточный» does not exist; everything in it is invented and says so (:data:`FICTION`).
"""

from datetime import UTC, date, datetime, time, timedelta, timezone

from ..people.models import ExpertKind, OrganisationKind, ParticipantRole
from .marks import DEMO_MARK
from .town import FIN, REQ, SEC, Account, Passport

SLUG = "vostochny-demo"
TOWN_TIME = timezone(timedelta(hours=5))
FICTION = f"{DEMO_MARK}: вымышленный город, все люди, организации, проекты и оценки придуманы."


def town_hour(month: int, day: int, hour: int) -> datetime:
    """A wall-clock hour of 2019 in the fictional town, as an aware UTC datetime."""
    return datetime(2019, month, day, hour, tzinfo=TOWN_TIME).astimezone(UTC)


SESSION = {
    "title": "Проектная сессия ЗАТО Восточный (вымышленный город): проекты развития до 2024 года",
    "description": f"{FICTION} Сессия дошла до форума: проекты оценены, результаты опубликованы.",
    "starts_on": date(2019, 3, 14),
    "ends_on": date(2019, 3, 14),
    "place": "Администрация ЗАТО Восточный (вымышленный город)",
    "strategy_title": "Стратегия развития ЗАТО Восточный до 2030 года (вымышленная)",
    "strategy_description": FICTION,
}
FORUM = {
    "name": "Форум проектов закрытых городов (демонстрационный)",
    "starts_on": date(2019, 4, 4),
    "ends_on": date(2019, 4, 5),
    "place": "ЗАТО Восточный (вымышленный город)",
}
PRIORITIES = {
    "jobs": "Работа и дело в своём городе",
    "city": "Удобный и зелёный город",
}
DIRECTIONS = {
    "economy": "Экономика и туризм",
    "city": "Городская среда и ЖКХ",
}
ORGANISATIONS = {
    "administration": ("Администрация ЗАТО Восточный", OrganisationKind.ADMINISTRATION),
    "plant": ("АО «Восточный химический комбинат»", OrganisationKind.ENTERPRISE),
    "business": ("Ассоциация предпринимателей Восточного", OrganisationKind.BUSINESS),
    "residents": ("Общественная палата Восточного", OrganisationKind.PUBLIC),
    "experts": ("Экспертный совет форума", OrganisationKind.SCIENCE),
    "fund": ("Фонд «Восточные инициативы»", OrganisationKind.BUSINESS),
}
ACCOUNTS = [
    Account(
        "Facilitator", "vostochny-facilitator", "Марина Орлова (демо)",
        ParticipantRole.FACILITATOR, "administration",
    ),
    Account(
        "Moderator, working group 1", "vostochny-group1", "Артём Зайцев (демо)",
        ParticipantRole.MODERATOR, "business", "economy",
    ),
    Account(
        "Moderator, working group 2", "vostochny-group2", "Елена Крылова (демо)",
        ParticipantRole.MODERATOR, "residents", "city",
    ),
    Account(
        "Expert", "vostochny-expert1", "Борис Лебедев (демо)", ParticipantRole.EXPERT, "experts",
        expert_kind=ExpertKind.EXPERT,
    ),
    Account(
        "Expert", "vostochny-expert2", "Светлана Назарова (демо)", ParticipantRole.EXPERT,
        "experts", expert_kind=ExpertKind.EXPERT,
    ),
    Account(
        "Expert (investor)", "vostochny-investor", "Виктор Соколов (демо)",
        ParticipantRole.EXPERT, "fund", expert_kind=ExpertKind.INVESTOR,
    ),
]  # fmt: skip

AGENDA = [
    ("Открытие и приоритеты Стратегии", time(10), time(11)),
    ("Работа в группах", time(11), time(16)),
    ("Подведение итогов", time(16), time(18)),
]
DECISIONS = [
    ("Дооформить паспорта проектов", "Модераторы рабочих групп", "administration",
     date(2019, 3, 18)),
]  # fmt: skip

# fmt: off
PROJECTS = [
    Passport(
        "economy", "Туристический маршрут по истории закрытого города с визит-центром",
        "Визит-центр",
        f"{DEMO_MARK}. Гости города приезжают на день и не знают, что посмотреть.",
        "Открыть визит-центр и три маршрута, принимать 20 тыс. гостей в год.",
        "Визит-центр работает; 20 тыс. гостей в год.",
        (2019, 2021), "administration", ("business", "Экскурсии и сувениры"),
        ("Павел Егоров", "Начальник отдела туризма"),
        "Режим закрытого города ограничивает въезд гостей.",
        ("culture", "small_business"), "jobs",
        ("Гости в год", "тыс.", "2", "20"),
        ((FIN, "Визит-центр и навигация", "18", 2020, "regional_budget", REQ),
         (FIN, "Проект маршрутов", "2", 2019, "local_budget", SEC)),
        (("Проект маршрутов", date(2019, 5, 1), date(2019, 10, 31), "Три маршрута",
          "administration"),
         ("Визит-центр", date(2020, 3, 1), date(2021, 6, 30), "Центр открыт", "business")),
        True,
        {"vostochny-expert1": ((8, 7, 7, 6, 6, 7), "Понятный эффект для малого бизнеса."),
         "vostochny-expert2": ((7, 7, 6, 6, 5, 7), "Нужно согласовать въезд гостей."),
         "vostochny-investor": ((6, 7, 6, 5, 6, 6), "Интересны сувениры и гостиница.")},
    ),
    Passport(
        "economy", "Промышленный парк на свободных площадях химического комбината",
        "Промпарк",
        f"{DEMO_MARK}. Площади комбината пустуют; новым производствам негде разместиться.",
        "Подготовить 5 га с сетями для 6 резидентов.",
        "Промпарк с 6 резидентами и 300 рабочими местами.",
        (2019, 2023), "plant", ("business", "Поиск резидентов"),
        ("Игорь Власов", "Директор по развитию комбината"),
        "Экологическое состояние площадки; долгий поиск резидентов.",
        ("small_business", "labour_productivity"), "jobs",
        ("Резиденты промпарка", "ед.", "0", "6"),
        ((FIN, "Сети и дороги", "140", 2020, "federal_budget", REQ),
         (FIN, "Подготовка площадки", "35", 2019, "enterprises", SEC)),
        (("Обследование площадки", date(2019, 6, 1), date(2019, 12, 31), "Заключение", "plant"),
         ("Сети", date(2020, 4, 1), date(2022, 10, 31), "Площадка готова", "plant")),
        True,
        {"vostochny-expert1": ((9, 8, 7, 7, 6, 8), "Сильный проект с участием комбината."),
         "vostochny-expert2": ((8, 8, 8, 7, 6, 8), "Хорошая доля обеспеченных средств."),
         "vostochny-investor": ((9, 8, 8, 8, 7, 8), "Готовы рассмотреть резидентство.")},
    ),
    Passport(
        "city", "Парк у водохранилища с велодорожкой",
        "Парк у водохранилища",
        f"{DEMO_MARK}. Берег водохранилища не благоустроен; жителям негде гулять.",
        "Благоустроить 12 га парка и проложить 5 км велодорожки.",
        "Парк открыт; 80 тыс. посещений в год.",
        (2019, 2021), "administration", ("residents", "Голосование за проект"),
        ("Татьяна Широкова", "Начальник отдела благоустройства"),
        "Подорожание материалов; сезонность работ.",
        ("housing", "ecology"), "city",
        ("Посещения парка", "тыс. в год", "10", "80"),
        ((FIN, "Благоустройство", "60", 2020, "federal_budget", REQ),
         (FIN, "Проект", "3", 2019, "local_budget", SEC)),
        (("Проект с жителями", date(2019, 4, 1), date(2019, 9, 30), "Проект одобрен",
          "administration"),
         ("Строительство", date(2020, 5, 1), date(2021, 9, 30), "Парк открыт",
          "administration")),
        False,
        {"vostochny-expert1": ((6, 6, 5, 3, 4, 5), "Смета не обоснована."),
         "vostochny-expert2": ((5, 6, 4, 3, 4, 5), "Нужен расчёт содержания парка."),
         "vostochny-investor": ((3, 4, 3, 2, 3, 3), "Инвестиционного интереса нет.")},
    ),
]
# fmt: on

INTEREST = {"Промпарк": ("Готовы обсуждать резидентство.", "investment", "10", "30")}
