"""scorecard index covering the ranking: a session's submitted totals read from the index alone

Revision ID: results_0001
Revises: implementation_0002
Create Date: 2026-12-03 20:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'results_0001'
down_revision = 'implementation_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_scorecard_project_state_total',
        'scorecard',
        ['project_id', 'state', 'total', 'expert_id'],
    )


def downgrade():
    op.drop_index('ix_scorecard_project_state_total', table_name='scorecard')
