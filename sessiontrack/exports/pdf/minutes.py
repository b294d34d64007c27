"""The minutes of the session: the session, its agenda with talks and notes, and the decisions."""

from flask_babel import gettext as _

from ...sessions.models import StrategicSession
from .. import content
from .. import formatting as fmt
from .document import MUTED, Document


def minutes_pdf(strategic_session: StrategicSession, items, decisions) -> bytes:
    """The minutes: the session, its agenda with the talks and notes, and the decisions."""
    pdf = Document(_("Minutes: %(session)s", session=strategic_session.title))
    pdf.add_page()
    pdf.heading(_("Minutes of the strategic session"), size=11, colour=MUTED, space=1)
    pdf.heading(strategic_session.title, size=16)
    pdf.paragraph(
        " · ".join(
            filter(
                None,
                [
                    fmt.dates(strategic_session.starts_on, strategic_session.ends_on),
                    strategic_session.place,
                ],
            )
        ),
        colour=MUTED,
    )
    pdf.ln(4)
    pdf.heading(_("Agenda"), size=13)
    if not items:
        pdf.paragraph(_("The agenda is empty."))
    for number, item in enumerate(items, start=1):
        pdf.ensure_space(20)
        times = fmt.times(item.starts_at, item.ends_at)
        pdf.heading(f"{number}. {item.title}" + (f" ({times})" if times else ""), size=11, space=1)
        if item.description:
            pdf.paragraph(item.description)
            pdf.ln(1)
        for talk in item.talks:
            pdf.ensure_space(15)
            pdf.paragraph(talk.title, indent=5, bold=True)
            if talk.speaker:
                pdf.paragraph(content.speaker(talk.speaker), size=9, colour=MUTED, indent=5)
            if talk.key_points:
                pdf.paragraph(talk.key_points, indent=5)
            pdf.ln(2)
        if item.notes:
            pdf.paragraph(_("Notes") + ": " + item.notes, size=9)
        pdf.ln(3)
    pdf.ensure_space(30)
    pdf.heading(_("Decisions"), size=13)
    if not decisions:
        pdf.paragraph(_("No decisions recorded yet."))
    else:
        pdf.grid(content.decision_table(decisions), size=9)
    return bytes(pdf.output())
