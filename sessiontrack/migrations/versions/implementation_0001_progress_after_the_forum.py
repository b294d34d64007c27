"""progress after the forum: stages' actual dates, indicators' actual values, secured funding,
progress reports

Revision ID: implementation_0001
Revises: interest_0001
Create Date: 2026-12-03 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'implementation_0001'
down_revision = 'interest_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actual_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('actual_end', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            'actual_dates_in_order',
            'actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start',
        )

    op.create_table('indicator_actual',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.CheckConstraint('year BETWEEN 1900 AND 2200', name=op.f('ck_indicator_actual_year_range')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_actual_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_actual')),
    sa.UniqueConstraint('indicator_id', 'year', name=op.f('uq_indicator_actual_indicator_id_year')),
    )
    with op.batch_alter_table('indicator_actual', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_actual_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('secured_funding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('funding_source_id', sa.Integer(), nullable=False),
    sa.Column('secured_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('document', sa.String(length=300), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_secured_funding_secured_not_negative')),
    sa.ForeignKeyConstraint(['funding_source_id'], ['funding_source.id'], name=op.f('fk_secured_funding_funding_source_id_funding_source'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_secured_funding_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_secured_funding')),
    )
    with op.batch_alter_table('secured_funding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_secured_funding_funding_source_id'), ['funding_source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_secured_funding_project_id'), ['project_id'], unique=False)

    op.create_table('progress_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=100), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_progress_report_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_progress_report_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report')),
    )
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_project_id'))
    op.drop_table('progress_report')
    with op.batch_alter_table('secured_funding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_secured_funding_project_id'))
        batch_op.drop_index(batch_op.f('ix_secured_funding_funding_source_id'))
    op.drop_table('secured_funding')
    with op.batch_alter_table('indicator_actual', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_actual_indicator_id'))
    op.drop_table('indicator_actual')
    with op.batch_alter_table('stage', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stage_actual_dates_in_order'), type_='check')
        batch_op.drop_column('actual_end')
        batch_op.drop_column('actual_start')
