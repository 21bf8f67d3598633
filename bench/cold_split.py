"""Cold start split into its parts, the way ``bench.run.cold_start`` measures the whole.

Usage: ``python -m bench.cold_split [--db PATH] [--runs 5]``. Per run: seconds from ``streamlit run``
to ``/_stcore/health`` ("boot"), from ``page.goto`` to the browser's websocket being connected
("connect": page, static scripts, session), from then to the first script run ending with the home
page's metrics shown ("script"), and the total. Prints each run and the medians as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from scripts.streamlit_app import running_app

ROOT = Path(__file__).resolve().parent.parent
RENDERED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Records (Date.now(), attribute, value) for each change of the app's connection / script state.
OBSERVE_STATE = """
window.__states = [];
new MutationObserver((changes) => {
  for (const c of changes) {
    const t = c.target;
    if (t.dataset && t.dataset.testid === "stApp") {
      window.__states.push([Date.now(), c.attributeName, t.getAttribute(c.attributeName)]);
    }
  }
}).observe(document, {subtree: true, attributes: true,
  attributeFilter: ["data-test-connection-state", "data-test-script-state"]});
"""


def one_run(browser, db_path: Path, extra_args: list[str]) -> dict[str, float]:
    """One cold start: a fresh server process and a fresh browser context (empty cache)."""
    start = time.time()
    with running_app(db_path, *extra_args) as url:
        healthy = time.time()
        context = browser.new_context()
        context.add_init_script(OBSERVE_STATE)
        page = context.new_page()
        goto = time.time()
        page.goto(f"{url}/")
        page.wait_for_selector(RENDERED, timeout=60_000)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        done = time.time()
        states = page.evaluate("window.__states")
        context.close()
    connected = next(
        (t / 1000 for t, attr, value in states if attr.endswith("connection-state") and value == "CONNECTED"),
        goto,
    )
    running = next(
        (t / 1000 for t, attr, value in states if attr.endswith("script-state") and value == "running"),
        connected,
    )
    return {
        "boot": healthy - start,
        "connect": connected - goto,
        "wait_run": running - connected,
        "script": done - running,
        "total": done - start,
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "kp.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("extra", nargs="*", help="more `streamlit run` options, after --")
    args = parser.parse_args()
    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for _ in range(args.runs):
                runs.append(one_run(browser, args.db, args.extra))
                print(json.dumps({k: round(v, 2) for k, v in runs[-1].items()}), flush=True)
        finally:
            browser.close()
    medians = {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]}
    print(json.dumps({"median": medians}))


if __name__ == "__main__":
    main()
