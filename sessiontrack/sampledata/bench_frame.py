"""Bulk inserts of generated rows, and the session's frame: directions, organisations, people.

:class:`FrameSteps` is the first half of a generation run (see :mod:`.bench`): the session,
its strategy, directions and groups, organisations, accounts, participants and criteria.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from ..auth.models import User
from ..extensions import db
from ..people.models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole
from ..review.models import Criterion
from ..sessions.models import (
    Direction,
    Forum,
    ReviewState,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from .article_review import CRITERIA
from .bench_words import (
    BENCH_PASSWORD_HASH,
    DIRECTION_TITLES,
    MARK,
    ORGANISATION_KINDS,
    ORGANISATION_PREFIXES,
    ORGANISATION_WORDS,
    POSITIONS,
    STRATEGY_PRIORITY_TITLES,
)


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Bulk-insert ``rows`` of ``model``; the new ids in the order of the rows."""
    if not rows:
        return []
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def insert_plain(target, rows: list[dict]) -> None:
    """Bulk-insert rows whose ids nobody needs (one executemany)."""
    if rows:
        db.session.execute(sa.insert(target), rows)


def copy_rows(model, rows: list[dict], *, ids: bool = False) -> list[int] | None:
    """Bulk-insert ``rows`` of ``model`` with PostgreSQL's ``COPY`` (several times faster than
    an executemany of tens of thousands of rows), :func:`insert_rows` or :func:`insert_plain`
    elsewhere. Values go through the columns' types as an INSERT's would, and the columns'
    Python defaults fill what the rows leave out; with ``ids``, the ids are taken from the
    table's sequence first and returned in the order of the rows."""
    connection = db.session.connection()
    if not rows or connection.dialect.name != "postgresql":
        return insert_rows(model, rows) if ids else insert_plain(model, rows)
    dialect, table = connection.dialect, model.__table__
    raw = connection.connection.driver_connection
    given = list(rows[0])
    defaults = {}
    for column in table.c:
        if column.key in given or column.primary_key or column.default is None:
            continue
        default = column.default
        defaults[column.key] = default.arg if default.is_scalar else default.arg(None)
    keys = given + list(defaults)
    new_ids = None
    if ids:
        new_ids = [
            row[0]
            for row in raw.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                (table.name, len(rows)),
            )
        ]
        keys.append("id")
    processors = [table.c[key].type._cached_bind_processor(dialect) for key in keys]
    names = ", ".join(table.c[key].name for key in keys)
    statement = f"COPY {table.name} ({names}) FROM STDIN"  # the model's names, not input
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for index, row in enumerate(rows):
            values = [row[key] for key in given] + list(defaults.values())
            if new_ids:
                values.append(new_ids[index])
            copy.write_row(
                [
                    process(value) if process is not None and value is not None else value
                    for process, value in zip(processors, values, strict=True)
                ]
            )
    return new_ids


