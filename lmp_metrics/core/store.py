"""The database file on disk: opening, versioning, and safe replacement while the app reads it.

DuckDB allows one writing process per file, and the dashboard keeps read-only connections open.
So every write (demo build, import, saved view) goes to a *copy* of the file, which is then swapped
in with an atomic ``os.replace``. Readers that still hold the old file keep a consistent snapshot;
the app notices the new file signature and reopens. A lock file serialises writers.

A write may keep the file it replaces as a *snapshot* (a hard link, so it costs no copy) in the
folder ``<file>.snapshots/``; only the newest ``undo_snapshots`` are kept. ``undo`` puts one back
by starting the copy from it instead of from the current file (``importer/undo.py``).

Copying a large file takes a while, so a writer that first has other work to do (an import
parsing its file) can start the copy in the background with ``prepared_copy``; the copy is used
only if the file has not been replaced since it was started.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate, pending_migrations
from lmp_metrics.core.progress import Report, part, silent
from lmp_metrics.core.settings import setting

_LINK_NUMBERS = itertools.count()  # unique names for hard links and prepared copies


def file_signature(path: str | Path) -> tuple[int, int, int]:
    """Changes whenever the file is replaced or rewritten: (inode, size, mtime in ns)."""
    stat = os.stat(path)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


@contextmanager
def writer_lock(path: str | Path) -> Iterator[None]:
    """Exclusive lock held by the one process allowed to replace ``path`` at a time."""
    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


Signature = tuple[int, int, int]


class PreparedCopy:
    """A copy of a database file being made in a background thread, ahead of a write.

    ``signature`` is the file's signature during the whole copy (None if it changed meanwhile or
    the copy failed); ``used`` says whether ``replace_after_write`` took the copy.
    """

    def __init__(self, source: Path) -> None:
        self.source = source
        self.path = source.with_name(f".{source.name}.pre{os.getpid()}-{next(_LINK_NUMBERS)}")
        self.signature: Signature | None = None
        self.used = False
        self._thread = threading.Thread(target=self._copy, daemon=True)
        self._thread.start()

    def _copy(self) -> None:
        try:
            before = file_signature(self.source)
            shutil.copyfile(self.source, self.path)
            if file_signature(self.source) == before:
                self.signature = before
        except OSError:
            self.signature = None

    def take(self, destination: Path, current: Signature) -> bool:
        """Move the finished copy to ``destination`` if it is a copy of the file as it is now (once)."""
        self._thread.join()
        if self.used or self.signature != current:
            return False
        os.replace(self.path, destination)
        self.used = True
        return True

    def discard(self) -> None:
        self._thread.join()
        self.path.unlink(missing_ok=True)


@contextmanager
def prepared_copy(path: str | Path) -> Iterator[PreparedCopy]:
    """Start copying ``path`` now for a later ``replace_after_write(path, prepared=…)``."""
    copy = PreparedCopy(Path(path))
    try:
        yield copy
    finally:
        copy.discard()


@contextmanager
def replace_after_write(
    path: str | Path,
    fresh: bool = False,
    changed: Collection[str] | None = None,
    prepared: PreparedCopy | None = None,
    snapshot: str | None = None,
    source: Path | None = None,
    report: Report = silent,
) -> Iterator[Database]:
    """Yield a writable Database on a copy of ``path``; swap it in only if the block succeeds.

    With ``fresh=True`` the copy starts empty (used by the demo builder); with ``source`` it
    starts as a copy of that file (a snapshot being put back). Migrations are applied to the copy
    first; derived marts are rebuilt before the swap, so readers never see a half-updated file.
    ``changed`` names the contract tables the block writes, so only the marts reading them are
    rebuilt (None: all; empty: none, e.g. for an ``import_log`` row). A ``prepared`` copy of
    ``path`` is used instead of copying again when the file has not been replaced since it was
    made. With ``snapshot`` (a name from ``new_snapshot_name``) the replaced file is kept under
    that name in the snapshot folder. ``report`` hears of the mart build (0–0.9) and the saving.
    On any exception the original file is left untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target):
        temp = target.with_name(f".{target.name}.tmp{os.getpid()}")
        _remove(temp)
        if source is not None:
            shutil.copyfile(source, temp)
        elif target.exists() and not fresh:
            _copy(target, temp, prepared)
        try:
            db = Database(temp)
            try:
                migrate(db)
                yield db
                rebuild_marts(db, None if fresh else changed, part(report, 0.0, 0.9))
                report("saving", 0.9)
                db.execute("CHECKPOINT")
            finally:
                db.close()
            if snapshot is not None and target.exists():
                _keep(target, snapshot_folder(target) / snapshot)
            os.replace(temp, target)
            if snapshot is not None:
                prune_snapshots(target)
        finally:
            _remove(temp)


