"""progress after the forum, one effect per submit: the same money secured is recorded once,
and a project has one report per period

Rows a double submit already doubled are folded first: of identical money secured, the earliest
row stays; of two reports for one period, the later one's period is marked with its number.

Revision ID: implementation_0002
Revises: notifications_0001
Create Date: 2026-12-03 17:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'implementation_0002'
down_revision = 'notifications_0001'
branch_labels = None
depends_on = None

MONEY = ('project_id', 'funding_source_id', 'secured_on', 'amount', 'document')


def upgrade():
    op.execute(sa.text(
        'DELETE FROM secured_funding WHERE EXISTS (SELECT 1 FROM secured_funding AS earlier '
        'WHERE earlier.project_id = secured_funding.project_id '
        'AND earlier.funding_source_id = secured_funding.funding_source_id '
        'AND earlier.secured_on = secured_funding.secured_on '
        'AND earlier.amount = secured_funding.amount '
        'AND earlier.document = secured_funding.document '
        'AND earlier.id < secured_funding.id)'
    ))
    op.execute(sa.text(
        "UPDATE progress_report SET period = substr(period, 1, 86) || ' #' || "
        'CAST(id AS VARCHAR(12)) WHERE EXISTS (SELECT 1 FROM progress_report AS earlier '
        'WHERE earlier.project_id = progress_report.project_id '
        'AND earlier.period = progress_report.period AND earlier.id < progress_report.id)'
    ))
    with op.batch_alter_table('secured_funding', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_secured_funding_same_money', list(MONEY))
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f('uq_progress_report_project_id_period'), ['project_id', 'period']
        )


def downgrade():
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_progress_report_project_id_period'), type_='unique'
        )
    with op.batch_alter_table('secured_funding', schema=None) as batch_op:
        batch_op.drop_constraint('uq_secured_funding_same_money', type_='unique')
