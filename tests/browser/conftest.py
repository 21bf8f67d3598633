"""Browser-test fixtures: the real app on the `small` demo, and Playwright driving Debian's chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from lmp_metrics.core.database import Database
from scripts.demo_facts import best_team, largest_region
from scripts.driving import APP_TIMEOUT_MS, CHROMIUM_LAUNCH, VIEWPORT, install_run_counter, open_page
from scripts.streamlit_app import running_app

expect.set_options(timeout=10_000)  # content is there once the app has settled


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a real browser."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium: Playwright's own browser download is not reachable here."""
    return {**browser_type_launch_args, **CHROMIUM_LAUNCH}


@pytest.fixture(scope="session")
def app_db(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the `small` demo database (seed 7): browser tests import into it."""
    copy = tmp_path_factory.mktemp("browser") / "small.duckdb"
    shutil.copyfile(small_db_path, copy)
    return copy


@pytest.fixture(scope="session")
def demo_team(app_db: Path) -> tuple[str, str]:
    """(team_id, team_name) of the open team with the longest level history and 11+ members."""
    return best_team(app_db)


@pytest.fixture(scope="session")
def demo_region(app_db: Path) -> str:
    """The region with the most teams."""
    return largest_region(app_db)


@pytest.fixture(scope="session")
def app_url(app_db: Path) -> Iterator[str]:
    """Base URL of ``streamlit run app.py`` on the browser tests' demo database."""
    with running_app(app_db) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """Lets tests call ``page.goto("/overview")`` relative to the running app."""
    return app_url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A laptop-sized window."""
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture(scope="session")
def shared_context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    """One context for the session, so Plotly's and Streamlit's scripts load and compile once.

    Every test still gets a fresh tab (a new Streamlit session). Script runs are counted in each
    document so tests can wait on them. The app is opened once at "/" first, so the first test does
    not pay for loading the scripts (``test_navigation.py`` covers a deep link on a fresh server).
    """
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(APP_TIMEOUT_MS)
    install_run_counter(context)
    warm_up = context.new_page()
    open_page(warm_up, "/")
    warm_up.close()
    yield context
    context.close()


@pytest.fixture
def page(shared_context: BrowserContext) -> Iterator[Page]:
    """A new tab on the app (nothing loaded yet); closed after the test."""
    tab = shared_context.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def tab(shared_context: BrowserContext) -> Iterator[Page]:
    """One tab for a whole test file (every ``open_page`` is a new document, so a new session)."""
    page = shared_context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def grants(app_db: Path) -> dict[str, str]:
    """identity → scope of the demo grants the demo build seeded (e.g. ``'region:Georgia'``)."""
    db = Database(app_db, read_only=True)
    try:
        return dict(db.rows("SELECT identity, scope FROM access_grants WHERE identity LIKE '%@demo.lmp'"))
    finally:
        db.close()
