"""Helpers for the import tests: a hand-made reference database, CSV bytes, table digests."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from datetime import date
from pathlib import Path

from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate
from lmp_metrics.core.store import open_read_only
from lmp_metrics.importer import KINDS
from tests.dbfixtures import insert_rows


def seed_reference_db(path: Path) -> Path:
    """Two teams, two dimensions, one course, two people, one project, one level (by hand)."""
    db = Database(path)
    migrate(db)
    team = {"department": "Pharmacy", "facility": "Fremont", "service_area": "Alameda", "region": "North"}
    insert_rows(
        db,
        "teams",
        [
            {
                "team_id": "T1",
                "team_name": "Team One",
                **team,
                "labor_partner": "Coalition",
                "formed_on": date(2020, 1, 1),
                "closed_on": None,
            },
            {
                "team_id": "T2",
                "team_name": "Team Two",
                **team,
                "labor_partner": "Both",
                "formed_on": date(2021, 1, 1),
                "closed_on": date(2024, 12, 31),
            },
        ],
    )
    insert_rows(
        db,
        "dimensions",
        [
            {
                "dimension_id": "sponsorship",
                "dimension_name": "Sponsorship",
                "family": "leadership",
                "sort_order": 1,
            },
            {
                "dimension_id": "use_of_tools",
                "dimension_name": "Use of tools",
                "family": "performance",
                "sort_order": 2,
            },
        ],
    )
    insert_rows(
        db,
        "courses",
        [
            {
                "course_id": "C1",
                "course_title": "UBT Basics",
                "audience": "all",
                "required": True,
                "due_within_days": 90,
            }
        ],
    )
    insert_rows(
        db,
        "staff",
        [
            {
                "person_id": "P1",
                "team_id": "T1",
                "role": "employee",
                "union_local": "SEIU-UHW",
                "labor_group": "Coalition",
            },
            {
                "person_id": "P2",
                "team_id": "T2",
                "role": "manager",
                "union_local": None,
                "labor_group": "Non-represented",
            },
        ],
    )
    insert_rows(
        db,
        "ubt_projects",
        [
            {
                "project_id": "PR1",
                "team_id": "T1",
                "title": "Fewer falls",
                "topic": "Safety",
                "started_on": date(2024, 1, 1),
            }
        ],
    )
    insert_rows(
        db,
        "team_quarter_levels",
        [{"team_id": "T1", "quarter": date(2025, 4, 1), "level": 3, "assessed_on": date(2025, 6, 1)}],
    )
    rebuild_marts(db)
    db.execute("CHECKPOINT")
    db.close()
    return path


def copy_of(template: Path, folder: Path) -> Path:
    """A private copy of a template database (cheaper than seeding again)."""
    return Path(shutil.copyfile(template, folder / template.name))


def csv_bytes(text: str) -> bytes:
    """Dedented CSV text as UTF-8 bytes (leading newline dropped)."""
    return textwrap.dedent(text).lstrip("\n").encode("utf-8")


def data_digest(path: Path) -> dict[str, list[tuple]]:
    """Every row of every contract data table (not import_log), sorted: equal means row-for-row equal."""
    with open_read_only(path) as db:
        return {kind: sorted(db.rows(f"SELECT * FROM {kind}"), key=repr) for kind in KINDS}


def log_rows(path: Path) -> list[tuple]:
    """import_log as (kind, source_name, status, rows_in, rows_inserted, rows_updated, error_count)."""
    with open_read_only(path) as db:
        return db.rows(
            "SELECT kind, source_name, status, rows_in, rows_inserted, rows_updated, error_count"
            " FROM import_log ORDER BY import_id"
        )


def file_sha(path: Path) -> str:
    """Hash of the database file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
