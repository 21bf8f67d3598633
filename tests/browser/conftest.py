"""Browser-test fixtures: the real app on the `small` demo, and Playwright driving Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.driving import APP_TIMEOUT_MS, CHROMIUM_LAUNCH, VIEWPORT, install_run_counter
from tests.browser.streamlit_app import running_app


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
def app_url(small_db_path: Path) -> Iterator[str]:
    """Base URL of ``streamlit run app.py`` on the `small` demo database (seed 7)."""
    with running_app(small_db_path) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    """Lets tests call ``page.goto("/overview")`` relative to the running app."""
    return app_url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A laptop-sized window."""
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    """Each page counts Streamlit script runs so tests can wait on them."""
    context.set_default_timeout(APP_TIMEOUT_MS)
    install_run_counter(context)
    return context


# TEMPORARY until lmp_metrics.demo lands: a hand-made stand-in for the small demo.
@pytest.fixture(scope="session")
def small_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stand-in database: 4 teams in 2 regions, 8 quarters of levels, demo grants."""
    from datetime import date

    from lmp_metrics.access import seed_demo_grants
    from lmp_metrics.database import Database
    from lmp_metrics.marts import rebuild_marts
    from lmp_metrics.migrations import migrate
    from tests.conftest import insert_rows

    path = tmp_path_factory.mktemp("standin") / "small.duckdb"
    db = Database(path)
    migrate(db)
    teams = [
        {
            "team_id": f"T{i}",
            "team_name": f"Team {i}",
            "department": f"Dept {i % 2}",
            "facility": f"Fac {i % 2}",
            "service_area": f"SA {i % 2}",
            "region": ["North", "South"][i % 2],
            "labor_partner": "Coalition",
            "formed_on": date(2020, 1, 1),
        }
        for i in range(4)
    ]
    insert_rows(db, "teams", teams)
    quarters = [date(2023 + q // 4, 1 + 3 * (q % 4), 1) for q in range(8)]
    insert_rows(
        db,
        "team_quarter_levels",
        [
            {"team_id": t["team_id"], "quarter": q, "level": 1 + (i + n) % 5}
            for i, t in enumerate(teams)
            for n, q in enumerate(quarters)
        ],
    )
    insert_rows(
        db,
        "staff",
        [
            {"person_id": f"P{i}", "team_id": f"T{i % 4}", "role": "employee", "labor_group": "Coalition"}
            for i in range(60)
        ],
    )
    seed_demo_grants(db)
    rebuild_marts(db)
    db.close()
    return path
