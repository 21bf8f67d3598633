"""Derived tables ("marts"), rebuilt from the contract tables after every load.

Each ``NN_name.sql`` file in this folder builds one or more tables with ``CREATE OR REPLACE
[TEMP] TABLE name AS …`` and opens with a comment stating each table's grain. They run in
file-name order, so a mart may read marts with a lower number. Pages read marts, never whole
contract tables.

After an import only the marts that read the changed tables (directly or through another mart)
are rebuilt; the dependencies are read from the SQL itself.

Each build records the sha256 of every mart file it ran in ``marts_built``. A file whose SQL has
changed since (new code on an existing database), or that was never recorded, is stale: the next
write rebuilds it and the marts that read it. ``python -m lmp_metrics.core.marts --db PATH`` does that
right away, through the same atomic swap as every write.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from pathlib import Path

from lmp_metrics.core.contract import CONTRACT_TABLES
from lmp_metrics.core.database import Database

MARTS_DIR = Path(__file__).parent
BUILT = "marts_built"  # one row per mart file: the sha256 of the SQL its tables were built from
_CREATED = re.compile(r"CREATE\s+OR\s+REPLACE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(\w+)", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")
_WORD = re.compile(r"\b[a-z_][a-z0-9_]*\b")


def mart_files() -> list[Path]:
    """The mart definitions in build order."""
    return sorted(MARTS_DIR.glob("[0-9][0-9]_*.sql"))


def _sql(path: Path) -> str:
    return _COMMENT.sub("", path.read_text()).lower()


def mart_tables(path: Path) -> set[str]:
    """Tables a mart file creates."""
    return set(_CREATED.findall(_sql(path)))


def fingerprint(path: Path) -> str:
    """The sha256 of a mart file's SQL."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def marts_to_rebuild(
    changed: Collection[str] | None, existing: Collection[str] = (), stale: Collection[str] = ()
) -> list[Path]:
    """Mart files that read a changed table, directly or via another mart, in build order.

    ``changed=None`` means everything changed. A file whose tables are not all in ``existing`` is
    always rebuilt (a new database, or a mart added since the file was built), and so is a file
    named in ``stale`` (its SQL changed since its tables were built).
    """
    files = mart_files()
    if changed is None:
        return files
    dirty = set(changed)
    known = set(CONTRACT_TABLES) | {table for path in files for table in mart_tables(path)}
    selected = []
    for path in files:
        sql, creates = _sql(path), mart_tables(path)
        reads = (set(_WORD.findall(sql)) & known) - creates
        if reads & dirty or path.name in stale or not creates <= set(existing) | _temporary(sql):
            selected.append(path)
            dirty |= creates
    return selected


def _temporary(sql: str) -> set[str]:
    return set(re.findall(r"create\s+or\s+replace\s+temp(?:orary)?\s+table\s+(\w+)", sql))


def stale_marts(db: Database) -> list[str]:
    """Mart files whose SQL differs from the one their tables were built from (or not recorded)."""
    recorded: dict[str, str] = {}
    if db.table_exists(BUILT):
        recorded = dict(db.rows(f"SELECT mart_file, sha256 FROM {BUILT}"))
    return [path.name for path in mart_files() if recorded.get(path.name) != fingerprint(path)]


def rebuild_marts(db: Database, changed: Collection[str] | None = None) -> list[str]:
    """Rebuild the marts affected by ``changed`` tables (all when None) and stale ones, in one transaction."""
    existing = {row[0] for row in db.rows("SELECT table_name FROM information_schema.tables")}
    stale = stale_marts(db)
    built = []
    with db.transaction() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {BUILT}"
            " (mart_file VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL)"
        )
        for path in marts_to_rebuild(changed, existing, stale):
            cursor.execute(path.read_text())
            cursor.execute(
                f"INSERT OR REPLACE INTO {BUILT} VALUES (?, ?, current_localtimestamp())",
                [path.name, fingerprint(path)],
            )
            built.append(path.stem.split("_", 1)[1])
    return built
