"""The JSON export and import: the round trip, and files refused without a trace."""

import copy
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from sessiontrack.auth.models import User
from sessiontrack.exports import session_json
from sessiontrack.exports.session_json import ImportRefused
from sessiontrack.people.models import Participant
from sessiontrack.projects.models import Project, ProjectRevision
from sessiontrack.reference.data import load_reference_data
from sessiontrack.review.models import Conflict, ConflictSource, InvestorInterest
from sessiontrack.sampledata.demo import load_demo
from sessiontrack.sessions.access import group_ids_of
from sessiontrack.sessions.models import StrategicSession, WorkingGroup

from . import factories
from .queries import row_counts

DEMO = "zheleznogorsk-2018"


def _demo_session(db) -> StrategicSession:
    """The demo session with what it lacks for a full round trip: revisions, a conflict,
    an investor's interest."""
    load_demo()
    s = db.session.scalar(sa.select(StrategicSession).filter_by(slug=DEMO))
    projects = db.session.scalars(
        sa.select(Project).where(Project.session_id == s.id).order_by(Project.id)
    ).all()
    experts = db.session.scalars(
        sa.select(Participant)
        .where(Participant.session_id == s.id, Participant.expert_kind.is_not(None))
        .order_by(Participant.id)
    ).all()
    author = db.session.scalar(sa.select(User).order_by(User.id))
    db.session.add_all(
        [
            ProjectRevision(
                project_id=projects[0].id,
                number=len(projects[0].revisions) + 1,
                created_at=datetime(2018, 11, 1, 9, tzinfo=UTC),
                created_by_id=author.id,
                snapshot={"title": projects[0].title, "resources": [{"amount": "12.50"}]},
            ),
            Conflict(
                expert_id=experts[0].id,
                project_id=projects[-1].id,
                source=ConflictSource.DECLARED,
                reason="Работает в головной организации",
            ),
            InvestorInterest(
                expert_id=experts[-1].id, project_id=projects[0].id, note="Готовы обсуждать"
            ),
        ]
    )
    db.session.commit()
    return s


def _without_volatile(document: dict) -> dict:
    """The document but for what may differ between two exports of the same data."""
    document = copy.deepcopy(document)
    document.pop("exported_at")
    document["session"].pop("slug")
    return document


def _keys_named(value, name: str) -> bool:
    if isinstance(value, dict):
        return name in value or any(_keys_named(item, name) for item in value.values())
    if isinstance(value, list):
        return any(_keys_named(item, name) for item in value)
    return False


def _keys_ending(value, suffix: str) -> bool:
    if isinstance(value, dict):
        return any(key.endswith(suffix) for key in value) or any(
            _keys_ending(item, suffix) for item in value.values()
        )
    if isinstance(value, list):
        return any(_keys_ending(item, suffix) for item in value)
    return False


def _row_counts(db) -> dict[str, int]:
    return row_counts(db.session)


def test_the_document_is_versioned_english_iso_and_uses_keys_not_ids(app, db):
    s = _demo_session(db)
    document = session_json.export_session(s)
    assert document["format"] == "sessiontrack.session"
    assert document["schema_version"] == session_json.SCHEMA_VERSION
    assert document["session"]["starts_on"] == "2018-11-01"
    assert document["session"]["review"]["deadline"].endswith("+00:00")
    project = document["projects"][0]
    assert project["key"] == "project-1"
    assert project["direction"].startswith("direction-")
    assert project["lead_organisation"].startswith("organisation-")
    assert re.fullmatch(r"\d+\.\d\d", project["resources"][0]["amount"])
    assert project["national_projects"] and all(
        code.isascii() for code in project["national_projects"]
    )
    assert document["scorecards"][0]["scores"]
    assert set(document["scorecards"][0]["scores"]) <= {c["key"] for c in document["criteria"]}
    assert document["results"]["projects"][0]["rank"] == 1
    assert not _keys_named(document, "id") and not _keys_ending(document, "_id")
    raw = session_json.dumps(document).decode("utf-8")
    assert "Железногорск" in raw  # Cyrillic as it is, not \u escapes


