"""The projects of a generated session, with their passports and revisions, and the review.

:class:`ProjectSteps` is the second half of a generation run (see :mod:`.bench`).
"""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa

from ..extensions import db
from ..projects import passport
from ..projects.models import (
    Indicator,
    Project,
    ProjectPartner,
    ProjectRevision,
    ProjectState,
    ResourceKind,
    ResourceNeed,
    ResourceStatus,
    Stage,
    StageStatus,
    project_national_project,
    project_strategy_priority,
)
from ..projects.queries import passport_options
from ..reference.models import FundingSource, NationalProject
from ..review.models import Score, Scorecard, ScorecardState
from ..review.services.totals import figures_of
from .bench_frame import copy_rows, insert_plain, insert_rows
from .bench_words import (
    COMMENTS,
    INDICATOR_NAMES,
    POSITIONS,
    PROJECT_ACTIONS,
    PROJECT_OBJECTS,
    PROJECT_STATES,
    PROJECT_TOPICS,
    RESOURCE_UNITS,
    REVIEWED_FROM,
    STAGE_TITLES,
    SUBMITTED_FROM,
)


class ProjectSteps:
    """The steps of a generation run that write the projects and their scorecards."""

    # -- projects ----------------------------------------------------------------------------

    def _projects(self) -> None:
        """Projects with their passports; each revision is a snapshot of the passport."""
        rng, sizes = self.rng, self.sizes
        funding_source_ids = list(
            db.session.scalars(sa.select(FundingSource.id).order_by(FundingSource.position))
        )
        national_project_ids = list(
            db.session.scalars(sa.select(NationalProject.id).order_by(NationalProject.position))
        )
        states, weights = zip(*PROJECT_STATES, strict=True)
        projects, passports = [], []
        drafts = sizes.drafts_per_group * len(self.group_ids)
        for number in range(1, sizes.projects + drafts + 1):
            draft = number > sizes.projects
            group_index = (number - 1) % len(self.group_ids)
            start_year = rng.randrange(2019, 2023)
            lead, *partners = rng.sample(self.project_organisation_ids, 1 + sizes.partners)
            title = (
                f"{rng.choice(PROJECT_ACTIONS)} {rng.choice(PROJECT_OBJECTS)} "
                f"{rng.choice(PROJECT_TOPICS)} (№ {number})"
            )
            project = {
                "session_id": self.session_id,
                "direction_id": self.direction_ids[group_index],
                "working_group_id": self.group_ids[group_index],
                "title": title,
                "short_title": f"Проект {number:03d}",
                "problem": self._paragraph(3),
                "goal": self._paragraph(2),
                "expected_results": self._paragraph(3),
                "start_year": start_year,
                "end_year": start_year + rng.randrange(1, 5),
                "lead_organisation_id": lead,
                "responsible_person": self._person_name(),
                "responsible_position": rng.choice(POSITIONS),
                "risks": self._paragraph(2),
                "state": ProjectState.DRAFT if draft else rng.choices(states, weights)[0],
                "is_demo": True,
                "created_by_id": self.group_authors[self.group_ids[group_index]],
                "submitted_at": None if draft else SUBMITTED_FROM + timedelta(minutes=7 * number),
                "version_id": 1,
            }
            projects.append(project)
            passports.append(self._passport(project, partners, funding_source_ids))
        project_ids = insert_rows(Project, projects)
        self.project_ids = project_ids[: sizes.projects]
        self.project_quality = [rng.gauss(6.0, 1.5) for _ in self.project_ids]

        children = {"indicators": [], "resources": [], "stages": [], "partners": []}
        national_links, priority_links = [], []
        for project_id, parts in zip(project_ids, passports, strict=True):
            for key, rows in children.items():
                rows.extend({"project_id": project_id, **row} for row in parts[key])
            for national_project_id in rng.sample(national_project_ids, 2):
                national_links.append(
                    {"project_id": project_id, "national_project_id": national_project_id}
                )
            priority_links.append(
                {"project_id": project_id, "strategy_priority_id": rng.choice(self.priority_ids)}
            )
        insert_plain(Indicator, children["indicators"])
        insert_plain(ResourceNeed, children["resources"])
        insert_plain(Stage, children["stages"])
        insert_plain(ProjectPartner, children["partners"])
        insert_plain(project_national_project, national_links)
        insert_plain(project_strategy_priority, priority_links)
        submitted = [
            (project_id, project)
            for project_id, project in zip(project_ids, projects, strict=True)
            if project["submitted_at"] is not None
        ]
        revisions = self._revisions(submitted)
        insert_plain(ProjectRevision, revisions)
        self.counts.update(
            projects=len(project_ids),
            indicators=len(children["indicators"]),
            resources=len(children["resources"]),
            stages=len(children["stages"]),
            partners=len(children["partners"]),
            revisions=len(revisions),
        )

    def _passport(self, project: dict, partners: list[int], funding_source_ids: list[int]):
        """The repeatable rows of one project's passport (without the project id)."""
        rng, sizes = self.rng, self.sizes
        start, end = project["start_year"], project["end_year"]
        indicators = [
            {
                "name": name,
                "unit": unit,
                "baseline": Decimal(rng.randrange(0, 100)),
                "target": Decimal(rng.randrange(100, 1000)),
                "year": end,
                "position": position,
            }
            for position, (name, unit) in enumerate(
                rng.sample(INDICATOR_NAMES, sizes.indicators), start=1
            )
        ]
        resources = []
        for position in range(1, sizes.resources + 1):
            kind = ResourceKind.FINANCIAL if position <= 3 else rng.choice(list(ResourceKind))
            resources.append(
                {
                    "kind": kind,
                    "description": f"Потребность {position}",
                    "amount": Decimal(rng.randrange(5, 5000)) / 10,
                    "unit": RESOURCE_UNITS[kind],
                    "year": rng.randrange(start, end + 1),
                    "funding_source_id": rng.choice(funding_source_ids),
                    "status": rng.choice(list(ResourceStatus)),
                    "position": position,
                }
            )
        # The stages follow each other within the project's timeframe.
        stages, first_day = [], date(start, 1, 15)
        slot = (date(end, 12, 15) - first_day).days // sizes.stages
        for position, title in enumerate(STAGE_TITLES[: sizes.stages], start=1):
            stage_start = first_day + timedelta(days=slot * (position - 1))
            stages.append(
                {
                    "title": title,
                    "starts_on": stage_start,
                    "ends_on": stage_start + timedelta(days=rng.randrange(slot // 2, slot)),
                    "deliverable": f"Результат этапа «{title.lower()}»",
                    "responsible_organisation_id": rng.choice(
                        [project["lead_organisation_id"], *partners]
                    ),
                    "status": StageStatus.PLANNED,
                    "position": position,
                }
            )
        return {
            "indicators": indicators,
            "resources": resources,
            "stages": stages,
            "partners": [
                {"organisation_id": organisation_id, "contribution": "Софинансирование и кадры"}
                for organisation_id in partners
            ],
        }

    def _revisions(self, submitted: list[tuple[int, dict]]) -> list[dict]:
        """Each submission's snapshot of the passport (the projects' own format); the earlier
        ones had fewer resources and another goal, so that comparisons show changes."""
        loaded = {
            project.id: project
            for project in db.session.scalars(
                sa.select(Project)
                .where(Project.id.in_([project_id for project_id, _row in submitted]))
                .options(*passport_options())
            )
        }
        revisions = []
        for project_id, row in submitted:
            current = passport.snapshot(loaded[project_id])
            for number in range(1, self.sizes.revisions + 1):
                behind = self.sizes.revisions - number
                # A shallow copy: what differs is replaced, what is shared is only written out
                # as JSON (a deep copy of 6,000 passports took a good part of the run).
                snapshot = dict(current)
                if behind:
                    snapshot["resources"] = snapshot["resources"][
                        : max(1, len(snapshot["resources"]) - behind)
                    ]
                    snapshot["goal"] = f"{snapshot['goal']} (редакция {number})"
                revisions.append(
                    {
                        "project_id": project_id,
                        "number": number,
                        "created_at": row["submitted_at"] - timedelta(days=behind),
                        "created_by_id": row["created_by_id"],
                        "snapshot": snapshot,
                    }
                )
        return revisions

    # -- the review --------------------------------------------------------------------------

    def _review(self) -> None:
        """Every expert submits a scorecard for every project, with a score per criterion.

        Scores are the project's quality plus the expert's leniency plus noise, so that the
        ranking, the spread and the disagreement flags have something to show.
        """
        rng = self.rng
        leniency = [rng.gauss(0, 1.0) for _ in self.expert_ids]
        scorecards, values = [], []
        submitted_at = REVIEWED_FROM
        for project_index, project_id in enumerate(self.project_ids):
            for expert_index, expert_id in enumerate(self.expert_ids):
                submitted_at += timedelta(seconds=rng.randrange(30, 600))
                scorecards.append(
                    {
                        "project_id": project_id,
                        "expert_id": expert_id,
                        "state": ScorecardState.SUBMITTED,
                        "comment": rng.choice(COMMENTS),
                        "submitted_at": submitted_at,
                        "version_id": 1,
                    }
                )
                mean = self.project_quality[project_index] + leniency[expert_index]
                values.append([min(10, max(0, round(rng.gauss(mean, 1.5)))) for _ in self.criteria])
        criteria = [SimpleNamespace(**c) for c in self.criteria]
        for card, row in zip(scorecards, values, strict=True):
            card["total"], card["criterion_values"] = figures_of(
                {c.id: value for c, value in zip(criteria, row, strict=True)}, criteria
            )
        scorecard_ids = copy_rows(Scorecard, scorecards, ids=True)
        scores = [
            {
                "scorecard_id": scorecard_id,
                "criterion_id": criterion["id"],
                "scale_min": criterion["scale_min"],
                "scale_max": criterion["scale_max"],
                "value": value,
            }
            for scorecard_id, row in zip(scorecard_ids, values, strict=True)
            for criterion, value in zip(self.criteria, row, strict=True)
        ]
        copy_rows(Score, scores)
        self.counts.update(scorecards=len(scorecard_ids), scores=len(scores))
