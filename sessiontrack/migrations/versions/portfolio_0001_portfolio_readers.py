"""portfolio readers: an account's grant to read the portfolio of chosen sessions, or of all

Revision ID: portfolio_0001
Revises: api_0001
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'portfolio_0001'
down_revision = 'api_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portfolio_reader',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('all_sessions', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_portfolio_reader_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_reader')),
    sa.UniqueConstraint('user_id', name=op.f('uq_portfolio_reader_user_id')),
    )
    op.create_table('portfolio_reader_session',
    sa.Column('reader_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['reader_id'], ['portfolio_reader.id'], name=op.f('fk_portfolio_reader_session_reader_id_portfolio_reader'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_portfolio_reader_session_session_id_strategic_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reader_id', 'session_id', name=op.f('pk_portfolio_reader_session')),
    )
    with op.batch_alter_table('portfolio_reader_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_reader_session_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('portfolio_reader_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_reader_session_session_id'))

    op.drop_table('portfolio_reader_session')
    op.drop_table('portfolio_reader')