def test_round_trip_gives_the_same_document_apart_from_the_slug_and_time(app, db):
    s = _demo_session(db)
    first = session_json.export_session(s)
    report = session_json.import_session(session_json.loads(session_json.dumps(first)), slug="copy")
    db.session.commit()
    assert report.created_users == []
    copied = db.session.scalar(sa.select(StrategicSession).filter_by(slug="copy"))
    second = session_json.export_session(copied)
    assert second["session"]["slug"] == "copy"
    assert _without_volatile(second) == _without_volatile(first)


def test_import_into_an_empty_instance_recreates_the_session_and_its_people(app, db):
    s = _demo_session(db)
    first = session_json.dumps(session_json.export_session(s))
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    db.session.expire_all()
    load_reference_data()
    db.session.commit()
    report = session_json.import_session(session_json.loads(first))
    db.session.commit()
    assert len(report.created_users) == len(json.loads(first)["users"])
    recreated = db.session.scalar(sa.select(StrategicSession).filter_by(slug=DEMO))
    again = session_json.export_session(recreated)
    assert _without_volatile(again) == _without_volatile(json.loads(first))
    # The accounts exist, but nobody knows their password until an admin hands one out.
    user = db.session.scalar(sa.select(User).filter_by(email=report.created_users[0]))
    assert user.must_change_password and not user.check_password(factories.PASSWORD)


def _refused(db, document_or_bytes, **kwargs) -> ImportRefused:
    before = _row_counts(db)
    with pytest.raises(ImportRefused) as refused:
        raw = document_or_bytes
        if isinstance(raw, dict):
            raw = session_json.dumps(raw)
        session_json.import_session(session_json.loads(raw), **kwargs)
    db.session.rollback()
    assert _row_counts(db) == before, "a refused file changed the database"
    return refused.value


@pytest.fixture
def document(app, db):
    return session_json.export_session(_demo_session(db))


def test_a_newer_schema_version_is_refused(db, document):
    document["schema_version"] = session_json.SCHEMA_VERSION + 1
    refused = _refused(db, document, slug="new")
    assert "более новой версией" in refused.message


