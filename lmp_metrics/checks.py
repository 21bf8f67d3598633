"""Data tests over the contract tables, in the spirit of dbt tests.

Each test is one SQL query that finds failing rows: not null, unique keys, relationships (every
reference resolves), accepted values, ranges, quarters on the first day of a quarter, and rules
across columns (dates in order, union local matching labor group). The tests are generated from the
import schema (``importer.schema.KINDS``), so imports and data tests enforce the same contract.
Every mart's declared key (``-- key:`` in its SQL file) is tested too: unique, and not null except
the columns marked as nullable. Values travel as bound parameters; table and column names come only
from the schema and the mart files.

Row-level tests of one table run in a single scan; a failing test then fetches a few example keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import mart_files, mart_key, mart_tables, temporary_tables
from lmp_metrics.importer.schema import KINDS, Column, Kind, RowRule

EXAMPLES = 5

IMPORT_LOG = Kind(
    "import_log",
    (
        Column("import_id", "int"),
        Column("kind"),
        Column("source_name"),
        Column("sha256", required=False),
        Column("started_at"),
        Column("finished_at", required=False),
        Column("status", accepted=("loaded", "rejected", "unchanged", "undo", "undone")),
        *(
            Column(name, "int", minimum=0)
            for name in ("rows_in", "rows_inserted", "rows_updated", "error_count")
        ),
        Column("encoding", required=False),
        Column("snapshot", required=False),
        Column("undoes", "int", required=False),
    ),
    key=("import_id",),
)

# Rules the data tests add to the import schema's own.
EXTRA_RULES: dict[str, tuple[RowRule, ...]] = {
    "training_records": (
        RowRule(
            "completed_on < assigned_on",
            "completed_on",
            "completed_on is before assigned_on",
            ("completed_on", "assigned_on"),
        ),
    ),
    "ubt_projects": (
        RowRule(
            "completed_on < started_on",
            "completed_on",
            "completed_on is before started_on",
            ("completed_on", "started_on"),
        ),
    ),
    "staff": (
        RowRule(
            "(union_local IS NULL) <> (labor_group = 'Non-represented')",
            "union_local",
            "union_local must be empty exactly for non-represented staff",
            ("union_local", "labor_group"),
        ),
    ),
}


@dataclass(frozen=True)
class CheckFailure:
    """One failed data test: which, where, how many rows, and a few of their keys."""

    test: str
    table: str
    column: str
    failing_rows: int
    examples: tuple[str, ...]
    detail: str = ""

    def __str__(self) -> str:
        shown = ", ".join(self.examples)
        return (
            f"FAIL {self.test} {self.table}.{self.column}: {self.failing_rows:,} rows"
            f" ({self.detail}); e.g. {shown}"
        )


@dataclass(frozen=True)
class RowCheck:
    """A test that judges each row of ``table`` on its own: ``condition`` is true for a bad row."""

    test: str
    table: str
    column: str
    condition: str
    detail: str
    params: tuple = field(default=())


@dataclass(frozen=True)
class QueryCheck:
    """A test over several rows or tables: ``sql`` returns ``k`` (row key) and ``n`` (rows) per failure."""

    test: str
    table: str
    column: str
    sql: str
    detail: str
    other_table: str | None = None  # a second table the query reads


def _key(kind: Kind, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return "concat_ws(' / ', " + ", ".join(f"{prefix}{column}::VARCHAR" for column in kind.key) + ")"


def _row_checks(kind: Kind) -> list[RowCheck]:
    checks = []
    for column in kind.columns:
        name = column.name
        if column.required:
            checks.append(RowCheck("not_null", kind.name, name, f"{name} IS NULL", "must not be empty"))
        if column.accepted:
            marks = ", ".join("?" * len(column.accepted))
            detail = "must be one of " + ", ".join(column.accepted)
            checks.append(
                RowCheck(
                    "accepted_values", kind.name, name, f"{name} NOT IN ({marks})", detail, column.accepted
                )
            )
        if column.minimum is not None or column.maximum is not None:
            bounds = [(f"{name} < ?", column.minimum), (f"{name} > ?", column.maximum)]
            used = [(sql, value) for sql, value in bounds if value is not None]
            condition = " OR ".join(sql for sql, _ in used)
            detail = _range_detail(column.minimum, column.maximum)
            checks.append(RowCheck("range", kind.name, name, condition, detail, tuple(v for _, v in used)))
        if column.type == "quarter":
            condition = f"{name} <> date_trunc('quarter', {name})"
            checks.append(
                RowCheck("quarter_start", kind.name, name, condition, "must be the first day of a quarter")
            )
    for rule in (*kind.rules, *EXTRA_RULES.get(kind.name, ())):
        checks.append(RowCheck("rule", kind.name, rule.column, rule.bad_when, rule.reason))
    return checks


def _range_detail(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"must be between {minimum:g} and {maximum:g}"
    return f"must be at least {minimum:g}" if minimum is not None else f"must be at most {maximum:g}"


def _query_checks(kind: Kind) -> list[QueryCheck]:
    key_columns = ", ".join(kind.key)
    duplicates = (
        f"SELECT {_key(kind)} AS k, n FROM (SELECT {key_columns}, count(*) AS n FROM {kind.name} "
        f"GROUP BY {key_columns} HAVING count(*) > 1)"
    )
    checks = [QueryCheck("unique", kind.name, key_columns, duplicates, "key must be unique")]
    for column in kind.columns:
        if column.references:
            table, target = column.references
            sql = (
                f"SELECT {_key(kind, 'c')} AS k, 1 AS n FROM {kind.name} AS c WHERE c.{column.name} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {table} AS p WHERE p.{target} = c.{column.name})"
            )
            checks.append(
                QueryCheck(
                    "relationship", kind.name, column.name, sql, f"must exist in {table}.{target}", table
                )
            )
    if kind.name == "ubt_projects":
        sql = (
            f"SELECT {_key(kind, 'c')} AS k, 1 AS n FROM ubt_projects AS c JOIN ubt_projects AS o "
            "ON o.project_id = c.adapted_from_project_id WHERE c.started_on < o.started_on"
        )
        detail = "an adaptation cannot start before its original"
        checks.append(QueryCheck("rule", kind.name, "adapted_from_project_id", sql, detail))
    return checks


KINDS_CHECKED: tuple[Kind, ...] = (*KINDS.values(), IMPORT_LOG)


def mart_kinds() -> tuple[Kind, ...]:
    """Each mart as a ``Kind`` with only its key columns (nullable ones not required)."""
    kinds = []
    for path in mart_files():
        key = mart_key(path)
        for table in sorted(mart_tables(path) - temporary_tables(path)):
            columns = tuple(Column(name, required=not nullable) for name, nullable in key)
            kinds.append(Kind(table, columns, key=tuple(name for name, _ in key)))
    return tuple(kinds)


def _checked_kinds() -> tuple[Kind, ...]:
    return (*KINDS_CHECKED, *mart_kinds())


def all_checks() -> list[RowCheck | QueryCheck]:
    """Every data test, table by table."""
    return [check for kind in _checked_kinds() for check in (*_row_checks(kind), *_query_checks(kind))]


def run_checks(db: Database) -> list[CheckFailure]:
    """Run every data test against ``db``; return the failures (an empty list when all pass)."""
    failures = []
    kinds = _checked_kinds()
    missing = {kind.name for kind in kinds if not db.table_exists(kind.name)}
    for kind in kinds:
        if kind.name in missing:
            failures.append(CheckFailure("table_exists", kind.name, "", 0, (), "table is missing"))
            continue
        failures += _run_row_checks(db, kind, _row_checks(kind))
        runnable = [check for check in _query_checks(kind) if check.other_table not in missing]
        failures += [failure for check in runnable if (failure := _run_query_check(db, check))]
    return failures


def _run_row_checks(db: Database, kind: Kind, checks: list[RowCheck]) -> Iterable[CheckFailure]:
    counts = db.rows(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {c.condition})" for c in checks)
        + f" FROM {kind.name}",
        [value for check in checks for value in check.params],
    )[0]
    for check, count in zip(checks, counts, strict=True):
        if count:
            rows = db.rows(
                f"SELECT {_key(kind)} AS k FROM {kind.name} WHERE {check.condition} ORDER BY k LIMIT {EXAMPLES}",
                list(check.params),
            )
            examples = tuple(str(row[0]) for row in rows)
            yield CheckFailure(check.test, check.table, check.column, count, examples, check.detail)


def _run_query_check(db: Database, check: QueryCheck) -> CheckFailure | None:
    count, examples = db.rows(
        f"WITH failing AS MATERIALIZED ({check.sql}) "
        "SELECT coalesce(sum(n), 0), "
        f"(SELECT coalesce(list(k), []) FROM (SELECT k FROM failing ORDER BY k LIMIT {EXAMPLES})) FROM failing"
    )[0]
    if not count:
        return None
    return CheckFailure(
        check.test, check.table, check.column, int(count), tuple(map(str, examples)), check.detail
    )
