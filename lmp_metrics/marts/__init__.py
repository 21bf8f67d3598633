"""Derived tables ("marts"), rebuilt from the contract tables after every load.

Each ``NN_name.sql`` file in this folder holds one ``CREATE OR REPLACE TABLE name AS …``
statement and opens with a comment stating its grain. They run in file-name order, so a mart
may read marts with a lower number. Pages read marts, never whole contract tables.
"""

from __future__ import annotations

from pathlib import Path

from lmp_metrics.database import Database

MARTS_DIR = Path(__file__).parent


def mart_files() -> list[Path]:
    """The mart definitions in build order."""
    return sorted(MARTS_DIR.glob("[0-9][0-9]_*.sql"))


def rebuild_marts(db: Database) -> list[str]:
    """Rebuild every mart in one transaction; return their names."""
    built = []
    with db.transaction() as cursor:
        for path in mart_files():
            cursor.execute(path.read_text())
            built.append(path.stem.split("_", 1)[1])
    return built