def _copy(target: Path, temp: Path, prepared: PreparedCopy | None) -> None:
    """Copy ``target`` to ``temp``, or move the prepared copy there if it is still current."""
    if prepared is None or not prepared.take(temp, file_signature(target)):
        shutil.copyfile(target, temp)


def snapshot_folder(path: str | Path) -> Path:
    """Where the snapshots of a database file are kept: ``<file>.snapshots/`` next to it."""
    target = Path(path)
    return target.with_name(f"{target.name}.snapshots")


def new_snapshot_name() -> str:
    """A file name for a snapshot that sorts by time: ``before-YYYYMMDDTHHMMSS.ffffff-pid.duckdb``."""
    return f"before-{datetime.now():%Y%m%dT%H%M%S.%f}-{os.getpid()}.duckdb"


def _keep(target: Path, snapshot: Path) -> None:
    """Keep the file now at ``target`` as ``snapshot``: a hard link, or a copy where links fail."""
    snapshot.parent.mkdir(exist_ok=True)
    snapshot.unlink(missing_ok=True)
    try:
        os.link(target, snapshot)
    except OSError:
        shutil.copyfile(target, snapshot)


def snapshots(path: str | Path) -> list[Path]:
    """The snapshots kept for ``path``, oldest first."""
    folder = snapshot_folder(path)
    return sorted(folder.glob("before-*.duckdb")) if folder.is_dir() else []


def prune_snapshots(path: str | Path) -> None:
    """Remove all but the newest ``undo_snapshots`` snapshots."""
    keep = int(setting("undo_snapshots"))
    kept = snapshots(path)
    for old in kept[: max(len(kept) - keep, 0)]:
        old.unlink(missing_ok=True)


def snapshot_disk_use(path: str | Path) -> tuple[int, int]:
    """(number of snapshots kept, their bytes on disk)."""
    kept = snapshots(path)
    return len(kept), sum(snapshot.stat().st_size for snapshot in kept)


def open_read_only(path: str | Path, report: Report = silent) -> Database:
    """Open ``path`` for reading; an absent or outdated file is first created or migrated
    (``report`` hears of that, and of the marts built with it)."""
    target = Path(path)
    if target.exists():
        db = _open_current(target)
        if not pending_migrations(db):
            return db
        db.close()
    with replace_after_write(target, report=report):
        pass
    return _open_current(target)


def _open_current(target: Path) -> Database:
    """A read-only Database on the file that is at ``target`` now.

    DuckDB keeps one instance per file path in a process: while any connection to a file that has
    since been swapped out is still open (the app's previous version, say), a plain connect to the
    same path returns that old instance with its old data. Opening through a fresh hard link to the
    current file gives a new instance; the link name is removed as soon as the file is open. The
    Database's ``signature`` is then that of the file it reads (None when opened by name).
    """
    if Path(f"{target}.wal").exists():
        return Database(target, read_only=True)  # unflushed writes sit next to the original name
    link = target.with_name(f".{target.name}.ro{os.getpid()}-{next(_LINK_NUMBERS)}")
    try:
        os.link(target, link)
    except OSError:  # no hard links here (or no write permission): fall back to the plain path
        return Database(target, read_only=True)
    try:
        db = Database(link, read_only=True)
        db.signature = file_signature(link)
    finally:
        link.unlink(missing_ok=True)
    db.path = str(target)
    return db


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
