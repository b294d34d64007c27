"""seed the reference lists: national projects and funding sources

A new database gets the lists from ``flask db upgrade`` alone, so a session exported elsewhere
imports into it. The rows are written out here, not imported from ``sessiontrack.reference``:
a migration must do the same thing whenever it runs. ``flask reference-data`` brings the lists
up to date later; rows that are already there (by code) are left as they are.

Revision ID: reference_0001
Revises: performance_0002
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'reference_0001'
down_revision = 'performance_0002'
branch_labels = None
depends_on = None

# (code, title_ru, title_en, status): Decree No. 204 of 7 May 2018, the comprehensive plan for
# trunk infrastructure listed beside them, and the thirteenth proposed by Rosatom.
NATIONAL_PROJECTS = [
    ('demography', 'Демография', 'Demography', 'adopted'),
    ('healthcare', 'Здравоохранение', 'Healthcare', 'adopted'),
    ('education', 'Образование', 'Education', 'adopted'),
    ('housing', 'Жильё и городская среда', 'Housing and urban environment', 'adopted'),
    ('ecology', 'Экология', 'Ecology', 'adopted'),
    ('roads', 'Безопасные и качественные автомобильные дороги', 'Safe and high-quality roads', 'adopted'),
    ('labour_productivity', 'Производительность труда и поддержка занятости', 'Labour productivity and employment support', 'adopted'),
    ('science', 'Наука', 'Science', 'adopted'),
    ('digital_economy', 'Цифровая экономика', 'Digital economy', 'adopted'),
    ('culture', 'Культура', 'Culture', 'adopted'),
    ('small_business', 'Малое и среднее предпринимательство и поддержка индивидуальной предпринимательской инициативы', 'Small and medium-sized enterprises and support for individual entrepreneurial initiative', 'adopted'),
    ('export', 'Международная кооперация и экспорт', 'International cooperation and export', 'adopted'),
    ('trunk_infrastructure', 'Комплексный план модернизации и расширения магистральной инфраструктуры', 'Comprehensive plan for modernising and expanding trunk infrastructure', 'plan'),
    ('atomic_science', 'Развитие атомной науки и технологий (предложен Госкорпорацией «Росатом»)', 'Development of atomic science and technology (proposed by Rosatom)', 'proposed'),
]

# (code, title_ru, title_en)
FUNDING_SOURCES = [
    ('federal_budget', 'Федеральный бюджет', 'Federal budget'),
    ('regional_budget', 'Краевой бюджет', 'Regional budget'),
    ('local_budget', 'Местный бюджет', 'Local budget'),
    ('state_corporations', 'Средства госкорпораций', "State corporations' funds"),
    ('enterprises', 'Собственные средства предприятий', "Enterprises' own funds"),
    ('private_investment', 'Частные инвестиции', 'Private investment'),
    ('grants', 'Гранты и программы развития', 'Grants and development programmes'),
    ('ppp', 'ГЧП/МЧП', 'Public-private / municipal-private partnership'),
]


def _insert_missing(table, rows):
    """Insert the rows whose code the table does not hold yet, in list order."""
    existing = set(op.get_bind().scalars(sa.select(table.c.code)))
    missing = [
        dict(row, position=position)
        for position, row in enumerate(rows, start=1)
        if row['code'] not in existing
    ]
    if missing:
        op.bulk_insert(table, missing)


def upgrade():
    national_project = sa.table(
        'national_project',
        sa.column('code', sa.String), sa.column('title_ru', sa.String),
        sa.column('title_en', sa.String), sa.column('status', sa.String),
        sa.column('position', sa.Integer),
    )
    funding_source = sa.table(
        'funding_source',
        sa.column('code', sa.String), sa.column('title_ru', sa.String),
        sa.column('title_en', sa.String), sa.column('position', sa.Integer),
    )
    _insert_missing(national_project, [
        {'code': code, 'title_ru': title_ru, 'title_en': title_en, 'status': status}
        for code, title_ru, title_en, status in NATIONAL_PROJECTS
    ])
    _insert_missing(funding_source, [
        {'code': code, 'title_ru': title_ru, 'title_en': title_en}
        for code, title_ru, title_en in FUNDING_SOURCES
    ])


def downgrade():
    # The rows stay: projects and resources may refer to them by now, and the tables
    # themselves go with the initial revision.
    pass
