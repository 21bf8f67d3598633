"""Benchmark: page first-load and rerun times, cold start, demo build, 1M-row import, size, memory.

Usage: ``python -m bench.run [--scales kp 10x] [--runs 20] [--reuse]``. Writes bench/results.md and
bench/results.json. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
PYTHON = sys.executable
SEED = 7


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command; return (seconds, peak RSS of the child in MB, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, env=env, cwd=ROOT
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb // 1024, done.stdout


def build_demo(scale: str) -> dict:
    path = BENCH_DIR / f"{scale}.duckdb"
    seconds, peak_mb, _ = timed(
        [PYTHON, "-m", "lmp_metrics", "demo", "--db", str(path), "--scale", scale, "--seed", str(SEED)]
    )
    return {
        "path": str(path),
        "build_s": seconds,
        "build_peak_mb": peak_mb,
        "size_mb": path.stat().st_size / 2**20,
    }


def existing_demo(scale: str, earlier: dict) -> dict:
    """A demo database built by an earlier run (``--reuse``), with that run's build figures.

    Marts whose SQL changed since that build are rebuilt first, so pages read current marts.
    """
    path = BENCH_DIR / f"{scale}.duckdb"
    timed([PYTHON, "-m", "lmp_metrics.core.marts", "--db", str(path)])
    before = earlier.get(scale, {})
    return {
        "path": str(path),
        "build_s": before.get("build_s", float("nan")),
        "build_peak_mb": before.get("build_peak_mb", 0),
        "size_mb": path.stat().st_size / 2**20,
    }


def page_timings(db_path: str, runs: int) -> dict:
    """Per-page first load and rerun times via AppTest, in a child process (for its peak memory)."""
    env = {**os.environ, "LMP_DB": db_path}
    _seconds, peak_mb, out = timed([PYTHON, "-m", "bench.pages", "--runs", str(runs)], env)
    return {**json.loads(out.strip().splitlines()[-1]), "app_peak_mb": peak_mb}


def cpu_timings(db_path: str) -> dict:
    """CPU per page run for a new link and a cached rerun (``bench.cpu``, 3 links a page), with the
    machine's load average meanwhile."""
    _seconds, _, out = timed([PYTHON, "-m", "bench.cpu", "--db", db_path, "--links", "3"])
    return json.loads(out.strip().splitlines()[-1])


COLD_STARTS = 5  # fresh server processes per scale; one sample varies by a second or more


def cold_start(db_path: str) -> float:
    """Seconds from `streamlit run` to the first fully rendered page in headless chromium."""
    from playwright.sync_api import sync_playwright

    from scripts.streamlit_app import running_app

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            start = time.perf_counter()
            with running_app(Path(db_path)) as url:
                page = browser.new_page()
                page.goto(f"{url}/")
                page.wait_for_selector(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
                )
                page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
                return time.perf_counter() - start
        finally:
            browser.close()


def import_million(db_path: str) -> float | None:
    """Seconds to import 1,000,000 training records (``bench.import_million``'s ``recent``) into a copy."""
    from bench.import_million import run

    try:
        return run(Path(db_path), "recent")["wall_s"]
    except subprocess.CalledProcessError as failed:
        print(failed.stderr, file=sys.stderr)
        return None


