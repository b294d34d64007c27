"""The fictional town's projects after the forum, as data: what their groups recorded of their
implementation up to the summer of 2020 (stages, indicators, money secured, reports).

Invented like the rest of the town (:mod:`.town`); the loader is
:func:`.completed._implementation`. As of 1 July 2020 one stage is late: the selection of the
workshop's residents, due by 30 June, is still under way.
"""

from datetime import date, datetime

from ..projects.models import StageStatus
from .town import TOWN_TIME

# When the facilitator moves the session on to its implementation, after the forum.
IMPLEMENTATION_STARTS = datetime(2019, 4, 8, 10, tzinfo=TOWN_TIME)
AS_OF = date(2020, 7, 1)

# Per project (short title): the group's login that records, then
# stages: (stage title, actual start, actual end, status, recorded on),
# indicator values: (year, value, recorded on),
# money: (funding source code, secured on, amount in million roubles, document),
# reports: (period, text, recorded on).
# fmt: off
PROGRESS = {
    "Коворкинг-цех": {
        "recorder": "severny-group1",
        "stages": [
            ("Ремонт цеха", date(2019, 5, 6), date(2019, 12, 20), StageStatus.DONE,
             date(2019, 12, 23)),
            ("Отбор резидентов", date(2020, 1, 20), None, StageStatus.IN_PROGRESS,
             date(2020, 1, 21)),
        ],
        "indicator": [(2020, "9", date(2020, 6, 26))],
        "money": [
            ("enterprises", date(2019, 5, 15), "48",
             "Договор с АО «Северный машиностроительный завод» № 14-СМЗ от 15.05.2019"),
            ("grants", date(2020, 3, 10), "12", "Соглашение о гранте № Г-2020/07 от 10.03.2020"),
        ],
        "reports": [
            ("2019 год", "Цех отремонтирован и оснащён, приёмка 20 декабря. Отбор резидентов "
             "начат в январе: к лету подписано 9 договоров аренды из 15, отбор продлён до "
             "сентября.", date(2020, 6, 29)),
        ],
    },
    "Школа предпринимательства": {
        "recorder": "severny-group1",
        "stages": [
            ("Запуск программы", date(2019, 9, 2), date(2019, 12, 18), StageStatus.DONE,
             date(2019, 12, 19)),
        ],
        "indicator": [(2020, "5", date(2020, 6, 26))],
        "money": [],
        "reports": [],
    },
    "Озёрная тропа": {
        "recorder": "severny-group2",
        "stages": [
            ("Проект с участием жителей", date(2019, 4, 15), date(2019, 10, 25),
             StageStatus.DONE, date(2019, 10, 28)),
            ("Строительство", date(2020, 5, 12), None, StageStatus.IN_PROGRESS,
             date(2020, 5, 13)),
        ],
        "indicator": [(2019, "8", date(2020, 1, 15))],
        "money": [
            ("federal_budget", date(2020, 2, 20), "74",
             "Соглашение о предоставлении субсидии № 073-09-2020-112 от 20.02.2020"),
        ],
        "reports": [
            ("I полугодие 2020 г.", "Подрядчик вышел на площадку 12 мая; готовы основание "
             "тропы и два из пяти настилов.", date(2020, 6, 30)),
        ],
    },
    "Умный учёт": {
        "recorder": "severny-group3",
        "stages": [
            ("Пилот на 20 домах", date(2019, 6, 3), date(2019, 12, 16), StageStatus.DONE,
             date(2019, 12, 17)),
            ("Тиражирование", date(2020, 3, 2), None, StageStatus.IN_PROGRESS,
             date(2020, 3, 3)),
        ],
        "indicator": [(2019, "20", date(2019, 12, 17)), (2020, "140", date(2020, 6, 30))],
        "money": [
            ("ppp", date(2020, 2, 28), "36", "Концессионное соглашение № 3 от 28.02.2020"),
        ],
        "reports": [],
    },
}
# fmt: on
