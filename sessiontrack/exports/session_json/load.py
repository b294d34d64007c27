"""Writing a checked JSON document as a new session (see :mod:`.schema`).

:func:`import_session` checks the whole file first (:func:`.check.check`), refuses a slug
that exists, then creates every row in file order and flushes; the caller commits, or rolls
back when the file is refused.
"""

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ...agenda.models import AgendaItem, Decision, Talk
from ...audit import services as audit
from ...auth.models import User
from ...catalogue.settings import PUBLIC_PARTS
from ...core.models import utcnow
from ...extensions import db
from ...people.models import Organisation, Participant
from ...projects.models import (
    Indicator,
    IndicatorActual,
    ProgressReport,
    Project,
    ProjectPartner,
    ProjectRevision,
    ResourceNeed,
    SecuredFunding,
    Stage,
)
from ...reference.models import FundingSource, NationalProject
from ...review.models import (
    AdoptedPackage,
    AdoptedProject,
    Conflict,
    Criterion,
    ForumFund,
    InvestorInterest,
    PitchSlots,
    Score,
    Scorecard,
)
from ...review.services.totals import refresh_scorecard
from ...sessions.models import (
    Direction,
    Forum,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)
from ...sessions.services import SLUG_PATTERN
from .check import Plan, check
from .schema import ImportRefused


@dataclass
class ImportReport:
    strategic_session: StrategicSession
    created_users: list[str]


def import_session(document: dict, *, slug: str | None = None, user=None) -> ImportReport:
    """Create the session the document describes, with everything in it.

    Flushes; the caller commits, or rolls back when the file is refused (the session may then
    hold a failed flush). Users named in the file are matched by e-mail; missing ones are
    created with an unknown random password (an admin hands out a one-time password).

    :param slug: the new session's slug instead of the file's.
    :raise ImportRefused: if the file is refused (nothing is written).
    """
    plan = check(document)
    slug = (slug or plan.session["slug"]).strip()
    if not slug:
        raise ImportRefused(_("The session needs a slug."))
    if not SLUG_PATTERN.match(slug):
        raise ImportRefused(
            _(
                "The slug «%(slug)s» is not a session's address: use lower-case Latin letters, "
                "digits and hyphens.",
                slug=slug,
            )
        )
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug)) is not None:
        raise ImportRefused(
            _(
                "A session with the slug «%(slug)s» already exists. Choose another slug for "
                "the imported session. Nothing was imported.",
                slug=slug,
            )
        )
    try:
        report = _write(plan, slug)
        audit.record(
            "import",
            report.strategic_session,
            strategic_session=report.strategic_session,
            changes={"schema_version": plan.top["schema_version"]},
            user=user,
        )
        db.session.flush()
    except sa.exc.IntegrityError as error:
        raise ImportRefused(
            _(
                "The database refused the file (a duplicate or inconsistent row); nothing was "
                "imported."
            ),
            [str(error.orig).splitlines()[0]],
        ) from None
    except sa.exc.DBAPIError as error:
        raise ImportRefused(
            _("The database refused a value of the file; nothing was imported."),
            [str(error.orig).splitlines()[0]],
        ) from None
    return report


