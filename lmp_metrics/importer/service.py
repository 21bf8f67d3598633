"""``import_file``: one file into one contract table, all or nothing, shared by the CLI and the page.

Steps: read the bytes (and hash them), match the header, type and check every row, and look
references up in the current database (opened read-only, so open dashboards never block it).
Meanwhile the copy of the database that the write needs is made in the background
(``store.prepared_copy``; a rejected or unchanged file uses it for its ``import_log`` row). A valid
file is then written to that copy in one transaction: the changes are planned there, under the writer lock, so a concurrent
import cannot slip in between (references are checked again there unless the copy is of the very
snapshot they were checked on); the copy is swapped in after the marts are rebuilt
(``store.replace_after_write``). Readers keep their snapshot until they reopen. A dry run plans on
the read-only snapshot instead.

Re-importing the content of the last file loaded for a kind (same sha256) is 'unchanged' without
re-validation; any other file whose rows are all already stored is 'unchanged' too.

Logging: every attempt except a dry run gets an ``import_log`` row. A loaded file's row is written
in the same transaction as its data. A rejected or unchanged attempt changes no data, so its row
goes in through a separate small swap that writes only ``import_log`` (no mart rebuild): the data
tables stay row-for-row identical and only ``import_log`` grows by one row.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from lmp_metrics.core.progress import Report, part, silent
from lmp_metrics.core.store import (
    PreparedCopy,
    Signature,
    new_snapshot_name,
    open_read_only,
    prepared_copy,
    replace_after_write,
)
from lmp_metrics.errors import UsageError
from lmp_metrics.importer.loading import (
    LogEntry,
    last_loaded,
    plan_changes,
    record_changed_keys,
    upsert_changes,
    write_log,
)
from lmp_metrics.importer.reading import FileProblem, file_format, read_grid
from lmp_metrics.importer.schema import KINDS, Kind
from lmp_metrics.importer.validation import (
    ERROR_COLUMNS,
    ERROR_LIMIT,
    INCOMING,
    Parsed,
    check_header,
    check_references,
    error_frame,
    parse_rows,
)

REPORT_COLUMNS = ["file", *ERROR_COLUMNS]


@dataclass
class ImportResult:
    """What happened (for a dry run: what would happen) to one file.

    ``status``: 'loaded', 'unchanged' or 'rejected'; a dry run of a valid file with changes says
    'valid'. ``errors`` has the report columns file, row, column, value, reason (the first 10,000);
    ``error_count`` counts all of them.
    """

    kind: str
    source_name: str
    sha256: str
    dry_run: bool = False
    status: str = "rejected"
    rows_in: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    error_count: int = 0
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    started_at: datetime = field(default_factory=datetime.now)
    seconds: float = 0.0
    encoding: str | None = None  # how a CSV file's text was read (None for Excel)
    import_id: int | None = None  # its import_log row, once loaded

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def summary(self, file_name: Callable[[str], str] = str) -> str:
        """One line for people: what happened to which file (its name written by ``file_name``:
        the app shows it inert)."""
        name = f"{file_name(self.source_name)} → {self.kind}" + (
            f" (read as {self.encoding})" if self.encoding else ""
        )
        changes = f"{self.rows_inserted:,} new, {self.rows_updated:,} updated"
        if self.status == "rejected":
            return f"{name}: rejected with {self.error_count:,} error(s); nothing was changed"
        if self.status == "unchanged":
            return f"{name}: unchanged; its {self.rows_in:,} rows are already in the database"
        if self.dry_run:
            return f"{name}: valid, {self.rows_in:,} rows; importing would give {changes} (dry run)"
        return f"{name}: loaded {self.rows_in:,} rows ({changes}) in {self.seconds:.1f} s"

    def reject(self, errors: pd.DataFrame, count: int) -> None:
        """Mark rejected with these errors (columns row, column, value, reason), in file order."""
        self.status = "rejected"
        self.error_count = count
        position = {name: index for index, name in enumerate(KINDS[self.kind].column_names)}
        order = errors["column"].map(position).fillna(len(position))
        report = errors[ERROR_COLUMNS].assign(_order=order).sort_values(["row", "_order"], kind="stable")
        report = report.drop(columns="_order").head(ERROR_LIMIT)
        self.errors = report.assign(file=self.source_name)[REPORT_COLUMNS].reset_index(drop=True)

    def log_entry(self) -> LogEntry:
        return LogEntry(
            self.kind,
            self.source_name,
            self.sha256,
            self.started_at,
            self.status,
            self.rows_in,
            self.rows_inserted,
            self.rows_updated,
            self.error_count,
            self.encoding,
        )


@dataclass(frozen=True)
class _Valid:
    """Rows that passed every check on the read-only snapshot ``signature`` (None: unknown)."""

    parsed: Parsed
    signature: Signature | None

    def checked_on(self, copy: PreparedCopy | None) -> bool:
        """Whether the write's ``copy`` is of the snapshot the references were checked on."""
        return copy is not None and copy.used and copy.signature == self.signature


class _Abandon(Exception):
    """Raised inside the write to throw the copy away (errors found, or nothing left to change)."""


