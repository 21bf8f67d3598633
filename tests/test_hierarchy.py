"""The hierarchy vocabulary: every derived table against hand-written expectations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lmp_metrics.vocabulary import hierarchy as h

ROOT = Path(__file__).resolve().parent.parent


def test_levels_top_down_with_their_columns_labels_and_plurals() -> None:
    assert [(lvl.key, lvl.column, lvl.label, lvl.plural) for lvl in h.LEVELS] == [
        ("national", "'National'", "Nation", "Nation"),
        ("region", "region", "Region", "Regions"),
        ("service_area", "service_area", "Service area", "Service areas"),
        ("facility", "facility", "Facility", "Facilities"),
        ("department", "department", "Department", "Departments"),
        ("team", "team_id", "Team", "Teams"),
    ]
    assert (h.LABOR_PARTNER.column, h.LABOR_PARTNER.label) == ("labor_partner", "Labor partner")


def test_one_spelling_per_role_for_labor_partner() -> None:
    assert h.LABOR_PARTNER.key == "labor_partner"  # column and breakdown key
    assert h.LABOR_PARTNER.filter_field == "labor_partners"  # Filters field
    assert h.LABOR_PARTNER.url_param == "partner"  # sidebar URL parameter, as links have it


def test_derived_tables() -> None:
    assert list(h.GROUPINGS) == [
        "national",
        "region",
        "service_area",
        "facility",
        "department",
        "team",
        "labor_partner",
    ]
    assert [lvl.key for lvl in h.GROUP_LEVELS] == ["region", "service_area", "facility", "department"]
    assert [lvl.filter_field for lvl in h.FILTER_LEVELS] == [
        "regions",
        "service_areas",
        "facilities",
        "departments",
        "team_ids",
        "labor_partners",
    ]
    assert [lvl.url_param for lvl in h.SIDEBAR_LEVELS] == ["region", "service_area", "facility", "partner"]
    assert {kind: lvl.filter_field for kind, lvl in h.SCOPE_KINDS.items()} == {
        "region": "regions",
        "service_area": "service_areas",
        "facility": "facilities",
        "team": "team_ids",
    }
    assert h.level("facility").drill_param == "drill_facility"
    assert h.labels()["service_area"] == "Service area"


def test_parent_child_and_below() -> None:
    assert h.parent("region") is h.NATION
    assert h.parent("national") is None
    assert h.parent("labor_partner") is None
    assert h.child("department") is h.TEAM
    assert h.child("team") is None
    assert [lvl.key for lvl in h.below("facility")] == ["department", "team"]
    assert h.below("labor_partner") == ()


def test_unknown_grouping_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown grouping 'division'; choose one of national, region"):
        h.level("division")


# -- the recipe "add a level": one line in hierarchy.py, and every table follows ------------------
DIVISION_LINE = (
    '    Level("division", "division", "Division", "Divisions", "divisions", "division", "division"),\n'
)
RECIPE_CHECKS = """
from lmp_metrics import commands
from lmp_metrics.views import exports
from lmp_metrics.access.grants import parse_scope
from lmp_metrics.access.filters import Filters
from lmp_metrics.views.overview import DrillPath, child_levels_below
from lmp_metrics.vocabulary import hierarchy
from ui.urlstate import FILTER_PARAMS

scoped = Filters(divisions=("West",))
print(scoped.team_where("t"))
print(parse_scope("division:West"))
path = DrillPath.from_params({"drill_region": "R", "drill_service_area": "S", "drill_division": "D"}.get)
print(path.steps, path.child_level, path.crumbs()[-1][0])
print(path.scope(Filters()).divisions)
print(child_levels_below(DrillPath((("region", "R"),)), team_rows=False))
print(dict(exports.describe_filters(scoped))["Division"])
print("division" in commands.REPORT_GROUPINGS, "division" in FILTER_PARAMS)
print(hierarchy.parent("facility").key, hierarchy.level("division").plural)
"""


def test_adding_a_level_is_one_line(tmp_path: Path) -> None:
    """Copy the code, add "division" under service area with one line, and read it back everywhere."""
    for package in ("lmp_metrics", "ui"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    source = tmp_path / "lmp_metrics" / "vocabulary" / "hierarchy.py"
    lines = source.read_text().splitlines(keepends=True)
    facility = next(i for i, line in enumerate(lines) if line.lstrip().startswith('Level("facility"'))
    source.write_text("".join([*lines[:facility], DIVISION_LINE, *lines[facility:]]))
    run = subprocess.run(
        [sys.executable, "-c", RECIPE_CHECKS],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.splitlines() == [
        "('t.division IN (?)', ['West'])",
        "('division', 'West')",
        "(('region', 'R'), ('service_area', 'S'), ('division', 'D')) facility Division D",
        "('D',)",
        "['service_area', 'division', 'facility', 'department']",
        "West",
        "True True",
        "division Divisions",
    ]


def test_the_disclosure_marks_group_teams_by_the_levels_of_the_vocabulary(small_db) -> None:
    """The disclosure marts spell the levels once (40_disclosure_staging.sql, dc_levels): at each
    depth the groups carry the level's key of LEVELS and the name its column gives each team, so a
    level added to LEVELS alone fails here and names the one place the marts need it."""
    depths = small_db.rows(
        "SELECT DISTINCT d.depth, g.level FROM mart_disclosure_team_groups AS d"
        " JOIN mart_disclosure_groups AS g USING (node) ORDER BY d.depth"
    )
    assert depths == [(depth, level.key) for depth, level in enumerate(h.LEVELS)]
    for depth, level in enumerate(h.LEVELS):
        differing = small_db.scalar(
            f"SELECT count(*) FROM teams AS t JOIN mart_disclosure_team_groups AS d USING (team_id)"
            f" JOIN mart_disclosure_groups AS g USING (node)"
            f" WHERE d.depth = ? AND g.group_name IS DISTINCT FROM {level.column_of('t')}",
            [depth],
        )
        assert differing == 0, level.key
