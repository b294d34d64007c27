"""Import of participants and organisations: real-shaped files, the preview, all or nothing."""

import io
import re

import openpyxl
import pytest
import sqlalchemy as sa

from sessiontrack.audit.models import AuditEntry
from sessiontrack.core.errors import DomainError
from sessiontrack.people import imports
from sessiontrack.people.imports import plan_import, read_table
from sessiontrack.people.models import (
    ExpertKind,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
)
from sessiontrack.sessions.access import group_ids_of

from . import factories
from .import_files import (
    GROUPS,
    cp1251_bytes,
    cp1251_fixed,
    database_snapshot,
    spreadsheet_bomb,
    utf8_bom_bytes,
    xlsx_bytes,
)


@pytest.fixture
def session_with_groups(db):
    """A session with the working groups the test files name."""
    strategic_session = factories.make_session()
    direction = factories.make_direction(strategic_session)
    for title in GROUPS:
        factories.make_group(direction, title=title)
    db.session.commit()
    return strategic_session


def _plan(strategic_session, data: bytes, filename: str = "people.csv"):
    return plan_import(strategic_session, read_table(data, filename))


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _imported_people(db) -> int:
    """The participants without an account: the facilitator's own row aside."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Participant).where(Participant.user_id.is_(None))
    )


# ---------------------------------------------------------------------------------------------
# Reading files as people have them
# ---------------------------------------------------------------------------------------------


def test_windows_1251_file_with_semicolons_and_an_excel_number_column():
    table = read_table(cp1251_bytes(), "Участники.csv")
    assert table.has_people
    assert table.ignored == ["№ п/п"]
    assert [row.line for row in table.rows] == [2, 3, 4, 5, 6]
    assert table.rows[0].values["full_name"] == "Иванов Иван Иванович"
    assert table.rows[1].values["organisation"] == "ФГУП «ГХК»"
    # A quoted cell keeps its semicolon and its doubled quotes.
    assert table.rows[2].values["organisation"] == 'ООО "Вектор; Плюс"'
    assert table.rows[2].values["full_name"] == "Сидоров Пётр Алексеевич"


def test_utf8_file_with_bom_commas_and_english_headers():
    table = read_table(utf8_bom_bytes(), "participants.csv")
    assert set(table.columns) >= {"full_name", "organisation", "email", "role", "working_group"}
    assert table.columns["full_name"] == "Full name"  # no BOM glued to the first header
    assert table.rows[2].values["position"] == "Investment director, partner"


def test_xlsx_with_a_phone_stored_as_a_number():
    table = read_table(xlsx_bytes(), "участники.xlsx")
    assert table.rows[0].values["phone"] == "79131234567"
    assert table.rows[1].values["full_name"] == "Ковалёва Марина"


def test_an_unknown_group_in_a_session_without_groups_says_what_to_do(app, db):
    strategic_session = factories.make_session()
    plan = _plan(strategic_session, _csv("ФИО;Рабочая группа\nАнна;Дворы\n"))
    assert plan.problems[0].message == (
        "Неизвестная рабочая группа «Дворы». В сессии пока нет рабочих групп: сначала создайте их."
    )


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"a;b\n1;2\n", "people.xls", "Старые файлы Excel (.xls) не читаются"),
        (b"%PDF-1.4", "people.pdf", "Загрузите файл CSV или XLSX."),
        (b"", "people.csv", "Файл пуст."),
        (b"\x00\x01\x02binary", "people.csv", "Это не текстовый файл CSV"),
        (b"PK\x03\x04 not really a workbook", "people.xlsx", "Файл не является книгой XLSX."),
        ("Номер;Дата\n1;2\n".encode(), "people.csv", "В первой строке должны быть названия"),
        ("ФИО;Организация\n".encode(), "people.csv", "нет строк с данными"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(app, data, filename, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        read_table(data, filename)


@pytest.mark.parametrize(
    "bomb",
    [
        {},  # the sheet claims every row and column Excel has
        {"dimension": "A1:G4", "last_row": 1048576},  # claims little, but a cell lies far below
        {"dimension": "A1:G4", "last_row": imports.MAX_ROWS + 2},
    ],
)
def test_a_sheet_beyond_the_row_limit_is_refused_unread(app, bomb):
    with pytest.raises(DomainError, match="В листе больше 5001 строк"):
        read_table(spreadsheet_bomb(**bomb), "people.xlsx")


def test_a_sheet_declaring_empty_columns_far_to_the_right_is_read(app):
    # LibreOffice declares formatted empty columns (up to AMJ, the 1024th): not a reason to
    # refuse the list, and no column past the limit is read.
    table = read_table(spreadsheet_bomb(dimension="A1:AMJ5", last_row=5), "people.xlsx")
    assert [row.values["full_name"] for row in table.rows] == [
        "Лебедев Игорь",
        "Ковалёва Марина",
        "Орлов Семён",
        "x",
    ]


def test_empty_lines_count_toward_the_row_limit(app):
    header, person = "ФИО;Организация\n".encode(), "Иванов;АО\n".encode()
    fits = header + b"\n" * (imports.MAX_ROWS - 1) + person
    assert [row.line for row in read_table(fits, "people.csv").rows] == [imports.MAX_ROWS + 1]
    with pytest.raises(DomainError, match="В файле больше 5000 строк после заголовка"):
        read_table(header + b"\n" * imports.MAX_ROWS + person, "people.csv")


def test_a_file_without_names_is_a_list_of_organisations(app, session_with_groups, db):
    factories.make_organisation(session_with_groups, name="ФГУП «ГХК»")
    data = _csv("Организация;Вид организации\nФГУП «ГХК»;ФГУП\nООО «Вектор»;бизнес\n;наука\n")
    plan = _plan(session_with_groups, data)
    assert [(o.name, o.kind) for o in plan.new_organisations] == [
        ("ООО «Вектор»", OrganisationKind.BUSINESS)
    ]
    assert plan.unchanged_lines == [2]
    assert [(p.line, p.message) for p in plan.problems] == [(4, "Не указано название организации.")]


# ---------------------------------------------------------------------------------------------
# The plan: what would change, and every bad row with its line and reason
# ---------------------------------------------------------------------------------------------


def test_plan_of_the_windows_1251_file(session_with_groups):
    plan = _plan(session_with_groups, cp1251_bytes())
    assert [(p.line, p.message) for p in plan.problems] == [
        (
            6,
            "Неизвестная рабочая группа «Космос и связь». "
            "Группы сессии: «Точки роста», «Городская среда».",
        )
    ]
    assert not plan.can_apply
    assert {o.name for o in plan.new_organisations} == {
        "Администрация ЗАТО г. Железногорск",
        "ФГУП «ГХК»",
        'ООО "Вектор; Плюс"',
        "Научно-образовательный консорциум",
    }
    kinds = {o.name: (o.kind, o.kind_guessed) for o in plan.new_organisations}
    assert kinds["ФГУП «ГХК»"] == (OrganisationKind.FEDERAL_ENTERPRISE, True)  # from the name
    assert kinds['ООО "Вектор; Плюс"'] == (OrganisationKind.BUSINESS, False)
    people = {row.values["full_name"]: row.values for row in plan.new_participants}
    assert people["Иванов Иван Иванович"]["email"] == "ivanov@adm.example.ru"
    assert people["Иванов Иван Иванович"]["role"] == ParticipantRole.MODERATOR
    assert people["Кузнецова Ольга Викторовна"]["expert_kind"] == ExpertKind.EXPERT


def test_plan_of_the_utf8_file_reports_the_missing_name(session_with_groups):
    plan = _plan(session_with_groups, utf8_bom_bytes())
    assert [(p.line, p.message) for p in plan.problems] == [(3, "Не указаны ФИО.")]
    volkov = next(r for r in plan.new_participants if r.values["full_name"] == "Dmitry Volkov")
    assert volkov.values["role"] == ParticipantRole.EXPERT
    assert volkov.values["expert_kind"] == ExpertKind.INVESTOR


def test_plan_of_the_xlsx_file_reports_the_repeated_email(session_with_groups):
    plan = plan_import(session_with_groups, read_table(xlsx_bytes(), "people.xlsx"))
    assert [(p.line, p.message) for p in plan.problems] == [
        (4, "Адрес lebedev@ngo.example.ru уже встречается в строке 2.")
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (";ООО «Вектор»;;", "Не указаны ФИО."),
        ("Анна Петрова;;;Кружок", "Неизвестная рабочая группа «Кружок»."),
        ("Анна Петрова;;;;волшебник", "Неизвестная роль «волшебник»."),
        ("Анна Петрова;;anna@;;", "Неправильный адрес электронной почты «anna@»."),
        ("Анна Петрова;ООО «Вектор»;;;;завод", "Неизвестный вид организации «завод»."),
        (
            "Анна Петрова;;anna@example.org;;\nАнна Петрова;;ANNA@example.org;;",
            "Адрес anna@example.org уже встречается в строке 2.",
        ),
        ("Анна Петрова;;;;гость\nАнна Петрова;;;;гость", "Анна Петрова: повтор строки 2."),
        ("Анна Петрова;;;;участник группы", "Анна Петрова — «Участник группы»: укажите"),
        ("Анна Петрова;;;;", "Анна Петрова — «Участник группы»: укажите"),
        (
            "Анна Петрова;;taken@example.org;;",
            "Адрес taken@example.org в этой сессии принадлежит участнику Борис Сергеев.",
        ),
    ],
)
def test_every_bad_row_is_reported_with_its_line(session_with_groups, db, rows, message):
    factories.make_participant(
        session_with_groups, full_name="Борис Сергеев", email="taken@example.org"
    )
    header = "ФИО;Организация;Эл. почта;Рабочая группа;Роль;Вид организации\n"
    plan = _plan(session_with_groups, _csv(header + rows + "\n"))
    assert any(problem.message.startswith(message) for problem in plan.problems), plan.problems
    assert not plan.can_apply


def test_reimporting_the_same_file_creates_no_duplicates(session_with_groups, db):
    data = cp1251_fixed()
    counts = imports.apply_import(session_with_groups, _plan(session_with_groups, data))
    db.session.commit()
    assert counts == {"organisations": 5, "created": 5, "updated": 0, "unchanged": 0, "skipped": []}
    again = _plan(session_with_groups, data)
    assert not again.problems and not again.has_changes
    assert again.unchanged_lines == [2, 3, 4, 5, 6]
    assert _imported_people(db) == 5 and _count(db, Organisation) == 5


def test_a_changed_row_updates_the_person_it_matches(session_with_groups, db):
    imports.apply_import(session_with_groups, _plan(session_with_groups, cp1251_fixed()))
    db.session.commit()
    changed = (
        cp1251_fixed()
        .decode("cp1251")
        .replace("Инженер-технолог", "Главный технолог")
        .replace("petrova@gkhk.example.ru", "")
    )
    plan = _plan(session_with_groups, changed.encode("cp1251"))
    assert [row.values["full_name"] for row in plan.updated_participants] == [
        "Петрова Анна Сергеевна"
    ]
    row = plan.updated_participants[0]
    # Matched by name and organisation; the empty e-mail cell erases nothing.
    assert row.change_rows() == [("position", "Инженер-технолог", "Главный технолог")]
    imports.apply_import(session_with_groups, plan, filename="people.csv")
    db.session.commit()
    petrova = db.session.scalar(sa.select(Participant).filter_by(email="petrova@gkhk.example.ru"))
    assert petrova.position == "Главный технолог"
    entry = db.session.scalar(
        sa.select(AuditEntry).filter_by(object_type="participant", object_id=petrova.id,
                                        action="update")
    )  # fmt: skip
    assert entry.changes == {"position": ["Инженер-технолог", "Главный технолог"]}


def test_an_updated_member_with_an_account_moves_with_their_group(session_with_groups, db):
    groups = {g.title: g for d in session_with_groups.directions for g in d.groups}
    user = factories.make_user("anna@example.org")
    factories.make_participant(
        session_with_groups,
        full_name="Анна Петрова",
        email="anna@example.org",
        user_id=user.id,
        working_group_id=groups["Точки роста"].id,
    )
    db.session.commit()
    data = _csv("ФИО;Эл. почта;Рабочая группа\nАнна Петрова;anna@example.org;Городская среда\n")
    imports.apply_import(session_with_groups, _plan(session_with_groups, data))
    db.session.commit()
    db.session.refresh(user)
    assert group_ids_of(user, session_with_groups) == {groups["Городская среда"].id}


# ---------------------------------------------------------------------------------------------
# Through the pages: upload → preview → confirm or cancel
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def session(session_with_groups):
    """The session the ``facilitator`` fixture facilitates."""
    return session_with_groups


def _upload(client, strategic_session, data: bytes, filename: str, **fields):
    return client.post(
        f"/s/{strategic_session.slug}/people/import",
        data={"file": (io.BytesIO(data), filename), "default_kind": "business", **fields},
        content_type="multipart/form-data",
    )


def test_preview_lists_the_bad_row_and_writes_nothing(client, facilitator, session_with_groups, db):
    before = database_snapshot()
    response = _upload(client, session_with_groups, cp1251_bytes(), "Участники.csv")
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "1 ошибка в 1 строке" in page
    assert "<td>6</td><td>Неизвестная рабочая группа «Космос и связь». Группы сессии:" in page
    assert "Иванов Иван Иванович" in page and "Новые организации" in page
    assert ">Импортировать</button>" not in page  # nothing can be confirmed
    assert database_snapshot() == before


def test_problems_and_the_rows_they_are_in_are_counted_apart(
    client, facilitator, session_with_groups, db
):
    header = "ФИО;Организация;Эл. почта;Рабочая группа;Роль\n"
    rows = ";ООО «Вектор»;anna@;Кружок;гость\nВера Орлова;;;Точки роста;участник\n"
    plan = _plan(session_with_groups, _csv(header + rows))
    assert (len(plan.problems), plan.problem_lines) == (3, [2])
    location = _upload(client, session_with_groups, _csv(header + rows), "people.csv").location
    page = client.get(location).get_data(as_text=True)
    assert "3 ошибки в 1 строке" in page
    assert 'class="fs-4">1</div><div class="small">Строки с ошибками' in page


def test_the_valid_rows_can_be_imported_and_the_bad_ones_skipped(
    client, facilitator, session_with_groups, db
):
    location = _upload(client, session_with_groups, cp1251_bytes(), "Участники.csv").location
    page = client.get(location).get_data(as_text=True)
    assert "Импортировать корректные строки, пропустить ошибочные" in page
    assert ">Импортировать</button>" not in page
    response = client.post(
        location + "/confirm", data={"skip_problems": "y"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "новых организаций — 4, новых участников — 4" in page
    assert "Строка 6 пропущена из-за ошибок" in page
    names = set(
        db.session.scalars(sa.select(Participant.full_name).where(Participant.user_id.is_(None)))
    )
    assert "Смирнов Алексей Николаевич" not in names and len(names) == 4
    # Nothing of the skipped line is written, not even its organisation.
    assert db.session.scalar(sa.select(Organisation).filter_by(name="АО «ИСС»")) is None
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="import"))
    assert entry.changes["skipped"] == [6] and entry.changes["created"] == 4
    log = client.get(f"/s/{session_with_groups.slug}/audit/").get_data(as_text=True)
    assert "Строки, пропущенные из-за ошибок" in log


def test_confirming_a_file_with_problems_writes_nothing(
    client, facilitator, session_with_groups, db
):
    location = _upload(client, session_with_groups, utf8_bom_bytes(), "people.csv").location
    before = database_snapshot()
    response = client.post(location + "/confirm", follow_redirects=True)
    assert "В файле есть ошибки или нечего импортировать: ничего не записано." in (
        response.get_data(as_text=True)
    )
    assert database_snapshot() == before


def test_cancelled_import_leaves_the_database_as_it_was(
    client, facilitator, session_with_groups, db
):
    before = database_snapshot()
    location = _upload(client, session_with_groups, cp1251_fixed(), "people.csv").location
    response = client.post(location + "/cancel", follow_redirects=True)
    assert "Импорт отменён: ничего не изменено." in response.get_data(as_text=True)
    assert database_snapshot() == before
    assert client.get(location).status_code == 404  # the stored file is gone


def test_confirmed_import_writes_every_row_once(client, facilitator, session_with_groups, db):
    location = _upload(client, session_with_groups, cp1251_fixed(), "people.csv").location
    response = client.post(location + "/confirm", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Импорт выполнен: новых организаций — 5, новых участников — 5, обновлено — 0." in page
    assert "Смирнов Алексей Николаевич" in page
    assert _imported_people(db) == 5
    summary = db.session.scalar(sa.select(AuditEntry).filter_by(action="import"))
    assert summary.user_id == facilitator.id and "people.csv" in summary.summary
    assert client.post(location + "/confirm").status_code == 404  # used up
    # The same file again: nothing new to write.
    location = _upload(client, session_with_groups, cp1251_fixed(), "people.csv").location
    page = client.get(location).get_data(as_text=True)
    assert "Всё из этого файла уже есть в сессии." in page
    assert _imported_people(db) == 5


def test_a_second_confirmation_at_the_same_moment_imports_nothing(
    client, facilitator, session_with_groups, db
):
    location = _upload(client, session_with_groups, cp1251_fixed(), "people.csv").location
    token = location.rsplit("/", 1)[1]
    before = database_snapshot()
    with imports.claimed_upload(token):  # the first click is still writing
        response = client.post(location + "/confirm", follow_redirects=True)
    assert "Этот файл уже импортируется или импортирован." in response.get_data(as_text=True)
    assert database_snapshot() == before


def test_a_failure_while_writing_leaves_the_database_as_it_was(
    client, facilitator, session_with_groups, db, monkeypatch
):
    location = _upload(client, session_with_groups, cp1251_fixed(), "people.csv").location
    before = database_snapshot()
    calls = {"count": 0}
    original = imports.audit.record

    def failing_record(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 8:  # after the organisations and a few participants are flushed
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(imports.audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        client.post(location + "/confirm")
    assert calls["count"] == 8
    assert database_snapshot() == before
    monkeypatch.setattr(imports.audit, "record", original)
    client.post(location + "/confirm")  # the upload was released: it can be retried
    assert _imported_people(db) == 5


def test_the_xlsx_file_imports_once_fixed(client, facilitator, session_with_groups, db):
    from .import_files import XLSX_ROWS

    fixed = [list(row) for row in XLSX_ROWS]
    fixed[3][3] = "orlov@iss.example.ru"
    location = _upload(client, session_with_groups, xlsx_bytes(fixed), "people.xlsx").location
    client.post(location + "/confirm")
    kovaleva = db.session.scalar(sa.select(Participant).filter_by(full_name="Ковалёва Марина"))
    assert kovaleva.role == ParticipantRole.MODERATOR
    assert kovaleva.working_group.title == "Точки роста"


def test_upload_of_another_type_is_refused_at_the_field(client, facilitator, session_with_groups):
    response = _upload(client, session_with_groups, b"%PDF-1.4", "people.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="file-error"' in page and "Загрузите файл CSV или XLSX." in page


def test_upload_over_the_size_limit_is_refused_at_the_field(
    app, client, facilitator, session_with_groups
):
    app.config["IMPORT_MAX_BYTES"] = 1024
    response = _upload(client, session_with_groups, b"x" * 2048, "people.csv")
    assert response.status_code == 422
    assert "Файл больше 1 КБ." in response.get_data(as_text=True)


def test_unreadable_file_is_refused_at_the_field(client, facilitator, session_with_groups):
    response = _upload(client, session_with_groups, "Номер;Дата\n1;2\n".encode(), "people.csv")
    assert response.status_code == 422
    assert "В первой строке должны быть названия столбцов" in response.get_data(as_text=True)


def test_an_upload_belongs_to_its_session_and_its_facilitator(
    app, client, facilitator, session_with_groups, db
):
    location = _upload(client, session_with_groups, cp1251_fixed(), "people.csv").location
    token = location.rsplit("/", 1)[1]
    other_facilitator = factories.make_member(session_with_groups, ParticipantRole.FACILITATOR)
    other_session = factories.make_session()
    factories.make_participation(facilitator, other_session, ParticipantRole.FACILITATOR)
    db.session.commit()
    assert client.get(f"/s/{other_session.slug}/people/import/{token}").status_code == 404
    other = app.test_client()
    other.post(
        "/auth/login", data={"email": other_facilitator.email, "password": factories.PASSWORD}
    )
    assert other.get(location).status_code == 404
    assert other.post(location + "/confirm").status_code == 404
    assert client.get(f"/s/{session_with_groups.slug}/people/import/..%2Fsecret").status_code == 404


def test_import_page_in_english(client, facilitator, session_with_groups):
    client.post("/language", data={"language": "en"})
    page = client.get(f"/s/{session_with_groups.slug}/people/import").get_data(as_text=True)
    assert "Import participants and organisations" in page
    response = _upload(client, session_with_groups, utf8_bom_bytes(), "people.csv")
    page = client.get(response.location).get_data(as_text=True)
    assert "The name (ФИО) is missing." in page and "1 problem in 1 row" in page


# ---------------------------------------------------------------------------------------------
# Hostile text in the cells (issue 12)
# ---------------------------------------------------------------------------------------------


def test_control_characters_are_dropped_from_imported_text(
    client, facilitator, session_with_groups, db
):
    # NUL after the first 4 KB (where the binary check looks) and other control characters:
    # PostgreSQL refuses NUL, and openpyxl refuses the others in the expert's paper sheet.
    header = "ФИО;Организация;Должность;Роль;Примечание\n"
    rows = f"Смирнова Ольга;АО «Альфа»;Инженер;гость;{'x' * 4096}\n"
    rows += "Ива\x00нов\x01 Пётр;АО «Бе\x0bта»;Глав\x1bный\tинженер;эксперт;\n"
    data = (header + rows).encode()
    assert b"\x00" not in data[:4096]
    location = _upload(client, session_with_groups, data, "people.csv").location
    response = client.post(location + "/confirm", follow_redirects=True)
    assert "новых участников — 2" in response.get_data(as_text=True)
    expert = db.session.scalar(sa.select(Participant).filter_by(role=ParticipantRole.EXPERT))
    assert expert.full_name == "Иванов Пётр"
    assert expert.organisation.name == "АО «Бета»"
    assert expert.position == "Главный\tинженер"  # a tab is text, as in the forms
    sheet = client.get(f"/s/{session_with_groups.slug}/review/paper/{expert.id}/sheet.xlsx")
    assert sheet.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.data))
    assert workbook.worksheets[0]["A1"].value.endswith("Иванов Пётр")


def test_a_cell_longer_than_its_field_is_a_line_error(client, facilitator, session_with_groups, db):
    position = "Инженер " * 40  # 320 characters; the column holds 300
    data = f"ФИО;Должность\nАнна Петрова;Аналитик\nБорис Сергеев;{position}\n".encode()
    before = database_snapshot()
    location = _upload(client, session_with_groups, data, "people.csv").location
    page = client.get(location).get_data(as_text=True)
    assert "<td>3</td><td>«Должность»: длиннее 300 символов.</td>" in page
    client.post(location + "/confirm")
    assert database_snapshot() == before
    sheet = xlsx_bytes([["ФИО", "Организация"], ["Анна Петрова", "А" * 200_000]])
    plan = plan_import(session_with_groups, read_table(sheet, "people.xlsx"))
    assert [(p.line, p.message) for p in plan.problems] == [
        (2, "«Организация»: длиннее 300 символов.")
    ]


def test_a_csv_cell_over_128_kb_is_refused_at_the_field(client, facilitator, session_with_groups):
    data = f"ФИО;Должность\nАнна Петрова;{'x' * 140_000}\n".encode()
    response = _upload(client, session_with_groups, data, "people.csv")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and "Строку 2 не прочитать" in page


def test_an_upload_removed_meanwhile_by_another_request_does_not_break_a_new_one(app, db):
    """Storing an upload sweeps out old ones; a file that another request confirms or cancels
    between the listing and its turn (here: a link to nothing, which the sweep lists but cannot
    read) is passed over, not a 500."""
    from pathlib import Path

    from sessiontrack.people.models import OrganisationKind

    strategic_session = factories.make_session()
    user = factories.make_user()
    db.session.commit()
    directory = Path(app.instance_path) / "imports"
    directory.mkdir(exist_ok=True)
    (directory / "gone-meanwhile.json").symlink_to(directory / "no-such-file")
    token = imports.store_upload(
        strategic_session, user, "people.csv", b"x", OrganisationKind.BUSINESS
    )
    assert imports.load_upload(token, strategic_session, user)[1] == b"x"
    (directory / "gone-meanwhile.json").unlink()
