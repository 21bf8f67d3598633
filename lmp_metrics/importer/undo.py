"""Taking back an import: the database from just before it is put back through the same atomic swap.

Every loaded import (and every undo) keeps the file it replaced as a snapshot (``store``). Undoing
change *k* starts the write from *k*'s snapshot, carries over from the current file everything
that is not imported data (the whole ``import_log``, saved views, access grants, …), marks *k*
'undone' and logs the undo as a new row with status 'undo' (``undoes`` = *k*) and its own
snapshot, so an undo can itself be undone (which marks *k* 'loaded' again). Only the latest change
can be taken back: undoing an earlier one would silently drop the later ones too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import BUILT, mart_files, mart_tables
from lmp_metrics.core.progress import Report, part, silent
from lmp_metrics.core.settings import setting
from lmp_metrics.core.store import (
    new_snapshot_name,
    open_read_only,
    replace_after_write,
    snapshot_folder,
)
from lmp_metrics.importer.loading import LogEntry, write_log
from lmp_metrics.importer.schema import KINDS

CHANGES = ("loaded", "undo")  # statuses of rows whose change is in the database now


@dataclass(frozen=True)
class Change:
    """One ``import_log`` row that changed the data."""

    import_id: int
    kind: str
    source_name: str
    status: str
    snapshot: str | None
    undoes: int | None

    @property
    def label(self) -> str:
        what = f"undo of #{self.undoes}" if self.undoes is not None else self.source_name
        return f"#{self.import_id} {self.kind} ({what})"


@dataclass(frozen=True)
class UndoResult:
    """``ok``: done (``undo_id`` is the new log row); otherwise ``message`` says why not."""

    ok: bool
    message: str
    undo_id: int | None = None


def latest_change(db: Database) -> Change | None:
    """The change an undo without ``--import`` takes back: the newest 'loaded' or 'undo' row."""
    return _change(db, "status IN (?, ?) ORDER BY import_id DESC LIMIT 1", list(CHANGES))


def _change(db: Database, where: str, params: list[object]) -> Change | None:
    rows = db.rows(
        f"SELECT import_id, kind, source_name, status, snapshot, undoes FROM import_log WHERE {where}", params
    )
    return Change(*rows[0]) if rows else None


def refusal(db_path: Path, db: Database, import_id: int | None) -> tuple[Change | None, str | None]:
    """The change to undo and, if it cannot be undone, why not."""
    change = latest_change(db) if import_id is None else _change(db, "import_id = ?", [import_id])
    if change is None:
        return None, "nothing to undo" if import_id is None else f"there is no import #{import_id}"
    if change.status not in CHANGES:
        return (
            change,
            f"import #{change.import_id} was {change.status}: it changed nothing that could be undone",
        )
    later = _change(
        db, "status IN (?, ?) AND import_id > ? ORDER BY import_id LIMIT 1", [*CHANGES, change.import_id]
    )
    if later is not None:
        return change, f"{later.label} came after it; undo that first (it would be lost too)"
    if change.snapshot is None or not (snapshot_folder(db_path) / change.snapshot).exists():
        kept = int(setting("undo_snapshots"))
        return change, (
            f"the database from before #{change.import_id} is no longer kept "
            f"(the newest {kept} are: setting undo_snapshots)"
        )
    return change, None


def undo_import(db_path: str | Path, import_id: int | None = None, report: Report = silent) -> UndoResult:
    """Put back the database from just before ``import_id`` (default: the latest change)."""
    path = Path(db_path)
    if not path.exists():
        return UndoResult(False, f"no database at {path}")
    with open_read_only(path) as db:
        change, why = refusal(path, db, import_id)
    if why is not None or change is None:
        return UndoResult(False, f"cannot undo: {why}")
    snapshot = new_snapshot_name()
    started = datetime.now()
    source = snapshot_folder(path) / str(change.snapshot)
    try:
        report(f"copying the database from before {change.label}", 0.05)
        undo_id = _write_undo(path, change, source, snapshot, started, part(report, 0.3, 1.0))
    except _Overtaken:
        return UndoResult(False, f"cannot undo: another change came after {change.label} meanwhile")
    return UndoResult(True, f"undid {change.label}: the database is as it was just before it", undo_id)


class _Overtaken(Exception):
    """Another change was made between the check and the write: the write is thrown away."""


def _write_undo(
    path: Path, change: Change, source: Path, snapshot: str, started: datetime, report: Report
) -> int:
    """The undo itself, under the writer lock: still the latest change? then put the snapshot back."""
    with (
        replace_after_write(
            path, changed=_kept_tables(path), source=source, snapshot=snapshot, report=report
        ) as db,
        db.transaction() as cursor,
    ):
        _carry_over(cursor, path)
        latest = cursor.execute("SELECT max(import_id) FROM import_log WHERE status IN (?, ?)", list(CHANGES))
        if latest.fetchone()[0] != change.import_id:
            raise _Overtaken
        _mark(cursor, change.import_id, in_force=False)
        entry = LogEntry(
            change.kind,
            f"undo of import #{change.import_id}",
            None,  # no file: never matches a re-import as 'unchanged'
            started,
            "undo",
            snapshot=snapshot,
            undoes=change.import_id,
        )
        return write_log(cursor, entry)


def _mark(cursor: duckdb.DuckDBPyConnection, import_id: int, in_force: bool) -> None:
    """Set a change's status ('loaded' or 'undo' in force, else 'undone'), and so down its chain:
    taking back an undo puts what it undid in force again, and so on."""
    (undoes,) = cursor.execute("SELECT undoes FROM import_log WHERE import_id = ?", [import_id]).fetchone()
    status = ("loaded" if undoes is None else "undo") if in_force else "undone"
    cursor.execute("UPDATE import_log SET status = ? WHERE import_id = ?", [status, import_id])
    if undoes is not None:
        _mark(cursor, undoes, not in_force)


def _kept_tables(path: Path) -> set[str]:
    """Tables of the current file that are not imported data or derived: they survive an undo."""
    derived = {BUILT, "schema_migrations"} | {table for mart in mart_files() for table in mart_tables(mart)}
    with open_read_only(path) as db:
        tables = {row[0] for row in db.rows("SELECT table_name FROM information_schema.tables")}
    return tables - set(KINDS) - derived


def _carry_over(cursor: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Replace the kept tables' rows with those of the current file (attached read-only)."""
    tables = _kept_tables(path)
    cursor.execute("ATTACH ? AS current_file (READ_ONLY)", [str(path)])
    try:
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"INSERT INTO {table} BY NAME SELECT * FROM current_file.{table}")
    finally:
        cursor.execute("DETACH current_file")
