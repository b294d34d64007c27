"""lifecycle: the stage «implementation» between the forum and the archive

Revision ID: lifecycle_0001
Revises: implementation_0001
Create Date: 2026-12-03 17:00:00

The session's stage is stored as its value under a CHECK constraint listing the values
(``enum_column``): the constraint takes the new value. On PostgreSQL it is dropped and created
again. On SQLite a CHECK constraint is only changed by rebuilding the table, and rebuilding
strategic_session would cascade the drop of the old table into every row that refers to it; so
the table's stored definition is edited in place instead, as SQLite documents for loosening a
CHECK constraint (https://sqlite.org/lang_altertable.html, "otheralter"): every existing row
still satisfies the wider list.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'lifecycle_0001'
down_revision = 'implementation_0001'
branch_labels = None
depends_on = None

NAME = 'ck_strategic_session_sessionstate'
BEFORE = ('setup', 'live', 'summarising', 'review', 'forum', 'archived')
AFTER = ('setup', 'live', 'summarising', 'review', 'forum', 'implementation', 'archived')


def _listed(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _replace_check(old, new):
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        op.drop_constraint(op.f(NAME), 'strategic_session', type_='check')
        op.create_check_constraint(op.f(NAME), 'strategic_session', f"state IN ({_listed(new)})")
        return
    version = bind.exec_driver_sql('PRAGMA schema_version').scalar()
    bind.exec_driver_sql('PRAGMA writable_schema = ON')
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
        "WHERE type = 'table' AND name = 'strategic_session'",
        (f"state IN ({_listed(old)})", f"state IN ({_listed(new)})"),
    )
    bind.exec_driver_sql(f'PRAGMA schema_version = {int(version) + 1}')
    bind.exec_driver_sql('PRAGMA writable_schema = OFF')


def upgrade():
    _replace_check(BEFORE, AFTER)


def downgrade():
    # A session in implementation goes back to the forum, the stage before it.
    op.execute("UPDATE strategic_session SET state = 'forum' WHERE state = 'implementation'")
    _replace_check(AFTER, BEFORE)
