"""The SQL corner: one read-only SELECT over the contract tables, marts and views, nothing else.

Layers, each enough on its own for the dangerous cases and all applied together:

1. **Own DuckDB instance.** Each query opens a private in-memory DuckDB and attaches the database
   file ``READ_ONLY`` (a plain ``duckdb.connect(path, read_only=True)`` would share the app's cached
   instance, and ``SET enable_external_access = false`` would then switch off file access for the
   whole app). Before the query runs: ``enable_external_access = false`` (no files, no extensions,
   no ATTACH), ``python_enable_replacements = false`` (no Python variables read as tables), a
   memory limit, then ``lock_configuration = true`` so nothing can switch them back.
2. **Allow-list of statements.** DuckDB's own parser (``extract_statements``) must find exactly one
   statement, of type SELECT (``WITH … SELECT``, ``FROM …``, ``VALUES`` included). Everything else —
   COPY, ATTACH, INSTALL, LOAD, PRAGMA, SET, CALL, EXPORT, DDL, writes, EXPLAIN, a second statement
   after a ``;`` — is refused before it reaches the database.
3. **Allow-list of what the SELECT may touch.** The parse tree (``json_serialize_sql``) lists every
   table and function it names: tables must be contract tables, ``mart_*`` tables or views of the
   main schema; table functions must be ``range``/``generate_series``/``unnest``; file-reading and
   SQL-running functions (``read_csv``, ``glob``, ``query_table``, ``getenv`` …) are refused by name
   as well; ``SHOW``/``DESCRIBE``/``SUMMARIZE`` are refused (the page lists tables and columns).
4. **Timeout and row cap.** A timer calls ``connection.interrupt()`` after ``sql_timeout_seconds``;
   at most ``sql_row_cap`` rows come back (the result says when more existed).

Small-group rule for person-level sources (``staff``, ``training_records``, ``survey_results`` and
any table or view with a ``person_id``, ``respondents`` or ``people`` column):

- the query must aggregate, and its outer SELECT must return a column named ``people`` computed as
  ``count(DISTINCT person_id)``, ``sum(respondents)`` or ``sum(people)`` (no UNION at the top);
- every result row whose ``people`` is missing or below ``min_group_size()`` is **withheld**
  (removed, and counted in the result's note). Rows are withheld rather than blanked because a
  row's group labels, together with the WHERE clause, can already say something about the
  people in it (e.g. ``GROUP BY person_id`` with ``WHERE completed_on IS NULL``);
- aggregates that return one person's value or identifier (``list``, ``string_agg``, ``arg_max``,
  ``first``, ``any_value``, ``mode`` …) are refused in such queries.

What this does not stop: someone who deliberately fabricates a ``person_id`` column in a
subquery, or who subtracts the results of two queries that differ by one person. Free SQL cannot
rule out differencing; that is why the SQL corner is for named analysts only (see access/grants.py) and
every other page serves pre-suppressed figures.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from lmp_metrics.core import contract
from lmp_metrics.core.settings import min_group_size, setting

CONTRACT_TABLES = frozenset({*contract.CONTRACT_TABLES, "import_log"})
PERSON_TABLES = frozenset({"staff", "training_records", "survey_results"})
PERSON_COLUMNS = frozenset({"person_id", "respondents", "people"})
PEOPLE_COLUMN = "people"
# (function, argument column) pairs accepted as an honest count of the people a row rests on
PEOPLE_COUNTS = {("count", "person_id"), ("sum", "respondents"), ("sum", "people")}
SAFE_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
FILE_FUNCTIONS = frozenset(
    {
        "read_csv",
        "read_csv_auto",
        "sniff_csv",
        "read_parquet",
        "parquet_scan",
        "parquet_metadata",
        "parquet_schema",
        "parquet_file_metadata",
        "parquet_kv_metadata",
        "read_json",
        "read_json_auto",
        "read_json_objects",
        "read_json_objects_auto",
        "read_ndjson",
        "read_ndjson_auto",
        "read_ndjson_objects",
        "read_text",
        "read_blob",
        "read_xlsx",
        "read_duckdb",
        "glob",
        "iceberg_scan",
        "delta_scan",
        "st_read",
        "sqlite_scan",
        "postgres_scan",
        "mysql_scan",
        "query",
        "query_table",
        "getenv",
    }
)
INDIVIDUAL_VALUE_AGGREGATES = frozenset(
    {
        "list",
        "array_agg",
        "string_agg",
        "group_concat",
        "listagg",
        "histogram",
        "arg_min",
        "arg_max",
        "argmin",
        "argmax",
        "arg_min_null",
        "arg_max_null",
        "min_by",
        "max_by",
        "first",
        "last",
        "any_value",
        "arbitrary",
        "mode",
        "approx_top_k",
    }
)
CATALOG = "lmp"
MEMORY_LIMIT = "1GB"


class SqlRefused(Exception):
    """A query the SQL corner will not run, or that failed; ``str()`` is one plain line."""


@dataclass(frozen=True)
class SqlResult:
    """Rows of one sandboxed query plus what was held back."""

    frame: pd.DataFrame
    truncated: bool
    withheld_rows: int
    person_level: bool
    seconds: float

    def notes(self) -> list[str]:
        """Plain sentences about truncation and withheld rows (empty when nothing happened)."""
        notes = []
        if self.withheld_rows:
            notes.append(
                f"{self.withheld_rows} row(s) withheld: each rests on fewer than {min_group_size()} people."
            )
        if self.truncated:
            notes.append(f"Only the first {len(self.frame)} rows are shown (row cap).")
        return notes


# -- parsing -------------------------------------------------------------------------------------
def single_select(connection: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The text of the one SELECT statement in ``sql``; refuse anything else."""
    try:
        statements = connection.extract_statements(sql)
    except duckdb.Error as error:
        raise SqlRefused(_one_line(error)) from None
    if not statements:
        raise SqlRefused("Write one SELECT statement.")
    if len(statements) > 1:
        raise SqlRefused("Only one statement at a time: remove everything after the first ';'.")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        kind = statement.type.name
        raise SqlRefused(f"Only SELECT queries are allowed here, not {kind}.")
    return statement.query


