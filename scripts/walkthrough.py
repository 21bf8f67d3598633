"""Screenshots of the seven tasks of docs/walkthrough.md (issue #23), taken in headless chromium.

Run with ``python -m scripts.walkthrough --db PATH`` (a database with built marts, e.g. a copy of the
kp demo); PNGs go to docs/screenshots/walkthrough-*.png. Each step opens a URL as a demo identity,
waits for the app to settle and captures the viewport or one chart; the scorecard's printable view
also goes to a Letter PDF, whose page count is printed. Exits 1 when a step shows an exception box.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from scripts.driving import CHROMIUM_LAUNCH, charts_drawn, install_run_counter, settle
from scripts.streamlit_app import ROOT, running_app

OUT = ROOT / "docs" / "screenshots"


@dataclass(frozen=True)
class Step:
    """One screenshot: ``path`` (with its query) as seen at ``size``; ``chart`` = text of the one chart
    to capture, or the viewport scrolled to the text ``scroll`` (the top of the page when neither)."""

    slug: str
    path: str
    size: tuple[int, int] = (1280, 800)
    chart: str = ""
    scroll: str = ""


STEPS = (
    Step("1-regional-leader-overview", "/overview?as=regional.leader@demo.lmp"),
    Step("1-regional-leader-home", "/?as=regional.leader@demo.lmp"),
    Step("2-co-lead-scorecard", "/scorecard?as=co-lead@demo.lmp"),
    Step(
        "3-index-weights",
        "/overview?as=leader@demo.lmp&tab=Effectiveness+index&w_high_performing=50&w_just_culture=10",
        (1280, 1000),
        scroll="One transparent 0–100 summary",
    ),
    Step("4-overdue-by-rate", "/training?as=leader@demo.lmp&by=department", chart="Overdue training"),
    Step("5-just-culture-falls", "/just_culture?as=leader@demo.lmp", chart="fell most"),
    Step("6-meeting-1280x720", "/explorer?as=leader@demo.lmp&meeting=1&by=region", (1280, 720)),
    Step("6-meeting-1920x1080", "/explorer?as=leader@demo.lmp&meeting=1&by=region", (1920, 1080)),
    Step("6-change-over-period", "/explorer?as=leader@demo.lmp&by=region&chart=change", chart="change"),
    Step("7-funnel", "/overview?as=regional.leader@demo.lmp&tab=Funnel+plot", chart="funnel plot"),
)
PRINT_PATH = "/scorecard?as=co-lead@demo.lmp&print=1"


def _open(page: Page, step: Step) -> bool:
    page.set_viewport_size({"width": step.size[0], "height": step.size[1]})
    page.goto(step.path)
    settle(page)
    charts_drawn(page)
    return page.locator('[data-testid="stException"]').count() == 0


def shoot(page: Page, step: Step, out: Path) -> bool:
    """Write one PNG; False when the page shows an exception box."""
    clean = _open(page, step)
    target = out / f"walkthrough-{step.slug}.png"
    if step.chart:
        chart = page.locator('[data-testid="stPlotlyChart"]', has_text=step.chart).first
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=target)
    else:
        if step.scroll:
            page.get_by_text(step.scroll).first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(300)
        page.screenshot(path=target)
    print(f"{'EXCEPTION on' if not clean else 'wrote'} {target}", file=sys.stdout if clean else sys.stderr)
    return clean


def print_pdf(page: Page, out: Path) -> int:
    """The scorecard's printable view as a Letter PDF; returns its page count."""
    _open(page, Step("print", PRINT_PATH, (1280, 900)))
    page.emulate_media(media="print")
    target = out / "walkthrough-8-scorecard-print.pdf"
    page.pdf(path=target, format="Letter", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", target.read_bytes()))
    print(f"wrote {target}: {pages} Letter pages")
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="database to show (marts built)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, running_app(args.db, "--theme.base", "light") as url:
        browser = playwright.chromium.launch(**CHROMIUM_LAUNCH)
        context = browser.new_context(base_url=url)
        context.set_default_timeout(120_000)
        install_run_counter(context)
        page = context.new_page()
        _open(page, Step("warm-up", "/"))  # a fresh server's first deep link skips app.py's navigation
        clean = all([shoot(page, step, args.out) for step in STEPS])
        print_pdf(page, args.out)
        browser.close()
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
