"""Comparing two passports field by field and row by row; what a submission lacks."""

import copy

import pytest

from sessiontrack.projects import comparison as comparisons
from sessiontrack.projects import passport as passports
from sessiontrack.projects import services

from .projects_support import group_world, passport


@pytest.fixture
def snapshot(app, db):
    world = group_world()
    project = services.preview_project(world.session, passport(world))
    return passports.snapshot(project)


def _rows(comparison, section):
    return next(s for s in comparison.sections if s.key == section)


def test_identical_passports_have_no_changes(snapshot):
    comparison = comparisons.compare(snapshot, copy.deepcopy(snapshot))
    assert not comparison.has_changes
    assert all(s.rows == [] for s in comparison.sections)
    assert _rows(comparison, "stages").unchanged == 2


def test_changed_fields_show_old_and_new(snapshot):
    new = copy.deepcopy(snapshot)
    new["goal"] = "Другая цель"
    new["end_year"] = 2022
    comparison = comparisons.compare(snapshot, new)
    assert [(c.key, c.old, c.new) for c in comparison.changed_fields] == [
        ("goal", "Создать общественное пространство", "Другая цель"),
        ("end_year", "2021", "2022"),
    ]


def test_rows_added_removed_and_changed_by_content(snapshot):
    new = copy.deepcopy(snapshot)
    new["resources"][0]["amount"] = "120.00"  # same resource, new amount
    del new["resources"][1]  # removed
    new["resources"].append(
        {**snapshot["resources"][0], "description": "Освещение", "amount": "10.00"}
    )  # added
    new["stages"].reverse()  # reordered only: unchanged
    new["stages"][0]["title"] = "Строительство набережной"  # renamed, dates kept: changed
    comparison = comparisons.compare(snapshot, new)
    resources = _rows(comparison, "resources")
    kinds = sorted(row.kind for row in resources.rows)
    assert kinds == ["added", "changed", "removed"]
    changed = next(r for r in resources.rows if r.kind == "changed")
    assert [(f.key, f.old, f.new) for f in changed.fields] == [("amount", "95", "120")]
    removed = next(r for r in resources.rows if r.kind == "removed")
    assert "Проектирование" in removed.old and "Местный бюджет" in removed.old
    stages = _rows(comparison, "stages")
    assert stages.unchanged == 1
    (renamed,) = stages.rows
    assert renamed.kind == "changed"
    assert [(f.old, f.new) for f in renamed.fields] == [
        ("Строительство", "Строительство набережной")
    ]


def test_partners_compare_by_organisation(snapshot):
    new = copy.deepcopy(snapshot)
    new["partners"][0]["contribution"] = "Контроль"
    (row,) = _rows(comparisons.compare(snapshot, new), "partners").rows
    assert row.kind == "changed" and row.fields[0].new == "Контроль"


def test_a_complete_passport_lacks_nothing(snapshot):
    assert passports.missing_items(snapshot) == []


def test_everything_missing_is_listed_in_passport_order(snapshot):
    empty = {
        **snapshot,
        "problem": "",
        "lead_organisation": None,
        "national_projects": [],
        "strategy_priorities": [],
        "indicators": [{"name": "Посетители", "target": None, "year": 2030}],
        "resources": [{**snapshot["resources"][0], "funding_source": None, "year": None}],
        "stages": [],
    }
    items = passports.missing_items(empty)
    assert [i.anchor for i in items] == [
        "problem",
        "lead_organisation",
        "national_projects",
        "indicators-0-target",
        "indicators-0-year",
        "resources-0-year",
        "resources-0-funding_source",
        "stages-section",
    ]
    assert "год 2030 вне сроков реализации 2019–2021" in items[4].text
