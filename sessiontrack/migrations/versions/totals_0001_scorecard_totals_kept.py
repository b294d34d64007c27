"""scorecard totals kept when the scores are written

Revision ID: totals_0001
Revises: portfolio_0001
Create Date: 2026-12-03 17:00:00

Each scorecard gains its 0–100 total and its values by criterion, filled here from the scores
by the one definition (``review.services.totals.figures_of``), a session at a time.
"""
from alembic import op
import sqlalchemy as sa

from sessiontrack.review.services.totals import figures_of


# revision identifiers, used by Alembic.
revision = 'totals_0001'
down_revision = 'portfolio_0001'
branch_labels = None
depends_on = None


class _Criterion:
    """What the formula reads of a criterion."""

    def __init__(self, id, weight, counted, scale_min, scale_max):
        self.id, self.weight, self.counted = id, weight, counted
        self.scale_min, self.scale_max = scale_min, scale_max


def upgrade():
    with op.batch_alter_table('scorecard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('criterion_values', sa.JSON(), nullable=True))

    connection = op.get_bind()
    scorecard = sa.table(
        'scorecard',
        sa.column('id', sa.Integer),
        sa.column('total', sa.Float),
        sa.column('criterion_values', sa.JSON),
    )
    criteria_of = {}
    for row in connection.execute(sa.text(
        "SELECT session_id, id, weight, counted, scale_min, scale_max FROM criterion"
    )):
        criteria_of.setdefault(row[0], []).append(_Criterion(*row[1:]))
    values_of = {}
    session_of = {}
    for card_id, session_id in connection.execute(sa.text(
        "SELECT scorecard.id, project.session_id FROM scorecard "
        "JOIN project ON project.id = scorecard.project_id"
    )):
        values_of[card_id] = {}
        session_of[card_id] = session_id
    for card_id, criterion_id, value in connection.execute(sa.text(
        "SELECT scorecard_id, criterion_id, value FROM score"
    )):
        values_of[card_id][criterion_id] = value
    rows = []
    for card_id, values in values_of.items():
        total, kept = figures_of(values, criteria_of.get(session_of[card_id], []))
        rows.append({'card_id': card_id, 'new_total': total, 'new_values': kept})
    if rows:
        connection.execute(
            scorecard.update()
            .where(scorecard.c.id == sa.bindparam('card_id'))
            .values(total=sa.bindparam('new_total'), criterion_values=sa.bindparam('new_values')),
            rows,
        )
    with op.batch_alter_table('scorecard', schema=None) as batch_op:
        batch_op.alter_column('criterion_values', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('scorecard', schema=None) as batch_op:
        batch_op.drop_column('criterion_values')
        batch_op.drop_column('total')
