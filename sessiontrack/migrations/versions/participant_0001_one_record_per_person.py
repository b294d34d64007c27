"""one record per person in a session: the memberships move into the participant rows

Who is in a session with which role and working group was stored twice: the participant row
(the list of people) and the membership (the account's access). The participant row is now
the only one, and its role is also what the account may do. Each membership moves into its
account's participant row in that session (found by account, else by the account's e-mail
among the rows without one; made from the account when there is none). An account that held
several roles in one session keeps one, the first of facilitator, moderator, member, expert,
observer; a participant row whose account held no membership had no access and keeps none (its
role becomes guest). The counts are printed.

The rows are read and written here with plain tables, not through the app's models: a
migration must do the same thing whenever it runs.

Revision ID: participant_0001
Revises: reference_0001
Create Date: 2026-12-03 14:00:00

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'participant_0001'
down_revision = 'reference_0001'
branch_labels = None
depends_on = None

PRECEDENCE = ('facilitator', 'moderator', 'member', 'expert', 'observer')
GROUP_ROLES = ('moderator', 'member')

membership = sa.table(
    'membership',
    sa.column('id', sa.Integer),
    sa.column('user_id', sa.Integer),
    sa.column('session_id', sa.Integer),
    sa.column('role', sa.String),
    sa.column('working_group_id', sa.Integer),
)
participant = sa.table(
    'participant',
    sa.column('id', sa.Integer),
    sa.column('session_id', sa.Integer),
    sa.column('full_name', sa.String),
    sa.column('position', sa.String),
    sa.column('email', sa.String),
    sa.column('phone', sa.String),
    sa.column('role', sa.String),
    sa.column('expert_kind', sa.String),
    sa.column('working_group_id', sa.Integer),
    sa.column('user_id', sa.Integer),
    sa.column('is_demo', sa.Boolean),
    sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('updated_at', sa.DateTime(timezone=True)),
)
user_account = sa.table(
    'user_account', sa.column('id', sa.Integer), sa.column('name', sa.String),
    sa.column('email', sa.String),
)


def upgrade():
    connection = op.get_bind()
    kept, held = {}, {}
    for row in connection.execute(
        sa.select(membership.c.user_id, membership.c.session_id, membership.c.role,
                  membership.c.working_group_id).order_by(membership.c.id)
    ):
        pair = (row.session_id, row.user_id)
        held[pair] = held.get(pair, 0) + 1
        if pair not in kept or PRECEDENCE.index(row.role) < PRECEDENCE.index(kept[pair][0]):
            kept[pair] = (row.role, row.working_group_id)
    users = {row.id: row for row in connection.execute(sa.select(user_account))}
    rows = list(connection.execute(sa.select(participant)))
    by_user = {(row.session_id, row.user_id): row for row in rows if row.user_id is not None}
    by_email = {
        (row.session_id, row.email.lower()): row
        for row in rows if row.email and row.user_id is None
    }
    emails = {(row.session_id, row.email.lower()) for row in rows if row.email}
    now = datetime.now(UTC)
    made = 0
    for (session_id, user_id), (role, group_id) in kept.items():
        account = users[user_id]
        row = by_user.get((session_id, user_id)) or by_email.get((session_id, account.email))
        values = {'user_id': user_id, 'role': role, 'expert_kind': None}
        if role == 'expert':
            values['expert_kind'] = (row.expert_kind if row is not None else None) or 'expert'
        if role in GROUP_ROLES:
            values['working_group_id'] = group_id
        if row is not None:
            connection.execute(
                participant.update().where(participant.c.id == row.id).values(**values)
            )
            continue
        made += 1
        email = None if (session_id, account.email) in emails else account.email
        connection.execute(
            participant.insert().values(
                session_id=session_id, full_name=account.name, email=email, position='',
                phone='', is_demo=False, created_at=now, updated_at=now, **values,
            )
        )
    # A row whose account held no membership here had no access (a facilitator taken off by
    # the admin, say): it keeps none.
    silenced = [
        row.id for row in rows
        if row.user_id is not None and (row.session_id, row.user_id) not in kept
        and row.role in PRECEDENCE
    ]
    if silenced:
        connection.execute(
            participant.update().where(participant.c.id.in_(silenced))
            .values(role='guest', expert_kind=None)
        )
    folded = sum(1 for count in held.values() if count > 1)
    print(
        f"participant_0001: {sum(held.values())} memberships moved into participant rows "
        f"({made} rows made for accounts without one); {folded} accounts held several roles in "
        f"one session and kept one (facilitator > moderator > member > expert > observer); "
        f"{len(silenced)} rows whose account held no membership became guests."
    )

    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_working_group_id'))
        batch_op.drop_index(batch_op.f('ix_membership_session_id'))
    op.drop_table('membership')


def downgrade():
    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('facilitator', 'moderator', 'member', 'expert', 'observer', name='sessionrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(role IN ('moderator', 'member')) = (working_group_id IS NOT NULL)", name=op.f('ck_membership_group_roles_have_group')),
    sa.ForeignKeyConstraint(['session_id'], ['strategic_session.id'], name=op.f('fk_membership_session_id_strategic_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_group.id'], name=op.f('fk_membership_working_group_id_working_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'session_id', 'role', name=op.f('uq_membership_user_id_session_id_role'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_working_group_id'), ['working_group_id'], unique=False)

    # Each participant row with an account whose role lets it in gives back its membership.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(participant.c.user_id, participant.c.session_id, participant.c.role,
                  participant.c.working_group_id)
        .where(participant.c.user_id.is_not(None), participant.c.role.in_(PRECEDENCE))
        .order_by(participant.c.id)
    )
    for row in rows:
        group_id = row.working_group_id if row.role in GROUP_ROLES else None
        if row.role in GROUP_ROLES and group_id is None:
            continue
        connection.execute(
            membership.insert().values(
                user_id=row.user_id, session_id=row.session_id, role=row.role,
                working_group_id=group_id,
            )
        )
