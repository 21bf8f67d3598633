"""The Home page opens in a real browser and shows the headline numbers."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from scripts.driving import open_page


def test_home_shows_metrics_without_exception(page: Page) -> None:
    open_page(page, "/")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_role("heading", name="LMP team performance")).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
