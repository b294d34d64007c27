"""Applying an import plan: the organisations and participants it lists, with audit entries."""

from flask_babel import gettext as _

from ...audit import services as audit
from ...extensions import db
from ...review import services as review
from .. import services
from ..models import Organisation, Participant, ParticipantRole
from .plan import ImportPlan, NewOrganisation
from .vocabulary import normalise


def apply_import(
    strategic_session, plan: ImportPlan, *, filename: str = "", skip_problems: bool = False
) -> dict:
    """Write everything the plan lists (flushes; the request commits once, or rolls back).

    With ``skip_problems`` the lines with problems are left out and listed in the result
    (``skipped``) and in the audit entry; otherwise a plan with problems is refused.

    :raise ValueError: if the plan has problems and they are not to be skipped (the view never
        offers that).
    """
    if skip_problems:
        plan = plan.without_problem_lines()
    if plan.problems:
        raise ValueError("a plan with problems cannot be applied")
    created: dict[str, Organisation] = {}
    for new in plan.new_organisations:
        organisation = Organisation(
            session_id=strategic_session.id,
            name=new.name,
            short_name=new.short_name,
            kind=new.kind,
        )
        db.session.add(organisation)
        created[normalise(new.name)] = organisation
    db.session.flush()
    for organisation in created.values():
        audit.record(
            "create", organisation, strategic_session=strategic_session, summary=organisation.name
        )

    def resolved(values: dict) -> dict:
        organisation = values["organisation"]
        if isinstance(organisation, NewOrganisation):
            organisation = created[normalise(organisation.name)]
        return {**values, "organisation": organisation}

    for row in plan.new_participants:
        values = resolved(row.values)
        participant = Participant(session_id=strategic_session.id, **values)
        db.session.add(participant)
        db.session.flush()
        audit.record(
            "create",
            participant,
            strategic_session=strategic_session,
            summary=participant.full_name,
            comment=_("Imported from %(file)s, line %(line)d", file=filename, line=row.line),
            changes=audit.compare({}, services.describe(participant)),
        )
    experts_moved = False
    for row in plan.updated_participants:
        participant = row.existing
        values = resolved(row.values)
        updates = {key: values[key] for key in row.changes}
        if updates.get("role", participant.role) != ParticipantRole.EXPERT:
            updates["expert_kind"] = None
        audit.update_recorded(
            participant,
            updates,
            strategic_session=strategic_session,
            summary=updates.get("full_name", participant.full_name),
            comment=_("Imported from %(file)s, line %(line)d", file=filename, line=row.line),
            describe=services.describe,
        )
        experts_moved |= participant.role == ParticipantRole.EXPERT and bool(
            {"organisation", "role"} & set(row.changes)
        )
    if experts_moved:
        # An expert now in a project's lead or partner organisation: as after an edit by hand.
        review.detect_conflicts_after_change(strategic_session)
    counts = {
        "organisations": len(plan.new_organisations),
        "created": len(plan.new_participants),
        "updated": len(plan.updated_participants),
        "unchanged": len(plan.unchanged_lines),
        "skipped": plan.skipped_lines,
    }
    audit.record(
        "import",
        strategic_session=strategic_session,
        object_type="participant_import",
        summary=filename,
        changes={key: value for key, value in counts.items() if value != []},
    )
    # Written to the database before the upload is let go (see claimed_upload).
    db.session.flush()
    return counts