def kind_spec(kind: str) -> Kind:
    """The spec of an importable kind; UsageError for anything else."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return KINDS[kind]


def import_file(
    db_path: str | Path,
    kind: str,
    source: str | Path | bytes,
    source_name: str | None = None,
    dry_run: bool = False,
    report: Report = silent,
) -> ImportResult:
    """Validate ``source`` (a path, or bytes named by ``source_name``) and load it into ``kind``.

    Raises UsageError for an unknown kind, a missing file or an extension other than .csv/.xlsx.
    ``report`` hears of each step (reading, checking, writing, marts, saving).
    """
    started = time.perf_counter()
    spec = kind_spec(kind)
    content, name = _content(source, source_name)
    fmt = file_format(name)
    if fmt is None:
        raise UsageError(f"{name}: unknown file type; use a .csv (.txt, .tsv) or .xlsx file")
    result = ImportResult(kind, name, hashlib.sha256(content).hexdigest(), dry_run)
    with nullcontext() if dry_run else prepared_copy(db_path) as copy:
        valid = _validate(result, Path(db_path), spec, content, fmt, report)
        if valid is not None and result.status == "loaded":
            _write(result, Path(db_path), spec, valid, copy, report)
        result.seconds = time.perf_counter() - started
        if not dry_run and result.status != "loaded":
            report("logging the attempt", 0.9)
            with replace_after_write(db_path, changed=(), prepared=copy) as db, db.transaction() as cursor:
                write_log(cursor, result.log_entry())
    report(result.status, 1.0)
    return result


def _content(source: str | Path | bytes, source_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, source_name or "upload.csv"
    path = Path(source)
    if not path.is_file():
        raise UsageError(f"file not found: {path}")
    return path.read_bytes(), source_name or path.name


def _validate(
    result: ImportResult, db_path: Path, spec: Kind, content: bytes, fmt: str, report: Report
) -> _Valid | None:
    """Everything short of writing, on a read-only snapshot (a dry run also plans the changes).

    Sets status 'loaded' when a write should follow; the write plans the changes itself.
    """
    with open_read_only(db_path) as db:
        previous = None if result.dry_run else last_loaded(db, spec.name)
        if previous is not None and previous[0] == result.sha256:
            result.status, result.rows_in = "unchanged", int(previous[1])
            return None
        parsed = _parse(result, spec, content, fmt, report)
        if parsed is None:
            return None
        report("checking references", 0.35)
        with db.connection.cursor() as cursor:
            _check_and_plan(cursor, result, spec, parsed, plan=result.dry_run)
    return _Valid(parsed, db.signature)


def _parse(result: ImportResult, spec: Kind, content: bytes, fmt: str, report: Report) -> Parsed | None:
    """Read, match the header and type the rows; file and header problems reject at once."""
    report(f"reading {result.source_name}", 0.02)
    try:
        grid = read_grid(content, fmt)
    except FileProblem as problem:
        result.reject(error_frame([(problem.row, problem.column, "", problem.reason)]), 1)
        return None
    result.rows_in, result.encoding = len(grid.rows), grid.encoding or None
    mapping, header_errors = check_header(grid, spec)
    if len(header_errors):
        result.reject(header_errors, len(header_errors))
        return None
    if not len(grid.rows):
        result.reject(error_frame([(grid.header_row, "", "", "the file has a header but no data rows")]), 1)
        return None
    report(f"checking {result.rows_in:,} rows", 0.15)
    return parse_rows(grid, spec, mapping)


def _check_and_plan(
    cursor: duckdb.DuckDBPyConnection,
    result: ImportResult,
    spec: Kind,
    parsed: Parsed,
    plan: bool = True,
    check: bool = True,
) -> None:
    """Reference checks (``check``) against the database behind ``cursor``, then (``plan``) the change plan."""
    cursor.register(INCOMING, parsed.typed)
    try:
        ref_errors, ref_count = (
            check_references(cursor, spec, parsed.columns) if check else (error_frame(), 0)
        )
        if parsed.error_count or ref_count:
            errors = pd.concat([parsed.errors, ref_errors], ignore_index=True)
            result.reject(errors, parsed.error_count + ref_count)
            return
        if plan:
            result.rows_inserted, result.rows_updated = plan_changes(cursor, spec, parsed.columns)
    finally:
        cursor.unregister(INCOMING)
    changed = not plan or result.rows_inserted or result.rows_updated
    result.status = ("valid" if result.dry_run else "loaded") if changed else "unchanged"


def _write(
    result: ImportResult, db_path: Path, spec: Kind, valid: _Valid, copy: PreparedCopy | None, report: Report
) -> None:
    """Upsert and log in one transaction on a copy (``copy`` if still current), then swap it in."""
    parsed = valid.parsed
    snapshot = new_snapshot_name()
    report(f"writing {result.rows_in:,} rows", 0.45)
    try:
        with (
            replace_after_write(
                db_path, changed={spec.name}, prepared=copy, snapshot=snapshot, report=part(report, 0.55, 1.0)
            ) as db,
            db.transaction() as cursor,
        ):
            _check_and_plan(cursor, result, spec, parsed, check=not valid.checked_on(copy))
            if result.status != "loaded":
                raise _Abandon
            record_changed_keys(cursor, spec, parsed.columns)
            upsert_changes(cursor, spec, parsed.columns)
            result.import_id = write_log(cursor, replace(result.log_entry(), snapshot=snapshot))
    except _Abandon:
        pass
    except duckdb.ConstraintException as refused:
        result.reject(error_frame([(None, "", "", f"the database refused the rows: {refused}")]), 1)
