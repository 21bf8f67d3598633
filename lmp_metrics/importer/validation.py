"""Row-level validation, vectorised in DuckDB: every problem becomes one row of the error report.

``check_header`` matches header cells to the contract's columns. ``parse_rows`` trims and types
every cell in a private in-memory DuckDB (one SQL pass per rule, no Python loop over rows) and
reports missing values, bad types, dates, quarters, accepted values, ranges, cross-column rules and
duplicate keys. ``check_references`` then looks the ids up in the target database (and, for a
table that refers to itself, in the file). Errors carry the row number as seen in the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from lmp_metrics.importer.reading import ROW, Grid
from lmp_metrics.importer.schema import TYPE_NAMES, Column, Kind
from lmp_metrics.quarters import parse_quarter

ERROR_COLUMNS = ["row", "column", "value", "reason"]
ERROR_LIMIT = 10_000  # errors kept for the report; the count covers all of them
INCOMING = "import_incoming"  # name under which typed rows are registered on a database cursor

_SPACE = " \t\r\n\u00a0"
_BOOLEANS = {"true": True, "t": True, "yes": True, "y": True, "1": True} | {
    "false": False,
    "f": False,
    "no": False,
    "n": False,
    "0": False,
}


@dataclass(frozen=True)
class Parsed:
    """Typed rows of a file whose header matched: ``typed`` has ``_row`` plus ``columns``."""

    columns: tuple[str, ...]
    typed: pa.Table
    errors: pd.DataFrame
    error_count: int

    @property
    def rows_in(self) -> int:
        return self.typed.num_rows


def error_frame(records: list[tuple[int | None, str, str, str]] | None = None) -> pd.DataFrame:
    """Errors as a DataFrame with the report's columns (row may be empty for file-level problems)."""
    frame = pd.DataFrame(records or [], columns=ERROR_COLUMNS)
    frame[["column", "value", "reason"]] = frame[["column", "value", "reason"]].fillna("")
    return frame.astype({"row": "Int64", "column": str, "value": str, "reason": str})


