"""Routes of a recommended project's implementation: its page (read by whoever reads the
project, written by its group and the facilitator) and the facilitator's portfolio."""

import itertools
from datetime import date, timedelta

from flask import url_for

from sessiontrack.extensions import db
from sessiontrack.projects import implementation as progress
from sessiontrack.projects.models import (
    IndicatorActual,
    ProgressReport,
    ProjectState,
    SecuredFunding,
    Stage,
)
from sessiontrack.sessions.models import SessionState

from .. import factories
from . import FACILITATION, GROUP, Route
from .effects import number, of, rows

RECORDERS = FACILITATION | GROUP
READERS = RECORDERS | {"other_member"}
# Experts do not see the forum decisions before the results are published: for them the
# project is not (yet) recommended, so it has no implementation page.
HIDDEN = {"expert": 404, "conflicted_expert": 404}
_years = itertools.count()
# The same money or a period's report twice is one form sent twice: each actor's own number.
_numbers = itertools.count(1)


def extend_world(world) -> None:
    """A project recommended for the forum in each session, with a progress report."""
    for objects in (world.here, world.there):
        project = factories.make_project(
            objects.session, objects.group, complete=True, state=ProjectState.RECOMMENDED
        )
        objects.extra["recommended_project"] = project
        report = ProgressReport(
            project_id=project.id, period="2019", reported_on=date(2019, 7, 1), text="Начат"
        )
        db.session.add(report)
        db.session.flush()
        objects.extra["report"] = report


def _recommended(o):
    return o.extra["recommended_project"]


def _url(endpoint: str, **more):
    return lambda w, o: url_for(endpoint, slug=w.slug, project_id=_recommended(o).id, **more)


def _stage(o) -> Stage:
    return _recommended(o).stages[0]


def _stage_data(w, o) -> dict:
    stage = db.session.get(Stage, _stage(o).id)
    db.session.refresh(stage)
    prefix = f"stage{stage.id}-"
    started = date(2019, 1, 1) + timedelta(days=number())
    return {
        prefix + "actual_start": started.strftime("%d.%m.%Y"),
        prefix + "status": "in_progress",
        prefix + "seen": progress.stage_token(stage),
    }


def _report(o) -> ProgressReport:
    return o.extra["report"]


def _report_url(w, o) -> str:
    return url_for(
        "projects.edit_report",
        slug=w.slug,
        project_id=_recommended(o).id,
        report_id=_report(o).id,
    )


def _report_data(w, o) -> dict:
    report = db.session.get(ProgressReport, _report(o).id)
    db.session.refresh(report)
    return {
        "period": f"Период {next(_numbers)}",
        "text": "Работы начаты",
        "seen": progress.report_token(report),
    }


def _in_implementation(w, o) -> None:
    """``prepare``: progress is recorded from the forum on (the world's session is in review)."""
    o.session.state = SessionState.IMPLEMENTATION
    db.session.commit()


def _of_project(model):
    return rows(model, lambda w, o: model.project_id == _recommended(o).id)


ROUTES = {
    ("projects.implementation", "GET"): Route(
        url=_url("projects.implementation"), allowed=READERS, outcomes=HIDDEN
    ),
    ("projects.record_stage", "POST"): Route(
        url=lambda w, o: url_for(
            "projects.record_stage",
            slug=w.slug,
            project_id=_recommended(o).id,
            stage_id=_stage(o).id,
        ),
        allowed=RECORDERS,
        outcomes=HIDDEN,
        prepare=_in_implementation,
        data=_stage_data,
        effect=of(Stage, _stage, Stage.actual_start),
    ),
    ("projects.record_indicator", "POST"): Route(
        url=_url("projects.record_indicator"),
        allowed=RECORDERS,
        outcomes=HIDDEN,
        prepare=_in_implementation,
        data=lambda w, o: {
            "indicator_id": _recommended(o).indicators[0].id,
            "year": str(1900 + next(_years) % 300),
            "value": "10",
        },
        effect=rows(
            IndicatorActual,
            lambda w, o: IndicatorActual.indicator_id == _recommended(o).indicators[0].id,
        ),
    ),
    ("projects.add_funding", "POST"): Route(
        url=_url("projects.add_funding"),
        allowed=RECORDERS,
        outcomes=HIDDEN,
        prepare=_in_implementation,
        data=lambda w, o: {
            "funding_source_id": factories.funding_source().id,
            "secured_on": "01.07.2019",
            "amount": "1,5",
            "document": f"Соглашение № {next(_numbers)}",
        },
        effect=_of_project(SecuredFunding),
    ),
    ("projects.add_report", "POST"): Route(
        url=_url("projects.add_report"),
        allowed=RECORDERS,
        outcomes=HIDDEN,
        prepare=_in_implementation,
        data=lambda w, o: {"period": f"Период {next(_numbers)}", "text": "Works started"},
        effect=_of_project(ProgressReport),
    ),
    ("projects.edit_report", "GET"): Route(
        url=_report_url,
        allowed=RECORDERS,
        outcomes=HIDDEN,
        prepare=_in_implementation,
    ),
    ("projects.edit_report", "POST"): Route(
        url=_report_url,
        allowed=RECORDERS,
        outcomes=HIDDEN,
        prepare=_in_implementation,
        data=_report_data,
        effect=of(ProgressReport, _report, ProgressReport.period),
    ),
    ("projects.portfolio", "GET"): Route(
        url=lambda w, o: url_for("projects.portfolio", slug=w.slug), allowed=FACILITATION
    ),
}
