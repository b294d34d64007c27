"""forum funds and pitch slots: the limits a package of projects must fit

Revision ID: package_0001
Revises: catalogue_0001
Create Date: 2026-12-03 15:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'package_0001'
down_revision = 'catalogue_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_fund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('funding_source_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_forum_fund_fund_not_negative')),
    sa.ForeignKeyConstraint(['funding_source_id'], ['funding_source.id'], name=op.f('fk_forum_fund_funding_source_id_funding_source'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_forum_fund_session_id_strategic_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forum_fund')),
    sa.UniqueConstraint('session_id', 'funding_source_id', 'year', name=op.f('uq_forum_fund_session_id_funding_source_id_year')),
    )
    with op.batch_alter_table('forum_fund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_fund_session_id'), ['session_id'], unique=False)

    op.create_table('pitch_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('direction_id', sa.Integer(), nullable=False),
    sa.Column('slots', sa.Integer(), nullable=True),
    sa.CheckConstraint('slots >= 0', name=op.f('ck_pitch_slots_slots_not_negative')),
    sa.ForeignKeyConstraint(['direction_id'], ['direction.id'], name=op.f('fk_pitch_slots_direction_id_direction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_pitch_slots_session_id_strategic_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pitch_slots')),
    sa.UniqueConstraint('direction_id', name=op.f('uq_pitch_slots_direction_id')),
    )
    with op.batch_alter_table('pitch_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pitch_slots_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pitch_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pitch_slots_session_id'))
    op.drop_table('pitch_slots')
    with op.batch_alter_table('forum_fund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_fund_session_id'))
    op.drop_table('forum_fund')
