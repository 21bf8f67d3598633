"""Each person lands in their own view and keeps it: scope landing, filters and page state across the
sidebar navigation, index weights in a shared link, and meeting mode on a 1280×720 projector."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from lmp_metrics.core.database import Database
from scripts.driving import charts_drawn, open_page, rerun_after


@pytest.fixture(scope="module")
def scope_of(grants: dict[str, str]) -> dict[str, str]:
    """identity → the value of its demo grant's scope (``region:Georgia`` → ``Georgia``)."""
    return {identity: scope.partition(":")[2] for identity, scope in grants.items()}


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def go_to(page: Page, title: str) -> None:
    """Click a page in the sidebar navigation and wait for it."""
    link = page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]', has_text=title)
    rerun_after(page, link.click)


def test_a_regional_leader_lands_on_their_region(tab: Page, scope_of: dict[str, str]) -> None:
    region = scope_of["regional.leader@demo.lmp"]
    open_page(tab, "/overview?as=regional.leader@demo.lmp")
    expect(tab.get_by_role("heading", name=re.compile(rf"^Region {region} · \d{{4}} Q\d$"))).to_be_visible()
    expect(tab.get_by_role("heading", name=f"Service areas in {region}")).to_be_visible()
    expect(tab.get_by_role("heading", name="Regions in the nation")).to_have_count(0)
    go_to(tab, "Home")
    expect(tab.get_by_role("heading", name=f"Your view: {region}")).to_be_visible()


def test_a_co_lead_of_one_team_lands_on_its_scorecard(tab: Page, scope_of: dict[str, str]) -> None:
    team = scope_of["co-lead@demo.lmp"]
    open_page(tab, "/scorecard?as=co-lead@demo.lmp")
    expect(tab.get_by_text(f"team id {team}")).to_be_visible()
    expect(tab.get_by_text("No team chosen yet")).to_have_count(0)
    assert query(tab)["team"] == [team]


def test_filters_and_page_state_survive_the_sidebar_navigation(tab: Page, demo_region: str) -> None:
    open_page(tab, f"/explorer?region={demo_region}&measure=mean_level&by=service_area")
    go_to(tab, "Training")
    assert query(tab)["region"] == [demo_region]
    assert "measure" not in query(tab), "the Explorer's own choices stay with the Explorer"
    expect(tab.locator(".st-key-filter_region [data-tag]")).to_have_text([demo_region])
    go_to(tab, "Explorer")
    state = query(tab)
    assert (state["region"], state["measure"], state["by"]) == (
        [demo_region],
        ["mean_level"],
        ["service_area"],
    )
    expect(tab.get_by_role("combobox", name="Measure")).to_have_value("Mean level")
    expect(tab.get_by_role("combobox", name="Breakdown")).to_have_value("Service area")


def test_index_weights_travel_in_the_link_and_survive_a_reload(tab: Page, app_db: Path) -> None:
    open_page(tab, "/overview?tab=Effectiveness+index&w_high_performing=50")
    weights = tab.get_by_text(re.compile("^Weights are scaled to add up to 100%"))
    expect(weights).to_contain_text("High-performing teams 40%")  # 50 / (50 + 25 + 25 + 25)
    link = tab.locator('[data-testid="stCode"]').last.inner_text().strip()
    assert "w_high_performing=50" in link and "tab=Effectiveness+index" in link
    open_page(tab, link)  # the copied link in a new session
    expect(weights).to_contain_text("High-performing teams 40%")
    open_page(tab, tab.url)  # a reload: a new session on the same address
    expect(weights).to_contain_text("High-performing teams 40%")
    charts_drawn(tab)
    index = tab.locator('[data-testid="stPlotlyChart"]', has_text="Partnership Effectiveness Index")
    labels = index.locator(".yaxislayer-above .ytick text").all_text_contents()
    db = Database(app_db, read_only=True)
    try:
        regions = {r for (r,) in db.rows("SELECT DISTINCT region FROM teams")}
    finally:
        db.close()
    assert set(labels) == regions, labels  # every region named on the index chart


def test_meeting_mode_fits_a_1280_by_720_projector(tab: Page) -> None:
    tab.set_viewport_size({"width": 1280, "height": 720})
    try:
        open_page(tab, "/explorer?meeting=1&by=region")
        charts_drawn(tab)
        chart = tab.locator('[data-testid="stPlotlyChart"]').first
        for part in (
            chart,
            chart.locator(".xtitle"),
            chart.locator(".legend"),
            chart.locator(".xaxislayer-above"),
        ):
            box = part.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 720, (part, box)
        numbers = tab.get_by_role("tab", name="Numbers")
        assert numbers.bounding_box()["y"] + numbers.bounding_box()["height"] <= 720
        numbers.click()
        expect(tab.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    finally:
        tab.set_viewport_size({"width": 1280, "height": 800})


def test_a_sidebar_multiselect_stays_open_to_pick_several_regions(tab: Page) -> None:
    open_page(tab, "/explorer")
    options = tab.get_by_role("option")
    for attempt in range(3):  # a click while the first run is still drawing can land before the list
        tab.locator(".st-key-filter_region input").click()
        try:
            expect(options.first).to_be_visible(timeout=5000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    first = options.nth(1).inner_text()
    rerun_after(tab, options.nth(1).click)
    expect(tab.get_by_role("option", name=first, exact=True)).to_have_count(0)  # picked, so gone
    second = options.nth(1).inner_text()  # the list is still open: pick a second one
    rerun_after(tab, options.nth(1).click)
    assert query(tab)["region"] == [first, second]


def test_the_printable_scorecard_fits_a_letter_page(
    tab: Page, demo_team: tuple[str, str], tmp_path: Path
) -> None:
    open_page(tab, f"/scorecard?team={demo_team[0]}&print=1")
    charts_drawn(tab)
    tab.emulate_media(media="print")
    try:
        widths = [box["x"] + box["width"] for box in map(Locator.bounding_box, charts(tab)) if box]
        left = tab.locator('[data-testid="stMainBlockContainer"]').bounding_box()["x"]
        assert widths and max(widths) - left <= 7.5 * 96 + 1, widths  # within a Letter page's print width
        pdf = tmp_path / "scorecard.pdf"
        tab.pdf(path=pdf, format="Letter", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        assert 1 <= pages <= 6, pages
    finally:
        tab.emulate_media(media="screen")


def charts(page: Page) -> list[Locator]:
    return page.locator('[data-testid="stPlotlyChart"]').all()