class FrameSteps:
    """The steps of a generation run that build the session's frame (mixed into the run)."""

    def _session(self) -> StrategicSession:
        strategic_session = StrategicSession(
            slug=self.slug,
            title=f"Сгенерированная сессия «{self.slug}» для замера скорости",
            description=f"{MARK}: все организации, люди, проекты и оценки вымышлены.",
            starts_on=date(2018, 11, 1),
            ends_on=date(2018, 11, 1),
            place="Городская администрация",
            strategy_title="Стратегия социально-экономического развития до 2030 года",
            state=SessionState.REVIEW,
            is_demo=True,
            projects_published=True,
            review_state=ReviewState.OPEN,
            review_deadline=datetime(2018, 11, 22, 11, tzinfo=UTC),
            criteria_locked=True,
        )
        db.session.add(strategic_session)
        db.session.flush()
        db.session.add(
            Forum(
                session_id=strategic_session.id,
                name="Международный инновационный форум (генерированный)",
                starts_on=date(2018, 11, 23),
                ends_on=date(2018, 11, 24),
                place="Городской конгресс-центр",
            )
        )
        self.priority_ids = insert_rows(
            StrategyPriority,
            [
                {
                    "session_id": strategic_session.id,
                    "title": title,
                    "description": f"{MARK}.",
                    "position": position,
                    "is_demo": True,
                }
                for position, title in enumerate(STRATEGY_PRIORITY_TITLES, start=1)
            ],
        )
        return strategic_session

    def _directions(self) -> None:
        titles = DIRECTION_TITLES[: self.sizes.directions]
        self.direction_ids = insert_rows(
            Direction,
            [
                {"session_id": self.session_id, "title": title, "position": position}
                for position, title in enumerate(titles, start=1)
            ],
        )
        self.group_ids = insert_rows(
            WorkingGroup,
            [
                {
                    "session_id": self.session_id,
                    "direction_id": direction_id,
                    "title": f"Рабочая группа {position}: {title}",
                    "position": position,
                }
                for position, (direction_id, title) in enumerate(
                    zip(self.direction_ids, titles, strict=True), start=1
                )
            ],
        )
        self.counts["directions"] = self.counts["working_groups"] = len(titles)

    def _organisations(self) -> None:
        """Experts' organisations first (science, never in a project), then the others."""
        rows = []
        for number in range(1, self.sizes.organisations + 1):
            if number <= self.sizes.expert_organisations:
                kind = OrganisationKind.SCIENCE
            else:
                kind = ORGANISATION_KINDS[number % len(ORGANISATION_KINDS)]
            word = self.rng.choice(ORGANISATION_WORDS)
            name = f"{ORGANISATION_PREFIXES[kind]} «{word}-{number:03d}»"
            rows.append(
                {
                    "session_id": self.session_id,
                    "name": name,
                    "short_name": f"{word}-{number:03d}",
                    "kind": kind,
                    "description": f"{MARK}.",
                    "is_demo": True,
                }
            )
        ids = insert_rows(Organisation, rows)
        self.expert_organisation_ids = ids[: self.sizes.expert_organisations]
        self.project_organisation_ids = ids[self.sizes.expert_organisations :]
        self.counts["organisations"] = len(ids)

    def _accounts(self) -> dict:
        """Users: a facilitator, each group's moderator and members, experts (their participant
        rows, made next, give them their roles).

        :return: ``{"facilitator": (email, name), "members": [(email, role, group id)],
            "experts": {email: name}}``; the users' ids are kept in ``self.user_ids``.
        """
        facilitator = (self._email("facilitator"), self._person_name())
        members = []
        for group_number, group_id in enumerate(self.group_ids, start=1):
            for number in range(1, self.sizes.members_per_group + 1):
                role = ParticipantRole.MODERATOR if number == 1 else ParticipantRole.MEMBER
                members.append((self._email(f"g{group_number}-{number:02d}"), role, group_id))
        experts = {
            self._email(f"expert-{number:03d}"): self._person_name()
            for number in range(1, self.sizes.experts + 1)
        }
        names = {facilitator[0]: facilitator[1]} | {
            email: self._person_name() for email, _role, _group in members
        }
        names |= experts
        self.account_names = names
        user_ids = insert_rows(
            User,
            [
                {"email": email, "name": name, "password_hash": BENCH_PASSWORD_HASH}
                for email, name in names.items()
            ],
        )
        self.user_ids = dict(zip(names, user_ids, strict=True))
        self.counts["users"] = len(user_ids)
        # Each group's projects are written by its moderator.
        self.group_authors = {
            group_id: self.user_ids[email]
            for email, role, group_id in members
            if role is ParticipantRole.MODERATOR
        }
        return {"facilitator": facilitator, "members": members, "experts": experts}

    def _participants(self, accounts: dict) -> None:
        """Every account holder is a participant; the rest of the list has no account."""
        rows = []
        facilitator_email, facilitator_name = accounts["facilitator"]
        rows.append(
            self._participant(
                facilitator_name,
                ParticipantRole.FACILITATOR,
                email=facilitator_email,
                user_id=self.user_ids[facilitator_email],
            )
        )
        for email, role, group_id in accounts["members"]:
            rows.append(
                self._participant(
                    self.account_names[email],
                    role,
                    email=email,
                    user_id=self.user_ids[email],
                    working_group_id=group_id,
                )
            )
        expert_rows = []
        for number, (email, name) in enumerate(accounts["experts"].items()):
            expert_rows.append(
                self._participant(
                    name,
                    ParticipantRole.EXPERT,
                    email=email,
                    user_id=self.user_ids[email],
                    organisation_id=self.expert_organisation_ids[
                        number % len(self.expert_organisation_ids)
                    ],
                    # Every fifth is an investor, as at the forum.
                    expert_kind=ExpertKind.INVESTOR if number % 5 == 4 else ExpertKind.EXPERT,
                )
            )
        rows.extend(expert_rows)
        others = (ParticipantRole.MEMBER, ParticipantRole.GUEST, ParticipantRole.OBSERVER)
        for number in range(len(rows) + 1, self.sizes.participants + 1):
            role = self.rng.choice(others)
            group_id = self.rng.choice(self.group_ids) if role is ParticipantRole.MEMBER else None
            rows.append(
                self._participant(
                    self._person_name(),
                    role,
                    email=self._email(f"participant-{number:04d}"),
                    working_group_id=group_id,
                )
            )
        ids = insert_rows(Participant, rows)
        first_expert = 1 + len(accounts["members"])
        self.expert_ids = ids[first_expert : first_expert + len(expert_rows)]
        self.counts["participants"] = len(ids)

    def _participant(self, name: str, role: ParticipantRole, **fields) -> dict:
        fields.setdefault("organisation_id", self.rng.choice(self.project_organisation_ids))
        return {
            "session_id": self.session_id,
            "full_name": name,
            "position": self.rng.choice(POSITIONS),
            "phone": f"+7 391 {self.rng.randrange(200, 800)}-{self.rng.randrange(10, 99)}-"
            f"{self.rng.randrange(10, 99)}",
            "role": role,
            "expert_kind": fields.pop("expert_kind", None),
            "is_demo": True,
            **fields,
        }

    def _criteria(self) -> None:
        self.criteria = [
            {
                "session_id": self.session_id,
                "title": criterion["title"],
                "description": criterion["description"],
                "weight": float(criterion["weight"]),
                "counted": True,
                "scale_min": 0,
                "scale_max": 10,
                "level_descriptions": criterion["level_descriptions"],
                "position": position,
            }
            for position, criterion in enumerate(CRITERIA, start=1)
        ]
        for criterion, criterion_id in zip(
            self.criteria, insert_rows(Criterion, self.criteria), strict=True
        ):
            criterion["id"] = criterion_id
        self.counts["criteria"] = len(self.criteria)