def _letter(position: int) -> str:
    """Spreadsheet column letter: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def check_header(grid: Grid, kind: Kind) -> tuple[dict[str, int], pd.DataFrame]:
    """Map each contract column to its position in the file; report header problems."""
    names = [cell.lower() for cell in grid.header]
    known = kind.column_names
    row = grid.header_row
    if not set(names) & set(known):
        expected = ", ".join(known)
        shown = ", ".join(cell for cell in grid.header if cell)[:200]
        reason = f"no header row: the first row must name the columns ({expected})"
        return {}, error_frame([(row, "", shown, reason)])
    mapping: dict[str, int] = {}
    problems: list[tuple[int | None, str, str, str]] = []
    for position, name in enumerate(names):
        label = grid.header[position]
        if not name:
            if grid.rows[position].str.strip().ne("").any():
                problems.append((row, f"column {_letter(position)}", "", "column has values but no name"))
        elif name in mapping:
            problems.append(
                (row, label, label, f"column appears twice (also column {_letter(mapping[name])})")
            )
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}?" if close else f"expected: {', '.join(known)}"
            problems.append((row, label, label, f"unknown column; {hint}"))
        else:
            mapping[name] = position
    for name in kind.required_names:
        if name not in mapping:
            problems.append((row, name, "", "required column is missing"))
    return mapping, error_frame(problems)


def parse_rows(grid: Grid, kind: Kind, mapping: dict[str, int]) -> Parsed:
    """Trim and type every cell; report every row-level problem that needs no database."""
    columns = tuple(name for name in kind.column_names if name in mapping)
    staged = pd.DataFrame({name: grid.rows[mapping[name]] for name in columns})
    staged[ROW] = grid.rows[ROW]
    with duckdb.connect() as con:
        con.register("staged", staged)
        trimmed = ", ".join(f"nullif(trim({name}, '{_SPACE}'), '') AS {name}" for name in columns)
        con.execute(f"CREATE TABLE cells AS SELECT {ROW}, {trimmed} FROM staged")
        con.unregister("staged")
        quarter_columns = [name for name in columns if kind.column(name).type == "quarter"]
        for name in quarter_columns:
            _register_quarter_map(con, name)
        typed = ", ".join(f"{_typed_sql(kind.column(name))} AS {name}" for name in columns)
        raw = ", ".join(f"c.{name} AS raw_{name}" for name in columns)
        joins = " ".join(f"LEFT JOIN quarters_{n} q_{n} ON q_{n}.raw = c.{n}" for n in quarter_columns)
        whys = "".join(f", q_{n}.why AS why_{n}" for n in quarter_columns)
        con.execute(f"CREATE TABLE work AS SELECT c.{ROW}, {raw}, {typed}{whys} FROM cells c {joins}")
        con.execute("DROP TABLE cells")
        errors, count = _collect(con, _row_checks(kind, columns))
        typed_rows = con.sql(f"SELECT {ROW}, {', '.join(columns)} FROM work ORDER BY {ROW}").to_arrow_table()
    return Parsed(columns, typed_rows, errors, count)


def _register_quarter_map(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Parse each distinct quarter text once with ``parse_quarter`` (the contract's formats)."""
    distinct = [
        row[0]
        for row in con.execute(f"SELECT DISTINCT {name} FROM cells WHERE {name} IS NOT NULL").fetchall()
    ]
    parsed, whys = [], []
    for text in distinct:
        try:
            parsed.append(parse_quarter(text))
            whys.append(None)
        except ValueError as error:
            parsed.append(None)
            whys.append(str(error))
    frame = pd.DataFrame(
        {"raw": pd.Series(distinct, dtype=str), "quarter": pd.Series(parsed, dtype="object"), "why": whys}
    )
    con.register(f"quarters_{name}_frame", frame)
    con.execute(
        f"CREATE TABLE quarters_{name} AS SELECT raw, CAST(quarter AS DATE) AS quarter, why FROM quarters_{name}_frame"
    )


def _typed_sql(column: Column) -> str:
    """SQL giving the typed value of ``c.<name>``, NULL when it does not parse."""
    value = f"c.{column.name}"
    match column.type:
        case "int":
            return (
                f"CASE WHEN regexp_full_match({value}, '[+-]?[0-9]{{1,18}}(\\.0*)?') "
                f"THEN TRY_CAST(regexp_replace({value}, '\\.0*$', '') AS BIGINT) END"
            )
        case "float":
            return f"CASE WHEN isfinite(TRY_CAST({value} AS DOUBLE)) THEN TRY_CAST({value} AS DOUBLE) END"
        case "date":
            return f"TRY_CAST({value} AS DATE)"
        case "quarter":
            return f"q_{column.name}.quarter"
        case "bool":
            true = ", ".join(f"'{k}'" for k, v in _BOOLEANS.items() if v)
            false = ", ".join(f"'{k}'" for k, v in _BOOLEANS.items() if not v)
            return f"CASE WHEN lower({value}) IN ({true}) THEN true WHEN lower({value}) IN ({false}) THEN false END"
        case _:
            return value


Check = tuple[str, list[object]]  # SELECT giving (row, column, value, reason), its parameters in order


def _check(name: str, bad_when: str, reason: str | None, where_params: tuple[object, ...] = ()) -> Check:
    """Rows of ``work`` where ``bad_when`` holds; ``reason=None`` takes the reason from ``why_<name>``."""
    reason_sql = f"why_{name}" if reason is None else "?"
    sql = (
        f"SELECT {ROW}, ? AS col, coalesce(raw_{name}, '') AS value, {reason_sql} AS reason"
        f" FROM work WHERE {bad_when}"
    )
    return sql, [name, *([] if reason is None else [reason]), *where_params]


