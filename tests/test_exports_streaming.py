"""The CSV tables are sent as they are made: the raw scores read a batch at a time from the
database, the same bytes as the whole-file builder, checks made before the first byte."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from sessiontrack.exports import csv_format, data, results, services, tables
from sessiontrack.exports.table_model import DATETIME, Column, Table
from sessiontrack.projects.models import ProjectState
from sessiontrack.review import aggregation
from sessiontrack.review.models import Scorecard, ScorecardState
from sessiontrack.review.queries import session_experts

from .export_data import HOSTILE_TITLE, SECRET_COMMENT, make_forum_session
from .factories import make_project, make_scorecard


def _listed_scores(world) -> Table:
    """The raw-scores table as it was built before it was streamed: every scorecard loaded
    into a list with its scores, the projects' names from the project list."""
    session_tables = tables.SessionTables(data.whole_session(world.session))
    criteria = session_tables.criteria
    table = tables.SessionTables(data.whole_session(world.session)).build("scores")
    table.rows = []
    projects = {
        project.id: [project.id, project.title, project.direction.title]
        for project in session_tables.project_list
    }
    experts = {
        expert.id: [
            expert.full_name,
            expert.expert_kind.title if expert.expert_kind else None,
            expert.organisation.name if expert.organisation else None,
        ]
        for expert in session_experts(world.session)
    }
    counted = [
        aggregation.CriterionInfo(
            c.id, c.title, c.weight, c.counted, c.scale_min, c.scale_max, c.position
        )
        for c in criteria
    ]
    for card in data.load_submitted_scorecards(session_tables.scope):
        table.rows.append(
            [
                *experts[card.expert_id],
                *projects[card.project_id],
                *[card.values.get(criterion.id) for criterion in criteria],
                results.scorecard_total(counted, card.values),
                card.comment,
                card.submitted_at,
            ]
        )
    return table


def _more_scorecards(world, db, number: int) -> None:
    for index in range(number):
        project = make_project(
            world.session, world.groups[index % 2], complete=True, state=ProjectState.RECOMMENDED
        )
        make_scorecard(project, world.experts[index % 2], {world.criteria[0]: 5}, submitted=True)
    db.session.commit()


@pytest.mark.parametrize("separator", ["comma", "semicolon"])
def test_the_streamed_raw_scores_are_the_bytes_of_the_listed_table(
    app, db, client, auth, separator
):
    world = make_forum_session()
    # A comment that starts like a formula: neutralised in the stream as in the whole file.
    submitted = sa.select(Scorecard).filter_by(state=ScorecardState.SUBMITTED)
    card = db.session.scalars(submitted.filter_by(expert_id=world.experts[0].id)).first()
    card.comment = "=1+2 and " + SECRET_COMMENT
    db.session.commit()
    _more_scorecards(world, db, 7)
    auth.login(world.users["facilitator"])
    response = client.get(
        f"/s/{world.session.slug}/exports/tables/scores.csv?separator={separator}"
    )
    assert response.status_code == 200
    assert response.is_streamed
    delimiter = csv_format.DELIMITERS[separator]
    expected = csv_format.table_bytes(_listed_scores(world), delimiter=delimiter)
    content = response.get_data()
    assert content == expected
    assert content.startswith("\ufeff".encode())
    assert b"'=1+2 and" in content
    assert HOSTILE_TITLE.encode() not in content.replace(b"'=", b"")


def test_the_stream_outlives_the_requests_commit(app, db, client, auth, monkeypatch):
    # A row a batch and a chunk: most of the file is read after the view returned and the
    # request's session committed (which closes a server-side cursor of its transaction).
    monkeypatch.setattr(data, "STREAM_BATCH", 1)
    monkeypatch.setattr(csv_format, "ROWS_PER_CHUNK", 1)
    world = make_forum_session()
    _more_scorecards(world, db, 6)
    auth.login(world.users["facilitator"])
    response = client.get(f"/s/{world.session.slug}/exports/tables/scores.csv")
    assert response.status_code == 200
    assert response.get_data() == csv_format.table_bytes(_listed_scores(world))


@pytest.mark.parametrize("name", tables.TABLE_NAMES)
def test_every_table_is_streamed_with_the_headers_of_a_download(app, client, auth, name):
    world = make_forum_session()
    auth.login(world.users["facilitator"])
    response = client.get(f"/s/{world.session.slug}/exports/tables/{name}.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename={world.session.slug}-{name}.csv"
    )
    assert "no-cache" in response.headers["Cache-Control"]
    built = services.build(world.session, services.ExportRequest("csv", name))
    assert response.get_data() == built.content


def test_chunks_join_into_the_whole_file(app, db):
    world = make_forum_session()
    _more_scorecards(world, db, 5)
    table = _listed_scores(world)
    chunks = list(csv_format.table_chunks(table.columns, table.rows, rows_per_chunk=2))
    # The header and two rows, then two rows a chunk, the last with what is left.
    assert len(chunks) == -(-len(table.rows) // 2)
    assert b"".join(chunks) == csv_format.table_bytes(table)


def test_the_scorecards_are_read_in_batches_in_the_listed_order(app, db):
    world = make_forum_session()
    _more_scorecards(world, db, 9)
    scope = data.whole_session(world.session)
    listed = data.load_submitted_scorecards(scope)
    streamed = list(data.stream_submitted_scorecards(scope, batch=3))
    assert [(card.id, card.values) for card in streamed] == [
        (card.id, card.values) for card in listed
    ]


def test_the_stream_costs_the_same_queries_for_few_and_many_scorecards(
    app, db, client, auth, count_queries
):
    world = make_forum_session()
    world.publish()
    auth.login(world.users["facilitator"])
    url = f"/s/{world.session.slug}/exports/tables/scores.csv"

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            response = client.get(url)
            response.get_data()
        return counter.count

    few = queries()
    _more_scorecards(world, db, 36)
    assert queries() == few


def test_refusals_come_before_the_stream(app, client, auth):
    world = make_forum_session()
    slug = world.session.slug
    auth.login(world.users["expert1"])
    # Before publication no one but a facilitator gets the scores.
    response = client.get(f"/s/{slug}/exports/tables/scores.csv")
    assert response.status_code == 403
    auth.login(world.users["facilitator"])
    assert client.get(f"/s/{slug}/exports/tables/scores.csv?separator=tab").status_code == 404
    assert client.get(f"/s/{slug}/exports/tables/nothing.csv").status_code == 404


def test_a_scope_without_scores_cannot_stream_them(app):
    world = make_forum_session()
    with pytest.raises(services.DomainError):
        services.stream_table(
            world.session, services.ExportRequest("csv", "scores"), user=world.users["expert1"]
        )


@pytest.mark.parametrize("zone", ["Asia/Krasnoyarsk", "Europe/Berlin", "Asia/Kathmandu"])
def test_times_are_written_in_the_readers_zone_across_offset_changes(app, monkeypatch, zone):
    start = datetime(2024, 3, 30, 22, 7, tzinfo=UTC)  # the night Berlin moves its clocks
    times = [start + timedelta(minutes=13 * step) for step in range(40)]
    timezone = ZoneInfo(zone)
    monkeypatch.setattr(csv_format, "get_timezone", lambda: timezone)
    content = b"".join(csv_format.table_chunks([Column("t", DATETIME)], [[t] for t in times]))
    lines = content.decode("utf-8-sig").split("\r\n")[1:-1]
    assert lines == [t.astimezone(timezone).strftime("%Y-%m-%d %H:%M") for t in times]
