"""PDF (read back with pypdf) and DOCX (read back with python-docx) documents."""

import io
import re

import docx
import pypdf

from sessiontrack.exports import services
from sessiontrack.projects.models import ProjectState

from . import factories
from .export_data import OTHER_COMMENT, SECRET_COMMENT, make_forum_session


def _pdf(world, fmt_name, user=None, **options) -> pypdf.PdfReader:
    export_format, name = fmt_name.split(":")
    export = services.build(
        world.session, services.ExportRequest(export_format, name, **options), user=user
    )
    assert export.content.startswith(b"%PDF")
    return pypdf.PdfReader(io.BytesIO(export.content))


def _text(reader: pypdf.PdfReader) -> str:
    """All the text, with the line breaks and double spaces of justified lines folded."""
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _fonts(reader: pypdf.PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"], "the font is not embedded"
            fonts.add(str(font["/BaseFont"]))
    return fonts


def test_passport_pdf_has_the_whole_passport_in_cyrillic_with_embedded_fonts(app):
    world = make_forum_session()
    project = world.projects["embankment"]
    reader = _pdf(world, "pdf:passport", project_id=project.id)
    text = _text(reader)
    for expected in (
        "Паспорт проекта",
        "Набережная Енисея",
        "Городская среда",
        "Проблема: износ сетей 70 %",
        "Организации-партнёры",
        "Целевые показатели",
        "Ресурсы",
        "Федеральный бюджет",
        "12,5",
        "Финансовые ресурсы, итого",
        "Ключевые этапы",
        "Design documents",
        "01.01.2019 – 30.06.2019",
        "Временная шкала",
    ):
        assert expected in text, expected
    assert any("DejaVu" in name for name in _fonts(reader))
    # Scores appear in documents only after publication, even for facilitators.
    assert "Экспертиза" not in text
    assert SECRET_COMMENT not in text


def test_passport_after_publication_carries_the_scores(app):
    world = make_forum_session()
    world.publish()
    project = world.projects["embankment"]
    text = _text(_pdf(world, "pdf:passport", project_id=project.id, user=world.users["member"]))
    assert "Итоговый балл (0–100) 73,3" in text
    assert "Место 2" in text
    assert SECRET_COMMENT in text and OTHER_COMMENT in text


def test_forum_book_has_title_contents_with_page_numbers_and_only_recommended_projects(app):
    world = make_forum_session()
    for key in ("embankment", "heating"):
        world.projects[key].stages[0].title = f"Этап проекта {key}"
    factories.db.session.commit()
    reader = _pdf(world, "pdf:book")
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    assert "VII Международный инновационный форум" in pages[0]
    assert "Проектов, рекомендованных на форум: 2" in pages[0]
    contents = pages[1].partition("Содержание")[2]
    assert contents
    text = " ".join(pages)
    assert "Теплосети без потерь" in text and "Набережная Енисея" in text
    assert "Черновик: дороги к промзоне" not in text
    assert "HYPERLINK" not in text
    # Each contents entry gives the page where its section starts.
    for title, marker in (
        ("Городская среда", "Направление Городская среда"),
        ("Набережная Енисея", "Этап проекта embankment"),
        ("Развитие инфраструктуры и ЖКХ", "Направление Развитие инфраструктуры и ЖКХ"),
        ("Теплосети без потерь", "Этап проекта heating"),
    ):
        number = int(re.search(re.escape(title) + r" (\d+)", contents).group(1))
        start = next(i for i, page in enumerate(pages) if title in page and i > 1) + 1
        assert number == start, title
        assert marker in " ".join(pages[number - 1 : number + 2])
    assert [item["/Title"] for item in reader.outline if not isinstance(item, list)] == [
        "Городская среда",
        "Развитие инфраструктуры и ЖКХ",
    ]
    # Before publication: no scores, no ranking, even in the facilitators' book.
    assert "Рейтинг" not in text and SECRET_COMMENT not in text


def test_forum_book_after_publication_has_scores_and_the_ranking_at_the_end(app):
    world = make_forum_session()
    world.publish()
    reader = _pdf(world, "pdf:book", user=world.users["observer"])
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    assert "Рейтинг" in pages[1]
    last = pages[-1]
    assert "Рейтинг" in last
    positions = [last.index(title) for title in ("Теплосети без потерь", "Набережная Енисея")]
    assert positions == sorted(positions)
    assert "Итоговый балл (0–100) 75,0" in " ".join(pages)


def test_a_non_facilitator_cannot_have_the_book_before_publication(app):
    world = make_forum_session()
    request = services.ExportRequest("pdf", "book")
    for role in ("expert1", "member", "observer"):
        assert not services.can_export(world.users[role], world.session, request)
    assert services.can_export(world.users["facilitator"], world.session, request)


def test_scoring_sheets_per_expert_list_their_projects_with_criteria_and_scale(app):
    world = make_forum_session()
    reader = _pdf(world, "pdf:sheets", user=world.users["expert1"])
    assert len(reader.pages) == 3
    text = _text(reader)
    assert text.count("Эксперт: Эксперт 1") == 3
    assert "Эксперт 2" not in text
    for expected in (
        "Соответствие национальным проектам",
        "Реализуемость",
        "0–10",
        "10: прямая связь",
        "Комментарий для форума и рабочей группы",
    ):
        assert expected in text
    # Blank: no score of theirs or anyone's.
    assert SECRET_COMMENT not in text


def test_scoring_sheets_per_project_for_the_facilitator(app):
    world = make_forum_session()
    reader = _pdf(world, "pdf:sheets", by="project")
    text = _text(reader)
    assert len(reader.pages) == 3
    assert "Эксперт: ____" in text
    assert "Черновик" not in text


def test_minutes_pdf_and_docx_hold_agenda_talks_and_decisions(app):
    world = make_forum_session()
    text = _text(_pdf(world, "pdf:minutes"))
    for expected in (
        "Протокол стратегической сессии",
        "1. Открытие сессии (10:00–10:30)",
        "Национальные проекты и города атомной отрасли",
        "Карен Малхасян",
        "Доработать паспорта проектов до форума",
        "15.11.2018",
    ):
        assert expected in text
    export = services.build(world.session, services.ExportRequest("docx", "minutes"))
    document = docx.Document(io.BytesIO(export.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert world.session.title in paragraphs
    assert "Национальные проекты и города атомной отрасли" in paragraphs
    (decisions,) = document.tables
    assert [cell.text for cell in decisions.rows[0].cells] == [
        "№",
        "Решение",
        "Ответственный",
        "Срок",
        "Статус",
    ]
    assert decisions.rows[1].cells[1].text == "Доработать паспорта проектов до форума"


def test_passport_docx_holds_fields_and_tables(app):
    world = make_forum_session()
    project = world.projects["heating"]
    export = services.build(
        world.session, services.ExportRequest("docx", "passport", project_id=project.id)
    )
    assert export.filename.endswith(f"project-{project.id}-passport.docx")
    document = docx.Document(io.BytesIO(export.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Теплосети без потерь", "Целевые показатели", "Ресурсы", "Ключевые этапы"]
    fields = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert fields["Направление"] == "Развитие инфраструктуры и ЖКХ"
    assert fields["Сроки реализации"] == "2019–2021"
    resources = document.tables[2]
    assert resources.rows[1].cells[2].text == "Федеральный бюджет"
    assert resources.rows[-1].cells[0].text == "Финансовые ресурсы, итого"


def test_forum_book_of_many_projects_reports_progress_and_lists_them_all(app):
    """The book's size is measured by bench/run.py; here its contents at a larger size."""
    world = make_forum_session()
    directions = world.groups
    count = 60
    for number in range(count):
        factories.make_project(
            world.session,
            directions[number % 2],
            complete=True,
            title=f"Проект номер {number}: реконструкция объектов городской среды",
            state=ProjectState.RECOMMENDED,
        )
    factories.db.session.commit()
    steps = []
    export = services.build(
        world.session,
        services.ExportRequest("pdf", "book"),
        progress=lambda done, total: steps.append((done, total)),
    )
    total = steps[-1][1]
    assert steps[-1] == (total, total) and total >= count
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)
    reader = pypdf.PdfReader(io.BytesIO(export.content))
    assert len(reader.pages) > count
    assert "Содержание" in reader.pages[1].extract_text()
    assert "Направление" in "".join(reader.pages[n].extract_text() for n in range(1, 4))
    children = [item for item in reader.outline if isinstance(item, list)]
    assert sum(len(projects) for projects in children) == count + 2
