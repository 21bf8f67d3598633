"""Derived tables ("marts"), rebuilt from the contract tables after every load.

Like dbt models: each ``NN_name.sql`` file in this folder builds one mart with ``CREATE OR REPLACE
TABLE name AS …`` and opens with a comment stating its grain ("one row per …") and a line
``-- key: col, col?, …`` naming the columns that make a row unique (``?``: may be NULL, e.g. a
course column that is NULL on the all-courses row). ``lmp_metrics.checks`` tests every key (unique,
not null). A file may instead build only temporary tables that later marts read (a staging step,
like dbt's ephemeral models): it runs whenever one of its readers does, and the build drops its
tables at the end. Files run in file-name order, so a mart may read marts with a lower number.
Pages read marts, never whole contract tables.

After an import only the marts that read the changed tables (directly or through another mart)
are rebuilt; the dependencies are read from the SQL itself.

Files that declare ``-- incremental: TABLE(COLUMN, …)`` can do better: when TABLE is the only
table that changed and the writer left those columns of every changed row, before and after the
change, in a table ``changed_TABLE``, they run with TABLE listed in the temporary table
``mart_build_incremental`` and rebuild only the rows those changes touch (their SQL says how, and
why that equals a full build; the disclosure marks compare their inputs with what they were built
from instead), creating their mart with ``CREATE TABLE IF NOT EXISTS`` and replacing rows.
Otherwise their marts are dropped first and they build in full. ``changed_*`` tables are dropped
after every build.

Each build records the sha256 of every mart file it ran in ``marts_built``. A file whose SQL has
changed since (new code on an existing database), or that was never recorded, is stale: the next
write rebuilds it and the marts that read it. ``python -m lmp_metrics.core.marts --db PATH`` does that
right away, through the same atomic swap as every write.

A mart may read a setting with ``getvariable('name')`` (set from ``core.settings`` before
each build; the values it reads are part of its fingerprint, so a changed setting makes it stale),
and may repeat one statement until it changes no row: the statement between the lines
``-- repeat until unchanged`` and ``-- end repeat`` (used for the disclosure marks' fixed point).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from pathlib import Path

import duckdb

from lmp_metrics.core.contract import CONTRACT_TABLES
from lmp_metrics.core.database import Database
from lmp_metrics.core.progress import Report, silent
from lmp_metrics.core.settings import SETTINGS

MARTS_DIR = Path(__file__).parent
BUILT = "marts_built"  # one row per mart file: the sha256 of the SQL its tables were built from
_CREATED = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)",
    re.IGNORECASE,
)
_INCREMENTAL = re.compile(r"^--\s*incremental:\s*(\w+)\(([\w, ]+)\)", re.MULTILINE)
INCREMENTAL_BUILD = "mart_build_incremental"  # temporary: the tables this build rebuilds incrementally from
_COMMENT = re.compile(r"--[^\n]*")
_KEY_LINE = re.compile(r"^-- key: (.+)$", re.MULTILINE)
_WORD = re.compile(r"\b[a-z_][a-z0-9_]*\b")
_VARIABLE = re.compile(r"getvariable\('(\w+)'\)")
_REPEAT = re.compile(r"^-- repeat until unchanged\n(.*?)^-- end repeat\n", re.DOTALL | re.MULTILINE)


def mart_files() -> list[Path]:
    """The mart definitions in build order."""
    return sorted(MARTS_DIR.glob("[0-9][0-9]_*.sql"))


def _sql(path: Path) -> str:
    return _COMMENT.sub("", path.read_text()).lower()


def mart_tables(path: Path) -> set[str]:
    """Tables a mart file creates."""
    return set(_CREATED.findall(_sql(path)))


def temporary_tables(path: Path) -> set[str]:
    """Temporary tables a mart file creates (staging steps for the marts after it)."""
    return _temporary(_sql(path))


def mart_key(path: Path) -> tuple[tuple[str, bool], ...]:
    """The key its header declares: (column, may be NULL) pairs; empty for a staging file."""
    found = _KEY_LINE.search(path.read_text())
    columns = [column.strip() for column in found.group(1).split(",")] if found else []
    return tuple((column.rstrip("?"), column.endswith("?")) for column in columns)


def _variables(path: Path) -> dict[str, int | float | str]:
    """The settings a mart file reads with ``getvariable``, and their current values."""
    return {name: SETTINGS[name].value() for name in sorted(set(_VARIABLE.findall(path.read_text())))}


def fingerprint(path: Path) -> str:
    """The sha256 of a mart file's SQL and of the settings it reads."""
    settings = "".join(f"\n{name}={value}" for name, value in _variables(path).items())
    return hashlib.sha256(path.read_bytes() + settings.encode()).hexdigest()


