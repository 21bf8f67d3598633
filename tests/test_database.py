"""The Database wrapper and the migrations, on fresh and existing files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lmp_metrics.core.database import Database
from lmp_metrics.core.migrations import applied_versions, available_migrations, migrate, pending_migrations
from lmp_metrics.core.store import file_signature, open_read_only, replace_after_write

CONTRACT_COLUMNS = {
    "teams": [
        "team_id",
        "team_name",
        "department",
        "facility",
        "service_area",
        "region",
        "labor_partner",
        "formed_on",
        "closed_on",
    ],
    "dimensions": ["dimension_id", "dimension_name", "family", "sort_order"],
    "team_quarter_levels": ["team_id", "quarter", "level", "assessed_on"],
    "team_quarter_scores": ["team_id", "quarter", "dimension_id", "score"],
    "staff": ["person_id", "team_id", "role", "union_local", "labor_group"],
    "courses": ["course_id", "course_title", "audience", "required", "due_within_days"],
    "training_records": [
        "person_id",
        "course_id",
        "assigned_on",
        "due_on",
        "completed_on",
        "assessment_score",
    ],
    "survey_results": ["team_id", "survey_year", "index_name", "score", "respondents"],
    "ubt_projects": [
        "project_id",
        "team_id",
        "title",
        "topic",
        "started_on",
        "completed_on",
        "metric_name",
        "baseline",
        "result",
        "higher_is_better",
        "adapted_from_project_id",
    ],
    "import_log": [
        "import_id",
        "kind",
        "source_name",
        "sha256",
        "started_at",
        "finished_at",
        "status",
        "rows_in",
        "rows_inserted",
        "rows_updated",
        "error_count",
        "encoding",  # 006: how a CSV file was read
        "snapshot",  # 006: the database before this change, for undo
        "undoes",  # 006: the import an undo took back
    ],
    "index_methods": [  # 005
        "method_id",
        "name",
        "side",
        "components",
        "missing_rule",
        "min_teams",
        "notes",
        "created_by",
        "created_at",
    ],
}


def test_fresh_database_gets_every_contract_table_with_contract_columns(empty_db: Database) -> None:
    for table, columns in CONTRACT_COLUMNS.items():
        found = empty_db.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )["column_name"].tolist()
        assert found == columns, table


def test_migrate_twice_applies_nothing_new(empty_db: Database) -> None:
    assert migrate(empty_db) == []
    assert applied_versions(empty_db) == {v for v, _ in available_migrations()}


def test_existing_database_keeps_its_rows_and_gets_pending_migrations(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    db = Database(path)
    # An "existing" file at version 1 only, holding data.
    version, first = available_migrations()[0]
    db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    db.execute(first.read_text())
    db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, first.stem])
    db.execute("INSERT INTO courses VALUES ('C1', 'LMP 101', 'all', true, 30)")
    later = [v for v, _ in available_migrations()[1:]]
    assert pending_migrations(db) == later
    assert migrate(db) == later
    assert db.scalar("SELECT course_title FROM courses WHERE course_id = ?", ["C1"]) == "LMP 101"
    db.close()


def test_constraints_reject_out_of_range_values(empty_db: Database) -> None:
    with pytest.raises(duckdb.ConstraintException):
        empty_db.execute("INSERT INTO team_quarter_levels VALUES ('T1', DATE '2025-04-01', 6, NULL)")
    with pytest.raises(duckdb.ConstraintException):
        empty_db.execute("INSERT INTO team_quarter_levels VALUES ('T1', DATE '2025-05-01', 3, NULL)")


def test_query_binds_parameters_so_quotes_are_just_text(empty_db: Database) -> None:
    name = "x'); DROP TABLE teams;--"
    empty_db.execute(
        "INSERT INTO teams VALUES ('T1', ?, 'D', 'F', 'SA', 'R', 'Both', DATE '2020-01-01', NULL)", [name]
    )
    assert empty_db.query("SELECT team_name FROM teams WHERE team_name = ?", [name])["team_name"][0] == name


def test_transaction_rolls_back_everything_on_error(empty_db: Database) -> None:
    with pytest.raises(duckdb.ConstraintException), empty_db.transaction() as cursor:
        cursor.execute("INSERT INTO courses VALUES ('C1', 'A', 'all', true, 30)")
        cursor.execute("INSERT INTO courses VALUES ('C1', 'B', 'all', true, 30)")
    assert empty_db.scalar("SELECT count(*) FROM courses") == 0


def test_failed_write_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lmp.duckdb"
    with replace_after_write(path, fresh=True) as db:
        db.execute("INSERT INTO courses VALUES ('C1', 'A', 'all', true, 30)")
    before = (file_signature(path), path.read_bytes())
    with pytest.raises(RuntimeError), replace_after_write(path) as db:
        db.execute("INSERT INTO courses VALUES ('C2', 'B', 'all', true, 30)")
        raise RuntimeError("validation failed")
    assert (file_signature(path), path.read_bytes()) == before
    assert not list(tmp_path.glob(".lmp.duckdb.tmp*"))


def test_readers_keep_their_snapshot_while_a_write_is_swapped_in(tmp_path: Path) -> None:
    path = tmp_path / "lmp.duckdb"
    reader = open_read_only(path)
    with replace_after_write(path) as db:
        db.execute("INSERT INTO courses VALUES ('C1', 'A', 'all', true, 30)")
    assert reader.scalar("SELECT count(*) FROM courses") == 0
    reader.close()
    with open_read_only(path) as fresh:
        assert fresh.scalar("SELECT count(*) FROM courses") == 1
