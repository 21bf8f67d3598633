"""Build a demo database: generate every table with numpy and insert it through Arrow.

Everything is written to a fresh copy of the file that is swapped in only when complete (see
``store.replace_after_write``), so the app never sees a half-built database. Training records, by
far the largest table, are generated and inserted a chunk of people at a time to bound memory.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from lmp_metrics.access.grants import seed_demo_grants
from lmp_metrics.core.contract import CONTRACT_TABLES
from lmp_metrics.core.database import Database
from lmp_metrics.core.progress import Report, part, silent
from lmp_metrics.core.store import replace_after_write
from lmp_metrics.demo.config import LAST_DAY, QUARTER_STARTS, SCALES, as_dates
from lmp_metrics.demo.events import demo_events
from lmp_metrics.demo.labor import UNION_NAMES
from lmp_metrics.demo.levels import DIMENSION_IDS, DIMENSIONS, Assessments, assess, dimension_scores
from lmp_metrics.demo.methods import demo_methods
from lmp_metrics.demo.projects import build_projects
from lmp_metrics.demo.staff import LABOR_GROUPS, ROLES, Staff, build_staff
from lmp_metrics.demo.surveys import build_surveys
from lmp_metrics.demo.teams import Teams, build_teams
from lmp_metrics.demo.training import COURSE_IDS, COURSES, training_chunks
from lmp_metrics.metrics.methods import insert_methods

TEAM_ID = "'T' || lpad((team + 1)::VARCHAR, 5, '0')"
PERSON_ID = "'P' || lpad((person + 1)::VARCHAR, 7, '0')"
PROJECT_ID = "'PRJ' || lpad(({})::VARCHAR, 6, '0')"
# DuckDB's share while loading. Primary-key indexes stay in memory until they are checkpointed into
# the file, so scales with ``commit_rows`` insert their large tables in checkpointed batches.
MEMORY_LIMIT = "1GB"
# ... and while the marts are built: under 1 GB the 10x training marts run out of memory, and at kp
# they take ~10% more CPU (spilling) for a peak of 1.5 GB instead of 2.1 GB.
MART_MEMORY_LIMIT = "5GB"

# Independent random streams, one per part, so changing one part leaves the others as they were.
TEAMS_STREAM, LEVELS_STREAM, SCORES_STREAM, STAFF_STREAM, SURVEYS_STREAM, PROJECTS_STREAM, TRAINING_STREAM = (
    range(7)
)


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


def _insert(
    db: Database,
    table: str,
    data: pa.Table | pd.DataFrame,
    select: str,
    params: list | None = None,
    batch_rows: int | None = None,
) -> None:
    """``INSERT INTO table SELECT <select> FROM data`` in one statement (no row-by-row work).

    With ``batch_rows`` (Arrow data only), one statement per that many rows, each followed by a
    checkpoint, so the table's primary-key index can leave memory between them.
    """
    parts = (
        [data]
        if batch_rows is None
        else [data.slice(at, batch_rows) for at in range(0, len(data), batch_rows)]
    )
    for batch in parts:
        with db.connection.cursor() as cursor:
            cursor.register("demo_batch", batch)
            cursor.execute(f"INSERT INTO {table} SELECT {select} FROM demo_batch", params or [])
            cursor.unregister("demo_batch")
        if batch_rows is not None:
            db.execute("CHECKPOINT")


@contextmanager
def _primary_key_after_load(db: Database, table: str) -> Iterator[None]:
    """Recreate the empty ``table`` without its primary key for the block, then add the key back.

    DuckDB then builds the key's index in one pass over the loaded rows instead of while
    inserting (10M training records at kp: ~8.5 s → ~5 s wall, ~10 s → ~7.5 s CPU). The table
    keeps the migration's columns and constraints; only the key's place in its DDL text moves.
    """
    ddl, key = db.rows(
        "SELECT t.sql, c.constraint_text FROM duckdb_tables() AS t JOIN duckdb_constraints() AS c"
        " USING (table_name) WHERE table_name = ? AND c.constraint_type = 'PRIMARY KEY'",
        [table],
    )[0]
    db.execute(f"DROP TABLE {table}")
    db.execute(re.sub(r",\s*" + re.escape(key), "", ddl))
    yield
    db.execute(f"ALTER TABLE {table} ADD {key}")


def build_demo(path: str | Path, scale: str = "small", seed: int = 1, report: Report = silent) -> dict:
    """Build the demo database at ``path``; return ``{"rows": {table: count}, "seconds": s}``.

    The same ``scale`` and ``seed`` always give the same database contents. ``report`` hears of
    each step (generating, loading training a chunk at a time, marts, saving).
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if seed < 0:
        raise ValueError("seed must be zero or positive")
    started = time.perf_counter()
    config = SCALES[scale]
    report("teams and levels", 0.0)
    teams = build_teams(config, _rng(seed, TEAMS_STREAM))
    assessments = assess(teams, _rng(seed, LEVELS_STREAM))
    staff = build_staff(config, teams, _rng(seed, STAFF_STREAM))
    with replace_after_write(path, fresh=True, report=part(report, 0.6, 1.0)) as db:
        db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        report("loading teams, levels and staff", 0.05)
        _write_teams(db, teams)
        _write_levels(db, teams, assessments, _rng(seed, SCORES_STREAM), config.commit_rows)
        _write_staff(db, staff)
        _insert(db, "courses", pd.DataFrame([c.__dict__ for c in COURSES]), _COURSE_COLUMNS)
        # Scales loaded in checkpointed batches (10x) keep the key while loading: its index then
        # leaves memory at each checkpoint instead of being built in one piece under MEMORY_LIMIT.
        one_load = config.commit_rows is None
        chunks = -(-staff.count // config.person_chunk)
        with _primary_key_after_load(db, "training_records") if one_load else nullcontext():
            for number, chunk in enumerate(
                training_chunks(
                    staff, assessments.capability_level, config.person_chunk, [seed, TRAINING_STREAM]
                )
            ):
                report(f"training records, part {number + 1} of {chunks}", 0.12 + 0.38 * number / chunks)
                _insert(
                    db,
                    "training_records",
                    chunk,
                    f"{PERSON_ID}, list_extract(?, course + 1), assigned_on, due_on, completed_on, assessment_score",
                    [list(COURSE_IDS)],
                    config.commit_rows,
                )
            report("training records: primary key", 0.5)
        report("surveys, projects and access grants", 0.55)
        surveys = build_surveys(staff, assessments.capability_level, _rng(seed, SURVEYS_STREAM))
        _insert(db, "survey_results", surveys, f"{TEAM_ID}, survey_year, index_name, score, respondents")
        _write_projects(db, build_projects(teams, assessments.capability_level, _rng(seed, PROJECTS_STREAM)))
        _insert(db, "events", demo_events(list(config.regions)), "*")
        seed_demo_grants(db)
        insert_methods(db, demo_methods())
        rows = {table: db.scalar(f"SELECT count(*) FROM {table}") for table in CONTRACT_TABLES}
        db.execute(f"SET memory_limit = '{MART_MEMORY_LIMIT}'")  # for the marts, built before the swap
    return {"scale": scale, "seed": seed, "rows": rows, "seconds": time.perf_counter() - started}


_COURSE_COLUMNS = "course_id, course_title, audience, required, due_within_days"
_TEAM_TEXT = ("team_name", "department", "facility", "service_area", "region", "labor_partner")


def _write_teams(db: Database, teams: Teams) -> None:
    frame = teams.frame
    data = pa.table(
        {
            "team": np.arange(teams.count, dtype=np.int32),
            **{column: frame[column].to_numpy() for column in _TEAM_TEXT},
            "formed_on": as_dates(teams.formed_day),
            "closed_on": as_dates(np.minimum(teams.closed_day, LAST_DAY), teams.closed_day > LAST_DAY),
        }
    )
    _insert(
        db,
        "teams",
        data,
        f"{TEAM_ID}, team_name, department, facility, service_area, region, labor_partner, formed_on, closed_on",
    )


def _write_levels(
    db: Database, teams: Teams, assessments: Assessments, rng: np.random.Generator, batch_rows: int | None
) -> None:
    _insert(
        db,
        "dimensions",
        pd.DataFrame(
            [
                (d_id, name, family, order)
                for order, (d_id, name, family, _) in enumerate(DIMENSIONS, start=1)
            ],
            columns=["dimension_id", "dimension_name", "family", "sort_order"],
        ),
        "*",
    )
    quarter = as_dates(QUARTER_STARTS[assessments.quarter])
    levels = pa.table(
        {
            "team": assessments.team,
            "quarter": quarter,
            "level": assessments.level,
            "assessed_on": as_dates(assessments.assessed_day),
        }
    )
    _insert(db, "team_quarter_levels", levels, f"{TEAM_ID}, quarter, level, assessed_on")

    scores = dimension_scores(assessments, teams.count, rng)
    by_id = np.argsort(DIMENSION_IDS)  # insert in key order: team, quarter, dimension_id
    n_dims = len(DIMENSION_IDS)
    rows = pa.table(
        {
            "team": np.repeat(assessments.team, n_dims),
            "quarter": as_dates(np.repeat(QUARTER_STARTS[assessments.quarter], n_dims)),
            "dimension": np.tile(by_id, len(assessments.team)).astype(np.int8),
            "score": scores[:, by_id].ravel() / 10.0,
        }
    )
    _insert(
        db,
        "team_quarter_scores",
        rows,
        f"{TEAM_ID}, quarter, list_extract(?, dimension + 1), score",
        [list(DIMENSION_IDS)],
        batch_rows,
    )


def _write_staff(db: Database, staff: Staff) -> None:
    data = pa.table(
        {
            "person": np.arange(staff.count, dtype=np.int32),
            "team": staff.team,
            "role": staff.role,
            "union_local": pa.array(staff.union + 1, pa.int16(), mask=staff.union < 0),
            "labor_group": staff.group,
        }
    )
    _insert(
        db,
        "staff",
        data,
        f"{PERSON_ID}, {TEAM_ID}, list_extract(?, role + 1), list_extract(?, union_local), "
        "list_extract(?, labor_group + 1)",
        [list(ROLES), list(UNION_NAMES), list(LABOR_GROUPS)],
    )


def _write_projects(db: Database, projects: pd.DataFrame) -> None:
    not_done = projects["completed_on"].to_numpy() < 0
    result = projects["result"].to_numpy()
    adapted_from = projects["adapted_from"].to_numpy()
    data = pa.table(
        {
            "row": np.arange(len(projects), dtype=np.int32),
            "team": projects["team"].to_numpy(),
            **{c: projects[c].to_numpy() for c in ("title", "topic")},
            "started_on": as_dates(projects["started_on"].to_numpy()),
            "completed_on": as_dates(np.maximum(projects["completed_on"].to_numpy(), 0), not_done),
            **{c: projects[c].to_numpy() for c in ("metric_name", "baseline", "higher_is_better")},
            "result": pa.array(result, mask=np.isnan(result)),
            "adapted_from": pa.array(adapted_from + 1, mask=adapted_from < 0),
        }
    )
    _insert(
        db,
        "ubt_projects",
        data,
        f"{PROJECT_ID.format('row + 1')}, {TEAM_ID}, title, topic, started_on, completed_on, metric_name, baseline, "
        f"result, higher_is_better, {PROJECT_ID.format('adapted_from')}",
    )
