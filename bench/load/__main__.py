"""``python -m bench.load``: the load benchmark (``make load``).

Starts its own ``streamlit run`` servers on 127.0.0.1 on a private copy of the database, drives them
with Locust users speaking Streamlit's websocket protocol, and writes bench/load_results.md and .json.
Each scenario is bounded in seconds and runs; the whole benchmark stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import gevent
import gevent.util
import locust  # noqa: F401  (first: gevent patches sockets before anything opens one)

from bench.load import report
from bench.load.scenarios import Result, Server, during_import, measure, server, soak, warm
from bench.load.states import Plan
from deploy.serve import Cluster
from scripts.streamlit_app import ROOT, free_port

SCENARIOS = ("cold", "levels", "think", "import", "workers", "soak")
BENCH = ROOT / "bench"
COLD_BURSTS = 3  # fresh servers, each hit by every user at once
BURST_USERS = 20


def cold(db: Path, logs: Path, plan: Plan, scale: float) -> list[Result]:
    results = []
    for n in range(1, COLD_BURSTS + 1):
        with server(db, logs, f"cold{n}") as srv:
            results.append(
                measure(f"cold burst {n}", srv, plan, BURST_USERS, 0, 120 * scale, BURST_USERS * 3)
            )
    return results


def levels(db: Path, logs: Path, plan: Plan, scale: float) -> list[Result]:
    with server(db, logs, "levels") as srv:
        warm(srv.url, plan)
        return [
            measure(f"{users} users, no think", srv, plan, users, 0, seconds * scale, 20_000)
            for users, seconds in ((1, 30), (10, 40), (30, 40))
        ]


def think(db: Path, logs: Path, plan: Plan, scale: float) -> list[Result]:
    with server(db, logs, "think") as srv:
        warm(srv.url, plan)
        return [
            measure(
                f"{users} users, 10 s think", srv, plan, users, 10, 90 * scale, 20_000, spawn_rate=users / 10
            )
            for users in (20, 60)
        ]


def workers(db: Path, logs: Path, plan: Plan, scale: float) -> list[Result]:
    """The same load through HAProxy on one worker, then on two (make serve's stack)."""
    results = []
    for count in (1, 2):
        with Cluster(db, count, free_port(), logs / f"workers{count}") as cluster:
            cluster.wait_healthy()
            for port in cluster.ports:
                warm(f"http://127.0.0.1:{port}", plan)
            srv = Server(
                cluster.url,
                [w.pid for w in cluster.workers],
                sorted((logs / f"workers{count}").glob("worker*.log")),
            )
            results.append(
                measure(f"{count} worker(s) behind HAProxy, 30 users", srv, plan, 30, 0, 40 * scale, 20_000)
            )
    one, two = results
    two.notes = {
        "throughput_vs_one_worker": round(two.runs_per_s / one.runs_per_s, 2) if one.runs_per_s else None
    }
    return results


def main() -> None:
    # `kill -USR1 <pid>` prints what every simulated user is doing (gevent's greenlet stacks)
    signal.signal(
        signal.SIGUSR1, lambda *_: print("".join(gevent.util.format_run_info()), file=sys.stderr, flush=True)
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, default=ROOT / "data" / "lmp.duckdb", help="database to copy and serve"
    )
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every duration (e.g. 0.2 for a try)"
    )
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=BENCH / "load_results")
    args = parser.parse_args()

    db = BENCH / "load.duckdb"  # a private copy: the import scenario writes to it
    shutil.copyfile(args.db, db)
    subprocess.run([sys.executable, "-m", "lmp_metrics.core.marts", "--db", str(db)], cwd=ROOT, check=True)
    plan = Plan.from_db(db)
    logs = BENCH / "load_logs"
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    meta = {
        "started": started,
        "database": str(args.db),
        "teams": len(plan.teams),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "failed_scenarios": {},
    }
    results: list[Result] = []
    for name in args.scenarios:
        try:
            if name == "import":
                results.append(during_import(db, logs, plan, 10, 45 * args.scale))
            elif name == "soak":
                results.append(soak(db, logs, plan, 20, args.soak_minutes * 60))
            else:
                results += globals()[name](db, logs, plan, args.scale)
        except Exception as exc:  # the benchmark itself failed: say so, go on with the others
            meta["failed_scenarios"][name] = f"{type(exc).__name__}: {exc}"
            print(f"{name}: the scenario failed: {exc!r}", file=sys.stderr, flush=True)
        # written after every scenario, so an interrupted run keeps what it measured
        args.out.with_suffix(".json").write_text(
            json.dumps({"meta": meta, "results": [asdict(r) for r in results]}, indent=1)
        )
        args.out.with_suffix(".md").write_text(report.markdown(meta, results))
    print(f"wrote {args.out}.md and .json; server logs in {logs}")


if __name__ == "__main__":
    main()
