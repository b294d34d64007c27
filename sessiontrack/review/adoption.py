"""The forum's decision: the package of projects the facilitator adopts, replaces or withdraws.

The facilitator adopts the package the builder proposed (:mod:`.package`) as it was shown: the
form carries the proposal's :func:`fingerprint` (its candidates' scores and gaps, the funds,
the slots and the projects chosen), and adoption is refused when the proposal built now has
another, so that nobody adopts a set they have not seen. The adopted set is stored once
(:class:`.models.AdoptedPackage`, its projects in rank order) with the funds and slots it fitted;
every page and export asks :func:`adopted_project_ids` which projects are in it.
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit import services as audit
from ..core import errors
from ..core.models import utcnow
from ..core.unique import insert_missing
from ..extensions import db
from ..sessions.models import StrategicSession
from . import package as packages
from .models import AdoptedPackage, AdoptedProject


def fingerprint(package: packages.Package) -> str:
    """A digest of what the proposal was built from and what it chose: every candidate's
    score, rank and gaps, the funds, the slots and the chosen projects."""
    candidates = list(package.chosen) + [item.candidate for item in package.left_out]
    shown = {
        "candidates": sorted(
            [
                c.project_id,
                None if c.score is None else round(c.score, 6),
                c.rank,
                packages.readable_limits(c.gaps),
            ]
            for c in candidates
        ),
        "funds": packages.readable_limits(package.funds),
        "slots": packages.readable_limits(package.slots),
        "chosen": [c.project_id for c in package.chosen],
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def adopted_package(strategic_session: StrategicSession) -> AdoptedPackage | None:
    """The session's adopted package, or ``None``."""
    return db.session.scalar(
        sa.select(AdoptedPackage).where(AdoptedPackage.session_id == strategic_session.id)
    )


def adopted_project_ids(strategic_session: StrategicSession) -> set[int]:
    """The ids of the projects in the session's adopted package (empty when none is)."""
    return set(
        db.session.scalars(
            sa.select(AdoptedProject.project_id)
            .join(AdoptedPackage)
            .where(AdoptedPackage.session_id == strategic_session.id)
        )
    )


def adopt(strategic_session: StrategicSession, user, shown: str) -> tuple[AdoptedPackage, bool]:
    """Adopt the proposal the facilitator was shown (``shown``: its fingerprint) as the forum's
    package, replacing one adopted before; (the package, whether anything changed).

    Adopting the same proposal again changes nothing and logs nothing (a double submit).

    :raise Conflict: (409) the funds, slots, scores or decisions changed since the proposal was
        shown, so the package built now is another.
    :raise DomainError: (422) the package has no project.
    """
    proposal = packages.build(strategic_session)
    current = fingerprint(proposal)
    if shown != current:
        raise errors.Conflict(
            _(
                "The package was not adopted: the funds, slots, scores or decisions have changed "
                "since it was shown. Build the package again, check it and adopt it then."
            )
        )
    if not proposal.chosen:
        raise errors.DomainError(_("The package has no project to adopt."))
    chosen = [c.project_id for c in proposal.chosen]
    insert_missing(
        AdoptedPackage,
        [
            {
                "session_id": strategic_session.id,
                "adopted_at": utcnow(),
                "limits": {},
                "fingerprint": "",
            }
        ],
        AdoptedPackage.id,
    )
    package = adopted_package(strategic_session)
    old = [row.project_id for row in package.projects]
    if package.fingerprint == current and old == chosen:
        return package, False
    titles = {c.project_id: c.title for c in proposal.chosen}
    old_titles = [row.project.display_title for row in package.projects]
    package.projects.clear()
    db.session.flush()
    package.projects.extend(
        AdoptedProject(project_id=project_id, position=position)
        for position, project_id in enumerate(chosen)
    )
    package.adopted_at = utcnow()
    package.adopted_by_id = user.id
    package.fingerprint = current
    package.limits = {
        "funds": packages.readable_limits(proposal.funds),
        "slots": packages.readable_limits(proposal.slots),
    }
    db.session.flush()
    audit.record(
        "package_adopted" if not old else "package_replaced",
        package,
        strategic_session=strategic_session,
        user=user,
        summary=_("Projects in the forum's package: %(count)d", count=len(chosen)),
        changes={
            "projects": [old_titles or None, [titles[project_id] for project_id in chosen]],
            "limits": [None, package.limits],
        },
    )
    return package, True


def withdraw(strategic_session: StrategicSession, user) -> bool:
    """Withdraw the adopted package (audit-logged); whether there was one."""
    package = adopted_package(strategic_session)
    if package is None:
        return False
    audit.record(
        "package_withdrawn",
        package,
        strategic_session=strategic_session,
        user=user,
        summary=_("The forum's package is withdrawn."),
        changes={"projects": [[row.project.display_title for row in package.projects], None]},
    )
    db.session.delete(package)
    db.session.flush()
    return True
