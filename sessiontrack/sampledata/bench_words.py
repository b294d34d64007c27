"""The words a generated benchmark session is made of, and its fixed marks and moments.

Plain data: titles, names, sentences and kinds the generator draws from with its seed.
"""

from datetime import UTC, datetime

from ..people.models import OrganisationKind
from ..projects.models import ProjectState, ResourceKind

EMAIL_DOMAIN = "bench.sessiontrack.example"
# Printed by ``flask bench-data`` for benchmarks to log in with: not a secret.
BENCH_PASSWORD = "bench-password-2018"  # noqa: S105
# werkzeug's hash of BENCH_PASSWORD with 1,000 PBKDF2 rounds, computed once and reused for
# every generated account: hashing hundreds of passwords with scrypt would take most of the run.
BENCH_PASSWORD_HASH = (
    "pbkdf2:sha256:1000$FgYTMpLUZZmVapJS$"  # noqa: S105 (the hash of the printed password)
    "239fac36fd3a0118abbb7167c6da2215028b29545ec66a47a2dd9cb0581297b1"
)
MARK = "Сгенерированные данные для замера скорости"
# The day the generated projects were submitted and reviewed (fixed: content depends on the seed).
SUBMITTED_FROM = datetime(2018, 11, 1, 9, tzinfo=UTC)
REVIEWED_FROM = datetime(2018, 11, 10, 9, tzinfo=UTC)

# Reviewable states, weighted: "mostly accepted or recommended".
PROJECT_STATES = (
    (ProjectState.ACCEPTED, 50),
    (ProjectState.RECOMMENDED, 35),
    (ProjectState.NOT_RECOMMENDED, 15),
)
ORGANISATION_KINDS = (
    OrganisationKind.STATE_CORPORATION,
    OrganisationKind.FEDERAL_ENTERPRISE,
    OrganisationKind.ENTERPRISE,
    OrganisationKind.ADMINISTRATION,
    OrganisationKind.COUNCIL,
    OrganisationKind.BUSINESS,
    OrganisationKind.PUBLIC,
)
ORGANISATION_PREFIXES = {
    OrganisationKind.STATE_CORPORATION: "Госкорпорация",
    OrganisationKind.FEDERAL_ENTERPRISE: "ФГУП",
    OrganisationKind.ENTERPRISE: "АО",
    OrganisationKind.ADMINISTRATION: "Управление",
    OrganisationKind.COUNCIL: "Комиссия",
    OrganisationKind.BUSINESS: "ООО",
    OrganisationKind.PUBLIC: "АНО",
    OrganisationKind.SCIENCE: "Институт",
}
ORGANISATION_WORDS = (
    "Технологии",
    "Вектор",
    "Сибирь",
    "Енисей",
    "Орбита",
    "Атом",
    "Импульс",
    "Кристалл",
    "Горизонт",
    "Прогресс",
    "Развитие",
    "Созвездие",
)
DIRECTION_TITLES = (
    "Научно-технологическое развитие и точки роста",
    "Базовый сектор экономики",
    "Городская среда",
    "Развитие инфраструктуры и ЖКХ",
)
STRATEGY_PRIORITY_TITLES = (
    "Технологическое лидерство",
    "Диверсификация экономики",
    "Комфортная городская среда",
    "Надёжная инфраструктура",
    "Человеческий капитал",
)
PROJECT_ACTIONS = (
    "Создание",
    "Модернизация",
    "Развитие",
    "Строительство",
    "Реконструкция",
    "Запуск",
    "Организация",
)
PROJECT_OBJECTS = (
    "центра компетенций",
    "технопарка",
    "инженерной школы",
    "сети общественных пространств",
    "котельной",
    "очистных сооружений",
    "бизнес-инкубатора",
    "цифровой платформы",
    "спортивного кластера",
    "набережной",
    "испытательного полигона",
    "производства композитов",
    "центра коллективного пользования",
    "молодёжного пространства",
    "тепловых сетей",
)
PROJECT_TOPICS = (
    "в области аддитивных технологий",
    "для малого и среднего бизнеса",
    "для молодёжи города",
    "на базе градообразующих предприятий",
    "в новом микрорайоне",
    "с участием жителей",
    "для выхода на гражданский рынок",
    "по принципам энергоэффективности",
    "в партнёрстве с вузами края",
)
SENTENCES = (
    "Существующие мощности изношены и не отвечают растущему спросу.",
    "Жители и предприятия города ждут решения этой задачи не первый год.",
    "Проект опирается на компетенции нескольких организаций территории.",
    "Реализация даст новые рабочие места и налоговые поступления в местный бюджет.",
    "Предусмотрено поэтапное финансирование из нескольких источников.",
    "Основной риск — задержка выделения средств и согласований.",
    "Результаты будут измеряться ежегодно по целевым показателям.",
    "Проект согласуется с приоритетами стратегии развития до 2030 года.",
    "Опыт аналогичных проектов в других городах показывает высокую отдачу.",
    "Для запуска требуется обучение персонала и обновление нормативной базы.",
)
INDICATOR_NAMES = (
    ("Создано рабочих мест", "ед."),
    ("Привлечено внебюджетных средств", "млн руб."),
    ("Число участников программ", "чел."),
    ("Снижение потерь в сетях", "%"),
    ("Площадь благоустроенной территории", "тыс. м²"),
    ("Выручка резидентов", "млн руб."),
)
STAGE_TITLES = (
    "Разработка концепции",
    "Проектно-изыскательские работы",
    "Государственная экспертиза",
    "Привлечение финансирования",
    "Строительно-монтажные работы",
    "Закупка оборудования",
    "Пусконаладочные работы",
    "Ввод в эксплуатацию",
    "Выход на проектную мощность",
)
RESOURCE_UNITS = {
    ResourceKind.FINANCIAL: "млн руб.",
    ResourceKind.LAND: "га",
    ResourceKind.INFRASTRUCTURE: "м²",
    ResourceKind.STAFF: "чел.",
    ResourceKind.LEGAL: "акт",
    ResourceKind.ORGANISATIONAL: "мероприятие",
}
SURNAMES = (
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
)
FIRST_NAMES = (
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Игорь",
    "Михаил",
    "Павел",
    "Николай",
    "Виктор",
)
PATRONYMICS = (
    "Александрович",
    "Сергеевич",
    "Дмитриевич",
    "Андреевич",
    "Петрович",
    "Иванович",
    "Николаевич",
    "Викторович",
)
POSITIONS = (
    "Главный специалист",
    "Заместитель директора",
    "Руководитель проектного офиса",
    "Начальник отдела",
    "Ведущий инженер",
    "Депутат",
    "Предприниматель",
    "Научный сотрудник",
)
COMMENTS = (
    "",
    "Проект проработан, риски описаны убедительно.",
    "Нужно уточнить источники финансирования.",
    "Сильная кооперация партнёров.",
    "Сроки выглядят слишком оптимистично.",
    "Эффект для города очевиден.",
)
