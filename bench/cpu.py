"""CPU per page run at a scale: a new link (nothing cached but the connection) and a cached rerun.

Usage: ``python -m bench.cpu --db data/kp.duckdb [--links 4] [--as admin@demo.lmp] [--pages …]``.
Each link is a realistic URL state (``bench.load.states``); CPU is the process's (every thread,
DuckDB's too) while AppTest runs the page; ``marks`` is the share spent in
``access.suppression.marks``/``team_marks``. Prints one line per page and JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("home", "overview", "what_changed", "scorecard", "training", "projects", "just_culture", "explorer")


class MarksClock:
    """CPU seconds and calls inside the disclosure read path (its functions wrapped where imported)."""

    def __init__(self) -> None:
        from lmp_metrics.access import suppression

        self.seconds = 0.0
        self.calls = 0
        self.originals = {name: getattr(suppression, name) for name in ("marks", "team_marks")}

    def install(self) -> None:
        """Wrap the functions in every module loaded so far that imported them (again: no-op)."""
        for name, original in self.originals.items():

            def timed(*args, _fn=original, **kwargs):
                start = time.process_time()
                try:
                    return _fn(*args, **kwargs)
                finally:
                    self.seconds += time.process_time() - start
                    self.calls += 1

            for module in list(sys.modules.values()):
                if (
                    getattr(module, "__name__", "").startswith("lmp_metrics")
                    and getattr(module, name, None) is original
                ):
                    setattr(module, name, timed)


def link(stem: str, plan, rng: random.Random) -> list[tuple[str, str]]:
    """A URL state for ``stem``, as the load benchmark's people open it."""
    return getattr(plan, f"_{stem}")(rng)


def run_page(
    stem: str, query: list[tuple[str, str]], who: str, clock: MarksClock
) -> tuple[float, float, float, int, float]:
    """(new link CPU ms, marks CPU ms in it, cached rerun CPU ms, marks calls, new link wall ms)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "pages" / f"{stem}.py"), default_timeout=300)
    app.query_params["as"] = who
    for name, value in query:
        app.query_params[name] = value
    clock.seconds, clock.calls = 0.0, 0
    start, wall = time.process_time(), time.perf_counter()
    app.run()
    fresh, wall = time.process_time() - start, time.perf_counter() - wall
    marks_s, calls = clock.seconds, clock.calls
    if app.exception:
        raise RuntimeError(f"{stem} {query}: {app.exception[0].value}")
    start = time.process_time()
    app.run()
    return fresh * 1000, marks_s * 1000, (time.process_time() - start) * 1000, calls, wall * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--links", type=int, default=4)
    parser.add_argument("--as", dest="who", default="admin@demo.lmp")
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["LMP_DB"] = args.db
    from bench.load.states import Plan

    plan = Plan.from_db(args.db)
    import pandas  # noqa: F401  (libraries loaded once, as in a running server)
    import plotly.graph_objects  # noqa: F401

    clock = MarksClock()
    results = {}
    for stem in args.pages:
        rng = random.Random(f"{args.seed}-{stem}")
        run_page(stem, link(stem, plan, rng), args.who, clock)  # the page's modules loaded
        clock.install()
        runs = [run_page(stem, link(stem, plan, rng), args.who, clock) for _ in range(args.links)]
        fresh, marks_ms, rerun, calls, wall = (statistics.median(r[i] for r in runs) for i in range(5))
        results[stem] = {
            "new_link_ms": fresh,
            "new_link_wall_ms": wall,
            "marks_ms": marks_ms,
            "rerun_ms": rerun,
            "marks_calls": calls,
        }
        print(
            f"{stem:14s} new link {fresh:6.0f} ms CPU, {wall:6.0f} ms wall (marks {marks_ms:5.0f} ms CPU,"
            f" {calls:.0f} calls)  cached rerun {rerun:5.0f} ms CPU",
            flush=True,
        )
    print(json.dumps({"who": args.who, "db": args.db, "load": os.getloadavg(), "pages": results}))


if __name__ == "__main__":
    main()
