"""What changed in a real browser: findings with links that open the right view, and the briefing
pack downloads as a PDF."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from scripts.driving import charts_drawn, open_page, settle

FINDINGS = '[class*="st-key-finding_"]'


def test_findings_link_to_the_view_that_shows_them(page: Page) -> None:
    open_page(page, "/what_changed")
    expect(
        page.get_by_role("heading", name=re.compile(r"^Needs attention · Nation · \d{4} Q\d"))
    ).to_be_visible()
    charts_drawn(page)  # the On track? projection
    expect(page.get_by_text("A projection, not a promise")).to_be_visible()
    links = page.locator(f'{FINDINGS} a[href*="drill_facility="]')
    expect(links.first).to_be_visible()
    facility = parse_qs(urlsplit(links.first.get_attribute("href") or "").query)["drill_facility"][0]
    links.first.click()
    expect(page).to_have_url(re.compile(r"/overview\?.*drill_facility="))
    settle(page)
    # the overview opens drilled into that facility: its departments are the compared groups
    expect(page.get_by_role("heading", name=f"Departments in {facility}")).to_be_visible()


def test_briefing_pack_downloads_as_a_pdf(page: Page, tmp_path: Path) -> None:
    open_page(page, "/what_changed")
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="Briefing pack (PDF)").click()
    assert re.fullmatch(r"briefing_Nation_\d{4}-Q\d\.pdf", download.value.suggested_filename)
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    content = target.read_bytes()
    assert content.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", content)) >= 2


def test_team_flyer_downloads_as_one_page(page: Page, demo_team: tuple[str, str], tmp_path: Path) -> None:
    team_id, _ = demo_team
    open_page(page, f"/scorecard?team={team_id}")
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="Team flyer (PDF)").click()
    assert download.value.suggested_filename == f"flyer_{team_id}.pdf"
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", target.read_bytes())) == 1
