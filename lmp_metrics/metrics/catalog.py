"""What is in the database: quarters covered, hierarchy options, freshness of each import kind."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database

HIERARCHY_COLUMNS = ("region", "service_area", "facility", "department")


def quarters(db: Database) -> list[date]:
    """Every quarter with at least one assessment, oldest first."""
    rows = db.rows("SELECT DISTINCT quarter FROM team_quarter_levels ORDER BY quarter")
    return [row[0] for row in rows]


def hierarchy_options(db: Database, column: str, within: Filters) -> list[str]:
    """Distinct values of a hierarchy column among the teams ``within`` allows, sorted."""
    if column not in (*HIERARCHY_COLUMNS, "labor_partner"):
        raise ValueError(f"unknown hierarchy column {column!r}")
    where, params = within.team_where()
    sql = f"SELECT DISTINCT {column} FROM teams WHERE {where} ORDER BY 1"
    return [row[0] for row in db.rows(sql, params)]


def data_summary(db: Database, scope: Filters | None = None) -> dict[str, object]:
    """Headline facts about the loaded data for the home page and footers, within ``scope`` (the
    caller's access; everything when None)."""
    teams, params = (scope or Filters()).team_where()
    if teams == "TRUE":  # the whole database: plain counts, no joins
        in_scope, params = "TRUE", []
    else:
        in_scope = f"team_id IN (SELECT team_id FROM teams WHERE {teams})"
    people = f"person_id IN (SELECT person_id FROM staff WHERE {in_scope})" if in_scope != "TRUE" else "TRUE"
    row = db.rows(
        f"""
        SELECT (SELECT count(*) FROM teams WHERE {in_scope}),
               (SELECT count(*) FROM teams WHERE closed_on IS NULL AND {in_scope}),
               (SELECT min(quarter) FROM team_quarter_levels WHERE {in_scope}),
               (SELECT max(quarter) FROM team_quarter_levels WHERE {in_scope}),
               (SELECT count(DISTINCT quarter) FROM team_quarter_levels WHERE {in_scope}),
               (SELECT count(*) FROM staff WHERE {in_scope}),
               (SELECT count(*) FROM training_records WHERE {people}),
               (SELECT count(*) FROM ubt_projects WHERE {in_scope})
        """,
        params * 8,
    )[0]
    keys = (
        "teams",
        "open_teams",
        "first_quarter",
        "last_quarter",
        "quarters",
        "staff",
        "training_records",
        "projects",
    )
    return dict(zip(keys, row, strict=True))


class LastImport(NamedTuple):
    """The last successful import of one kind of file."""

    kind: str
    source_name: str
    finished_at: datetime
    rows_in: int


def last_imports(db: Database) -> list[LastImport]:
    """Last successful import per kind, by kind (plain rows: no DataFrame for a few lines)."""
    rows = db.rows(
        """
        SELECT kind, source_name, finished_at, rows_in
        FROM import_log
        WHERE status IN ('loaded', 'unchanged')
        QUALIFY row_number() OVER (PARTITION BY kind ORDER BY finished_at DESC, import_id DESC) = 1
        ORDER BY kind
        """
    )
    return [LastImport(*row) for row in rows]
