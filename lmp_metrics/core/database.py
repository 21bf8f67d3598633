"""A small wrapper around one DuckDB connection: parameterised SQL in, DataFrames out.

Values are always passed as bound parameters (``?`` placeholders); identifiers that must be
spliced into SQL come only from code-side allow-lists (see ``access/filters.py``), never from users.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:  # pandas loads only when a query returns a DataFrame (duckdb's .df())
    import pandas as pd

DEFAULT_DB_PATH = Path("data/lmp.duckdb")

Params = Sequence[Any] | dict[str, Any] | None


def default_db_path() -> Path:
    """The database file: ``$LMP_DB`` when set, else ``data/lmp.duckdb``."""
    return Path(os.environ.get("LMP_DB") or DEFAULT_DB_PATH)


class Database:
    """One DuckDB connection with helpers that always bind parameters.

    Thread safety: DuckDB connections must not be used from several threads at once, so every
    call runs on its own ``cursor()`` of the shared connection.
    """

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.signature: tuple[int, int, int] | None = None  # set by store for snapshots it opens
        if self.path != ":memory:" and not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.connection = duckdb.connect(self.path, read_only=read_only)

    # -- reading -------------------------------------------------------------------------
    def query(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run a SELECT and return its rows as a DataFrame."""
        with self.connection.cursor() as cursor:
            return cursor.execute(sql, params or []).df()

    def scalar(self, sql: str, params: Params = None) -> Any:
        """Run a query that returns one value (or no row, giving None)."""
        with self.connection.cursor() as cursor:
            row = cursor.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def rows(self, sql: str, params: Params = None) -> list[tuple]:
        """Run a query and return plain tuples (for small results)."""
        with self.connection.cursor() as cursor:
            return cursor.execute(sql, params or []).fetchall()

    def table_exists(self, name: str) -> bool:
        """Whether a table or view called ``name`` exists in the main schema."""
        sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
        return bool(self.scalar(sql, [name]))

    # -- writing -------------------------------------------------------------------------
    def execute(self, sql: str, params: Params = None) -> None:
        """Run one statement that returns nothing useful (DDL, INSERT, UPDATE)."""
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params or [])

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing block: commits on success, rolls back on any exception."""
        cursor = self.connection.cursor()
        cursor.execute("BEGIN TRANSACTION")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        else:
            cursor.execute("COMMIT")
        finally:
            cursor.close()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
