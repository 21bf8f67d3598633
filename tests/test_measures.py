"""Measures and units: formats derived from the unit, against hand-written texts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.levels import level_summary
from lmp_metrics.vocabulary import measures as m

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("share", 0.77275, "77.3%"),
        ("rate", 0.5, "50.0%"),
        ("level", 3.254, "3.25"),
        ("score", 2.0, "2.00"),
        ("index", 61.26, "61.3"),
        ("teams", 1017, "1,017"),
        ("assignments", 12345.4, "12,345"),
        ("share", None, "–"),
        ("teams", float("nan"), "–"),
    ],
)
def test_unit_text(unit: str, value: float | None, text: str) -> None:
    assert m.UNITS[unit].text(value) == text


def test_unit_change() -> None:
    assert m.UNITS["share"].change(0.75, 0.70) == "+5.0 pts"
    assert m.UNITS["level"].change(3.0, 3.25) == "-0.25"
    assert m.UNITS["teams"].change(1200, 1017) == "+183"
    assert m.UNITS["teams"].change(1200, None) is None


def test_unit_formats_for_tables_and_excel() -> None:
    assert [(u.printf, u.excel) for u in (m.UNITS["share"], m.UNITS["level"], m.UNITS["teams"])] == [
        ("%.1f%%", "0.0%"),
        ("%.2f", "0.00"),
        ("localized", "#,##0"),
    ]


def test_high_levels_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert m.high_levels() == "4–5"
    monkeypatch.setenv("LMP_HIGH_PERFORMING_LEVEL", "3")
    assert (m.high_performing_level(), m.high_levels()) == (3, "3–5")
    monkeypatch.setenv("LMP_HIGH_PERFORMING_LEVEL", "5")
    assert m.high_levels() == "5"


def test_labels_default_down_the_chain() -> None:
    mean = m.MEASURES["mean_level"]
    assert (mean.short, mean.table_header, mean.axis_title) == (
        "Mean level",
        "Mean level",
        "Mean Path to Performance level (1–5)",
    )
    dimension = m.MEASURES["dimension_score"]
    assert (dimension.short, dimension.axis_title) == ("Dimension score", "Mean score (1.0–5.0)")
    assert m.MEASURES["high_performing_share"].axis_title == "Teams at level 4–5 (% of assessed)"


def test_overview_measures_by_report_column() -> None:
    assert list(m.OVERVIEW) == [
        "high_performing_share",
        "mean_level",
        "moved_up_share",
        "moved_down_share",
        "assessed_teams",
        "training_completion_rate",
        "on_time_rate",
    ]
    assert m.OVERVIEW["training_completion_rate"] is m.MEASURES["completion_rate"]


def test_every_measure_is_well_formed() -> None:
    for found in m.MEASURES.values():
        assert found.unit in m.UNITS
        assert found.query in {"levels", "dimensions", "training", "surveys", "effectiveness"}
        assert found.higher_is_better in (True, False, None)


# -- the recipe "add a measure": one Measure(...) in measures.py, and the explorer offers it -------
NEW_MEASURE = """        Measure(
            "improved_or_sustained_share",
            "Improved or held a high level (share)",
            "share",
            "levels",
            "improved_or_sustained_share",
            "compared_teams",
            "teams with a level a year earlier",
            "Share of compared teams that moved up or kept a high-performing level.",
        ),
"""
RECIPE_CHECKS = """
import sys
from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import explorer
from lmp_metrics.views.tables import period_pivot

with Database(sys.argv[1], read_only=True) as db:
    frame = explorer.measure_frame(db, "improved_or_sustained_share", Filters(), "region")
chosen = explorer.measure("improved_or_sustained_share")
print("improved_or_sustained_share" in explorer.MEASURES, chosen.formats.excel, chosen.formats.d3)
print(frame[["group", "period", "value"]].to_json(orient="values", date_format="iso"))
print(period_pivot(frame, chosen, "Region").shape[0])
"""


def test_adding_a_measure_is_one_entry(tmp_path: Path, small_db_path: Path) -> None:
    """Copy the code, add one Measure reading a column the levels query already returns, and ask
    the explorer for it: the frame carries that column's figures, formatted as a share."""
    shutil.copytree(
        ROOT / "lmp_metrics", tmp_path / "lmp_metrics", ignore=shutil.ignore_patterns("__pycache__")
    )
    source = tmp_path / "lmp_metrics" / "vocabulary" / "measures.py"
    text = source.read_text()
    anchor = "    for m in [\n"
    assert text.count(anchor) == 1
    source.write_text(text.replace(anchor, anchor + NEW_MEASURE))
    run = subprocess.run(
        [sys.executable, "-c", RECIPE_CHECKS, str(small_db_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    offered, rows, regions = run.stdout.splitlines()
    assert offered == "True 0.0% .1%"
    with Database(small_db_path, read_only=True) as db:
        expected = level_summary(db, Filters(), "region")
    got = pd.DataFrame(json.loads(rows), columns=["group", "period", "value"])
    assert len(got) == len(expected) > 0
    assert got["value"].tolist() == pytest.approx(
        expected["improved_or_sustained_share"].tolist(), nan_ok=True
    )
    assert int(regions) == expected["group"].nunique()
