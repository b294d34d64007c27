"""What a notification says and where it leads, written when it is read, in the reader's
language: the page's for the list, the recipient's for the e-mail."""

from datetime import datetime

from flask import url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from .models import Notification, NotificationKind

# Characters a mail header must not carry (a line break would start a header of its own).
_HEADER_UNSAFE = dict.fromkeys([*range(32), 127], " ")
SUBJECT_MAX = 150


def header_safe(text: str, limit: int = SUBJECT_MAX) -> str:
    """``text`` fit for one mail header line: control characters (CR, LF, tab, NUL) become
    spaces, runs of spaces one, at most ``limit`` characters."""
    flat = " ".join(str(text).translate(_HEADER_UNSAFE).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _when(iso: str | None) -> str:
    return format_datetime(datetime.fromisoformat(iso), "dd.MM.yyyy HH:mm") if iso else ""


def _titles(params: dict) -> str:
    return "; ".join(f"«{title}»" for title in params.get("projects", []))


def _deadline_text(p: dict) -> str:
    if p.get("deadline"):
        return _("Scorecards are due by %(when)s.", when=_when(p["deadline"]))
    return _("No deadline is set.")


def _experts_assigned(p):
    return ngettext(
        "You have been assigned %(num)d project to review.",
        "You have been assigned %(num)d projects to review.",
        p["count"],
    )


def _review_opened(p):
    return _("The expert review is open.") + " " + _deadline_text(p)


def _deadline_changed(p):
    return _("The review deadline has changed.") + " " + _deadline_text(p)


def _project_returned(p):
    return _(
        "The project «%(title)s» was returned for revision. Remarks: %(remarks)s",
        title=p["title"],
        remarks=p["remarks"],
    )


def _project_accepted(p):
    return _("The project «%(title)s» was accepted for expert review.", title=p["title"])


def _project_decided(p):
    if p["recommended"]:
        return _("The project «%(title)s» is recommended for the forum.", title=p["title"])
    return _("The project «%(title)s» is not recommended for the forum.", title=p["title"])


def _results_published(p):
    return _("The results of the expert review are published.")


def _export_ready(p):
    return _("Your export «%(title)s» is ready to download.", title=p["title"])


def _deadline_reminder(p):
    if p.get("by_hand"):
        lead = _("The facilitator reminds you of your scorecards.")
    else:
        lead = ngettext(
            "The review deadline is in %(num)d day.",
            "The review deadline is in %(num)d days.",
            p["days"],
        )
    left = ngettext(
        "%(num)d scorecard left to submit: %(projects)s.",
        "%(num)d scorecards left to submit: %(projects)s.",
        len(p["projects"]),
        projects=_titles(p),
    )
    return f"{lead} {left} {_deadline_text(p)}"


def _late_experts(p):
    return _(
        "The review deadline has passed; experts with scorecards left: %(experts)s.",
        experts=", ".join(p["experts"]),
    )


def _returned_reminder(p):
    return ngettext(
        "The project «%(title)s» was returned for revision %(num)d day ago and waits for "
        "your group.",
        "The project «%(title)s» was returned for revision %(num)d days ago and waits for "
        "your group.",
        p["days"],
        title=p["title"],
    )


_TEXTS = {
    NotificationKind.EXPERTS_ASSIGNED: _experts_assigned,
    NotificationKind.REVIEW_OPENED: _review_opened,
    NotificationKind.DEADLINE_CHANGED: _deadline_changed,
    NotificationKind.PROJECT_RETURNED: _project_returned,
    NotificationKind.PROJECT_ACCEPTED: _project_accepted,
    NotificationKind.PROJECT_DECIDED: _project_decided,
    NotificationKind.RESULTS_PUBLISHED: _results_published,
    NotificationKind.EXPORT_READY: _export_ready,
    NotificationKind.DEADLINE_REMINDER: _deadline_reminder,
    NotificationKind.LATE_EXPERTS: _late_experts,
    NotificationKind.RETURNED_REMINDER: _returned_reminder,
}

_EXPERT_PAGES = {
    NotificationKind.EXPERTS_ASSIGNED,
    NotificationKind.REVIEW_OPENED,
    NotificationKind.DEADLINE_CHANGED,
    NotificationKind.DEADLINE_REMINDER,
}
_PROJECT_PAGES = {
    NotificationKind.PROJECT_RETURNED,
    NotificationKind.PROJECT_ACCEPTED,
    NotificationKind.PROJECT_DECIDED,
    NotificationKind.RETURNED_REMINDER,
}


def text_of(notification: Notification) -> str:
    """What the notification says, in the current language."""
    return _TEXTS[NotificationKind(notification.kind)](notification.params)


def link_of(notification: Notification, external: bool = False) -> str | None:
    """The page the notification leads to (``None`` for one of no session)."""
    params = notification.params
    slug = params.get("slug")
    if not slug:
        return None
    kind = NotificationKind(notification.kind)
    if kind in _EXPERT_PAGES:
        return url_for("review.my_projects", slug=slug, _external=external)
    if kind in _PROJECT_PAGES:
        return url_for(
            "projects.show", slug=slug, project_id=params["project_id"], _external=external
        )
    if kind == NotificationKind.EXPORT_READY:
        return url_for("exports.job", slug=slug, job_id=params["job_id"], _external=external)
    if kind == NotificationKind.LATE_EXPERTS:
        return url_for("reminders.late_experts", slug=slug, _external=external)
    return url_for("sessions.overview", slug=slug, _external=external)


def subject_of(notification: Notification) -> str:
    """The e-mail's subject: the kind and the session's title, on one safe header line."""
    title = notification.params.get("session_title", "")
    kind = NotificationKind(notification.kind).title
    return header_safe(f"{kind} — {title}" if title else kind)
