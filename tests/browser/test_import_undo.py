"""Undo on the Import page, in a real browser: the latest import is taken back, and the undo too."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from lmp_metrics.core.store import open_read_only
from lmp_metrics.importer import import_file
from scripts.driving import app_page, open_page, rerun_after
from scripts.streamlit_app import running_app
from tests.import_support import csv_bytes, seed_reference_db
from tests.test_import_concurrency import NEW_TEAMS

pytestmark = pytest.mark.browser


def team_ids(path: Path) -> list[str]:
    with open_read_only(path) as db:
        return [row[0] for row in db.rows("SELECT team_id FROM teams ORDER BY team_id")]


def test_undo_this_import_on_the_import_page(browser: Browser, tmp_path: Path) -> None:
    db_path = seed_reference_db(tmp_path / "undo.duckdb")  # teams T1, T2
    assert import_file(db_path, "teams", csv_bytes(NEW_TEAMS), "new_teams.csv").status == "loaded"
    assert team_ids(db_path) == ["T1", "T2", "T3", "T4", "T5"]
    with running_app(db_path) as url:  # its own server and database, beside the session's demo app
        page = app_page(browser, url)
        open_page(page, "/import_data")
        expect(page.get_by_text("Latest change: #1 teams (new_teams.csv)")).to_be_visible()
        expect(page.get_by_text("1 snapshot(s) of the database kept for undo")).to_be_visible()

        rerun_after(page, page.get_by_role("button", name="Undo this import").click)
        expect(page.get_by_text("Undid #1 teams (new_teams.csv)")).to_be_visible()
        assert team_ids(db_path) == ["T1", "T2"]
        # the undo is now the latest change, and can itself be undone
        expect(page.get_by_text("Latest change: #2 teams (undo of #1)")).to_be_visible()

        rerun_after(page, page.get_by_role("button", name="Undo this import").click)
        expect(page.get_by_text("Undid #2 teams (undo of #1)")).to_be_visible()
        assert team_ids(db_path) == ["T1", "T2", "T3", "T4", "T5"]
        page.context.close()
