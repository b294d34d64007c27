"""notifications, e-mail choices, sent reminders, reminder ladder settings

Revision ID: notifications_0001
Revises: adoption_0001
Create Date: 2026-12-03 16:38:27.284599

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'notifications_0001'
down_revision = 'adoption_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_notification_session_id_strategic_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_session_id'), ['session_id'], unique=False)
        batch_op.create_index('ix_notification_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('notification_email_choice',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('email', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_email_choice_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_email_choice'))
    )
    op.create_table('sent_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('by_hand', sa.Boolean(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_sent_reminder_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_sent_reminder_session_id_strategic_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_reminder')),
    sa.UniqueConstraint('session_id', 'key', name=op.f('uq_sent_reminder_session_id_key'))
    )
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_reminder_participant_id'), ['participant_id'], unique=False)

    # Plain ADD COLUMN, not batch mode: rebuilding strategic_session on SQLite would cascade
    # the drop of the old table into every row that refers to it.
    op.add_column(
        'strategic_session',
        sa.Column('reminder_days', sa.JSON(), server_default=sa.text("'[3, 1]'"), nullable=False),
    )
    op.add_column(
        'strategic_session',
        sa.Column('returned_reminder_days', sa.Integer(), server_default='3', nullable=False),
    )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+), for the reason above.
    op.drop_column('strategic_session', 'returned_reminder_days')
    op.drop_column('strategic_session', 'reminder_days')

    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_reminder_participant_id'))

    op.drop_table('sent_reminder')
    op.drop_table('notification_email_choice')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_unread')
        batch_op.drop_index(batch_op.f('ix_notification_session_id'))

    op.drop_table('notification')
