"""Marts rebuilt only where an import touches equal a full rebuild (EXCEPT ALL both ways).

The training marts and the disclosure marks (rebuilt per family × period where people changed).
Random imports on the `small` demo: new assignments inside the span, updates of stored records
(completions, scores), assignments after the last quarter (which moves the span on), and some before
the first quarter; an import that lifts a hidden cell of an old quarter to the minimum group size;
one that brings a course its first assignment (the splits are numbered anew). After each, the
incrementally rebuilt marts are compared row for row with a full rebuild of a copy. Scores are whole
numbers, as in the demo, so sums do not depend on the order they are added in.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import (
    changes_table,
    incremental_columns,
    incremental_source,
    mart_files,
    mart_tables,
    rebuild_marts,
    temporary_tables,
)
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.importer import import_file

INCREMENTAL_MARTS = sorted(
    table
    for path in mart_files()
    if (incremental_source(path) or ("",))[0] == "training_records"
    for table in mart_tables(path) - temporary_tables(path)
)
TRAINING_MARTS = [table for table in INCREMENTAL_MARTS if table.startswith("mart_training")]
# and every mart built from them in full (the disclosure marks, say)
MARTS = sorted(table for path in mart_files() for table in mart_tables(path) - temporary_tables(path))


def records(db: Database, rng: np.random.Generator, kind: str, count: int) -> pd.DataFrame:
    """``count`` random training records of one kind (see the module docstring)."""
    if kind == "update":
        stored = db.query("SELECT * FROM training_records USING SAMPLE 200 ROWS (reservoir, 1)")
        stored = stored.sample(count, random_state=int(rng.integers(1 << 30)))
        stored["completed_on"] = stored["assigned_on"] + pd.to_timedelta(
            rng.integers(0, 400, count), unit="D"
        )
        stored["assessment_score"] = rng.integers(20, 101, count).astype(float)
        return stored
    people = [row[0] for row in db.rows("SELECT person_id FROM staff")]
    courses = [row[0] for row in db.rows("SELECT course_id FROM courses")]
    first, last = db.rows("SELECT min(assigned_on), max(assigned_on) FROM training_records")[0]
    if kind == "after":
        first, last = last + timedelta(days=100), last + timedelta(days=500)
    elif kind == "before":
        first, last = first - timedelta(days=400), first - timedelta(days=200)
    days = rng.integers(0, (last - first).days + 1, count)
    assigned = [first + timedelta(days=int(day)) for day in days]
    done = rng.random(count) < 0.6
    lag = rng.integers(0, 200, count)
    return pd.DataFrame(
        {
            "person_id": rng.choice(people, count),
            "course_id": rng.choice(courses, count),
            "assigned_on": assigned,
            "due_on": [day + timedelta(days=45) for day in assigned],
            "completed_on": [
                day + timedelta(days=int(n)) if d else None
                for day, n, d in zip(assigned, lag, done, strict=True)
            ],
            "assessment_score": np.where(done, rng.integers(20, 101, count), np.nan),
        }
    ).drop_duplicates(["person_id", "course_id", "assigned_on"])


def apply_import(db: Database, frame: pd.DataFrame) -> list[str]:
    """Upsert like an import, leave the changed rows before and after, rebuild; return what was built."""
    columns = ", ".join(incremental_columns("training_records"))
    with db.transaction() as cursor:
        cursor.register("incoming", frame)
        cursor.execute(
            f"CREATE TABLE {changes_table('training_records')} AS SELECT {columns} FROM incoming"
            f" UNION SELECT {columns} FROM training_records AS t SEMI JOIN incoming AS i"
            " ON t.person_id = i.person_id AND t.course_id = i.course_id AND t.assigned_on = i.assigned_on"
        )
        cursor.execute(
            "INSERT INTO training_records BY NAME SELECT * FROM incoming ON CONFLICT DO UPDATE SET"
            " due_on = excluded.due_on, completed_on = excluded.completed_on,"
            " assessment_score = excluded.assessment_score"
        )
        cursor.unregister("incoming")
    return rebuild_marts(db, {"training_records"})


def assert_equal_to_full_rebuild(path: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.duckdb"
    shutil.copyfile(path, full)
    with Database(full) as db:
        assert "training_quarter" in rebuild_marts(db, None)
    with Database(path, read_only=True) as db:
        db.execute(f"ATTACH '{full}' AS full_build (READ_ONLY)")
        assert len(TRAINING_MARTS) == 5 and {"mart_disclosure", "mart_disclosure_splits"} < set(
            INCREMENTAL_MARTS
        )
        for table in MARTS:
            extra = db.scalar(f"SELECT count(*) FROM (FROM {table} EXCEPT ALL FROM full_build.{table})")
            missing = db.scalar(f"SELECT count(*) FROM (FROM full_build.{table} EXCEPT ALL FROM {table})")
            assert (extra, missing) == (0, 0), table
            assert db.scalar(f"SELECT count(*) FROM {table}") > 0 or table not in TRAINING_MARTS, table
    full.unlink()


@pytest.fixture
def path(small_db_path: Path, tmp_path: Path) -> Path:
    """A copy of the session's `small` demo to import into."""
    copy = tmp_path / "small.duckdb"
    shutil.copyfile(small_db_path, copy)
    return copy


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_imports_rebuild_to_the_same_marts_as_a_full_build(
    path: Path, tmp_path: Path, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    for kind, count in [("inside", 60), ("update", 40), ("after", 30), ("inside", 5), ("before", 3)]:
        with Database(path) as db:
            built = apply_import(db, records(db, rng, kind, count))
            assert {
                "training_staging (incremental)",
                "training_quarter (incremental)",
                "disclosure (incremental)",
            } <= set(built)
            assert not db.table_exists(changes_table("training_records"))
        assert_equal_to_full_rebuild(path, tmp_path)


def test_an_import_through_the_importer_rebuilds_incrementally(path: Path, tmp_path: Path) -> None:
    with Database(path, read_only=True) as db:
        frame = records(db, np.random.default_rng(9), "after", 50)
    content = frame.to_csv(index=False).encode()
    assert import_file(path, "training_records", content, "more.csv").status == "loaded"
    with Database(path, read_only=True) as db:
        assert not db.table_exists(changes_table("training_records"))
        # the marts reach the new assignments' last quarter
        last = max(frame["assigned_on"])
        first_day = date(last.year, (last.month - 1) // 3 * 3 + 1, 1)
        assert db.scalar("SELECT max(quarter) FROM mart_training_quarter") == first_day
    assert_equal_to_full_rebuild(path, tmp_path)


def test_a_change_to_another_input_rebuilds_in_full(path: Path, tmp_path: Path) -> None:
    with Database(path) as db:
        columns = ", ".join(incremental_columns("training_records"))
        db.execute(
            f"CREATE TABLE {changes_table('training_records')} AS SELECT {columns} FROM training_records LIMIT 1"
        )
        db.execute("UPDATE staff SET role = 'manager' WHERE person_id = (SELECT min(person_id) FROM staff)")
        assert "training_quarter" in rebuild_marts(db, {"training_records", "staff"})
    assert_equal_to_full_rebuild(path, tmp_path)


def test_an_import_lifting_an_old_hidden_cell_to_the_minimum(path: Path, tmp_path: Path) -> None:
    """A team × course cell of an old quarter held fewer than the minimum: new first assignments in
    that quarter bring it to exactly the minimum, there and in every later quarter's running sum."""
    minimum = min_group_size()
    with Database(path) as db:
        cell_id, course_id, team_id, quarter, people = db.rows(
            "SELECT m.cell_id, c.course_id, g.group_name, m.period, m.people"
            " FROM mart_disclosure AS m JOIN mart_disclosure_splits AS s USING (split)"
            " JOIN mart_disclosure_groups AS g USING (node) JOIN courses AS c ON c.course_title = s.split_value"
            " WHERE s.split_by = 'course' AND g.level = 'team' AND m.people BETWEEN ? - 4 AND ? - 1"
            " AND m.period < (SELECT max(period) - INTERVAL 3 YEAR FROM mart_disclosure)"
            " AND m.reason = 'small' ORDER BY m.period, m.cell_id LIMIT 1",
            [minimum, minimum],
        )[0]
        newcomers = [  # members without the course by the quarter's end: their first assignment moves there
            row[0]
            for row in db.rows(
                "SELECT person_id FROM staff WHERE team_id = ? AND person_id NOT IN (SELECT person_id"
                " FROM training_records WHERE course_id = ? AND assigned_on < ? + INTERVAL 3 MONTH)"
                " ORDER BY person_id LIMIT ?",
                [team_id, course_id, quarter, minimum - people],
            )
        ]
        assert len(newcomers) == minimum - people
        assigned = quarter + timedelta(days=10)
        frame = pd.DataFrame(
            {
                "person_id": newcomers,
                "course_id": course_id,
                "assigned_on": assigned,
                "due_on": assigned + timedelta(days=45),
                "completed_on": assigned + timedelta(days=20),
                "assessment_score": 90.0,
            }
        )
        assert "disclosure (incremental)" in apply_import(db, frame)
        assert db.rows("SELECT people, reason FROM mart_disclosure WHERE cell_id = ?", [cell_id]) in (
            [(minimum, None)],
            [(minimum, "complement")],
        )
    assert_equal_to_full_rebuild(path, tmp_path)


def test_a_course_with_its_first_assignment_numbers_the_splits_anew(path: Path, tmp_path: Path) -> None:
    with Database(path) as db:
        course_id, title = db.rows(
            "SELECT course_id, course_title FROM courses ORDER BY (SELECT count(*) FROM training_records AS r"
            " WHERE r.course_id = courses.course_id), course_id LIMIT 1"
        )[0]
        stored = db.query(
            "SELECT * FROM training_records WHERE course_id = ? ORDER BY ALL LIMIT 20", [course_id]
        )
        db.execute("DELETE FROM training_records WHERE course_id = ?", [course_id])
        rebuild_marts(db, None)
        splits = "SELECT count(*) FROM mart_disclosure_splits WHERE split_value = ?"
        assert db.scalar(splits, [title]) == 0
        assert "disclosure (incremental)" in apply_import(db, stored)
        assert db.scalar(splits, [title]) == 1
    assert_equal_to_full_rebuild(path, tmp_path)


def test_an_import_without_the_optional_columns_rebuilds_incrementally(path: Path, tmp_path: Path) -> None:
    """A file without completed_on and assessment_score: new rows get none, stored rows keep theirs;
    the changed rows' dates still reach the marts (the left-out column counts as NULL after, as stored
    before)."""
    with Database(path, read_only=True) as db:
        rng = np.random.default_rng(4)
        frame = pd.concat([records(db, rng, "update", 20), records(db, rng, "inside", 20)])
    frame["due_on"] = pd.to_datetime(frame["due_on"]) + pd.Timedelta(days=30)
    content = frame.drop(columns=["completed_on", "assessment_score"]).to_csv(index=False).encode()
    assert import_file(path, "training_records", content, "dates.csv").status == "loaded"
    assert_equal_to_full_rebuild(path, tmp_path)


def test_an_update_reaches_back_to_the_stored_rows_dates(path: Path, tmp_path: Path) -> None:
    """Stored completions dated before their assignment (the contract allows it) are cleared by an
    import: the quarters of the old dates, earlier than anything in the file, are rebuilt too."""
    with Database(path) as db:
        db.execute(
            "UPDATE training_records SET completed_on = assigned_on - INTERVAL 200 DAY WHERE (person_id,"
            " course_id, assigned_on) IN (SELECT (person_id, course_id, assigned_on) FROM training_records"
            " ORDER BY ALL LIMIT 10 OFFSET 5000)"
        )
        rebuild_marts(db, None)
        cleared = db.query("SELECT * FROM training_records ORDER BY ALL LIMIT 10 OFFSET 5000")
    assert cleared["completed_on"].notna().all()
    cleared["completed_on"] = None
    content = cleared.to_csv(index=False).encode()
    assert import_file(path, "training_records", content, "cleared.csv").status == "loaded"
    assert_equal_to_full_rebuild(path, tmp_path)