def _column_checks(column: Column) -> list[Check]:
    """Missing value, type, accepted values and range of one column."""
    name = column.name
    checks = []
    if column.required:
        checks.append(_check(name, f"raw_{name} IS NULL", "required value is missing"))
    if column.type != "text":
        reason = None if column.type == "quarter" else f"not a {TYPE_NAMES[column.type]}"
        checks.append(_check(name, f"raw_{name} IS NOT NULL AND {name} IS NULL", reason))
    if column.accepted:
        reason = "must be one of: " + ", ".join(column.accepted)
        checks.append(
            _check(name, f"NOT list_contains(?::VARCHAR[], {name})", reason, (list(column.accepted),))
        )
    if column.minimum is not None:
        high = float("inf") if column.maximum is None else column.maximum
        reason = (
            f"must be at least {column.minimum:g}"
            if column.maximum is None
            else f"must be between {column.minimum:g} and {high:g}"
        )
        checks.append(_check(name, f"{name} < ? OR {name} > ?", reason, (column.minimum, high)))
    return checks


def _row_checks(kind: Kind, columns: tuple[str, ...]) -> list[Check]:
    """Every rule that needs only the file: per column, across columns, duplicate keys."""
    checks = [check for name in columns for check in _column_checks(kind.column(name))]
    checks += [
        _check(rule.column, rule.bad_when, rule.reason)
        for rule in kind.rules
        if all(name in columns for name in rule.needs)
    ]
    if all(name in columns for name in kind.key):
        keys = ", ".join(kind.key)
        present = " AND ".join(f"{name} IS NOT NULL" for name in kind.key)
        values = ", ".join(f"raw_{name}" for name in kind.key)
        sql = (
            f"SELECT {ROW}, ? AS col, concat_ws(', ', {values}) AS value,"
            f" 'duplicate key: same ' || ? || ' as row ' || first_row AS reason"
            f" FROM (SELECT *, min({ROW}) OVER (PARTITION BY {keys}) AS first_row FROM work WHERE {present})"
            f" WHERE {ROW} > first_row"
        )
        checks.append((sql, [keys, keys]))
    return checks


def check_references(
    cursor: duckdb.DuckDBPyConnection, kind: Kind, columns: tuple[str, ...]
) -> tuple[pd.DataFrame, int]:
    """Ids that exist neither in the database nor (for self-references) in the file itself.

    The typed rows must be registered on ``cursor`` as ``import_incoming``.
    """
    checks: list[Check] = []
    for name in columns:
        target = kind.column(name).references
        if target is None:
            continue
        table, key = target
        also_file = table == kind.name and key in columns
        sql = (
            f"SELECT {ROW}, ? AS col, i.{name} AS value, ? AS reason FROM {INCOMING} i"
            f" WHERE i.{name} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = i.{name})"
        )
        if also_file:
            sql += f" AND NOT EXISTS (SELECT 1 FROM {INCOMING} f WHERE f.{key} = i.{name})"
        where = f"{table} or in this file" if also_file else table
        checks.append((sql, [name, f"unknown {key}: not in {where}"]))
    return _collect(cursor, checks)


def _collect(con: duckdb.DuckDBPyConnection, checks: list[Check]) -> tuple[pd.DataFrame, int]:
    """Run the checks as one UNION ALL; return the first ``ERROR_LIMIT`` errors and the total."""
    if not checks:
        return error_frame(), 0
    union = " UNION ALL ".join(f"SELECT {i} AS ord, * FROM ({sql})" for i, (sql, _) in enumerate(checks))
    params = [param for _, check_params in checks for param in check_params]
    con.execute(f"CREATE OR REPLACE TEMP TABLE import_errors AS {union}", params)
    count = con.execute("SELECT count(*) FROM import_errors").fetchall()[0][0]
    frame = con.execute(
        f"SELECT {ROW} AS row, col, value, reason FROM import_errors ORDER BY {ROW}, ord LIMIT {ERROR_LIMIT}"
    ).df()
    con.execute("DROP TABLE import_errors")
    return error_frame(list(frame.itertuples(index=False, name=None))), int(count)