def _parse_tree(connection: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Any]:
    """DuckDB's parse tree of one SELECT, as a dict."""
    try:
        raw = connection.execute("SELECT json_serialize_sql(?::VARCHAR)", [sql]).fetchall()[0][0]
    except duckdb.Error:
        raise SqlRefused("The SQL corner cannot check queries on this installation.") from None
    tree = json.loads(raw)
    if tree.get("error"):
        raise SqlRefused(str(tree.get("error_message", "The query could not be parsed.")).splitlines()[0])
    return tree["statements"][0]["node"]


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in the parse tree, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@dataclass(frozen=True)
class _Inspection:
    tables: frozenset[str]
    functions: frozenset[str]


def _inspect(tree: dict[str, Any], reachable: dict[str, bool]) -> _Inspection:
    """Check every table and function the tree names; return the tables and functions used."""
    nodes = list(_walk(tree))
    cte_names = {
        entry["key"].lower() for node in nodes if "cte_map" in node for entry in node["cte_map"]["map"]
    }
    tables, functions = set(), set()
    for node in nodes:
        kind = node.get("type")
        if kind == "SHOW_REF":
            raise SqlRefused("SHOW, DESCRIBE and SUMMARIZE are not available: see the table list instead.")
        if kind == "TABLE_FUNCTION":
            name = node["function"]["function_name"].lower()
            if name in FILE_FUNCTIONS or name not in SAFE_TABLE_FUNCTIONS:
                raise SqlRefused(f"The table function {name}() is not available in the SQL corner.")
        if kind == "BASE_TABLE":
            name = node["table_name"].lower()
            qualified = node.get("catalog_name") or node.get("schema_name")
            if not qualified and name in cte_names and name not in reachable:
                continue  # a CTE; one named like a table counts as that table (it may read it)
            if node.get("catalog_name", "").lower() not in ("", CATALOG) or node.get(
                "schema_name", ""
            ).lower() not in ("", "main"):
                raise SqlRefused(f"Only the contract tables, marts and views can be queried, not {name}.")
            if name not in reachable:
                raise SqlRefused(
                    f"Unknown or unavailable table {name!r}: the contract tables, marts and views can be queried."
                )
            tables.add(name)
        if "function_name" in node:
            name = node["function_name"].lower()
            if name in FILE_FUNCTIONS:
                raise SqlRefused(f"The function {name}() is not available in the SQL corner.")
            functions.add(name)
    return _Inspection(frozenset(tables), frozenset(functions))


def _check_person_query(tree: dict[str, Any], functions: frozenset[str]) -> None:
    """Person-level queries must aggregate and return an honest ``people`` count."""
    rule = (
        "Queries over person-level tables must aggregate and return a column "
        f"'{PEOPLE_COLUMN}' = count(DISTINCT person_id) (or sum(respondents) for survey_results), "
        "so groups of fewer than "
        f"{min_group_size()} people can be withheld."
    )
    if tree.get("type") != "SELECT_NODE":
        raise SqlRefused(rule + " UNION and similar are not allowed at the top level here.")
    personal = sorted(functions & INDIVIDUAL_VALUE_AGGREGATES)
    if personal:
        raise SqlRefused(f"{personal[0]}() returns single people's values; use counts, sums or averages.")
    for item in tree.get("select_list", []):
        if (item.get("alias") or "").lower() != PEOPLE_COLUMN or item.get("class") != "FUNCTION":
            continue
        arguments = item.get("arguments", [])
        if len(arguments) != 1 or arguments[0]["expression"].get("class") != "COLUMN_REF":
            continue
        column = arguments[0]["expression"]["column_names"][-1].lower()
        name = item["function_name"].lower()
        if (name, column) in PEOPLE_COUNTS and (name != "count" or item.get("distinct")):
            return
    raise SqlRefused(rule)


