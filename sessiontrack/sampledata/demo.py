"""Loading the demo data set: the Zheleznogorsk session of 1 November 2018 from the article.

The data is in :mod:`.article`, :mod:`.article_projects` and :mod:`.article_review`; the
projects and their review are loaded by :mod:`.demo_projects`.

The session, its speakers and their talks, the named organisations, the four directions and the
forum are facts of the article. Everything else (strategy priorities, the business, public and
expert organisations, working-group members, experts, projects and scores) is illustrative and
says so in the data: ``is_demo`` where the model has it, «Демонстрационный пример» or «(демо)»
in the text where it has not.

:func:`load_demo` adds only what is missing, looking each row up by its natural key, and never
changes a row that exists: running it again changes nothing. It flushes; the caller commits.
The stage changes that brought the session to the expert review go through the lifecycle
service, dated on the days they happened, once: the lifecycle page shows them.
"""

from ..agenda.models import AgendaItem, Decision, Talk
from ..auth.models import User
from ..auth.services import create_user, find_user
from ..people.models import Organisation, Participant, ParticipantRole
from ..reference.data import load_reference_data
from ..sessions.models import (
    Direction,
    Forum,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from .article import (
    ACCOUNTS,
    AGENDA,
    AGENDA_NOTE,
    DIRECTIONS,
    FORUM,
    ORGANISATIONS,
    SESSION,
    SPEAKERS,
    STRATEGY_PRIORITIES,
)
from .article_review import LIFECYCLE_STEPS
from .demo_projects import load_projects, load_review
from .demo_rows import find_or_add
from .lifecycle import advance, has_lifecycle_history
from .marks import DEMO_MARK, DEMO_PASSWORD, EMAIL_DOMAIN


def load_demo() -> list[tuple[str, str, str]]:
    """Load the demo session «zheleznogorsk-2018», adding only what is missing.

    Loads the reference lists first. Flushes; the caller commits.

    :return: (role, e-mail, password) of every demo login, for the CLI to print.
    """
    load_reference_data()
    strategic_session = _load_session()
    organisations = _load_organisations(strategic_session)
    groups = _load_directions(strategic_session)
    people = _load_speakers(strategic_session, organisations)
    logins, users, participants = _load_accounts(strategic_session, organisations, groups)
    people.update(participants)
    _load_lifecycle(strategic_session, users["facilitator"])
    _load_agenda(strategic_session, people, organisations)
    projects = load_projects(strategic_session, organisations, groups, users)
    load_review(strategic_session, projects, people)
    return logins


def _load_session() -> StrategicSession:
    """The session by its slug, with its strategy priorities and forum."""
    fields = {name: value for name, value in SESSION.items() if name != "slug"}
    strategic_session = find_or_add(StrategicSession, {"slug": SESSION["slug"]}, **fields)
    for position, (title, description) in enumerate(STRATEGY_PRIORITIES.values(), start=1):
        find_or_add(
            StrategyPriority,
            {"session_id": strategic_session.id, "title": title},
            description=f"{DEMO_MARK}: {description}",
            position=position,
            is_demo=True,
        )
    find_or_add(Forum, {"session_id": strategic_session.id}, **FORUM)
    return strategic_session


def _load_lifecycle(strategic_session: StrategicSession, facilitator: User) -> None:
    """The stage changes that brought the session to its stage, unless the log has them."""
    if has_lifecycle_history(strategic_session):
        return
    stage = strategic_session.state
    strategic_session.state = SessionState.SETUP
    for moment, comment in LIFECYCLE_STEPS:
        if strategic_session.state == stage:
            break
        advance(strategic_session, moment, facilitator, comment)


def _load_organisations(strategic_session: StrategicSession) -> dict[str, Organisation]:
    return {
        key: find_or_add(
            Organisation,
            {"session_id": strategic_session.id, "name": fields["name"]},
            **{name: value for name, value in fields.items() if name != "name"},
        )
        for key, fields in ORGANISATIONS.items()
    }


def _load_directions(strategic_session: StrategicSession) -> dict[str, WorkingGroup]:
    """Directions in the article's order, one working group each; returns the groups."""
    groups = {}
    for position, (key, title) in enumerate(DIRECTIONS.items(), start=1):
        direction = find_or_add(
            Direction, {"session_id": strategic_session.id, "title": title}, position=position
        )
        groups[key] = find_or_add(
            WorkingGroup,
            {"session_id": strategic_session.id, "title": f"Рабочая группа {position}: {title}"},
            direction_id=direction.id,
            position=position,
        )
    return groups


def _load_speakers(
    strategic_session: StrategicSession, organisations: dict[str, Organisation]
) -> dict[str, Participant]:
    return {
        key: find_or_add(
            Participant,
            {"session_id": strategic_session.id, "full_name": speaker["full_name"]},
            position=speaker["position"],
            organisation_id=organisations[speaker["organisation"]].id,
            role=ParticipantRole.SPEAKER,
        )
        for key, speaker in SPEAKERS.items()
    }


def _load_accounts(
    strategic_session: StrategicSession,
    organisations: dict[str, Organisation],
    groups: dict[str, WorkingGroup],
) -> tuple[list[tuple[str, str, str]], dict[str, User], dict[str, Participant]]:
    """Demo users and their participant rows (a row's role is the account's access).

    :return: the logins, the users and the participants, both by e-mail local part.
    """
    logins, users, participants = [], {}, {}
    for account in ACCOUNTS:
        email = f"{account.local_part}@{EMAIL_DOMAIN}"
        user = find_user(email) or create_user(
            email, account.full_name, DEMO_PASSWORD, is_admin=account.is_admin
        )
        logins.append((account.description, email, DEMO_PASSWORD))
        users[account.local_part] = user
        if account.role is None:
            continue
        group_id = groups[account.direction].id if account.direction else None
        participants[account.local_part] = find_or_add(
            Participant,
            {"session_id": strategic_session.id, "user_id": user.id},
            full_name=account.full_name,
            email=email,
            position=account.position,
            organisation_id=organisations[account.organisation].id
            if account.organisation
            else None,
            role=account.role,
            expert_kind=account.expert_kind,
            working_group_id=group_id,
            is_demo=True,
        )
    return logins, users, participants


def _load_agenda(
    strategic_session: StrategicSession,
    people: dict[str, Participant],
    organisations: dict[str, Organisation],
) -> None:
    for position, item in enumerate(AGENDA, start=1):
        agenda_item = find_or_add(
            AgendaItem,
            {"session_id": strategic_session.id, "title": item["title"]},
            starts_at=item["starts_at"],
            ends_at=item["ends_at"],
            description=item.get("description", ""),
            notes=AGENDA_NOTE,
            position=position,
        )
        for talk_position, (speaker, title, key_points) in enumerate(item.get("talks", []), 1):
            find_or_add(
                Talk,
                {"agenda_item_id": agenda_item.id, "title": title},
                speaker_id=people[speaker].id,
                key_points=key_points,
                position=talk_position,
            )
        for decision_position, decision in enumerate(item.get("decisions", []), start=1):
            find_or_add(
                Decision,
                {"session_id": strategic_session.id, "text": decision["text"]},
                agenda_item_id=agenda_item.id,
                responsible=decision["responsible"],
                responsible_organisation_id=organisations[decision["organisation"]].id,
                due_on=decision["due_on"],
                status=decision["status"],
                position=decision_position,
            )