def _write(plan: Plan, slug: str) -> ImportReport:
    session_values = {
        k: v for k, v in plan.session.items() if k not in ("_path", "review", "catalogue_shows")
    }
    shows = plan.session.get("catalogue_shows") or {}
    session_values.update({part.column: shows.get(part.key, part.default) for part in PUBLIC_PARTS})
    session_values["slug"] = slug
    review = plan.review
    s = StrategicSession(
        **session_values,
        review_state=review["state"],
        review_deadline=review["deadline"],
        review_min_scorecards=review["min_scorecards"],
        disagreement_stdev=review["disagreement_stdev"],
        disagreement_range=review["disagreement_range"],
        normalise_scores=review["normalise_scores"],
        criteria_locked=review["criteria_locked"],
        reminder_days=review["reminder_days"],
        returned_reminder_days=review["returned_reminder_days"],
    )
    db.session.add(s)
    db.session.flush()
    if plan.forum is not None:
        db.session.add(Forum(session_id=s.id, **_values(plan.forum)))

    users, created = _users(plan.users)
    priorities = _add_all(plan.priorities, StrategyPriority, session_id=s.id)
    organisations = _add_all(plan.organisations, Organisation, session_id=s.id)
    directions = _add_all(plan.directions, Direction, session_id=s.id)
    groups = {}
    for row in plan.groups:
        groups[row["key"]] = WorkingGroup(
            session_id=s.id, **_values(row, direction_id=directions[row["direction"]].id)
        )
        db.session.add(groups[row["key"]])
    db.session.flush()

    def group_id(key):
        return groups[key].id if key else None

    def organisation_id(key):
        return organisations[key].id if key else None

    def user_id(email):
        return users[email].id if email else None

    participants = {}
    for row in plan.participants:
        participants[row["key"]] = Participant(
            session_id=s.id,
            **_values(
                row,
                organisation_id=organisation_id(row["organisation"]),
                working_group_id=group_id(row["working_group"]),
                user_id=user_id(row["user"]),
            ),
        )
        db.session.add(participants[row["key"]])
    db.session.flush()

    agenda_items = {}
    for row in plan.agenda:
        item = AgendaItem(session_id=s.id, **_values(row, exclude=("talks",)))
        for talk in row["talks"]:
            speaker = participants[talk["speaker"]].id if talk["speaker"] else None
            item.talks.append(Talk(**_values(talk, speaker_id=speaker)))
        agenda_items[row["key"]] = item
        db.session.add(item)
    db.session.flush()
    for row in plan.decisions:
        item = agenda_items[row["agenda_item"]].id if row["agenda_item"] else None
        db.session.add(
            Decision(
                session_id=s.id,
                **_values(
                    row,
                    agenda_item_id=item,
                    responsible_organisation_id=organisation_id(row["responsible_organisation"]),
                ),
            )
        )
    criteria = _add_all(plan.criteria, Criterion, session_id=s.id)

    national = {row.code: row for row in db.session.scalars(sa.select(NationalProject))}
    funding = dict(db.session.execute(sa.select(FundingSource.code, FundingSource.id)).all())
    projects = {}
    for row in plan.projects:
        project = Project(
            session_id=s.id,
            **_values(
                row,
                exclude=(
                    "partners",
                    "national_projects",
                    "strategy_priorities",
                    "indicators",
                    "resources",
                    "stages",
                    "revisions",
                    "secured_funding",
                    "progress_reports",
                ),
                direction_id=directions[row["direction"]].id,
                working_group_id=group_id(row["working_group"]),
                lead_organisation_id=organisation_id(row["lead_organisation"]),
                created_by_id=user_id(row["created_by"]),
            ),
        )
        project.national_projects = [national[code] for code in row["national_projects"]]
        project.strategy_priorities = [priorities[key] for key in row["strategy_priorities"]]
        project.partners = [
            ProjectPartner(**_values(p, organisation_id=organisation_id(p["organisation"])))
            for p in row["partners"]
        ]
        project.indicators = [
            Indicator(
                **_values(i, exclude=("actuals",)),
                actuals=[IndicatorActual(**_values(a)) for a in i["actuals"]],
            )
            for i in row["indicators"]
        ]
        project.secured_funding = [
            SecuredFunding(**_values(m, funding_source_id=funding[m["funding_source"]]))
            for m in row["secured_funding"]
        ]
        project.progress_reports = [
            ProgressReport(**_values(r, exclude=("author",), author_id=user_id(r["author"])))
            for r in row["progress_reports"]
        ]
        project.resources = [
            ResourceNeed(
                **_values(
                    r,
                    funding_source_id=funding[r["funding_source"]] if r["funding_source"] else None,
                )
            )
            for r in row["resources"]
        ]
        project.stages = [
            Stage(
                **_values(
                    st,
                    responsible_organisation_id=organisation_id(st["responsible_organisation"]),
                )
            )
            for st in row["stages"]
        ]
        project.revisions = [
            ProjectRevision(**_values(r, created_by_id=user_id(r["created_by"])))
            for r in row["revisions"]
        ]
        projects[row["key"]] = project
        db.session.add(project)
    db.session.flush()

    for row in plan.scorecards:
        card = Scorecard(
            project_id=projects[row["project"]].id,
            expert_id=participants[row["expert"]].id,
            state=row["state"],
            comment=row["comment"],
            submitted_at=row["submitted_at"],
        )
        for criterion_key, value in row["scores"].items():
            criterion = criteria[criterion_key]
            card.scores.append(
                Score(
                    criterion_id=criterion.id,
                    scale_min=criterion.scale_min,
                    scale_max=criterion.scale_max,
                    value=value,
                )
            )
        refresh_scorecard(card, criteria.values())
        db.session.add(card)
    for model, rows in ((Conflict, plan.conflicts), (InvestorInterest, plan.interests)):
        for row in rows:
            project = projects[row["project"]]
            extra = {}
            if model is InvestorInterest:
                stage = row.get("stage")
                extra["stage_id"] = project.stages[stage].id if stage is not None else None
            values = _values(
                row,
                exclude=("expert", "project", "stage"),
                expert_id=participants[row["expert"]].id,
                project_id=project.id,
                **extra,
            )
            if values.get("created_at") is None:
                values.pop("created_at", None)
            db.session.add(model(**values))
    for row in plan.funds:
        db.session.add(
            ForumFund(
                session_id=s.id,
                funding_source_id=funding[row["funding_source"]],
                year=row["year"],
                amount=row["amount"],
            )
        )
    for row in plan.slots:
        if row["slots"] is not None:
            db.session.add(
                PitchSlots(
                    session_id=s.id,
                    direction_id=directions[row["direction"]].id,
                    slots=row["slots"],
                )
            )
    if plan.adopted is not None:
        db.session.add(
            AdoptedPackage(
                session_id=s.id,
                adopted_at=plan.adopted["adopted_at"] or utcnow(),
                limits={},
                fingerprint="",
                projects=[
                    AdoptedProject(project_id=projects[key].id, position=position)
                    for position, key in enumerate(plan.adopted["projects"])
                ],
            )
        )
    db.session.flush()
    return ImportReport(s, created)


