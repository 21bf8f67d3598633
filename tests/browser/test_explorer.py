"""Explorer in a real browser: the CSV export downloads with its filters, meeting mode for projectors."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from scripts.driving import charts_drawn, open_page, rerun_after, settle

SIDEBAR = '[data-testid="stSidebar"]'


def test_csv_export_downloads_with_its_filters(page: Page, demo_region: str, tmp_path: Path) -> None:
    open_page(page, f"/explorer?region={demo_region}")
    with page.expect_download() as download:
        page.locator(".st-key-explorer_csv button").click()
    assert download.value.suggested_filename.endswith(".csv")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("Export,"), text[:200]
    assert f"Region,{demo_region}" in text
    assert "Data through," in text


def title_size(page: Page) -> float:
    """Font size (px) of the explorer chart's title."""
    charts_drawn(page)
    title = page.locator('[class*="st-key-explorer_figure"] .gtitle').first
    return float(title.evaluate("(node) => getComputedStyle(node).fontSize").removesuffix("px"))


def test_meeting_mode_hides_the_chrome_and_enlarges_charts(page: Page) -> None:
    open_page(page, "/explorer")
    expect(page.locator(SIDEBAR)).to_be_visible()
    normal = title_size(page)
    rerun_after(page, lambda: page.get_by_text("Meeting mode", exact=True).click())
    expect(page).to_have_url(re.compile(r"[?&]meeting=1"))
    expect(page.locator(SIDEBAR)).to_be_hidden()
    assert title_size(page) >= 1.5 * normal

    page.reload()
    settle(page)
    expect(page.get_by_role("switch", name="Meeting mode")).to_be_checked()
    expect(page.locator(SIDEBAR)).to_be_hidden()
