"""The reference lists, in Russian with English names."""

from ..extensions import db
from .models import FundingSource, NationalProject, NationalProjectStatus

# Decree No. 204 of 7 May 2018: twelve national projects, the comprehensive plan for trunk
# infrastructure listed beside them, and the thirteenth proposed by Rosatom (a proposal then).
NATIONAL_PROJECTS = [
    ("demography", "Демография", "Demography", NationalProjectStatus.ADOPTED),
    ("healthcare", "Здравоохранение", "Healthcare", NationalProjectStatus.ADOPTED),
    ("education", "Образование", "Education", NationalProjectStatus.ADOPTED),
    (
        "housing",
        "Жильё и городская среда",
        "Housing and urban environment",
        NationalProjectStatus.ADOPTED,
    ),
    ("ecology", "Экология", "Ecology", NationalProjectStatus.ADOPTED),
    (
        "roads",
        "Безопасные и качественные автомобильные дороги",
        "Safe and high-quality roads",
        NationalProjectStatus.ADOPTED,
    ),
    (
        "labour_productivity",
        "Производительность труда и поддержка занятости",
        "Labour productivity and employment support",
        NationalProjectStatus.ADOPTED,
    ),
    ("science", "Наука", "Science", NationalProjectStatus.ADOPTED),
    ("digital_economy", "Цифровая экономика", "Digital economy", NationalProjectStatus.ADOPTED),
    ("culture", "Культура", "Culture", NationalProjectStatus.ADOPTED),
    (
        "small_business",
        "Малое и среднее предпринимательство и поддержка индивидуальной предпринимательской "
        "инициативы",
        "Small and medium-sized enterprises and support for individual entrepreneurial initiative",
        NationalProjectStatus.ADOPTED,
    ),
    (
        "export",
        "Международная кооперация и экспорт",
        "International cooperation and export",
        NationalProjectStatus.ADOPTED,
    ),
    (
        "trunk_infrastructure",
        "Комплексный план модернизации и расширения магистральной инфраструктуры",
        "Comprehensive plan for modernising and expanding trunk infrastructure",
        NationalProjectStatus.PLAN,
    ),
    (
        "atomic_science",
        "Развитие атомной науки и технологий (предложен Госкорпорацией «Росатом»)",
        "Development of atomic science and technology (proposed by Rosatom)",
        NationalProjectStatus.PROPOSED,
    ),
]

FUNDING_SOURCES = [
    ("federal_budget", "Федеральный бюджет", "Federal budget"),
    ("regional_budget", "Краевой бюджет", "Regional budget"),
    ("local_budget", "Местный бюджет", "Local budget"),
    ("state_corporations", "Средства госкорпораций", "State corporations' funds"),
    ("enterprises", "Собственные средства предприятий", "Enterprises' own funds"),
    ("private_investment", "Частные инвестиции", "Private investment"),
    ("grants", "Гранты и программы развития", "Grants and development programmes"),
    ("ppp", "ГЧП/МЧП", "Public-private / municipal-private partnership"),
]


def load_reference_data() -> None:
    """Insert or update the reference lists; running it again changes nothing."""
    existing = {np.code: np for np in db.session.scalars(db.select(NationalProject))}
    for position, (code, title_ru, title_en, status) in enumerate(NATIONAL_PROJECTS, start=1):
        row = existing.get(code) or NationalProject(code=code)
        row.title_ru, row.title_en, row.status, row.position = title_ru, title_en, status, position
        db.session.add(row)
    existing = {fs.code: fs for fs in db.session.scalars(db.select(FundingSource))}
    for position, (code, title_ru, title_en) in enumerate(FUNDING_SOURCES, start=1):
        row = existing.get(code) or FundingSource(code=code)
        row.title_ru, row.title_en, row.position = title_ru, title_en, position
        db.session.add(row)
    db.session.flush()
