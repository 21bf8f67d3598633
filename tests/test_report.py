"""``python -m lmp_metrics report``: contract columns, CSV/JSON output, exit codes, hand-worked values.

Expected numbers come from the fixture description in ``overview_fixture.py``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.commands import main
from lmp_metrics.core.database import Database
from lmp_metrics.metrics.report import REPORT_COLUMNS, group_table
from tests.overview_fixture import Q1_2025, Q2_2025, Q4_2024, make_overview_db

approx = pytest.approx


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_overview_db(tmp_path_factory.mktemp("report") / "overview.duckdb")


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_by_region_has_the_contract_columns_and_unrounded_values(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "--by", "region", "--quarter", "2025-Q2")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == REPORT_COLUMNS
    assert [r["group"] for r in rows] == ["North", "South"]
    north, south = rows
    assert north["assessed_teams"] == "3"
    assert float(north["mean_level"]) == 11 / 3  # unrounded: exactly the float 11/3
    assert float(north["high_performing_share"]) == 2 / 3
    assert (south["mean_level"], float(south["high_performing_share"])) == ("3.0", 1 / 3)
    # South has 5 people with assignments (< 11): training cells are empty
    assert (south["training_completion_rate"], south["on_time_rate"]) == ("", "")


def test_json_national_and_every_quarter_spelling(capsys, db_path: Path) -> None:
    for spelling in ("2025-Q2", "2025Q2", "Q2 2025", "2025-05-17"):
        code, out, _ = run(capsys, "--db", str(db_path), "--quarter", spelling, "--format", "json")
        assert code == 0
        (row,) = json.loads(out)
        assert list(row) == REPORT_COLUMNS
        assert (row["group"], row["assessed_teams"]) == ("National", 6)
        assert row["mean_level"] == approx(20 / 6) and row["high_performing_share"] == 0.5


def test_labor_partner_and_department_groupings(capsys, db_path: Path) -> None:
    _, out, _ = run(capsys, "--db", str(db_path), "--by", "labor_partner", "--quarter", "2025-Q1")
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(out))}
    # 25Q1: Coalition T1 3, T4 4, T5 2; Alliance T2 5, T6 4; Both T3 3
    assert float(rows["Coalition"]["mean_level"]) == 3.0
    assert float(rows["Alliance"]["high_performing_share"]) == 1.0
    assert rows["Both"]["assessed_teams"] == "1"
    _, out, _ = run(capsys, "--db", str(db_path), "--by", "department", "--quarter", "2025-Q2")
    assert [r["group"] for r in csv.DictReader(io.StringIO(out))] == ["Dept A", "Dept B", "Dept C", "Dept D"]


@pytest.mark.parametrize(
    ("quarter", "message"),
    [("2025-Q5", "not a quarter"), ("spring", "not a quarter"), ("2031-Q1", "no assessments in 2031 Q1")],
)
def test_bad_quarter_is_a_usage_error(capsys, db_path: Path, quarter: str, message: str) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "--quarter", quarter)
    assert code == 2 and out == ""
    assert "--quarter" in err and message in err


def test_missing_database_and_unknown_grouping_are_usage_errors(
    capsys, tmp_path: Path, db_path: Path
) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "nope.duckdb"), "--quarter", "2025-Q2")
    assert code == 2 and "no database file" in err
    assert not (tmp_path / "nope.duckdb").exists()
    code, _, _ = run(capsys, "--db", str(db_path), "--by", "team", "--quarter", "2025-Q2")
    assert code == 2  # argparse refuses groupings outside the contract's list


def test_training_rates_as_of_quarter_end_with_small_groups_empty(capsys, db_path: Path) -> None:
    _, out, _ = run(capsys, "--db", str(db_path), "--by", "region", "--quarter", "2025-Q2")
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(out))}
    # South (5 people) is empty; so is North (12): national − North would give South away.
    assert rows["South"]["training_completion_rate"] == rows["South"]["on_time_rate"] == ""
    assert rows["North"]["training_completion_rate"] == rows["North"]["on_time_rate"] == ""
    assert rows["North"]["mean_level"] != ""  # levels are about teams, not people: shown
    _, out, _ = run(capsys, "--db", str(db_path), "--quarter", "2025-Q2", "--format", "json")
    (national,) = json.loads(out)
    assert national["training_completion_rate"] == approx(13 / 17)
    assert national["on_time_rate"] == approx(10 / 17)
    _, out, _ = run(capsys, "--db", str(db_path), "--quarter", "2025-Q1", "--format", "json")
    (national,) = json.loads(out)
    # as of 2025-03-31: 11 of 17 completed (one North and one South completion came later), 10 on time
    assert national["training_completion_rate"] == approx(11 / 17)
    assert national["on_time_rate"] == approx(10 / 17)


def test_group_table_covers_several_quarters_and_flags_missing_training(db_path: Path) -> None:
    with Database(db_path, read_only=True) as db:
        table = group_table(db, Filters(), "national", [Q4_2024, Q1_2025, Q2_2025])
    assert table["quarter"].tolist() == [Q4_2024, Q1_2025, Q2_2025]
    assert table["assessed_teams"].tolist() == [5, 6, 6]
    assert table["moved_up_share"].tolist()[1:] == [approx(0.8), approx(0.6)]
    # nothing assigned by 2024-12-31: no people with assignments → suppressed, empty rates
    assert table["training_suppressed"].iloc[0]
    assert table["training_completion_rate"].isna().iloc[0]