def test_a_truncated_file_is_refused(db, document):
    text = session_json.dumps(document).decode("utf-8")
    refused = _refused(db, text[: len(text) // 2].encode("utf-8"), slug="new")
    assert "не является корректным JSON" in refused.message
    assert "обрезан" in refused.message


def test_a_file_that_is_not_an_export_is_refused(db):
    assert "не является выгрузкой" in _refused(db, b'{"hello": "world"}').message
    assert "не является выгрузкой" in _refused(db, b"[1, 2]").message
    assert "UTF-8" in _refused(db, "Привет".encode("cp1251")).message


def test_an_unknown_reference_is_refused_with_where_it_is(db, document):
    document["projects"][2]["direction"] = "direction-99"
    refused = _refused(db, document, slug="new")
    assert "projects[2].direction: неизвестная ссылка «direction-99»" in refused.errors[0]
    assert "направление" in refused.errors[0]


def test_missing_required_keys_and_wrong_types_are_all_listed(db, document):
    del document["projects"][0]["title"]
    document["organisations"][1]["kind"] = "ministry"
    document["criteria"][0]["scale_max"] = "ten"
    document["scorecards"][0]["scores"]["criterion-2"] = 42
    refused = _refused(db, document, slug="new")
    assert "найдено ошибок — 4" in refused.message
    joined = "\n".join(refused.errors)
    assert "projects[0]: нет обязательного поля «title»" in joined
    assert "organisations[1].kind: ожидается одно из значений" in joined
    assert "criteria[0].scale_max: ожидается целое число" in joined
    assert "scorecards[0].scores.criterion-2: 42 вне шкалы 0–10" in joined


def test_unknown_codes_keys_and_duplicates_are_refused(db, document):
    document["projects"][0]["national_projects"] = ["space_elevator"]
    document["projects"][0]["colour"] = "red"
    document["organisations"][1]["key"] = document["organisations"][0]["key"]
    joined = "\n".join(_refused(db, document, slug="new").errors)
    assert "неизвестный национальный проект «space_elevator»" in joined
    assert "неизвестное поле «colour»" in joined
    assert "использован дважды" in joined


def test_an_existing_slug_is_refused_and_another_slug_accepted(db, document):
    refused = _refused(db, document)
    assert f"«{DEMO}» уже есть" in refused.message
    session_json.import_session(document, slug="zheleznogorsk-2018-copy")
    db.session.commit()
    assert db.session.scalar(
        sa.select(StrategicSession.id).filter_by(slug="zheleznogorsk-2018-copy")
    )


def test_a_row_the_database_refuses_leaves_nothing_behind(db, document):
    # Two organisations of one name: only the database's unique constraint says no.
    document["organisations"][1]["name"] = document["organisations"][0]["name"]
    refused = _refused(db, document, slug="new")
    assert "База данных отвергла файл" in refused.message


def _with_raw(document: dict, values: dict[tuple, str]) -> bytes:
    """The document as JSON with raw JSON text put at each path of ``values`` (for what
    ``json.dumps`` would never write: NaN, a 5,000-digit number, deep nesting)."""
    document = copy.deepcopy(document)
    for number, path in enumerate(values):
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = f"@raw{number}@"
    raw = session_json.dumps(document).decode("utf-8")
    for number, text in enumerate(values.values()):
        raw = raw.replace(f'"@raw{number}@"', text)
    return raw.encode("utf-8")


def test_numbers_no_column_can_hold_and_control_characters_are_refused_where_they_are(db, document):
    # Issue 12: each of these was a 500 or was accepted and then broke pages and exports.
    document["organisations"][0]["name"] = "АО\x00 «Бета»"
    document["criteria"][0]["level_descriptions"]["5\x07"] = "средне"
    raw = _with_raw(
        document,
        {
            ("criteria", 0, "weight"): "NaN",
            ("criteria", 1, "weight"): "-Infinity",
            ("criteria", 2, "weight"): "1e999",
            ("projects", 0, "start_year"): "7" * 5000,
            ("agenda", 0, "position"): str(2**70),
        },
    )
    refused = _refused(db, raw, slug="new")
    assert "Файл не импортирован" in refused.message
    joined = "\n".join(refused.errors)
    for path, number in [
        ("criteria[0].weight", "NaN"),
        ("criteria[1].weight", "-Infinity"),
        ("criteria[2].weight", "1e999"),
        ("projects[0].start_year", "7" * 24),
        ("agenda[0].position", str(2**70)),
    ]:
        assert f"{path}: число «{number}» нельзя сохранить" in joined
    assert "organisations[0].name: управляющий символ U+0000 в тексте" in joined
    assert "criteria[0].level_descriptions.5?: управляющий символ в ключе" in joined


def test_out_of_range_numbers_level_keys_and_slugs_are_refused_where_they_are(db, document):
    original = copy.deepcopy(document)
    document["agenda"][0]["position"] = 2**40
    document["criteria"][0]["weight"] = 1e300
    document["criteria"][1]["level_descriptions"] = {"high": "высоко"}
    document["criteria"][2]["level_descriptions"] = {"11": "сверх шкалы"}
    # NUMERIC(18, 2) with amount >= 0: a numeric overflow (PostgreSQL) or a CHECK failure, 500s.
    document["projects"][0]["resources"][0]["amount"] = 1e20
    document["projects"][0]["resources"][1]["amount"] = -5
    document["projects"][0]["indicators"][0]["target"] = "12345678901234567"
    joined = "\n".join(_refused(db, document, slug="new").errors)
    assert (
        "projects[0].resources[0].amount: ожидается не больше 16 цифр до десятичной запятой"
        in joined
    )
    assert "projects[0].resources[1].amount: ожидается число не меньше 0" in joined
    assert (
        "projects[0].indicators[0].target: ожидается не больше 16 цифр до десятичной запятой"
        in joined
    )
    assert "agenda[0].position: ожидается целое число от -2147483648 до 2147483647" in joined
    assert "criteria[0].weight: ожидается число от 0 до 1000" in joined
    assert "criteria[1].level_descriptions: уровень «high» — не целое число" in joined
    assert "criteria[2].level_descriptions: уровень 11 вне шкалы" in joined
    for slug in ['zh"2018', "zh\r\n2018", "zh/2018", "..", "../zh", "Zh-2018"]:
        bad = copy.deepcopy(original)
        bad["session"]["slug"] = slug
        errors = _refused(db, bad).errors
        assert errors == ["session.slug: ожидаются строчные латинские буквы, цифры и дефисы"]
        refused = _refused(db, original, slug=slug)
        assert "не годится для адреса сессии" in refused.message


def test_nesting_deeper_than_an_export_is_refused_with_where_it_is(db, document):
    deep = _with_raw(document, {("projects", 0, "remarks"): "[" * 40 + "]" * 40})
    errors = _refused(db, deep, slug="new").errors
    assert errors == [f"projects[0].remarks{'[0]' * 29}: вложенность глубже 32 уровней"]
    # Deeper than Python's JSON reader follows: refused with the line and column.
    raw = session_json.dumps({"format": "x"}).decode("utf-8")
    bomb = raw.replace("}", ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}").encode("utf-8")
    refused = _refused(db, bomb)
    text = bomb.decode("utf-8")
    deepest = text.rindex("[")
    line = text.count("\n", 0, deepest) + 1
    column = deepest - text.rfind("\n", 0, deepest)
    assert f"слишком глубоко (строка {line}, столбец {column})" in refused.message


def test_cli_export_and_import_json(app, db, runner, tmp_path):
    _demo_session(db)
    path = tmp_path / "session.json"
    result = runner.invoke(args=["export", "json", "--session", DEMO, "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_text("utf-8"))["session"]["slug"] == DEMO
    result = runner.invoke(args=["import", "json", str(path)])
    assert result.exit_code == 1
    assert "already exists" in result.output or "уже есть" in result.output
    result = runner.invoke(args=["import", "json", str(path), "--slug", "cli-copy"])
    assert result.exit_code == 0, result.output
    assert "cli-copy" in result.output
    broken = tmp_path / "broken.json"
    broken.write_bytes(path.read_bytes()[:1000])
    result = runner.invoke(args=["import", "json", str(broken), "--slug", "broken"])
    assert result.exit_code == 1
    assert db.session.scalar(sa.select(StrategicSession.id).filter_by(slug="broken")) is None


def test_admin_imports_a_file_from_the_page(app, db, client, auth):
    _demo_session(db)
    admin = factories.make_user(is_admin=True)
    db.session.commit()
    raw = session_json.dumps(
        session_json.export_session(
            db.session.scalar(sa.select(StrategicSession).filter_by(slug=DEMO))
        )
    )
    auth.login(admin)
    response = client.post(
        "/import/session",
        data={"file": (io.BytesIO(raw), "session.json"), "slug": "from-page"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/s/from-page/")
    bad = json.loads(raw)
    bad["projects"][0]["direction"] = "direction-99"
    response = client.post(
        "/import/session",
        data={"file": (io.BytesIO(json.dumps(bad).encode()), "bad.json"), "slug": "bad"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Файл не импортирован" in page
    assert "projects[0].direction: неизвестная ссылка «direction-99»" in page
    assert db.session.scalar(sa.select(StrategicSession.id).filter_by(slug="bad")) is None


# ---------------------------------------------------------------------------------------------
# Version 1 files (memberships beside the participants)
# ---------------------------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def _access(db, strategic_session) -> dict:
    """``{e-mail: {"roles": [...], "groups": [titles]}}`` of every account let into the session."""
    access = {}
    for user in db.session.scalars(sa.select(User).order_by(User.email)):
        roles = sorted(role.value for role in user.roles_in(strategic_session))
        if roles:
            groups = group_ids_of(user, strategic_session)
            titles = sorted(db.session.get(WorkingGroup, group).title for group in groups)
            access[user.email] = {"roles": roles, "groups": titles}
    return access


def test_a_version_1_file_is_read_and_its_import_written_as_version_2(app, db):
    """``session_v1.json``: the demo session exported by the last version 1 release, with a
    facilitator appointed from the admin area (a membership, no participant) and the observer
    appointed facilitator too (two roles); ``session_v1_access.json``: every account's roles
    and groups in it there. Each account keeps its access; of two roles, the first of
    facilitator, moderator, member, expert, observer."""
    old = json.loads((DATA / "session_v1.json").read_text(encoding="utf-8"))
    assert old["schema_version"] == 1 and old["memberships"]
    session_json.import_session(old, slug="from-v1")
    db.session.commit()
    imported = db.session.scalar(sa.select(StrategicSession).filter_by(slug="from-v1"))
    expected = json.loads((DATA / "session_v1_access.json").read_text(encoding="utf-8"))
    assert expected["observer@demo.sessiontrack.example"]["roles"] == ["facilitator", "observer"]
    expected["observer@demo.sessiontrack.example"]["roles"] = ["facilitator"]  # folded
    assert _access(db, imported) == expected
    appointed = db.session.scalar(
        sa.select(Participant)
        .join(User, User.id == Participant.user_id)
        .where(Participant.session_id == imported.id, User.email == "appointed@example.org")
    )
    assert (appointed.full_name, appointed.email) == (
        "Назначенный модератор",
        "appointed@example.org",
    )
    assert len(old["participants"]) + 1 == db.session.scalar(
        sa.select(sa.func.count()).where(Participant.session_id == imported.id)
    )

    written = session_json.export_session(imported)
    assert written["schema_version"] == 3 == session_json.SCHEMA_VERSION
    assert "memberships" not in written
    session_json.import_session(session_json.loads(session_json.dumps(written)), slug="from-v2")
    db.session.commit()
    again = db.session.scalar(sa.select(StrategicSession).filter_by(slug="from-v2"))
    assert _without_volatile(session_json.export_session(again)) == _without_volatile(written)
    assert _access(db, again) == expected


def test_memberships_in_a_version_2_file_are_refused(db, document):
    document["memberships"] = []
    assert "«memberships»" in " ".join(_refused(db, document, slug="new").errors)


def _carried(old, new, path: str = "") -> list[str]:
    """Where ``new`` lacks or changes what ``old`` holds (a later version may add keys)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            problem
            for key, value in old.items()
            for problem in (
                _carried(value, new[key], f"{path}.{key}") if key in new else [f"{path}.{key}"]
            )
        ]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            problem
            for number, (before, after) in enumerate(zip(old, new, strict=True))
            for problem in _carried(before, after, f"{path}[{number}]")
        ]
    return [] if old == new else [path]


def test_a_version_2_file_is_read_and_its_import_written_as_version_3(app, db):
    """``session_v2.json``: the completed demo session exported at schema version 2. It is
    read as it is, written again as version 3 with all it carried, and round-trips."""
    old = json.loads((DATA / "session_v2.json").read_text(encoding="utf-8"))
    assert old["schema_version"] == 2 and old["session"]["slug"] == "severny-demo"
    session_json.import_session(copy.deepcopy(old), slug="from-v2")
    db.session.commit()
    imported = db.session.scalar(sa.select(StrategicSession).filter_by(slug="from-v2"))

    written = session_json.export_session(imported)
    assert written["schema_version"] == 3 == session_json.SCHEMA_VERSION
    assert [p["full_name"] for p in written["participants"]] == [
        p["full_name"] for p in old["participants"]
    ]
    assert len(written["projects"]) == 6 and len(written["scorecards"]) == 18
    assert len(written["investor_interest"]) == 2
    for key in ("participants", "projects", "scorecards", "investor_interest", "forum_funds"):
        assert _carried(old[key], written[key], key) == []
    volatile = [".exported_at", ".schema_version", ".session.slug"]
    assert sorted(_carried(old, written)) == volatile

    session_json.import_session(session_json.loads(session_json.dumps(written)), slug="from-v3")
    db.session.commit()
    again = db.session.scalar(sa.select(StrategicSession).filter_by(slug="from-v3"))
    assert _without_volatile(session_json.export_session(again)) == _without_volatile(written)
