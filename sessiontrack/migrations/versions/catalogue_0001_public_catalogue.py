"""public catalogue: when the facilitator published it

Revision ID: catalogue_0001
Revises: participant_0001
Create Date: 2026-12-03 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'catalogue_0001'
down_revision = 'participant_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'strategic_session', sa.Column('catalogue_published_at', sa.DateTime(timezone=True), nullable=True)
    )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+), not batch mode: rebuilding strategic_session on
    # SQLite would cascade the drop of the old table into every row that refers to it.
    op.drop_column('strategic_session', 'catalogue_published_at')
