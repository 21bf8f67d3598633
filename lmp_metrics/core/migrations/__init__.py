"""Versioned schema migrations: ``NNN_description.sql`` files applied in order, once each.

Applied versions are recorded in ``schema_migrations`` so a fresh file gets everything and an
existing file gets only what it lacks.
"""

from __future__ import annotations

from pathlib import Path

from lmp_metrics.core.database import Database

MIGRATIONS_DIR = Path(__file__).parent


def available_migrations() -> list[tuple[int, Path]]:
    """All migration files as (version, path), sorted by version."""
    found = [(int(p.name.split("_", 1)[0]), p) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql")]
    return sorted(found)


def applied_versions(db: Database) -> set[int]:
    """Versions already applied to this database."""
    if not db.table_exists("schema_migrations"):
        return set()
    return {row[0] for row in db.rows("SELECT version FROM schema_migrations")}


def pending_migrations(db: Database) -> list[int]:
    """Versions not yet applied to this database."""
    done = applied_versions(db)
    return [version for version, _ in available_migrations() if version not in done]


def migrate(db: Database) -> list[int]:
    """Apply every pending migration, each in its own transaction; return the versions applied."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = applied_versions(db)
    applied = []
    for version, path in available_migrations():
        if version in done:
            continue
        with db.transaction() as cursor:
            cursor.execute(path.read_text())
            cursor.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, path.stem]
            )
        applied.append(version)
    return applied
