"""structured investor interest: form of participation, amount range, stage to join

Revision ID: interest_0001
Revises: package_0001
Create Date: 2026-12-03 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'interest_0001'
down_revision = 'package_0001'
branch_labels = None
depends_on = None

def upgrade():
    with op.batch_alter_table('investor_interest', schema=None) as batch_op:
        # A plain string with its check written out: SQLite's batch mode loses an Enum's own
        # constraint when the column is added.
        batch_op.add_column(sa.Column(
            'form', sa.String(length=32), nullable=False, server_default='partnership',
        ))
        batch_op.create_check_constraint(
            batch_op.f('ck_investor_interest_participationform'),
            "form IN ('investment', 'loan', 'co_financing', 'partnership', 'grant')",
        )
        batch_op.add_column(sa.Column('amount_from', sa.Numeric(precision=18, scale=2), nullable=True))
        batch_op.add_column(sa.Column('amount_to', sa.Numeric(precision=18, scale=2), nullable=True))
        batch_op.add_column(sa.Column('stage_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_investor_interest_stage_id_stage'), 'stage', ['stage_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_investor_interest_interest_from_not_negative'),
            'amount_from IS NULL OR amount_from >= 0',
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_investor_interest_interest_range_ordered'),
            'amount_from IS NULL OR amount_to IS NULL OR amount_from <= amount_to',
        )


def downgrade():
    with op.batch_alter_table('investor_interest', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_investor_interest_interest_range_ordered'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_investor_interest_interest_from_not_negative'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_investor_interest_stage_id_stage'), type_='foreignkey')
        batch_op.drop_column('stage_id')
        batch_op.drop_column('amount_to')
        batch_op.drop_column('amount_from')
        batch_op.drop_constraint(batch_op.f('ck_investor_interest_participationform'), type_='check')
        batch_op.drop_column('form')
