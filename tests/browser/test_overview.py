"""Overview in a real browser: a bar click drills down, and the URL reproduces a view after reload."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, expect

from scripts.driving import charts_drawn, open_page, rerun_after, settle

BARS = '[class*="st-key-bars_"] .js-plotly-plot'


def click_bar(page: Page, bar: Locator) -> None:
    """Click the middle of a Plotly bar (Plotly's drag layer sits on top, so click by position)."""
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None, "the bar is not drawn"
    rerun_after(page, lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))


def test_bar_click_drills_down_to_the_region(page: Page) -> None:
    open_page(page, "/overview")
    expect(page.get_by_role("heading", name="Regions in the nation")).to_be_visible()
    charts_drawn(page)
    bars = page.locator(f"{BARS} g.point path")
    expect(bars.first).to_be_visible()
    click_bar(page, bars.last)  # the top bar is the longest, so never an empty (suppressed) one

    expect(page).to_have_url(re.compile(r"drill_region="))
    region = parse_qs(urlsplit(page.url).query)["drill_region"][0]
    expect(page.get_by_role("heading", name=re.compile(f"^Service areas in .*{region}"))).to_be_visible()
    charts_drawn(page)
    expect(page.locator(BARS).first).to_contain_text(region)  # the chart title names the scope


def view_of(page: Page) -> dict[str, list[str]]:
    """What a person sees of the overview: section headings, filter chips, bar labels, URL state."""
    return {
        "headings": page.locator("h3").all_inner_texts(),
        "region_chips": page.locator(".st-key-filter_region [data-tag]").all_inner_texts(),
        "partner_chips": page.locator(".st-key-filter_partner [data-tag]").all_inner_texts(),
        "bars": page.locator(f"{BARS} .ytick text").all_text_contents(),  # SVG: no innerText
        "query": sorted(parse_qs(urlsplit(page.url).query).items()),
    }


def test_url_with_filters_reproduces_the_view_after_reload(page: Page, demo_region: str) -> None:
    open_page(page, f"/overview?from=2024-Q1&to=2025-Q4&region={demo_region}&partner=Alliance")
    charts_drawn(page)
    first = view_of(page)
    assert first["region_chips"] == [demo_region] and first["partner_chips"] == ["Alliance"]
    assert any("2025 Q4" in heading for heading in first["headings"]), first["headings"]
    assert first["bars"] == [demo_region], "only the filtered region is compared"

    page.reload()
    settle(page)
    charts_drawn(page)
    assert view_of(page) == first
