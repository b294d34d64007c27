"""Organisations (with their kind) and the people taking part in a session."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.enums import TitledEnum, enum_column
from ..core.models import TimestampMixin
from ..extensions import db


class OrganisationKind(TitledEnum):
    STATE_CORPORATION = "state_corporation"
    FEDERAL_ENTERPRISE = "federal_enterprise"
    ENTERPRISE = "enterprise"
    ADMINISTRATION = "administration"
    COUNCIL = "council"
    BUSINESS = "business"
    PUBLIC = "public"
    SCIENCE = "science"

    __titles__ = {
        "state_corporation": _l("State corporation"),
        "federal_enterprise": _l("Federal state unitary enterprise"),
        "enterprise": _l("Joint-stock company / enterprise"),
        "administration": _l("Administration"),
        "council": _l("Representative body"),
        "business": _l("Business"),
        "public": _l("Public organisation"),
        "science": _l("Science and experts"),
    }


class ParticipantRole(TitledEnum):
    """A person's part in the session: what the participant list shows and, for a person with
    an account, what they may do there (:data:`ACCESS_ROLES`)."""

    FACILITATOR = "facilitator"
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    MEMBER = "member"
    EXPERT = "expert"
    OBSERVER = "observer"
    GUEST = "guest"

    __titles__ = {
        "facilitator": _l("Facilitator"),
        "speaker": _l("Speaker"),
        "moderator": _l("Group moderator"),
        "member": _l("Group member"),
        "expert": _l("Expert"),
        "observer": _l("Observer"),
        "guest": _l("Guest"),
    }


# The roles that let a participant's account into the session; speakers and guests get none.
ACCESS_ROLES = frozenset(
    {
        ParticipantRole.FACILITATOR,
        ParticipantRole.MODERATOR,
        ParticipantRole.MEMBER,
        ParticipantRole.EXPERT,
        ParticipantRole.OBSERVER,
    }
)
# The roles that work in one working group, and give access only with it.
GROUP_ROLES = (ParticipantRole.MODERATOR, ParticipantRole.MEMBER)


class ExpertKind(TitledEnum):
    EXPERT = "expert"
    INVESTOR = "investor"

    __titles__ = {"expert": _l("Expert"), "investor": _l("Investor")}


class Organisation(db.Model):
    """An organisation of the session's registry."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(300))
    short_name: Mapped[str] = mapped_column(sa.String(120), default="")
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)

    participants = relationship("Participant", back_populates="organisation")

    __table_args__ = (sa.UniqueConstraint("session_id", "name"),)

    @property
    def display_name(self) -> str:
        """The short name, or the full name when there is none."""
        return self.short_name or self.name

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class Participant(TimestampMixin, db.Model):
    """A person in the session: name, organisation, position, contacts, role, group."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategic_session.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(sa.String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[str] = mapped_column(sa.String(300), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(50), default="")
    role: Mapped[ParticipantRole] = mapped_column(
        enum_column(ParticipantRole), default=ParticipantRole.MEMBER
    )
    expert_kind: Mapped[ExpertKind | None] = mapped_column(enum_column(ExpertKind))
    working_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("working_group.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    is_demo: Mapped[bool] = mapped_column(default=False)

    organisation = relationship("Organisation", back_populates="participants")
    working_group = relationship("WorkingGroup")
    user = relationship("User", back_populates="participations")

    __table_args__ = (
        sa.UniqueConstraint("session_id", "email"),
        sa.UniqueConstraint("session_id", "user_id"),
        sa.CheckConstraint(
            "(role = 'expert') = (expert_kind IS NOT NULL)", name="experts_have_kind"
        ),
    )

    @property
    def gives_access(self) -> bool:
        """Whether the role lets the person's account into the session: a role of
        :data:`ACCESS_ROLES`, and a group role only with its group."""
        if self.role not in ACCESS_ROLES:
            return False
        return self.role not in GROUP_ROLES or self.working_group_id is not None

    @property
    def group_id(self) -> int | None:
        """The working group the person moderates or belongs to (``None`` for other roles)."""
        return self.working_group_id if self.role in GROUP_ROLES else None

    def __repr__(self) -> str:
        return f"<Participant {self.full_name}>"
