"""The database file on disk: opening, versioning, and safe replacement while the app reads it.

DuckDB allows one writing process per file, and the dashboard keeps read-only connections open.
So every write (demo build, import, saved view) goes to a *copy* of the file, which is then swapped
in with an atomic ``os.replace``. Readers that still hold the old file keep a consistent snapshot;
the app notices the new file signature and reopens. A lock file serialises writers.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from lmp_metrics.database import Database
from lmp_metrics.marts import rebuild_marts
from lmp_metrics.migrations import migrate, pending_migrations


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


@contextmanager
def replace_after_write(
    path: str | Path, fresh: bool = False, changed: Collection[str] | None = None
) -> Iterator[Database]:
    """Yield a writable Database on a copy of ``path``; swap it in only if the block succeeds.

    With ``fresh=True`` the copy starts empty (used by the demo builder). Migrations are applied
    to the copy first; derived marts are rebuilt before the swap, so readers never see a
    half-updated file. ``changed`` names the contract tables the block writes, so only the marts
    reading them are rebuilt (None: all; empty: none, e.g. for an ``import_log`` row). On any exception the original file is left untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(target):
        temp = target.with_name(f".{target.name}.tmp{os.getpid()}")
        _remove(temp)
        if target.exists() and not fresh:
            shutil.copyfile(target, temp)
        try:
            db = Database(temp)
            try:
                migrate(db)
                yield db
                rebuild_marts(db, None if fresh else changed)
                db.execute("CHECKPOINT")
            finally:
                db.close()
            os.replace(temp, target)
        finally:
            _remove(temp)


def open_read_only(path: str | Path) -> Database:
    """Open ``path`` for reading; an absent or outdated file is first created or migrated."""
    target = Path(path)
    if target.exists():
        db = _open_current(target)
        if not pending_migrations(db):
            return db
        db.close()
    with replace_after_write(target):
        pass
    return _open_current(target)


_LINK_NUMBERS = itertools.count()


def _open_current(target: Path) -> Database:
    """A read-only Database on the file that is at ``target`` now.

    DuckDB keeps one instance per file path in a process: while any connection to a file that has
    since been swapped out is still open (the app's previous version, say), a plain connect to the
    same path returns that old instance with its old data. Opening through a fresh hard link to the
    current file gives a new instance; the link name is removed as soon as the file is open.
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
    finally:
        link.unlink(missing_ok=True)
    db.path = str(target)
    return db


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
