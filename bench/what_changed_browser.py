"""What changed in a real browser at a scale: a leader picks a quarter (and a region) and waits for the
exceptions list. Usage: ``python -m bench.what_changed_browser --db data/kp.duckdb [--as leader@demo.lmp]``.

Each pick is a new quarter or region on a running server (its figures not cached yet); the time is
from the choice to the "Needs attention · <scope> · <quarter>" heading showing it, i.e. the list on screen.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from scripts.driving import CHROMIUM_LAUNCH, VIEWPORT, install_run_counter, open_page
from scripts.streamlit_app import running_app


def pick(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label`` by typing it."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.keyboard.press("Enter")


def timed_pick(page: Page, label: str, option: str, heading: str) -> float:
    start = time.perf_counter()
    pick(page, label, option)
    page.locator("h3", has_text=heading).first.wait_for(timeout=60_000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--as", dest="who", default="leader@demo.lmp")
    args = parser.parse_args()
    quarters = ["2026 Q2", "2026 Q1", "2025 Q4", "2025 Q3", "2025 Q2", "2025 Q1"]
    times: list[float] = []
    cached: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**CHROMIUM_LAUNCH)
        with running_app(args.db) as url:
            context = browser.new_context(base_url=url, viewport=VIEWPORT)
            install_run_counter(context)
            page = context.new_page()
            open_page(page, f"/what_changed?as={args.who}", timeout=180_000)  # first run: libraries, data
            for quarter in quarters:
                times.append(timed_pick(page, "Quarter", quarter, f"· {quarter}"))
                print(f"quarter {quarter}: {times[-1] * 1000:.0f} ms", flush=True)
            for quarter in quarters[:3]:  # again: cached, the interaction's own cost
                cached.append(timed_pick(page, "Quarter", quarter, f"· {quarter}"))
                print(f"quarter {quarter} again (cached): {cached[-1] * 1000:.0f} ms", flush=True)
        browser.close()
    print(
        json.dumps(
            {
                "who": args.who,
                "median_ms": statistics.median(times) * 1000,
                "max_ms": max(times) * 1000,
                "times_ms": [t * 1000 for t in times],
                "load": os.getloadavg(),
            }
        )
    )


if __name__ == "__main__":
    main()
