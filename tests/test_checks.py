"""Data tests: the demo passes them, and each kind of failure is caught on a deliberately broken copy.

The schema's own constraints would refuse most bad rows, so a broken copy first rebuilds the table
it breaks without constraints (as a file written by another tool might be), then inserts the bad row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lmp_metrics.checks import CheckFailure, all_checks, run_checks
from lmp_metrics.commands import main
from lmp_metrics.core.database import Database


def loosen(db: Database, table: str) -> None:
    """Replace ``table`` by a copy without keys or CHECK constraints."""
    db.execute(f"CREATE TABLE loose AS SELECT * FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE loose RENAME TO {table}")


@pytest.fixture
def broken(small_db_path: Path, tmp_path: Path) -> Path:
    """A writable copy of the session's small demo."""
    path = tmp_path / "broken.duckdb"
    shutil.copyfile(small_db_path, path)
    return path


def failures_after(path: Path, table: str, *statements: str) -> list[CheckFailure]:
    with Database(path) as db:
        loosen(db, table)
        for statement in statements:
            db.execute(statement)
        return run_checks(db)


def test_demo_passes_every_check(small_db: Database) -> None:
    assert run_checks(small_db) == []


def test_cli_exit_codes(small_db_path: Path, broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(small_db_path)]) == 0
    assert capsys.readouterr().out.strip() == f"all {len(all_checks())} checks passed"

    failures_after(broken, "teams", "UPDATE teams SET labor_partner = 'Neither' WHERE team_id = 'T00001'")
    assert main(["check", "--db", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "FAIL accepted_values teams.labor_partner: 1 rows" in out and "T00001" in out

    assert main(["check", "--db", str(broken.with_name("absent.duckdb"))]) == 2


FIRST_TEAM = "(SELECT min(team_id) FROM teams)"
FIRST_PERSON = "(SELECT min(person_id) FROM staff)"
FIRST_RECORD = "(SELECT min(person_id) FROM training_records)"

# (test, table, column, statements that break the copy, example key expected in the report)
BREAKAGES = [
    (
        "not_null",
        "teams",
        "team_name",
        ["UPDATE teams SET team_name = NULL WHERE team_id = 'T00001'"],
        "T00001",
    ),
    (
        "unique",
        "team_quarter_levels",
        "team_id, quarter",
        [
            "INSERT INTO team_quarter_levels SELECT * FROM team_quarter_levels WHERE team_id = 'T00001' LIMIT 1"
        ],
        "T00001 / 2016-10-01",
    ),
    (
        "relationship",
        "staff",
        "team_id",
        [f"UPDATE staff SET team_id = 'T99999' WHERE person_id = {FIRST_PERSON}"],
        "P0000001",
    ),
    (
        "relationship",
        "training_records",
        "person_id",
        [
            "INSERT INTO training_records VALUES ('P9999999', 'LMP101', DATE '2020-01-01', DATE '2020-02-01', NULL, NULL)"
        ],
        "P9999999 / LMP101 / 2020-01-01",
    ),
    (
        "relationship",
        "team_quarter_scores",
        "dimension_id",
        ["INSERT INTO team_quarter_scores VALUES ('T00001', DATE '2016-10-01', 'charisma', 3.0)"],
        "T00001 / 2016-10-01 / charisma",
    ),
    (
        "relationship",
        "ubt_projects",
        "adapted_from_project_id",
        ["UPDATE ubt_projects SET adapted_from_project_id = 'PRJ999999' WHERE project_id = 'PRJ000001'"],
        "PRJ000001",
    ),
    (
        "accepted_values",
        "survey_results",
        "index_name",
        ["INSERT INTO survey_results VALUES ('T00001', 2020, 'happiness', 50, 20)"],
        "T00001 / 2020 / happiness",
    ),
    (
        "range",
        "team_quarter_levels",
        "level",
        ["INSERT INTO team_quarter_levels VALUES ('T00001', DATE '2010-01-01', 6, NULL)"],
        "T00001 / 2010-01-01",
    ),
    (
        "range",
        "team_quarter_scores",
        "score",
        [
            "UPDATE team_quarter_scores SET score = 5.5 WHERE team_id = 'T00001' AND quarter = DATE '2016-10-01'"
        ],
        "T00001 / 2016-10-01 / goals_performance",
    ),
    (
        "range",
        "training_records",
        "assessment_score",
        [f"UPDATE training_records SET assessment_score = 101 WHERE person_id = {FIRST_RECORD}"],
        None,
    ),
    (
        "range",
        "survey_results",
        "score",
        ["INSERT INTO survey_results VALUES ('T00001', 2000, 'speak_up', -1, 20)"],
        "T00001 / 2000 / speak_up",
    ),
    (
        "quarter_start",
        "team_quarter_levels",
        "quarter",
        ["INSERT INTO team_quarter_levels VALUES ('T00001', DATE '2010-02-01', 3, NULL)"],
        "T00001 / 2010-02-01",
    ),
    (
        "rule",
        "training_records",
        "due_on",
        [f"UPDATE training_records SET due_on = assigned_on - 1 WHERE person_id = {FIRST_RECORD}"],
        None,
    ),
    (
        "rule",
        "training_records",
        "completed_on",
        [f"UPDATE training_records SET completed_on = assigned_on - 1 WHERE person_id = {FIRST_RECORD}"],
        None,
    ),
    (
        "rule",
        "teams",
        "closed_on",
        [f"UPDATE teams SET closed_on = formed_on - 1 WHERE team_id = {FIRST_TEAM}"],
        "T00001",
    ),
    (
        "rule",
        "staff",
        "union_local",
        [f"UPDATE staff SET union_local = 'SEIU-UHW' WHERE person_id = {FIRST_PERSON}"],
        "P0000001",
    ),
    (
        "rule",
        "ubt_projects",
        "adapted_from_project_id",
        [
            "UPDATE ubt_projects SET adapted_from_project_id = (SELECT max(project_id) FROM ubt_projects) "
            "WHERE project_id = 'PRJ000002'"
        ],
        "PRJ000002",
    ),
]


@pytest.mark.parametrize(
    ("test", "table", "column", "statements", "example"),
    BREAKAGES,
    ids=[f"{b[0]}-{b[1]}.{b[2]}" for b in BREAKAGES],
)
def test_each_kind_of_failure_is_reported(
    broken: Path, test: str, table: str, column: str, statements: list[str], example: str | None
) -> None:
    failures = failures_after(broken, table, *statements)
    matching = [f for f in failures if (f.test, f.table, f.column) == (test, table, column)]
    assert matching, f"expected {test} on {table}.{column}, got {failures}"
    assert matching[0].failing_rows >= 1 and matching[0].examples
    if example:
        assert example in matching[0].examples


def test_duplicates_count_every_row_involved(broken: Path) -> None:
    failures = failures_after(
        broken,
        "courses",
        "INSERT INTO courses SELECT * FROM courses",
        "INSERT INTO courses SELECT * FROM courses",
    )
    (unique,) = [f for f in failures if f.test == "unique"]
    assert unique.failing_rows == 24 and len(unique.examples) == 5


def test_missing_table_is_reported_once(broken: Path) -> None:
    with Database(broken) as db:
        db.execute("DROP TABLE courses")
        failures = run_checks(db)
    assert [(f.test, f.table) for f in failures] == [("table_exists", "courses")]


def test_every_mart_key_is_tested_and_the_demo_passes(small_db: Database) -> None:
    tested = {(c.test, c.table, c.column) for c in all_checks() if c.table.startswith("mart_")}
    assert ("unique", "mart_team_quarter", "team_id, quarter") in tested
    assert ("not_null", "mart_training_quarter", "quarter") in tested
    assert ("not_null", "mart_training_quarter", "course_id") not in tested  # NULL: the all-courses row
    assert {table for _, table, _ in tested} == {
        row[0]
        for row in small_db.rows(
            "SELECT table_name FROM information_schema.tables WHERE starts_with(table_name, 'mart_')"
        )
    }


def test_a_duplicated_mart_row_fails_its_key(broken: Path) -> None:
    failures = failures_after(
        broken,
        "mart_team_quarter",
        "INSERT INTO mart_team_quarter SELECT * FROM mart_team_quarter "
        "WHERE team_id = 'T00001' AND quarter = (SELECT min(quarter) FROM mart_team_quarter WHERE team_id = 'T00001')",
    )
    with Database(broken) as db:
        first = db.scalar("SELECT min(quarter) FROM mart_team_quarter WHERE team_id = 'T00001'")
    assert [(f.test, f.table, f.failing_rows, f.examples) for f in failures] == [
        ("unique", "mart_team_quarter", 2, (f"T00001 / {first}",))
    ]


def test_a_null_mart_key_fails(broken: Path) -> None:
    failures = failures_after(
        broken,
        "mart_projects",
        "UPDATE mart_projects SET project_id = NULL WHERE project_id = (SELECT min(project_id) FROM mart_projects)",
    )
    assert [(f.test, f.table, f.column, f.failing_rows) for f in failures] == [
        ("not_null", "mart_projects", "project_id", 1)
    ]


def test_a_missing_mart_is_reported(broken: Path) -> None:
    with Database(broken) as db:
        db.execute("DROP TABLE mart_training_rollup")
        failures = run_checks(db)
    assert [(f.test, f.table) for f in failures] == [("table_exists", "mart_training_rollup")]
