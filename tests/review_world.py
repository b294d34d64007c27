"""A small expert review to test against: criteria, experts, accepted projects, a facilitator."""

from dataclasses import dataclass, field

from sessiontrack.people.models import ExpertKind, ParticipantRole
from sessiontrack.projects.models import ProjectPartner, ProjectState
from sessiontrack.sessions.models import ReviewState

from . import factories

SURNAMES = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Орлова"]


@dataclass
class Review:
    session: object
    facilitator: object
    criteria: list
    projects: list
    experts: list  # (user, participant)
    group: object
    organisations: dict = field(default_factory=dict)

    @property
    def counted(self):
        return [c for c in self.criteria if c.counted]


def make_review(
    n_projects: int = 4,
    n_experts: int = 3,
    *,
    review_state=ReviewState.OPEN,
    investor: bool = True,
) -> Review:
    """Two counted criteria (0–10, weight 2; 1–5, weight 1) and a reported one (0–10).

    The last expert is an investor (unless ``investor`` is false). No assignment yet.
    """
    s = factories.make_session(review_state=review_state)
    facilitator = factories.make_member(s, ParticipantRole.FACILITATOR, name="Фасилитатор")
    direction = factories.make_direction(s, title="Городская среда")
    group = factories.make_group(direction)
    criteria = [
        factories.make_criterion(
            s,
            title="Эффект",
            weight=2,
            scale_min=0,
            scale_max=10,
            position=1,
            level_descriptions={"0": "Нет эффекта", "10": "Эффект для всего города"},
        ),
        factories.make_criterion(
            s, title="Реализуемость", weight=1, scale_min=1, scale_max=5, position=2
        ),
        factories.make_criterion(
            s, title="Новизна (справочно)", weight=0, counted=False, position=3
        ),
    ]
    projects = [
        factories.make_project(
            s, group, title=f"Проект {i:03d}", state=ProjectState.ACCEPTED, complete=False
        )
        for i in range(1, n_projects + 1)
    ]
    experts = []
    for i in range(1, n_experts + 1):
        kind = ExpertKind.INVESTOR if investor and i == n_experts and i > 1 else ExpertKind.EXPERT
        name = f"{SURNAMES[(i - 1) % len(SURNAMES)]} {i}"
        experts.append(factories.make_expert(s, kind=kind, name=name))
    return Review(s, facilitator, criteria, projects, experts, group)


def give_partner(project, organisation) -> None:
    from sessiontrack.extensions import db

    db.session.add(ProjectPartner(project_id=project.id, organisation_id=organisation.id))
    db.session.flush()
