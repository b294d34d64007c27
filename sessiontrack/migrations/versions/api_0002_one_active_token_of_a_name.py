"""API tokens: one active token of a name per account (a double click on «Create token» made two)

Active tokens that already share a name keep the newest's name; each older one gets its id added
(«name #12»), so nothing is revoked and every token still opens the API.

Revision ID: api_0002
Revises: results_0001
Create Date: 2026-12-03 23:00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "api_0002"
down_revision = "results_0001"
branch_labels = None
depends_on = None

ACTIVE = sa.text("revoked_at IS NULL")


def upgrade():
    bind = op.get_bind()
    token = sa.table(
        "api_token",
        sa.column("id", sa.Integer),
        sa.column("user_id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("revoked_at", sa.DateTime),
    )
    rows = bind.execute(
        sa.select(token.c.id, token.c.user_id, token.c.name)
        .where(token.c.revoked_at.is_(None))
        .order_by(token.c.id.desc())
    ).all()
    taken = {(user_id, name) for _id, user_id, name in rows}
    seen = set()
    for token_id, user_id, name in rows:
        if (user_id, name) not in seen:
            seen.add((user_id, name))
            continue
        renamed = f"{name[:85]} #{token_id}"
        while (user_id, renamed) in taken:
            renamed += "*"
        taken.add((user_id, renamed))
        bind.execute(token.update().where(token.c.id == token_id).values(name=renamed))
    op.create_index(
        "uq_api_token_active_name",
        "api_token",
        ["user_id", "name"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def downgrade():
    op.drop_index("uq_api_token_active_name", table_name="api_token")
