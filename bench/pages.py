"""Child process of bench/run.py: time every page with AppTest on $LMP_DB; print JSON on the last line.

First load = the page's first run on a cold cache, in a process that has imported its libraries: the
one-time import of pandas and Plotly (which the home page no longer needs, so a fresh server pays it on
its first data page) is timed once and reported on its own. Reruns = the quarter-range filter moved to a new
range each time (so every rerun misses the result cache, as a person exploring would).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from lmp_metrics.core.database import Database, default_db_path
from lmp_metrics.metrics import catalog
from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent


def page_stems() -> list[str]:
    """Pages in navigation order."""
    return [stem for stem, _, _ in PAGES]


def timed_run(run) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def time_page(stem: str, runs: int, quarters: list, params: dict[str, str]) -> dict:
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    first = timed_run(lambda: at.switch_page(f"pages/{stem}.py").run())
    if at.exception:
        return {"error": at.exception[0].value}
    has_filter = any(s.key == "filter_quarters" for s in at.select_slider)
    reruns = []
    for i in range(runs):
        if has_filter:  # a new first quarter each time: every rerun misses the result cache
            at.select_slider(key="filter_quarters").set_range(quarters[i % (len(quarters) - 1)], quarters[-1])
        reruns.append(timed_run(at.run))
    reruns.sort()
    return {
        "first_ms": first,
        "median_ms": statistics.median(reruns),
        "p95_ms": reruns[min(len(reruns) - 1, int(0.95 * len(reruns)))],
        "filter_changed": has_filter,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    start = time.perf_counter()
    import pandas  # noqa: F401  (the libraries every data page needs, imported once per process)
    import plotly.graph_objects  # noqa: F401

    library_import_ms = (time.perf_counter() - start) * 1000
    with Database(default_db_path(), read_only=True) as db:
        quarters = catalog.quarters(db)
        # the scorecard of the largest open team: the heaviest one a co-lead can open
        team = db.scalar(
            "SELECT team_id FROM staff JOIN teams USING (team_id) WHERE closed_on IS NULL "
            "GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1"
        )
    params = {"scorecard": {"team": team}}
    pages = {stem: time_page(stem, args.runs, quarters, params.get(stem, {})) for stem in page_stems()}
    print(json.dumps({"pages": pages, "library_import_ms": library_import_ms}))


if __name__ == "__main__":
    main()
