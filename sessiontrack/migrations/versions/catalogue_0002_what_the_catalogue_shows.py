"""public catalogue: what it shows beyond the passport (score, money, stages, progress,
investors' interest)

Revision ID: catalogue_0002
Revises: lifecycle_0001
Create Date: 2026-12-03 16:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'catalogue_0002'
down_revision = 'lifecycle_0001'
branch_labels = None
depends_on = None

# Column, and what a session that existed before shows: its passport with money and stages,
# and its progress once there is any, as the catalogue showed them; no score, no interest.
PARTS = (
    ('catalogue_shows_score', sa.false()),
    ('catalogue_shows_money', sa.true()),
    ('catalogue_shows_stages', sa.true()),
    ('catalogue_shows_progress', sa.true()),
    ('catalogue_shows_interest', sa.false()),
)


def upgrade():
    # Plain ADD COLUMN, not batch mode: rebuilding strategic_session on SQLite would cascade
    # the drop of the old table into every row that refers to it (see catalogue_0001).
    for name, default in PARTS:
        op.add_column(
            'strategic_session',
            sa.Column(name, sa.Boolean(), nullable=False, server_default=default),
        )


def downgrade():
    for name, _default in reversed(PARTS):
        op.drop_column('strategic_session', name)