_REFERENCE_KEYS = {
    "key",
    "direction",
    "working_group",
    "organisation",
    "user",
    "speaker",
    "agenda_item",
    "responsible_organisation",
    "lead_organisation",
    "created_by",
    "funding_source",
}


def _values(row: dict, exclude=(), **extra) -> dict:
    """The row's column values: without its path, keys and references, plus ``extra``."""
    values = {
        name: value
        for name, value in row.items()
        if name != "_path" and name not in _REFERENCE_KEYS and name not in exclude
    }
    values.update(extra)
    return values


def _add_all(rows: list[dict], model, **extra) -> dict:
    objects = {}
    for row in rows:
        objects[row["key"]] = model(**_values(row, **extra))
        db.session.add(objects[row["key"]])
    db.session.flush()
    return objects


def _users(rows: list[dict]) -> tuple[dict[str, User], list[str]]:
    """The file's users by e-mail: existing accounts, or new ones nobody can log in to yet."""
    emails = [row["key"] for row in rows]
    existing = {
        user.email: user
        for user in db.session.scalars(sa.select(User).where(User.email.in_(emails)))
    }
    created = []
    for row in rows:
        if row["key"] in existing:
            continue
        user = User(email=row["key"], name=row["name"] or row["key"], must_change_password=True)
        # A random password nobody knows: an admin hands out a one-time password.
        user.set_password(secrets.token_urlsafe(24))
        db.session.add(user)
        existing[row["key"]] = user
        created.append(row["key"])
    db.session.flush()
    for email in created:
        audit.record("create", existing[email], summary=email)
    return existing, created