def baseline(db_path: str) -> dict:
    """Overview figures the naive way (tables into pandas) against the mart-based functions."""
    _seconds, _, out = timed([PYTHON, "-m", "bench.baseline"], {**os.environ, "LMP_DB": db_path})
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", nargs="+", default=["kp", "10x"])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse bench/<scale>.duckdb from an earlier run")
    args = parser.parse_args()
    results_path = BENCH_DIR / "results.json"
    earlier = json.loads(results_path.read_text())["scales"] if results_path.exists() else {}
    results: dict = {"machine": {"cores": os.cpu_count()}, "scales": earlier}  # other scales kept
    for scale in args.scales:
        print(f"== {scale}: building demo", flush=True)
        load_before = os.getloadavg()[0]
        entry = build_demo(scale) if not args.reuse else existing_demo(scale, earlier)
        print(f"   built in {entry['build_s']:.1f}s, {entry['size_mb']:.0f} MB", flush=True)
        entry.update(page_timings(entry["path"], args.runs))
        entry["cpu"] = cpu_timings(entry["path"])
        starts = sorted(cold_start(entry["path"]) for _ in range(COLD_STARTS))
        entry["cold_start_s"], entry["cold_start_range_s"] = (
            statistics.median(starts),
            [starts[0], starts[-1]],
        )
        if scale == "kp":  # at 10x the naive baseline would need ~15 GB of pandas frames
            entry["baseline"] = baseline(entry["path"])
            entry["import_1m_s"] = import_million(entry["path"])
        entry["load_average"] = [load_before, os.getloadavg()[0]]  # other work sharing the machine
        results["scales"][scale] = entry
        print(json.dumps(entry, indent=1, default=str), flush=True)
    results["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    results_path.write_text(json.dumps(results, indent=2, default=str))
    (BENCH_DIR / "results.md").write_text(render(results))
    print((BENCH_DIR / "results.md").read_text())


def render(results: dict) -> str:
    """The results as a Markdown report with the targets beside each figure."""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {results['machine']['cores']} cores. "
        "Page times via `AppTest` (script run incl. queries, excluding browser rendering).",
        "",
    ]
    for scale, entry in results["scales"].items():
        target = 150 if scale == "kp" else 500
        cold_range = "–".join(f"{s:.1f}" for s in entry.get("cold_start_range_s", [])) + " s"
        lines += [
            f"## `{scale}`",
            "",
            f"- demo build: **{entry['build_s']:.1f} s** (target ≤ 30 s at kp), "
            f"peak memory {entry['build_peak_mb']} MB, file size **{entry['size_mb']:.0f} MB**"
            + (f" ({entry['build_note']})" if entry.get("build_note") else ""),
            f"- cold start to first rendered page: **{entry['cold_start_s']:.1f} s** median of {COLD_STARTS}"
            f" (range {cold_range}) (target ≤ 4 s)",
            f"- app peak memory (all pages, all runs): **{entry['app_peak_mb']} MB** (target ≤ 2048 MB)",
        ]
        if "load_average" in entry:
            low, high = sorted(entry["load_average"])
            lines.append(
                f"- 1-minute load average at the start and end of this scale's runs: {low:.1f}–{high:.1f} "
                "(other people's work shared the 2 cores: wall times stretch with it, CPU times less)"
            )
        if "library_import_ms" in entry:
            lines.append(
                f"- one-time import of pandas + Plotly in a fresh process: {entry['library_import_ms']:.0f} ms "
                "(paid once by the first data page after a cold start; not in the first loads below)"
            )
        if entry.get("import_1m_s") is not None:
            lines.append(
                f"- import of 1,000,000 training records (`recent`, bench/import_results.md): "
                f"**{entry['import_1m_s']:.1f} s** (target ≤ 5 s)"
            )
        base = entry.get("baseline")
        if base:
            lines.append(
                f"- baseline (tables into pandas) {base['naive_ms']:.0f} ms vs marts "
                f"{base['mart_ms']:.0f} ms for the overview figures: **{base['speedup']:.0f}× faster**"
            )
        lines += [
            "",
            f"| page | first load (ms) | median rerun (ms) | p95 rerun (ms) | target median ≤ {target} ms |",
            "|---|---:|---:|---:|---|",
        ]
        for page, t in entry["pages"].items():
            ok = "met" if t["median_ms"] <= target else "**not met**"
            lines.append(
                f"| {page} | {t['first_ms']:.0f} | {t['median_ms']:.0f} | {t['p95_ms']:.0f} | {ok} |"
            )
        lines += ["", *_cpu_lines(entry.get("cpu")), ""]
    return "\n".join(lines)


def _cpu_lines(cpu: dict | None) -> list[str]:
    """The CPU table of one scale (``bench.cpu``), if measured."""
    if not cpu:
        return []
    load = ", ".join(f"{x:.1f}" for x in cpu["load"])
    lines = [
        f"CPU per page run as `{cpu['who']}` (`bench.cpu`: process CPU, every thread; median of 3 realistic "
        f"links; load average {load} at the end):",
        "",
        "| page | new link CPU (ms) | of it disclosure marks (ms) | new link wall (ms) | cached rerun CPU (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for page, t in cpu["pages"].items():
        lines.append(
            f"| {page} | {t['new_link_ms']:.0f} | {t['marks_ms']:.0f} | {t.get('new_link_wall_ms', 0):.0f} "
            f"| {t['rerun_ms']:.0f} |"
        )
    return lines


if __name__ == "__main__":
    main()
