"""Compare methods in a real browser: two seeded methods side by side, a third saved from the page,
reopened from its link in a new session, and its card downloaded."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from scripts.driving import charts_drawn, open_page, rerun_after


def test_compare_save_reopen_and_download_the_card(
    page: Page, shared_context: BrowserContext, tmp_path: Path
) -> None:
    open_page(page, "/methods?method=level-heavy&vs=training-and-culture&by=facility")
    charts_drawn(page)
    expect(page.get_by_text("How sure is a rank under Level-heavy?")).to_be_visible()
    expect(
        page.locator(".js-plotly-plot .gtitle", has_text="Rank of each facility under each method")
    ).to_have_count(1)

    page.get_by_text("Save a new method").click()
    page.get_by_label("Name").fill("Browser proposal")
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Labor", exact=True).click()
    rerun_after(page, lambda: page.get_by_role("button", name="Save method").click())
    expect(page).to_have_url(re.compile(r"[?&]method=browser-proposal"))
    expect(page).to_have_url(re.compile(r"[?&]vs=level-heavy"))
    expect(page.get_by_text("How sure is a rank under Browser proposal?")).to_be_visible()
    link = page.url

    reopened = shared_context.new_page()  # a new session, as someone opening the shared link
    open_page(reopened, link)
    expect(reopened.get_by_text("How sure is a rank under Browser proposal?")).to_be_visible()
    expect(reopened.get_by_text("proposed by the labor side")).to_be_visible()
    for key, suffix, start in (
        ("methods_card_md", ".md", b"# Method card: Browser proposal"),
        ("methods_card_pdf", ".pdf", b"%PDF"),
    ):
        with reopened.expect_download(timeout=60_000) as download:
            reopened.locator(f".st-key-{key} button").click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        assert target.name == f"method_browser-proposal{suffix}"
        assert target.read_bytes().startswith(start)
    reopened.close()
