"""The migrations build exactly the schema the models describe, on every backend, and a new
database they build holds the reference lists."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sessiontrack.database import rebuild_schema
from sessiontrack.extensions import db
from sessiontrack.projects.models import Project
from sessiontrack.reference.models import FundingSource, NationalProject, NationalProjectStatus
from sessiontrack.sampledata.demo import load_demo
from sessiontrack.sessions.models import StrategicSession


def test_migrations_and_models_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def _reference_rows() -> list[tuple]:
    national = db.session.execute(
        sa.select(
            NationalProject.code,
            NationalProject.title_ru,
            NationalProject.title_en,
            NationalProject.status,
            NationalProject.position,
        ).order_by(NationalProject.position)
    ).all()
    funding = db.session.execute(
        sa.select(
            FundingSource.code,
            FundingSource.title_ru,
            FundingSource.title_en,
            FundingSource.position,
        ).order_by(FundingSource.position)
    ).all()
    return national + funding


def test_a_new_database_has_the_reference_lists_and_takes_a_demo_export(app, runner, tmp_path):
    """``flask db upgrade`` alone readies a new instance for a session exported elsewhere."""
    load_demo()
    db.session.commit()
    exported = tmp_path / "demo.json"
    result = runner.invoke(
        args=["export", "json", "--session", "zheleznogorsk-2018", "--output", str(exported)]
    )
    assert result.exit_code == 0, result.output
    db.session.remove()

    rebuild_schema(app)  # an empty database, then the migrations, as `flask db upgrade` runs them

    assert db.session.scalar(sa.select(sa.func.count(StrategicSession.id))) == 0
    national = {row.code: row for row in db.session.scalars(sa.select(NationalProject))}
    assert sum(row.status is NationalProjectStatus.ADOPTED for row in national.values()) == 12
    assert national["atomic_science"].status is NationalProjectStatus.PROPOSED
    assert national["trunk_infrastructure"].status is NationalProjectStatus.PLAN
    assert db.session.scalar(sa.select(sa.func.count(FundingSource.id))) == 8
    seeded = _reference_rows()
    result = runner.invoke(args=["reference-data"])
    assert result.exit_code == 0, result.output
    assert _reference_rows() == seeded, "the migration and `flask reference-data` disagree"

    result = runner.invoke(args=["import", "json", str(exported)])
    assert result.exit_code == 0, result.output
    imported = db.session.scalar(sa.select(StrategicSession).filter_by(slug="zheleznogorsk-2018"))
    projects = db.session.scalars(sa.select(Project).filter_by(session_id=imported.id)).all()
    assert len(projects) >= 8
    assert all(project.national_projects for project in projects)
