"""Participant files for the import tests, shaped as people really send them.

``tests/data/`` keeps two CSV files as they come out of Excel and mail clients; the XLSX file is
built here with openpyxl (a binary file in the repository would hide its content from review).
Each file has exactly one bad row; the ``*_fixed`` helpers give the same file corrected.
"""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import sqlalchemy as sa

from sessiontrack.extensions import db

DATA = Path(__file__).parent / "data"
CP1251_CSV = DATA / "participants_cp1251_semicolon.csv"
UTF8_BOM_CSV = DATA / "participants_utf8_bom_comma.csv"
# The working groups the files refer to.
GROUPS = ("Точки роста", "Городская среда")

XLSX_ROWS = [
    ["ФИО", "Организация", "Должность", "Эл. почта", "Телефон", "Роль", "Рабочая группа"],
    ["Лебедев Игорь", "Общественный совет микрорайонов", "Председатель", "lebedev@ngo.example.ru",
     79131234567, "участник", "Городская среда"],
    ["Ковалёва Марина", "Администрация ЗАТО г. Железногорск", "Специалист",
     "kovaleva@adm.example.ru", None, "модератор группы", "Точки роста"],
    ["Орлов Семён", "АО «ИСС»", "Инженер", "lebedev@ngo.example.ru", None, "участник",
     "Точки роста"],
]  # fmt: skip


def cp1251_bytes() -> bytes:
    return CP1251_CSV.read_bytes()


def cp1251_fixed() -> bytes:
    """The Windows-1251 file with its bad row (an unknown working group) corrected."""
    text = cp1251_bytes().decode("cp1251").replace("Космос и связь", "Точки роста")
    return text.encode("cp1251")


def utf8_bom_bytes() -> bytes:
    return UTF8_BOM_CSV.read_bytes()


def xlsx_bytes(rows=None) -> bytes:
    """An Excel workbook of ``rows`` (by default: three people, the third repeating an e-mail)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    for row in rows or XLSX_ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_bomb(rows=None, *, dimension="A1:XFD1048576", last_row=1048576) -> bytes:
    """A workbook of a few kilobytes that claims to be as large as Excel allows: the sheet's
    dimension is ``dimension`` and one more cell sits in row ``last_row``."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows or XLSX_ROWS)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', content.decode()
                )
                cell = f'<c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c>'
                text = text.replace("</sheetData>", f'<row r="{last_row}">{cell}</row></sheetData>')
                content = text.encode()
            bomb.writestr(member, content)
    return buffer.getvalue()


def database_snapshot() -> dict:
    """Every row of every table, to show that something left the database exactly as it was."""
    db.session.expire_all()
    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        snapshot[table.name] = sorted(tuple(str(value) for value in row) for row in rows)
    return snapshot
