"""Writing validated rows: the change plan, the upsert on the primary key, and ``import_log``.

All functions take a DuckDB cursor on which the typed rows are registered as ``import_incoming``;
the caller owns the transaction (``store.replace_after_write`` + ``Database.transaction``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import changes_table, incremental_columns
from lmp_metrics.importer.schema import Kind
from lmp_metrics.importer.validation import INCOMING

CHANGES = "import_changes"


@dataclass(frozen=True)
class LogEntry:
    """One row of ``import_log``."""

    kind: str
    source_name: str
    sha256: str | None
    started_at: datetime
    status: str
    rows_in: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    error_count: int = 0
    encoding: str | None = None
    snapshot: str | None = None
    undoes: int | None = None


def plan_changes(cursor: duckdb.DuckDBPyConnection, kind: Kind, columns: tuple[str, ...]) -> tuple[int, int]:
    """Keep only rows that are new or differ from the stored row; return (inserted, updated).

    Columns left out of the file are not compared (they keep their stored values on update).
    """
    on = " AND ".join(f"t.{name} = i.{name}" for name in kind.key)
    differs = " OR ".join(f"i.{name} IS DISTINCT FROM t.{name}" for name in columns if name not in kind.key)
    changed = f"t.{kind.key[0]} IS NULL" + (f" OR {differs}" if differs else "")
    cursor.execute(
        f"CREATE OR REPLACE TEMP TABLE {CHANGES} AS"
        f" SELECT i.*, t.{kind.key[0]} IS NULL AS is_new"
        f" FROM {INCOMING} i LEFT JOIN {kind.name} t ON {on} WHERE {changed}"
    )
    inserted, updated = cursor.execute(
        f"SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM {CHANGES}"
    ).fetchall()[0]
    return int(inserted), int(updated)


def record_changed_keys(cursor: duckdb.DuckDBPyConnection, kind: Kind, columns: tuple[str, ...]) -> None:
    """Leave the columns marts rebuild incrementally by, of every planned row before and after the
    change, in ``changed_<kind>`` (e.g. the people and dates of changed training records), for
    ``rebuild_marts``. Call before ``upsert_changes``; a column the file leaves out is NULL on a new
    row and kept on an updated one."""
    wanted = incremental_columns(kind.name)
    if wanted:
        after = ", ".join(name if name in columns else f"NULL AS {name}" for name in wanted)
        on = " AND ".join(f"t.{name} = c.{name}" for name in kind.key)
        cursor.execute(
            f"CREATE OR REPLACE TABLE {changes_table(kind.name)} AS SELECT {after} FROM {CHANGES}"
            f" UNION SELECT {', '.join(f't.{name}' for name in wanted)} FROM {kind.name} AS t"
            f" SEMI JOIN {CHANGES} AS c ON {on}"
        )


def upsert_changes(cursor: duckdb.DuckDBPyConnection, kind: Kind, columns: tuple[str, ...]) -> None:
    """Write the planned rows: new keys with a plain INSERT, changed ones with an upsert.

    The plan was made in the same transaction under the writer lock, so "new" rows cannot
    conflict; a plain INSERT of them is about twice as fast as going through ON CONFLICT, and
    inserting them in key order makes the primary-key index cheaper to update and to write.
    Changed rows go through ``INSERT … ON CONFLICT (key) DO UPDATE``.
    """
    names = ", ".join(columns)
    cursor.execute(
        f"INSERT INTO {kind.name} ({names}) SELECT {names} FROM {CHANGES} WHERE is_new"
        f" ORDER BY {', '.join(kind.key)}"
    )
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name not in kind.key)
    if updates:
        cursor.execute(
            f"INSERT INTO {kind.name} ({names}) SELECT {names} FROM {CHANGES} WHERE NOT is_new"
            f" ON CONFLICT ({', '.join(kind.key)}) DO UPDATE SET {updates}"
        )
    cursor.execute(f"DROP TABLE {CHANGES}")


def next_import_id(cursor: duckdb.DuckDBPyConnection) -> int:
    """The id the next ``import_log`` row gets (ids are sequential; writers are serialised by the lock)."""
    return int(cursor.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_log").fetchall()[0][0])


def write_log(cursor: duckdb.DuckDBPyConnection, entry: LogEntry) -> int:
    """Append one attempt to ``import_log``; return its id."""
    import_id = next_import_id(cursor)
    cursor.execute(
        "INSERT INTO import_log (import_id, kind, source_name, sha256, started_at, finished_at, status,"
        " rows_in, rows_inserted, rows_updated, error_count, encoding, snapshot, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            entry.kind,
            entry.source_name,
            entry.sha256,
            entry.started_at,
            datetime.now(),
            entry.status,
            entry.rows_in,
            entry.rows_inserted,
            entry.rows_updated,
            entry.error_count,
            entry.encoding,
            entry.snapshot,
            entry.undoes,
        ],
    )
    return import_id


def last_loaded(db: Database, kind: str) -> tuple[str, int] | None:
    """(sha256, rows_in) of the most recent import of ``kind`` that changed the data."""
    rows = db.rows(
        "SELECT sha256, rows_in FROM import_log WHERE kind = ? AND status = 'loaded'"
        " ORDER BY import_id DESC LIMIT 1",
        [kind],
    )
    return rows[0] if rows else None


def import_history(db: Database, limit: int = 100) -> pd.DataFrame:
    """The latest import attempts, newest first, for the Import page."""
    return db.query(
        "SELECT import_id, kind, source_name, status, rows_in, rows_inserted, rows_updated, error_count,"
        " encoding, started_at, finished_at, sha256 FROM import_log ORDER BY import_id DESC LIMIT ?",
        [limit],
    )