def run_mart(cursor: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Run one mart file: its settings set as variables, its repeated statement until stable."""
    for name, value in _variables(path).items():
        cursor.execute(f"SET VARIABLE {name} = ?", [value])
    before, repeated, after = (*_REPEAT.split(path.read_text(), maxsplit=1), "", "")[:3]
    cursor.execute(before)
    while repeated and cursor.execute(repeated).fetchone()[0]:
        pass
    if after.strip():
        cursor.execute(after)


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
    return _with_staging(selected, files)


def _with_staging(selected: list[Path], files: list[Path]) -> list[Path]:
    """``selected`` plus every earlier file whose temporary tables a selected file reads, in build order."""
    chosen = set(selected)
    for path in reversed(files):
        if path not in chosen and any(
            temporary_tables(path) & set(_WORD.findall(_sql(reader))) for reader in chosen if reader > path
        ):
            chosen.add(path)
    return [path for path in files if path in chosen]


def incremental_source(path: Path) -> tuple[str, tuple[str, ...]] | None:
    """(table, columns) a mart file can rebuild incrementally from, if it declares one."""
    found = _INCREMENTAL.search(path.read_text())
    return (found.group(1), tuple(name.strip() for name in found.group(2).split(","))) if found else None


def incremental_columns(table: str) -> list[str]:
    """Columns of ``table`` that some mart file wants in ``changed_<table>``, in name order."""
    sources = [incremental_source(path) for path in mart_files()]
    return sorted(
        {name for source in sources if source is not None and source[0] == table for name in source[1]}
    )


def changes_table(table: str) -> str:
    """Where a writer leaves the changed key values of ``table`` for an incremental mart build."""
    return f"changed_{table}"


def _incremental_sources(
    changed: Collection[str] | None, existing: set[str], stale: Collection[str]
) -> set[str]:
    """The tables whose declaring files may all rebuild incrementally now: the only table changed,
    its changes left by the writer, and none of those files stale or missing a table."""
    if changed is None or len(set(changed)) != 1:
        return set()
    (table,) = set(changed)
    files = [path for path in mart_files() if (incremental_source(path) or ("",))[0] == table]
    ready = changes_table(table) in existing and all(
        path.name not in stale and mart_tables(path) - temporary_tables(path) <= existing for path in files
    )
    return {table} if files and ready else set()


def _prepare_incremental(
    cursor: duckdb.DuckDBPyConnection, files: list[Path], incremental: set[str], existing: set[str]
) -> None:
    """List the incremental sources; drop the marts of declaring files built in full; make sure
    every declared ``changed_<table>`` exists (empty for a full build)."""
    cursor.execute(f"CREATE OR REPLACE TEMP TABLE {INCREMENTAL_BUILD} (source VARCHAR)")
    for table in sorted(incremental):
        cursor.execute(f"INSERT INTO {INCREMENTAL_BUILD} VALUES (?)", [table])
    for path in files:
        source = incremental_source(path)
        if source is None:
            continue
        if source[0] not in incremental:
            for table in sorted(mart_tables(path) - temporary_tables(path)):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")  # names from our own SQL files
        if changes_table(source[0]) not in existing:
            columns = ", ".join(incremental_columns(source[0]))
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {changes_table(source[0])} AS"
                f" SELECT {columns} FROM {source[0]} LIMIT 0"
            )


def _temporary(sql: str) -> set[str]:
    return set(re.findall(r"create\s+or\s+replace\s+temp(?:orary)?\s+table\s+(\w+)", sql))


def stale_marts(db: Database) -> list[str]:
    """Mart files whose SQL differs from the one their tables were built from (or not recorded)."""
    recorded: dict[str, str] = {}
    if db.table_exists(BUILT):
        recorded = dict(db.rows(f"SELECT mart_file, sha256 FROM {BUILT}"))
    return [path.name for path in mart_files() if recorded.get(path.name) != fingerprint(path)]


def rebuild_marts(db: Database, changed: Collection[str] | None = None, report: Report = silent) -> list[str]:
    """Rebuild the marts affected by ``changed`` tables (all when None) and stale ones, in one transaction.

    Returns the names built, "(incremental)" after those that rebuilt only what the changes touch.
    """
    existing = {row[0] for row in db.rows("SELECT table_name FROM information_schema.tables")}
    stale = stale_marts(db)
    incremental = _incremental_sources(changed, existing, stale)
    built = []
    with db.transaction() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {BUILT}"
            " (mart_file VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL)"
        )
        files = marts_to_rebuild(changed, existing, stale)
        _prepare_incremental(cursor, files, incremental, existing)
        for number, path in enumerate(files):
            report(f"building {path.stem.split('_', 1)[1].replace('_', ' ')}", number / len(files))
            run_mart(cursor, path)
            cursor.execute(
                f"INSERT OR REPLACE INTO {BUILT} VALUES (?, ?, current_localtimestamp())",
                [path.name, fingerprint(path)],
            )
            source = incremental_source(path)
            built.append(
                path.stem.split("_", 1)[1] + (" (incremental)" if source and source[0] in incremental else "")
            )
        leftovers = {table for path in files for table in temporary_tables(path)} | {INCREMENTAL_BUILD}
        leftovers |= {
            changes_table(source[0]) for path in mart_files() if (source := incremental_source(path))
        }
        for table in sorted(leftovers):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")  # names from our own SQL files
    return built
