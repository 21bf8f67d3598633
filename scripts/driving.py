"""Driving the app in Playwright: wait for Streamlit reruns (never for time), list its pages.

Every document gets a small observer (``install_run_counter``) that counts finished script runs:
``stApp`` flips ``data-test-script-state`` from ``running`` to ``notRunning`` at the end of each run.
``settle`` waits until a new run has finished, the script is idle, the websocket is connected, no
element of the previous run is left (``data-stale="true"``) and no lazily loaded element still shows
its skeleton placeholder. A run that ends in ``st.rerun()`` also passes through ``notRunning`` for a
moment, so the idle state must also have lasted ``QUIET_MS`` (a condition on the page, not a sleep)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page

APP_TIMEOUT_MS = 60_000
DEFAULT_PAGE = "home"
QUIET_MS = 400  # how long the script must have been idle (see the module docstring)
VIEWPORT = {"width": 1280, "height": 800}
# Debian's chromium: Playwright's own browser download is not reachable here.
CHROMIUM_LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ],
}

_RUN_COUNTER = """
(() => {
  window.__lmpRuns = 0;
  window.__lmpChanged = performance.now();
  new MutationObserver((records) => {
    window.__lmpChanged = performance.now();
    for (const r of records) {
      if (r.oldValue === "running" && r.target.getAttribute("data-test-script-state") === "notRunning") {
        window.__lmpRuns += 1;
      }
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ["data-test-script-state"]});
})();
"""

_SETTLED = """
([before, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  // a click that lands before the app is ready can load a new document: its count starts at 0
  const counted = window.__lmpCounted === true ? window.__lmpRuns > before : window.__lmpRuns > 0;
  return counted
    && performance.now() - window.__lmpChanged > quiet
    && app !== null
    && app.getAttribute("data-test-script-state") === "notRunning"
    && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && document.querySelector('[data-stale="true"], [data-testid^="stSkeleton"], [data-testid="stAppSkeleton"]') === null;
}
"""


def install_run_counter(context: BrowserContext) -> None:
    """Count finished script runs in every page this context opens (call before navigating)."""
    context.add_init_script(_RUN_COUNTER)


def app_page(browser: Browser, url: str) -> Page:
    """A page of the app at ``url`` in a context of its own: house viewport, app timeout, run counter."""
    context = browser.new_context(base_url=url, viewport=VIEWPORT)
    context.set_default_timeout(APP_TIMEOUT_MS)
    install_run_counter(context)
    return context.new_page()


def runs(page: Page) -> int:
    """Finished script runs so far in the current document (which ``settle`` then tells from a new one)."""
    return page.evaluate("window.__lmpCounted = true, window.__lmpRuns")


def settle(page: Page, after: int = 0, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until more than ``after`` runs have finished and the app is idle with no stale element."""
    page.wait_for_function(_SETTLED, arg=[after, QUIET_MS], timeout=timeout)


def assert_no_exception(page: Page) -> None:
    """Fail at once, with its message, when the app shows an exception box."""
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count():
        raise AssertionError(f"{page.url} shows an exception:\n{boxes.first.inner_text()[:1500]}")


def open_page(page: Page, path: str = "/", timeout: float = APP_TIMEOUT_MS) -> None:
    """Load a URL of the app (path and query string), wait for its first full render, no exception."""
    page.goto(path)
    settle(page, 0, timeout)
    assert_no_exception(page)


def rerun_after(page: Page, action: Callable[[], object], timeout: float = APP_TIMEOUT_MS) -> None:
    """Do ``action`` (a click, a key press), wait for the rerun it triggers; no exception after it."""
    before = runs(page)
    action()
    settle(page, before, timeout)
    assert_no_exception(page)


@dataclass(frozen=True)
class NavPage:
    """One page in the sidebar navigation of the running app."""

    title: str
    path: str  # URL path, "/" for the default page

    @property
    def slug(self) -> str:
        """A file-name-safe name for the page."""
        return self.path.strip("/") or "home"


def navigation(page: Page) -> list[NavPage]:
    """Every page the sidebar navigation offers (expanding "View more" when it is there)."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    links = page.locator('[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"]')
    return [
        NavPage(
            link.inner_text().strip().splitlines()[-1],
            urlsplit(link.get_attribute("href") or "/").path or "/",
        )
        for link in links.all()
    ]


def charts_drawn(page: Page, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every((chart) => chart.querySelector(".js-plotly-plot .main-svg") !== null)""",
        timeout=timeout,
    )


def page_path(stem: str) -> str:
    """URL path of ``pages/<stem>.py`` as app.py registers it (Home is the default page at "/")."""
    return "/" if stem == DEFAULT_PAGE else f"/{stem}"
