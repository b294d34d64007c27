"""the adopted forum package: the projects the facilitator adopted as the forum's decision

Revision ID: adoption_0001
Revises: totals_0001
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'adoption_0001'
down_revision = 'totals_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('adopted_package',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adopted_by_id', sa.Integer(), nullable=True),
    sa.Column('limits', sa.JSON(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['adopted_by_id'], ['user_account.id'], name=op.f('fk_adopted_package_adopted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_adopted_package_session_id_strategic_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adopted_package')),
    sa.UniqueConstraint('session_id', name=op.f('uq_adopted_package_session_id')),
    )
    op.create_table('adopted_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['package_id'], ['adopted_package.id'], name=op.f('fk_adopted_project_package_id_adopted_package'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_adopted_project_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adopted_project')),
    sa.UniqueConstraint('package_id', 'project_id', name=op.f('uq_adopted_project_package_id_project_id')),
    )
    with op.batch_alter_table('adopted_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adopted_project_package_id'), ['package_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_adopted_project_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('adopted_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adopted_project_project_id'))
        batch_op.drop_index(batch_op.f('ix_adopted_project_package_id'))
    op.drop_table('adopted_project')
    op.drop_table('adopted_package')
