"""Derived tables ("marts"), rebuilt from the contract tables after every load.

Each ``NN_name.sql`` file in this folder builds one or more tables with ``CREATE OR REPLACE
[TEMP] TABLE name AS …`` and opens with a comment stating each table's grain. They run in
file-name order, so a mart may read marts with a lower number. Pages read marts, never whole
contract tables.

After an import only the marts that read the changed tables (directly or through another mart)
are rebuilt; the dependencies are read from the SQL itself.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from lmp_metrics.contract import CONTRACT_TABLES
from lmp_metrics.database import Database

MARTS_DIR = Path(__file__).parent
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


def marts_to_rebuild(changed: Collection[str] | None, existing: Collection[str] = ()) -> list[Path]:
    """Mart files that read a changed table, directly or via another mart, in build order.

    ``changed=None`` means everything changed. A file whose tables are not all in ``existing`` is
    always rebuilt (a new database, or a mart added since the file was built).
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
        if reads & dirty or not creates <= set(existing) | _temporary(sql):
            selected.append(path)
            dirty |= creates
    return selected


def _temporary(sql: str) -> set[str]:
    return set(re.findall(r"create\s+or\s+replace\s+temp(?:orary)?\s+table\s+(\w+)", sql))


def rebuild_marts(db: Database, changed: Collection[str] | None = None) -> list[str]:
    """Rebuild the marts affected by ``changed`` tables (all when None) in one transaction."""
    existing = {row[0] for row in db.rows("SELECT table_name FROM information_schema.tables")}
    built = []
    with db.transaction() as cursor:
        for path in marts_to_rebuild(changed, existing):
            cursor.execute(path.read_text())
            built.append(path.stem.split("_", 1)[1])
    return built
