"""What the public catalogue shows beyond the passport basics, chosen by the facilitator for
each session (stored as ``catalogue_shows_*`` columns of the session).

The basics are always public once the catalogue is: title, direction, problem, goal, expected
results, timeframe, lead organisation and target indicators. Each part below adds to them:

- ``score``: the project's aggregate score and its rank in the session, only while the review
  results are published (off by default: a score is the experts' verdict, not a description);
- ``money``: the resources table and the need, secured part and gap (on by default);
- ``stages``: the planned key stages (on by default);
- ``progress``: the implementation after the forum — stages planned against actual, indicators'
  actual values against their targets, money secured over time — once any is recorded (on
  by default);
- ``interest``: how many investors marked interest in the project (off by default).

Contacts, remarks, experts, their individual scores and comments, progress reports and the
references of funding documents are never public, whatever the setting.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..audit import services as audit
from ..core.errors import Conflict
from ..sessions.models import StrategicSession


@dataclass(frozen=True)
class PublicPart:
    """A part of the public project page the facilitator may show or hide."""

    key: str
    label: object
    help: object
    default: bool

    @property
    def column(self) -> str:
        """The session's column that stores whether the part is shown."""
        return f"catalogue_shows_{self.key}"


PUBLIC_PARTS = (
    PublicPart(
        "score",
        _l("Aggregate score and rank"),
        _l("Shown only while the review results are published; never individual scores."),
        False,
    ),
    PublicPart(
        "money",
        _l("Resources and money"),
        _l("The resources table and the need, secured part and gap."),
        True,
    ),
    PublicPart("stages", _l("Key stages"), _l("The planned key stages of the passport."), True),
    PublicPart(
        "progress",
        _l("Implementation progress"),
        _l(
            "Stages planned against actual, indicators' actual values, money secured over "
            "time — once any is recorded. Reports and document references stay internal."
        ),
        True,
    ),
    PublicPart(
        "interest",
        _l("Investors' interest"),
        _l("How many investors marked interest, without their names or terms."),
        False,
    ),
)
DEFAULTS = {part.key: part.default for part in PUBLIC_PARTS}


def shown_parts(strategic_session: StrategicSession) -> dict[str, bool]:
    """``{part key: shown}`` for every part of :data:`PUBLIC_PARTS`."""
    return {part.key: bool(getattr(strategic_session, part.column)) for part in PUBLIC_PARTS}


def parts_token(strategic_session: StrategicSession) -> str:
    """What the setting reads now, as its form carries it to detect a change meanwhile."""
    shown = shown_parts(strategic_session)
    return "".join("1" if shown[part.key] else "0" for part in PUBLIC_PARTS)


def change_parts(strategic_session: StrategicSession, shown: dict[str, bool], seen: str) -> dict:
    """Set which parts the public pages show (``shown``: part key → bool; a key left out
    keeps its value), recorded in the audit log. Returns the changes.

    ``seen`` is the :func:`parts_token` the author's form was made from. Sending the same
    choice twice changes nothing the second time; a different choice made on a form older than
    someone else's change is refused.

    :raise Conflict: if the setting changed since ``seen`` and this choice differs from it.
    """
    wanted = {**shown_parts(strategic_session), **{k: bool(v) for k, v in shown.items()}}
    wanted = {part.key: wanted[part.key] for part in PUBLIC_PARTS}
    if seen != parts_token(strategic_session) and wanted != shown_parts(strategic_session):
        raise Conflict(
            _(
                "Someone else changed what the catalogue shows meanwhile. Check the "
                "setting below and save again."
            )
        )
    return audit.update_recorded(
        strategic_session,
        {part.column: wanted[part.key] for part in PUBLIC_PARTS},
        strategic_session=strategic_session,
        summary=strategic_session.title,
    )
