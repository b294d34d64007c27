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
    with op.batch_alter_table('strategic_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalogue_published_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('strategic_session', schema=None) as batch_op:
        batch_op.drop_column('catalogue_published_at')
