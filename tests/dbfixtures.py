"""Helpers for hand-made fixture databases (importable from any test module)."""

from __future__ import annotations

import pandas as pd

from lmp_metrics.database import Database


def insert_rows(db: Database, table: str, rows: list[dict]) -> None:
    """Insert hand-written rows (dicts keyed by column name) into ``table``."""
    frame = pd.DataFrame(rows)
    columns = ", ".join(frame.columns)
    with db.connection.cursor() as cursor:
        cursor.register("incoming_rows", frame)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")
        cursor.unregister("incoming_rows")
