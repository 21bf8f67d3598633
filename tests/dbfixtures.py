"""Helpers for hand-made fixture databases (importable from any test module)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from lmp_metrics.core.database import Database


def insert_rows(db: Database, table: str, rows: list[dict]) -> None:
    """Insert hand-written rows (dicts keyed by column name) into ``table``."""
    frame = pd.DataFrame(rows)
    columns = ", ".join(frame.columns)
    with db.connection.cursor() as cursor:
        cursor.register("incoming_rows", frame)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")
        cursor.unregister("incoming_rows")


def team_row(
    team_id: str,
    region: str,
    facility: str,
    department: str,
    labor_partner: str = "Both",
    *,
    name: str | None = None,
    service_area: str | None = None,
    formed_on: date = date(2020, 1, 1),
    closed_on: date | None = None,
) -> dict:
    """One ``teams`` row; unless given, named 'Team <id>', in service area 'SA <region>', open."""
    return {
        "team_id": team_id,
        "team_name": name or f"Team {team_id}",
        "department": department,
        "facility": facility,
        "service_area": service_area or f"SA {region}",
        "region": region,
        "labor_partner": labor_partner,
        "formed_on": formed_on,
        "closed_on": closed_on,
    }


def dimension_rows(dimensions: Sequence[tuple[str, str, str]]) -> list[dict]:
    """``dimensions`` rows from (id, name, family) triples, sorted in the order given."""
    return [
        {"dimension_id": d, "dimension_name": name, "family": family, "sort_order": i}
        for i, (d, name, family) in enumerate(dimensions, start=1)
    ]


def course_row(
    course_id: str, title: str, audience: str = "all", due_within_days: int = 30, required: bool = True
) -> dict:
    """One ``courses`` row."""
    return {
        "course_id": course_id,
        "course_title": title,
        "audience": audience,
        "required": required,
        "due_within_days": due_within_days,
    }
