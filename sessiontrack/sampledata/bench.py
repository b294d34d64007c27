"""A large generated session for benchmarks: ``flask --app sessiontrack bench-data``.

The default sizes are those of a big forum: 60 organisations, 400 participants, 4 directions
(one working group each), 200 projects (each with 3 indicators, 5 resources, 8 stages,
2 partners and 3 revisions), 6 weighted criteria and 30 experts who have each submitted a
scorecard for every project (36,000 scores). Everything in it is invented and marked as demo
data; nothing is drawn from the source article but the criteria of the demo.

The content is a function of the seed alone (``random.Random(seed)``): two runs with the same
seed give the same titles, names, amounts, dates and scores, whatever the database. Rows are
written with SQLAlchemy 2's bulk INSERT (one executemany per table, ``RETURNING`` where the
ids are needed), so the default sizes take seconds, not minutes. Generated accounts share one
precomputed, deliberately cheap password hash: they exist to be logged in by benchmarks.
"""

import copy
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .audit import services as audit
from .auth.models import User
from .demo import CRITERIA
from .extensions import db
from .people.models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole
from .projects import passport
from .projects.models import (
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
from .reference.data import load_reference_data
from .reference.models import FundingSource, NationalProject
from .review.models import Criterion, Score, Scorecard, ScorecardState
from .sessions.models import (
    Direction,
    Forum,
    Membership,
    ReviewState,
    SessionRole,
    SessionState,
    StrategicSession,
    StrategyPriority,
    WorkingGroup,
)

EMAIL_DOMAIN = "bench.sessiontrack.example"
# Printed by ``flask bench-data`` for benchmarks to log in with: not a secret.
BENCH_PASSWORD = "bench-password-2018"  # noqa: S105
# werkzeug's hash of BENCH_PASSWORD with 1,000 PBKDF2 rounds, computed once and reused for
# every generated account: hashing hundreds of passwords with scrypt would take most of the run.
BENCH_PASSWORD_HASH = (
    "pbkdf2:sha256:1000$FgYTMpLUZZmVapJS$"  # noqa: S105 (the hash of the printed password)
    "239fac36fd3a0118abbb7167c6da2215028b29545ec66a47a2dd9cb0581297b1"
)
MARK = "Сгенерированные данные для замера скорости"
# The day the generated projects were submitted and reviewed (fixed: content depends on the seed).
SUBMITTED_FROM = datetime(2018, 11, 1, 9, tzinfo=UTC)
REVIEWED_FROM = datetime(2018, 11, 10, 9, tzinfo=UTC)

# Reviewable states, weighted: "mostly accepted or recommended".
PROJECT_STATES = (
    (ProjectState.ACCEPTED, 50),
    (ProjectState.RECOMMENDED, 35),
    (ProjectState.NOT_RECOMMENDED, 15),
)
ORGANISATION_KINDS = (
    OrganisationKind.STATE_CORPORATION,
    OrganisationKind.FEDERAL_ENTERPRISE,
    OrganisationKind.ENTERPRISE,
    OrganisationKind.ADMINISTRATION,
    OrganisationKind.COUNCIL,
    OrganisationKind.BUSINESS,
    OrganisationKind.PUBLIC,
)
ORGANISATION_PREFIXES = {
    OrganisationKind.STATE_CORPORATION: "Госкорпорация",
    OrganisationKind.FEDERAL_ENTERPRISE: "ФГУП",
    OrganisationKind.ENTERPRISE: "АО",
    OrganisationKind.ADMINISTRATION: "Управление",
    OrganisationKind.COUNCIL: "Комиссия",
    OrganisationKind.BUSINESS: "ООО",
    OrganisationKind.PUBLIC: "АНО",
    OrganisationKind.SCIENCE: "Институт",
}
ORGANISATION_WORDS = (
    "Технологии",
    "Вектор",
    "Сибирь",
    "Енисей",
    "Орбита",
    "Атом",
    "Импульс",
    "Кристалл",
    "Горизонт",
    "Прогресс",
    "Развитие",
    "Созвездие",
)
DIRECTION_TITLES = (
    "Научно-технологическое развитие и точки роста",
    "Базовый сектор экономики",
    "Городская среда",
    "Развитие инфраструктуры и ЖКХ",
)
STRATEGY_PRIORITY_TITLES = (
    "Технологическое лидерство",
    "Диверсификация экономики",
    "Комфортная городская среда",
    "Надёжная инфраструктура",
    "Человеческий капитал",
)
PROJECT_ACTIONS = (
    "Создание",
    "Модернизация",
    "Развитие",
    "Строительство",
    "Реконструкция",
    "Запуск",
    "Организация",
)
PROJECT_OBJECTS = (
    "центра компетенций",
    "технопарка",
    "инженерной школы",
    "сети общественных пространств",
    "котельной",
    "очистных сооружений",
    "бизнес-инкубатора",
    "цифровой платформы",
    "спортивного кластера",
    "набережной",
    "испытательного полигона",
    "производства композитов",
    "центра коллективного пользования",
    "молодёжного пространства",
    "тепловых сетей",
)
PROJECT_TOPICS = (
    "в области аддитивных технологий",
    "для малого и среднего бизнеса",
    "для молодёжи города",
    "на базе градообразующих предприятий",
    "в новом микрорайоне",
    "с участием жителей",
    "для выхода на гражданский рынок",
    "по принципам энергоэффективности",
    "в партнёрстве с вузами края",
)
SENTENCES = (
    "Существующие мощности изношены и не отвечают растущему спросу.",
    "Жители и предприятия города ждут решения этой задачи не первый год.",
    "Проект опирается на компетенции нескольких организаций территории.",
    "Реализация даст новые рабочие места и налоговые поступления в местный бюджет.",
    "Предусмотрено поэтапное финансирование из нескольких источников.",
    "Основной риск — задержка выделения средств и согласований.",
    "Результаты будут измеряться ежегодно по целевым показателям.",
    "Проект согласуется с приоритетами стратегии развития до 2030 года.",
    "Опыт аналогичных проектов в других городах показывает высокую отдачу.",
    "Для запуска требуется обучение персонала и обновление нормативной базы.",
)
INDICATOR_NAMES = (
    ("Создано рабочих мест", "ед."),
    ("Привлечено внебюджетных средств", "млн руб."),
    ("Число участников программ", "чел."),
    ("Снижение потерь в сетях", "%"),
    ("Площадь благоустроенной территории", "тыс. м²"),
    ("Выручка резидентов", "млн руб."),
)
STAGE_TITLES = (
    "Разработка концепции",
    "Проектно-изыскательские работы",
    "Государственная экспертиза",
    "Привлечение финансирования",
    "Строительно-монтажные работы",
    "Закупка оборудования",
    "Пусконаладочные работы",
    "Ввод в эксплуатацию",
    "Выход на проектную мощность",
)
RESOURCE_UNITS = {
    ResourceKind.FINANCIAL: "млн руб.",
    ResourceKind.LAND: "га",
    ResourceKind.INFRASTRUCTURE: "м²",
    ResourceKind.STAFF: "чел.",
    ResourceKind.LEGAL: "акт",
    ResourceKind.ORGANISATIONAL: "мероприятие",
}
SURNAMES = (
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
)
FIRST_NAMES = (
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Игорь",
    "Михаил",
    "Павел",
    "Николай",
    "Виктор",
)
PATRONYMICS = (
    "Александрович",
    "Сергеевич",
    "Дмитриевич",
    "Андреевич",
    "Петрович",
    "Иванович",
    "Николаевич",
    "Викторович",
)
POSITIONS = (
    "Главный специалист",
    "Заместитель директора",
    "Руководитель проектного офиса",
    "Начальник отдела",
    "Ведущий инженер",
    "Депутат",
    "Предприниматель",
    "Научный сотрудник",
)
COMMENTS = (
    "",
    "Проект проработан, риски описаны убедительно.",
    "Нужно уточнить источники финансирования.",
    "Сильная кооперация партнёров.",
    "Сроки выглядят слишком оптимистично.",
    "Эффект для города очевиден.",
)


PASSPORT_OPTIONS = (
    joinedload(Project.direction),
    joinedload(Project.working_group),
    joinedload(Project.lead_organisation),
    selectinload(Project.partners).joinedload(ProjectPartner.organisation),
    selectinload(Project.indicators),
    selectinload(Project.resources).joinedload(ResourceNeed.funding_source),
    selectinload(Project.stages).joinedload(Stage.responsible_organisation),
    selectinload(Project.national_projects),
    selectinload(Project.strategy_priorities),
)


class BenchDataError(ValueError):
    """The generated session cannot be made (for example, its slug is taken)."""


@dataclass(frozen=True)
class BenchSizes:
    """How big the generated session is."""

    projects: int = 200
    experts: int = 30
    organisations: int = 60
    participants: int = 400
    directions: int = 4
    members_per_group: int = 3
    indicators: int = 3
    resources: int = 5
    stages: int = 8
    partners: int = 2
    revisions: int = 3
    # Draft projects per group besides the reviewed ones, for load tests of editing.
    drafts_per_group: int = 0

    def problems(self) -> list[str]:
        """What makes these sizes impossible (empty when they are fine)."""
        problems = []
        accounts = 1 + self.directions * self.members_per_group + self.experts
        if min(self.projects, self.experts, self.directions, self.members_per_group) < 1:
            problems.append("projects, experts, directions and group members must be at least 1")
        if self.directions > len(DIRECTION_TITLES):
            problems.append(f"at most {len(DIRECTION_TITLES)} directions")
        if self.participants < accounts:
            problems.append(f"participants must be at least {accounts} (every account is one)")
        # Experts work for their own organisations, which never lead or partner a project.
        if self.organisations < self.expert_organisations + self.partners + 1:
            problems.append("too few organisations for experts, leads and partners")
        if self.stages > len(STAGE_TITLES) or self.indicators > len(INDICATOR_NAMES):
            problems.append("too many stages or indicators per project")
        return problems

    @property
    def expert_organisations(self) -> int:
        return max(1, min(6, self.organisations // 10))


@dataclass
class BenchSession:
    """What was generated: the session and the accounts a benchmark logs in with."""

    session_id: int
    slug: str
    facilitator_email: str
    member_emails: list[str] = field(default_factory=list)
    expert_emails: list[str] = field(default_factory=list)
    password: str = BENCH_PASSWORD
    counts: dict[str, int] = field(default_factory=dict)


def generate(
    sizes: BenchSizes | None = None, *, seed: int = 1, slug: str = "bench"
) -> BenchSession:
    """Create the generated session ``slug``; flushes, the caller commits.

    :raise BenchDataError: if the sizes are impossible or a session ``slug`` exists.
    """
    sizes = sizes or BenchSizes()
    if problems := sizes.problems():
        raise BenchDataError("; ".join(problems))
    if db.session.scalar(sa.select(StrategicSession.id).filter_by(slug=slug)) is not None:
        raise BenchDataError(f"a session «{slug}» already exists; choose another --slug")
    load_reference_data()
    db.session.flush()
    return _Generator(sizes, random.Random(seed), slug).run()  # noqa: S311 (test data)


def _insert(model, rows: list[dict]) -> list[int]:
    """Bulk-insert ``rows`` of ``model``; the new ids in the order of the rows."""
    if not rows:
        return []
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _insert_plain(target, rows: list[dict]) -> None:
    """Bulk-insert rows whose ids nobody needs (one executemany)."""
    if rows:
        db.session.execute(sa.insert(target), rows)


class _Generator:
    """One generation run: the random source and the ids made so far."""

    def __init__(self, sizes: BenchSizes, rng: random.Random, slug: str):
        self.sizes, self.rng, self.slug = sizes, rng, slug
        self.counts: dict[str, int] = {}

    def run(self) -> BenchSession:
        strategic_session = self._session()
        self.session_id = strategic_session.id
        self._directions()
        self._organisations()
        accounts = self._accounts()
        self._participants(accounts)
        self._criteria()
        self._projects()
        self._review()
        audit.record(
            "create",
            strategic_session,
            summary=f"{MARK}: {self.sizes.projects} projects, {self.sizes.experts} experts",
        )
        db.session.flush()
        return BenchSession(
            session_id=self.session_id,
            slug=self.slug,
            facilitator_email=accounts["facilitator"][0],
            member_emails=[email for email, _role, _group in accounts["members"]],
            expert_emails=list(accounts["experts"]),
            counts=self.counts,
        )

    # -- text --------------------------------------------------------------------------------

    def _person_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(SURNAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(PATRONYMICS)}"

    def _paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def _email(self, local_part: str) -> str:
        return f"{self.slug}-{local_part}@{EMAIL_DOMAIN}".lower()

    # -- the session and its frame -----------------------------------------------------------

    def _session(self) -> StrategicSession:
        strategic_session = StrategicSession(
            slug=self.slug,
            title=f"Сгенерированная сессия «{self.slug}» для замера скорости",
            description=f"{MARK}: все организации, люди, проекты и оценки вымышлены.",
            starts_on=date(2018, 11, 1),
            ends_on=date(2018, 11, 1),
            place="Городская администрация",
            strategy_title="Стратегия социально-экономического развития до 2030 года",
            state=SessionState.REVIEW,
            is_demo=True,
            projects_published=True,
            review_state=ReviewState.OPEN,
            review_deadline=datetime(2018, 11, 22, 11, tzinfo=UTC),
            criteria_locked=True,
        )
        db.session.add(strategic_session)
        db.session.flush()
        db.session.add(
            Forum(
                session_id=strategic_session.id,
                name="Международный инновационный форум (генерированный)",
                starts_on=date(2018, 11, 23),
                ends_on=date(2018, 11, 24),
                place="Городской конгресс-центр",
            )
        )
        self.priority_ids = _insert(
            StrategyPriority,
            [
                {
                    "session_id": strategic_session.id,
                    "title": title,
                    "description": f"{MARK}.",
                    "position": position,
                    "is_demo": True,
                }
                for position, title in enumerate(STRATEGY_PRIORITY_TITLES, start=1)
            ],
        )
        return strategic_session

    def _directions(self) -> None:
        titles = DIRECTION_TITLES[: self.sizes.directions]
        self.direction_ids = _insert(
            Direction,
            [
                {"session_id": self.session_id, "title": title, "position": position}
                for position, title in enumerate(titles, start=1)
            ],
        )
        self.group_ids = _insert(
            WorkingGroup,
            [
                {
                    "session_id": self.session_id,
                    "direction_id": direction_id,
                    "title": f"Рабочая группа {position}: {title}",
                    "position": position,
                }
                for position, (direction_id, title) in enumerate(
                    zip(self.direction_ids, titles, strict=True), start=1
                )
            ],
        )
        self.counts["directions"] = self.counts["working_groups"] = len(titles)

    def _organisations(self) -> None:
        """Experts' organisations first (science, never in a project), then the others."""
        rows = []
        for number in range(1, self.sizes.organisations + 1):
            if number <= self.sizes.expert_organisations:
                kind = OrganisationKind.SCIENCE
            else:
                kind = ORGANISATION_KINDS[number % len(ORGANISATION_KINDS)]
            word = self.rng.choice(ORGANISATION_WORDS)
            name = f"{ORGANISATION_PREFIXES[kind]} «{word}-{number:03d}»"
            rows.append(
                {
                    "session_id": self.session_id,
                    "name": name,
                    "short_name": f"{word}-{number:03d}",
                    "kind": kind,
                    "description": f"{MARK}.",
                    "is_demo": True,
                }
            )
        ids = _insert(Organisation, rows)
        self.expert_organisation_ids = ids[: self.sizes.expert_organisations]
        self.project_organisation_ids = ids[self.sizes.expert_organisations :]
        self.counts["organisations"] = len(ids)

    def _accounts(self) -> dict:
        """Users and memberships: a facilitator, each group's moderator and members, experts.

        :return: ``{"facilitator": (email, name), "members": [(email, role, group id)],
            "experts": {email: name}}``; the users' ids are kept in ``self.user_ids``.
        """
        facilitator = (self._email("facilitator"), self._person_name())
        members = []
        for group_number, group_id in enumerate(self.group_ids, start=1):
            for number in range(1, self.sizes.members_per_group + 1):
                role = SessionRole.MODERATOR if number == 1 else SessionRole.MEMBER
                members.append((self._email(f"g{group_number}-{number:02d}"), role, group_id))
        experts = {
            self._email(f"expert-{number:03d}"): self._person_name()
            for number in range(1, self.sizes.experts + 1)
        }
        names = {facilitator[0]: facilitator[1]} | {
            email: self._person_name() for email, _role, _group in members
        }
        names |= experts
        self.account_names = names
        user_ids = _insert(
            User,
            [
                {"email": email, "name": name, "password_hash": BENCH_PASSWORD_HASH}
                for email, name in names.items()
            ],
        )
        self.user_ids = dict(zip(names, user_ids, strict=True))
        memberships = [(facilitator[0], SessionRole.FACILITATOR, None), *members]
        memberships += [(email, SessionRole.EXPERT, None) for email in experts]
        _insert_plain(
            Membership,
            [
                {
                    "user_id": self.user_ids[email],
                    "session_id": self.session_id,
                    "role": role,
                    "working_group_id": group_id,
                }
                for email, role, group_id in memberships
            ],
        )
        self.counts["users"] = len(user_ids)
        self.counts["memberships"] = len(memberships)
        # Each group's projects are written by its moderator.
        self.group_authors = {
            group_id: self.user_ids[email]
            for email, role, group_id in members
            if role is SessionRole.MODERATOR
        }
        return {"facilitator": facilitator, "members": members, "experts": experts}

    def _participants(self, accounts: dict) -> None:
        """Every account holder is a participant; the rest of the list has no account."""
        rows = []
        facilitator_email, facilitator_name = accounts["facilitator"]
        rows.append(
            self._participant(
                facilitator_name,
                ParticipantRole.FACILITATOR,
                email=facilitator_email,
                user_id=self.user_ids[facilitator_email],
            )
        )
        for email, role, group_id in accounts["members"]:
            rows.append(
                self._participant(
                    self.account_names[email],
                    ParticipantRole(role.value),
                    email=email,
                    user_id=self.user_ids[email],
                    working_group_id=group_id,
                )
            )
        expert_rows = []
        for number, (email, name) in enumerate(accounts["experts"].items()):
            expert_rows.append(
                self._participant(
                    name,
                    ParticipantRole.EXPERT,
                    email=email,
                    user_id=self.user_ids[email],
                    organisation_id=self.expert_organisation_ids[
                        number % len(self.expert_organisation_ids)
                    ],
                    # Every fifth is an investor, as at the forum.
                    expert_kind=ExpertKind.INVESTOR if number % 5 == 4 else ExpertKind.EXPERT,
                )
            )
        rows.extend(expert_rows)
        others = (ParticipantRole.MEMBER, ParticipantRole.GUEST, ParticipantRole.OBSERVER)
        for number in range(len(rows) + 1, self.sizes.participants + 1):
            role = self.rng.choice(others)
            group_id = self.rng.choice(self.group_ids) if role is ParticipantRole.MEMBER else None
            rows.append(
                self._participant(
                    self._person_name(),
                    role,
                    email=self._email(f"participant-{number:04d}"),
                    working_group_id=group_id,
                )
            )
        ids = _insert(Participant, rows)
        first_expert = 1 + len(accounts["members"])
        self.expert_ids = ids[first_expert : first_expert + len(expert_rows)]
        self.counts["participants"] = len(ids)

    def _participant(self, name: str, role: ParticipantRole, **fields) -> dict:
        fields.setdefault("organisation_id", self.rng.choice(self.project_organisation_ids))
        return {
            "session_id": self.session_id,
            "full_name": name,
            "position": self.rng.choice(POSITIONS),
            "phone": f"+7 391 {self.rng.randrange(200, 800)}-{self.rng.randrange(10, 99)}-"
            f"{self.rng.randrange(10, 99)}",
            "role": role,
            "expert_kind": fields.pop("expert_kind", None),
            "is_demo": True,
            **fields,
        }

    def _criteria(self) -> None:
        self.criteria = [
            {
                "session_id": self.session_id,
                "title": criterion["title"],
                "description": criterion["description"],
                "weight": float(criterion["weight"]),
                "counted": True,
                "scale_min": 0,
                "scale_max": 10,
                "level_descriptions": criterion["level_descriptions"],
                "position": position,
            }
            for position, criterion in enumerate(CRITERIA, start=1)
        ]
        for criterion, criterion_id in zip(
            self.criteria, _insert(Criterion, self.criteria), strict=True
        ):
            criterion["id"] = criterion_id
        self.counts["criteria"] = len(self.criteria)

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
        project_ids = _insert(Project, projects)
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
        _insert_plain(Indicator, children["indicators"])
        _insert_plain(ResourceNeed, children["resources"])
        _insert_plain(Stage, children["stages"])
        _insert_plain(ProjectPartner, children["partners"])
        _insert_plain(project_national_project, national_links)
        _insert_plain(project_strategy_priority, priority_links)
        submitted = [
            (project_id, project)
            for project_id, project in zip(project_ids, projects, strict=True)
            if project["submitted_at"] is not None
        ]
        revisions = self._revisions(submitted)
        _insert_plain(ProjectRevision, revisions)
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
                .options(*PASSPORT_OPTIONS)
            )
        }
        revisions = []
        for project_id, row in submitted:
            current = passport.snapshot(loaded[project_id])
            for number in range(1, self.sizes.revisions + 1):
                behind = self.sizes.revisions - number
                snapshot = copy.deepcopy(current)
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
        scorecard_ids = _insert(Scorecard, scorecards)
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
        _insert_plain(Score, scores)
        self.counts.update(scorecards=len(scorecard_ids), scores=len(scores))
