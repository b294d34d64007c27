"""The figures an export notes for its readers and the importer ignores (it recomputes them):
each project's funding need, secured part and gap, and the session's scores and ranking."""

from ...projects.models import DEFAULT_MONEY_UNIT
from ...projects.summaries import Money, project_totals
from .. import results as results_module
from .codec import decimal_text, rounded


def _money(money: Money) -> dict:
    money = money.rounded()
    return {
        "need": decimal_text(money.need),
        "secured": decimal_text(money.secured),
        "gap": decimal_text(money.gap),
    }


def _export_funding(projects, k_project) -> dict:
    """Each project's financial need, secured part and gap in million roubles, and their sum."""
    total = Money()
    rows = []
    for project in projects:
        money = project_totals(project).total
        total += money
        rows.append({"project": k_project[project.id], **_money(money)})
    return {"unit": DEFAULT_MONEY_UNIT, "projects": rows, "total": _money(total)}


def export_results(strategic_session, projects, k_project, k_criterion) -> dict:
    """The computed results, for readers of the file (the importer recomputes them)."""
    computed = results_module.for_session(strategic_session, set(k_project.keys))
    return {
        "funding": _export_funding(projects, k_project),
        "method": results_module.method_of(strategic_session),
        "projects": [
            {
                "project": k_project[row.project_id],
                "scorecards": row.n,
                "mean": rounded(row.mean),
                "median": rounded(row.median),
                "stdev": rounded(row.stdev),
                "minimum": rounded(row.minimum),
                "maximum": rounded(row.maximum),
                "criterion_means": {
                    k_criterion[criterion_id]: rounded(mean)
                    for criterion_id, mean in sorted(
                        {**row.result.criterion_means, **row.result.reported_means}.items()
                    )
                },
                "flags": sorted(row.result.flags),
                "rank": row.rank,
                "direction_rank": row.direction_rank,
            }
            for row in computed.projects
        ],
    }
