"""Import in a real browser: a file with bad rows is rejected, its error table shown, nothing written."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from lmp_metrics.core.database import Database
from scripts.driving import open_page, rerun_after

BAD_TEAMS = (
    "team_id,team_name,department,facility,service_area,region,labor_partner,formed_on\n"
    "TNEW1,New team,Dept,Fac,SA,Colorado,Coalition,2024-01-15\n"
    "TNEW2,Another team,Dept,Fac,SA,Colorado,Nobody,2024-02-30\n"
)


def team_count(path: Path) -> int:
    db = Database(path, read_only=True)
    try:
        return db.scalar("SELECT count(*) FROM teams")
    finally:
        db.close()


def test_rejected_import_shows_its_error_table(page: Page, app_db: Path, tmp_path: Path) -> None:
    before = team_count(app_db)
    upload = tmp_path / "bad_teams.csv"
    upload.write_text(BAD_TEAMS)
    open_page(page, "/import_data")
    # the kind picker starts at teams
    page.locator('.st-key-import_upload input[type="file"]').set_input_files(upload)
    button = page.get_by_role("button", name="Import file")
    expect(button).to_be_enabled()

    rerun_after(page, button.click)
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_be_visible()
    # the grid is drawn on a canvas; its cells are mirrored in an accessible <table>
    errors = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("th", has_text="reason"))
    expect(errors).to_have_count(1)
    cells = errors.locator("td")
    expect(cells.filter(has_text="labor_partner")).to_have_count(1)  # row 3: "Nobody"
    expect(cells.filter(has_text="formed_on")).to_have_count(1)  # row 3: 30 February
    expect(page.get_by_role("button", name="Download the error report (CSV)")).to_be_visible()
    assert team_count(app_db) == before, "a rejected file must change nothing"