# -- running -------------------------------------------------------------------------------------
def _open(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A private, read-only, locked-down connection to the database file."""
    if not Path(path).exists():
        raise SqlRefused(f"No database at {path}.")
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"ATTACH ? AS {CATALOG} (READ_ONLY)", [str(path)])
        connection.execute(f"USE {CATALOG}")
        connection.execute("SET enable_external_access = false")
        connection.execute("SET python_enable_replacements = false")  # no Python variables as tables
        connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        connection.execute("SET lock_configuration = true")
    except duckdb.Error as error:
        connection.close()
        raise SqlRefused(_one_line(error)) from None
    return connection


def _reachable(connection: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """Queryable table/view name → whether it holds person-level data."""
    rows = connection.execute(
        """
        SELECT lower(t.table_name), t.table_type,
               bool_or(lower(c.column_name) IN (SELECT unnest(?::VARCHAR[])))
        FROM information_schema.tables t
        JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
        WHERE t.table_catalog = ? AND t.table_schema = 'main'
        GROUP BY ALL
        """,
        [sorted(PERSON_COLUMNS), CATALOG],
    ).fetchall()
    return {
        name: bool(has_person_column) or name in PERSON_TABLES
        for name, kind, has_person_column in rows
        if name in CONTRACT_TABLES or name.startswith("mart_") or kind == "VIEW"
    }


def reachable_tables(path: str | Path) -> pd.DataFrame:
    """What the SQL corner can query: table, columns (comma-separated), person_level."""
    connection = _open(path)
    try:
        reachable = _reachable(connection)
        columns = connection.execute(
            "SELECT lower(table_name), string_agg(column_name, ', ' ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_catalog = ? AND table_schema = 'main' GROUP BY 1",
            [CATALOG],
        ).fetchall()
    finally:
        connection.close()
    rows = [(name, cols, reachable[name]) for name, cols in columns if name in reachable]
    return pd.DataFrame(sorted(rows), columns=["table", "columns", "person_level"])


def run_query(
    path: str | Path, sql: str, timeout: float | None = None, row_cap: int | None = None
) -> SqlResult:
    """Check and run one query in the sandbox; raise ``SqlRefused`` with a one-line reason."""
    timeout = float(setting("sql_timeout_seconds")) if timeout is None else timeout
    row_cap = int(setting("sql_row_cap")) if row_cap is None else row_cap
    connection = _open(path)
    started = time.perf_counter()
    try:
        text = single_select(connection, sql)
        reachable = _reachable(connection)
        tree = _parse_tree(connection, text)
        inspection = _inspect(tree, reachable)
        person_level = any(reachable[name] for name in inspection.tables)
        if person_level:
            _check_person_query(tree, inspection.functions)
        frame = _fetch(connection, text, timeout, row_cap + 1)
    finally:
        connection.close()
    truncated = len(frame) > row_cap
    frame = frame.head(row_cap)
    withheld = 0
    if person_level:
        frame, withheld = _withhold_small_groups(frame)
    return SqlResult(frame, truncated, withheld, person_level, time.perf_counter() - started)


def _fetch(connection: duckdb.DuckDBPyConnection, sql: str, timeout: float, limit: int) -> pd.DataFrame:
    """Run the SELECT with a row limit; interrupt it after ``timeout`` seconds."""
    timer = threading.Timer(timeout, connection.interrupt)
    timer.daemon = True
    timer.start()
    try:
        return connection.sql(sql).limit(limit).df()
    except duckdb.InterruptException:
        raise SqlRefused(f"The query ran longer than {timeout:g} s and was stopped.") from None
    except duckdb.Error as error:
        raise SqlRefused(_one_line(error)) from None
    finally:
        timer.cancel()


def _withhold_small_groups(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop rows whose ``people`` is missing or below ``min_group_size()``."""
    column = next(c for c in frame.columns if c.lower() == PEOPLE_COLUMN)
    people = pd.to_numeric(frame[column], errors="coerce")
    keep = people >= min_group_size()
    return frame[keep].reset_index(drop=True), int((~keep).sum())


def _one_line(error: BaseException) -> str:
    """First line of an error message, without DuckDB's LINE/caret context."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# -- command line --------------------------------------------------------------------------------
