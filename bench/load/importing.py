"""A valid training-records file for a database, and the import command run on it."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]


def import_file(db: Path, rows: int, folder: Path) -> Path:
    """A valid CSV of ``rows`` new training assignments (people and courses of ``db``, assigned a few
    days into its last quarter, not yet completed), named uniquely so the home page can show it."""
    with duckdb.connect(str(db), read_only=True) as con:
        records = con.execute(
            """
            WITH day AS (SELECT max(quarter) + 5 AS assigned_on FROM team_quarter_levels),
            people AS (SELECT person_id, row_number() OVER (ORDER BY hash(person_id)) AS n
                       FROM staff ORDER BY hash(person_id) LIMIT $rows),
            course AS (SELECT course_id, due_within_days, row_number() OVER (ORDER BY course_id) - 1 AS k,
                              count(*) OVER () AS courses FROM courses)
            SELECT person_id, course_id, assigned_on, assigned_on + due_within_days
            FROM people JOIN course ON n % courses = k, day
            """,
            {"rows": rows},
        ).fetchall()
    path = folder / f"load_training_{time.time_ns()}.csv"
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["person_id", "course_id", "assigned_on", "due_on", "completed_on", "assessment_score"])
        out.writerows((*record, "", "") for record in records)
    return path


def run_import(db: Path, source: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "lmp_metrics", "import", "training_records", str(source), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return time.monotonic() - start, done
