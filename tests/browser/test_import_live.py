"""The real app (``streamlit run``) shows imported data without a restart: CLI import while it serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from scripts.driving import app_page, open_page
from scripts.streamlit_app import running_app
from tests.import_support import csv_bytes, seed_reference_db
from tests.test_import_concurrency import NEW_TEAMS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_running_app_shows_new_numbers_after_a_cli_import(browser: Browser, tmp_path: Path) -> None:
    db_path = seed_reference_db(tmp_path / "live.duckdb")
    teams_file = tmp_path / "new_teams.csv"
    teams_file.write_bytes(csv_bytes(NEW_TEAMS))
    with running_app(db_path) as url:  # its own server and database, beside the session's demo app
        page = app_page(browser, url)
        open_page(page, "/")
        teams = page.locator('[data-testid="stMetric"]').first.get_by_test_id("stMetricValue")
        expect(teams).to_have_text("1")  # T1 open, T2 closed

        command = [
            sys.executable,
            "-m",
            "lmp_metrics",
            "import",
            "teams",
            str(teams_file),
            "--db",
            str(db_path),
        ]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr

        open_page(page, "/")  # a new run in the same server process, which holds the old file open
        expect(teams).to_have_text("4")
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        page.context.close()
