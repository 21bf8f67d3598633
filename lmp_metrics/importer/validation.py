"""Row-level validation, vectorised in DuckDB: every problem becomes one row of the error report.

``check_header`` matches header cells to the contract's columns. ``parse_rows`` types every cell
(``reading`` has trimmed them) in a private in-memory DuckDB and checks missing values, types,
dates, quarters, accepted values, ranges, cross-column rules and duplicate keys — set-wise SQL, no
Python loop over rows. ``check_references`` then looks ids up in the target database (and, for a
table that refers to itself, in the file). Each group of rules is first probed with one scan; the
detailed report query runs only when something is wrong. Errors carry the row number in the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from lmp_metrics.importer.reading import ROW, Grid
from lmp_metrics.importer.schema import PLAIN_PATTERN, PLAIN_RULE, TYPE_NAMES, Column, Kind
from lmp_metrics.vocabulary.quarters import parse_quarter

ERROR_COLUMNS = ["row", "column", "value", "reason"]
ERROR_LIMIT = 10_000  # errors kept for the report; the count covers all of them
INCOMING = "import_incoming"  # name under which typed rows are registered on a database cursor

_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")


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


@dataclass(frozen=True)
class Check:
    """One rule: rows of ``source`` where ``where`` holds are reported under ``label``.

    ``reason=None`` takes a per-row reason from the ``why_<label>`` column (quarter parsing).
    """

    label: str
    where: str
    reason: str | None
    value_sql: str
    where_params: tuple[object, ...] = ()
    source: str = "work"

    def select(self) -> tuple[str, list[object]]:
        reason_sql = f"why_{self.label}" if self.reason is None else "?"
        sql = (
            f"SELECT {ROW}, ? AS col, {self.value_sql} AS value, {reason_sql} AS reason"
            f" FROM {self.source} WHERE {self.where}"
        )
        return sql, [self.label, *([] if self.reason is None else [self.reason]), *self.where_params]


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
        shown = ", ".join(cell for cell in grid.header if cell)[:200]
        reason = f"no header row: the first row must name the columns ({', '.join(known)})"
        return {}, error_frame([(row, "", shown, reason)])
    mapping: dict[str, int] = {}
    problems: list[tuple[int | None, str, str, str]] = []
    for position, name in enumerate(names):
        label = grid.header[position]
        if not name:
            if grid.has_values(position):
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
    """Type every cell; report every row-level problem that needs no database."""
    columns = tuple(name for name in kind.column_names if name in mapping)
    with duckdb.connect() as con:
        con.register("grid", grid.rows)
        cells = ", ".join(f"nullif(\"{mapping[name]}\", '') AS {name}" for name in columns)
        con.execute(f"CREATE VIEW cells AS SELECT {ROW}, {cells} FROM grid")
        quarter_columns = [name for name in columns if kind.column(name).type == "quarter"]
        for name in quarter_columns:
            _register_quarter_map(con, name)
        typed = ", ".join(f"{_typed_sql(kind.column(name))} AS {name}" for name in columns)
        raw = ", ".join(f"c.{name} AS raw_{name}" for name in columns)
        joins = " ".join(f"LEFT JOIN quarters_{n} q_{n} ON q_{n}.raw = c.{n}" for n in quarter_columns)
        whys = "".join(f", q_{n}.why AS why_{n}" for n in quarter_columns)
        # a view: each scan below types only the columns it reads (no copy of a million rows' text)
        con.execute(f"CREATE VIEW work AS SELECT c.{ROW}, {raw}, {typed}{whys} FROM cells c {joins}")
        errors, count = _collect(con, _row_checks(kind, columns))
        if all(name in columns for name in kind.key):
            duplicates, duplicate_count = _duplicate_keys(con, kind.key)
            errors, count = pd.concat([errors, duplicates], ignore_index=True), count + duplicate_count
        typed_rows = con.sql(f"SELECT {ROW}, {', '.join(columns)} FROM work").to_arrow_table()
        con.unregister("grid")
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
    table = pa.table(
        {
            "raw": pa.array(distinct, pa.string()),
            "quarter": pa.array(parsed, pa.date32()),
            "why": pa.array(whys, pa.string()),
        }
    )
    con.register(f"quarters_{name}_source", table)
    con.execute(f"CREATE TABLE quarters_{name} AS SELECT * FROM quarters_{name}_source")
    con.unregister(f"quarters_{name}_source")


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
        case "date":  # ISO, or an Excel date serial (five digits: 1927–2173; day 0 = 1899-12-30)
            serial = f"TRY_CAST(regexp_extract({value}, '^([0-9]{{5}})(\\.0*)?$', 1) AS INTEGER)"
            return f"coalesce(TRY_CAST({value} AS DATE), DATE '1899-12-30' + {serial})"
        case "quarter":
            return f"q_{column.name}.quarter"
        case "bool":
            true, false = (", ".join(f"'{word}'" for word in words) for words in (_TRUE, _FALSE))
            return f"CASE WHEN lower({value}) IN ({true}) THEN true WHEN lower({value}) IN ({false}) THEN false END"
        case _:
            return value


def _column_checks(column: Column) -> list[Check]:
    """Missing value, type, accepted values and range of one column."""
    name = column.name
    value = f"coalesce(raw_{name}, '')"
    checks = []
    if column.required:
        checks.append(Check(name, f"raw_{name} IS NULL", "required value is missing", value))
    if column.type != "text":
        reason = None if column.type == "quarter" else f"not a {TYPE_NAMES[column.type]}"
        checks.append(Check(name, f"raw_{name} IS NOT NULL AND {name} IS NULL", reason, value))
    if column.accepted:
        reason = "must be one of: " + ", ".join(column.accepted)
        where = f"NOT list_contains(?::VARCHAR[], {name})"
        checks.append(Check(name, where, reason, value, (list(column.accepted),)))
    if column.plain:
        checks.append(
            Check(name, f"regexp_matches({name}, ?)", f"must be {PLAIN_RULE}", value, (PLAIN_PATTERN,))
        )
    if column.minimum is not None:
        high = float("inf") if column.maximum is None else column.maximum
        reason = (
            f"must be at least {column.minimum:g}"
            if column.maximum is None
            else f"must be between {column.minimum:g} and {high:g}"
        )
        checks.append(Check(name, f"({name} < ? OR {name} > ?)", reason, value, (column.minimum, high)))
    return checks


def _row_checks(kind: Kind, columns: tuple[str, ...]) -> list[Check]:
    """Every per-row rule that needs only the file: per column and across columns."""
    checks = [check for name in columns for check in _column_checks(kind.column(name))]
    checks += [
        Check(rule.column, rule.bad_when, rule.reason, f"coalesce(raw_{rule.column}, '')")
        for rule in kind.rules
        if all(name in columns for name in rule.needs)
    ]
    return checks


def _duplicate_keys(con: duckdb.DuckDBPyConnection, key: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """Rows whose (typed) key already appeared on an earlier row of the file."""
    keys = ", ".join(key)
    present = " AND ".join(f"{name} IS NOT NULL" for name in key)
    probe = f"SELECT count(*) FROM (SELECT 1 FROM work WHERE {present} GROUP BY {keys} HAVING count(*) > 1)"
    if not con.execute(probe).fetchall()[0][0]:
        return error_frame(), 0
    values = ", ".join(f"raw_{name}" for name in key)
    sql = (
        f"SELECT 0 AS ord, {ROW}, ? AS col, concat_ws(', ', {values}) AS value,"
        f" 'duplicate key: same ' || ? || ' as row ' || first_row AS reason"
        f" FROM (SELECT *, min({ROW}) OVER (PARTITION BY {keys}) AS first_row FROM work WHERE {present})"
        f" WHERE {ROW} > first_row"
    )
    return _store_and_fetch(con, sql, [keys, keys])


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
        where = f"i.{name} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = i.{name})"
        if also_file:
            where += f" AND NOT EXISTS (SELECT 1 FROM {INCOMING} f WHERE f.{key} = i.{name})"
        known = f"{table} or in this file" if also_file else table
        checks.append(
            Check(name, where, f"unknown {key}: not in {known}", f"i.{name}", source=f"{INCOMING} i")
        )
    return _collect(cursor, checks)


def _collect(con: duckdb.DuckDBPyConnection, checks: list[Check]) -> tuple[pd.DataFrame, int]:
    """Probe all checks in one scan; build the detailed report only if anything fails.

    The checks of one call share their ``source``.
    """
    if not checks:
        return error_frame(), 0
    where = " OR ".join(f"({check.where})" for check in checks)
    params = [param for check in checks for param in check.where_params]
    if not con.execute(f"SELECT count(*) FROM {checks[0].source} WHERE {where}", params).fetchall()[0][0]:
        return error_frame(), 0
    selects = [check.select() for check in checks]
    union = " UNION ALL ".join(f"SELECT {i} AS ord, * FROM ({sql})" for i, (sql, _) in enumerate(selects))
    return _store_and_fetch(con, union, [param for _, params in selects for param in params])


def _store_and_fetch(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object]
) -> tuple[pd.DataFrame, int]:
    """Materialise (ord, row, col, value, reason) rows; return the first ``ERROR_LIMIT`` and the count."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE import_errors AS {sql}", params)
    count = con.execute("SELECT count(*) FROM import_errors").fetchall()[0][0]
    frame = con.execute(
        f"SELECT {ROW} AS row, col, value, reason FROM import_errors ORDER BY {ROW}, ord LIMIT {ERROR_LIMIT}"
    ).df()
    con.execute("DROP TABLE import_errors")
    return error_frame(list(frame.itertuples(index=False, name=None))), int(count)
