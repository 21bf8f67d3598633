"""bench/load_results.md: one table row per scenario, the targets beside them, failures listed.

``python -m bench.load.report [bench/load_results.json]`` writes the Markdown again from the JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.load.scenarios import Result

# scenario name prefix → (what is checked, test on the result)
TARGETS = {
    "cold burst": ("0 problems", lambda r: r.problems == 0),
    "1 users, no think": ("p50 ≤ 150 ms", lambda r: r.p50_ms <= 150),
    "30 users, no think": ("p95 ≤ 3 s", lambda r: r.p95_ms <= 3000),
    "60 users, 10 s think": ("p95 ≤ 1.5 s", lambda r: r.p95_ms <= 1500),
    "2 worker(s)": (
        "≥ 1.7× one worker's runs/s",
        lambda r: (r.notes.get("throughput_vs_one_worker") or 0) >= 1.7,
    ),
    "soak": (
        "RSS ±10 % over the last half",
        lambda r: r.notes.get("rss_second_half_deviation_pct", 100) <= 10,
    ),
}


def target(result: Result) -> str:
    for prefix, (text, met) in TARGETS.items():
        if result.name.startswith(prefix):
            return f"{text}: {'met' if met(result) else '**not met**'}"
    return "0 problems: " + ("met" if result.problems == 0 else "**not met**")


def cpu_per_run_ms(r: Result) -> float:
    return 10 * r.server_cpu_pct * r.seconds / r.runs if r.runs else float("nan")


def markdown(meta: dict, results: list[Result]) -> str:
    lines = [
        "# Load benchmark (`make load`)",
        "",
        f"Started {meta['started']} on {meta['cores']} cores (shared with other work: see the load averages), "
        f"commit `{meta['commit']}`, database `{meta['database']}` ({meta['teams']:,} open teams). "
        "Simulated people are Locust users speaking Streamlit's websocket protocol to `streamlit run` on "
        "127.0.0.1; a run is one script run from the link being opened to `script_finished`. "
        "Problems = exceptions or error boxes shown, URL parameters the page dropped, another page shown, "
        "runs with no end within 120 s, and tracebacks in the server log.",
        "",
        "Server CPU: % of one core used, and % of one core its threads were ready to run but waited for "
        "a CPU (Linux run-queue wait: other processes had the cores). CPU/run = server CPU seconds per "
        "run, the figure least affected by other work on the machine.",
        "",
        "| scenario | users | think | runs | runs/s | p50 | p95 | max | problems | server CPU used / waited for "
        "| CPU/run | server RSS | load avg after (1/5/15 min) | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.users} | {r.think_s:.0f} s | {r.runs} | {r.runs_per_s:.2f} | {r.p50_ms:.0f} ms | "
            f"{r.p95_ms:.0f} ms | {r.max_ms:.0f} ms | {r.problems} | {r.server_cpu_pct:.0f} % / {r.server_cpu_wait_pct:.0f} % | "
            f"{cpu_per_run_ms(r):.0f} ms | "
            f"{r.rss_mb_start} → {r.rss_mb_end} MB | {r.load_after} | {target(r)} |"
        )
    for name, failure in meta.get("failed_scenarios", {}).items():
        lines.append(f"| {name} | the benchmark failed: {failure} |")
    notes = [r for r in results if r.notes or r.failures]
    if notes:
        lines += ["", "## Notes", ""]
        for r in notes:
            lines.append(f"- **{r.name}**: " + ", ".join(f"{k} = {v}" for k, v in r.notes.items()))
            lines += [f"  - `{failure}`" for failure in r.failures]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/load_results.json")
    data = json.loads(source.read_text())
    results = [Result(**{**r, "rss_mb": [tuple(p) for p in r["rss_mb"]]}) for r in data["results"]]
    source.with_suffix(".md").write_text(markdown(data["meta"], results))
