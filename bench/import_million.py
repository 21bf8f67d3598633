"""Benchmark: 1,000,000 training records imported end to end at kp, wall and CPU seconds per part.

Usage: ``python -m bench.import_million --db data/kp.duckdb [--scenarios recent spread shift10y]
[--label before]``. Each scenario copies the database (not timed), writes its CSV (not timed), then
runs the import in a fresh Python process, as ``python -m lmp_metrics import`` does (which imports
≈0.2 s more: the whole command line), recording the wall and process CPU time (all threads) at each
step the import reports. Results are appended to
bench/import_results.json and rendered to bench/import_results.md. Never asserted in tests.

Scenarios (every one 1,000,000 rows):

- ``recent``: what a learning system's "last five years" export looks like after a quarter: the
  latest 950,000 stored records (about five years), the still-open ones due in the last two quarters
  now completed, and 50,000 new assignments in the quarter after the data.
- ``spread``: 1,000,000 new assignments spread over all ten years (stored pairs re-assigned 1–89
  days later): every quarter changes, the worst case for incremental marts.
- ``shift10y``: the scenario ``bench.run`` used before (it now runs ``recent``): the first
  1,000,000 stored records re-assigned ten years later, open. It doubles the span of quarters
  every training mart covers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS = BENCH_DIR / "import_results.json"

SCENARIOS = {
    "recent": """
        WITH latest AS (SELECT * FROM training_records ORDER BY assigned_on DESC, person_id, course_id
            LIMIT 950000),
        last_quarter AS (SELECT max(quarter) AS q FROM team_quarter_levels)
        SELECT person_id, course_id, assigned_on, due_on,
            CASE WHEN completed_on IS NULL AND due_on >= (SELECT q FROM last_quarter) - INTERVAL 3 MONTH
                THEN due_on ELSE completed_on END AS completed_on, assessment_score
        FROM latest
        UNION ALL
        SELECT person_id, course_id, assigned_on + INTERVAL 3 MONTH, due_on + INTERVAL 3 MONTH, NULL, NULL
        FROM (SELECT * FROM training_records, last_quarter WHERE assigned_on >= q
            ORDER BY person_id, course_id, assigned_on LIMIT 50000)""",
    "spread": """
        SELECT person_id, course_id, assigned_on + shift AS assigned_on, due_on + shift AS due_on,
            NULL AS completed_on, NULL AS assessment_score
        FROM (SELECT *, (1 + hash(person_id, course_id, assigned_on) % 89)::INTEGER AS shift
            FROM training_records USING SAMPLE 1000000 ROWS (reservoir, 7))""",
    "shift10y": """
        SELECT person_id, course_id, assigned_on + INTERVAL 3650 DAY AS assigned_on,
            due_on + INTERVAL 3650 DAY AS due_on, NULL AS completed_on, NULL AS assessment_score
        FROM training_records LIMIT 1000000""",
}


def write_csv(db: Path, scenario: str, csv_path: Path) -> None:
    """The scenario's 1,000,000 rows as a CSV file, read from ``db``."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"COPY ({SCENARIOS[scenario]}) TO '{csv_path}' (HEADER)")


def child(db: str, csv_path: str) -> None:
    """Import ``csv_path`` into ``db`` and print each step's (label, wall s, CPU s) as JSON."""
    started = time.perf_counter()
    from lmp_metrics.importer import import_file  # imports are part of end to end

    steps: list[list] = [["start python + imports", 0.0, 0.0]]
    clock = [started, 0.0]

    def report(label: str, fraction: float) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        steps[-1][1] += now - clock[0]
        steps[-1][2] += cpu - clock[1]
        clock[:] = [now, cpu]
        steps.append([label, 0.0, 0.0])

    clock[1] = time.process_time()
    steps[0][1], steps[0][2] = time.perf_counter() - started, clock[1]
    clock[0] = time.perf_counter()
    result = import_file(db, "training_records", csv_path, report=report)
    report("end", 1.0)
    print(json.dumps({"status": result.status, "summary": result.summary(), "steps": steps[:-1]}))


def _part(label: str) -> str:
    """The benchmark part a progress label belongs to."""
    for prefix, name in (
        ("start", "start python + imports"),
        ("reading", "read file"),
        ("checking references", "check references"),
        ("checking ", "check rows"),
        ("writing", "plan + write"),
        ("saving", "save (checkpoint, swap)"),
    ):
        if label.startswith(prefix):
            return name
    if label.startswith("building disclosure"):
        return "marts: disclosure"
    if label.startswith("building training"):
        return "marts: training"
    if label.startswith("building"):
        return "marts: other"
    return "other"


def run(db: Path, scenario: str) -> dict:
    """One scenario on a fresh copy of ``db``: wall and CPU seconds, in total and per part."""
    copy = BENCH_DIR / "import-copy.duckdb"
    csv_path = BENCH_DIR / f"training-1m-{scenario}.csv"
    shutil.rmtree(f"{copy}.snapshots", ignore_errors=True)
    shutil.copyfile(db, copy)
    write_csv(copy, scenario, csv_path)
    os.sync()  # the copy's and the CSV's writes are set-up, not part of the import
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_million", "--child", str(copy), str(csv_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    parts: dict[str, list[float]] = {}
    for label, seconds, cpu in out["steps"]:
        totals = parts.setdefault(_part(label), [0.0, 0.0])
        totals[0] += seconds
        totals[1] += cpu
    for leftover in (copy, csv_path):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(f"{copy}.snapshots", ignore_errors=True)
    return {
        "scenario": scenario,
        "summary": out["summary"],
        "wall_s": wall,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "parts": parts,
        "steps": out["steps"],
        "load_before": os.getloadavg(),
    }


def render(runs: list[dict]) -> str:
    """The results as Markdown: one table per run label, a row per part."""
    lines = [
        "# Import benchmark: 1,000,000 training records at kp",
        "",
        "Wall and CPU seconds (CPU: all threads of the importing process) per part, from a fresh",
        "process to the swapped-in file. `python -m bench.import_million`; load = 1-minute load",
        "average of the 2-core machine just before the run (other engineers share it).",
        "",
    ]
    for entry in runs:
        lines += [
            f"## {entry['label']} — {entry['scenario']} ({entry['when']}, load {entry['load_before'][0]:.1f})",
            "",
            f"{entry['summary']}",
            "",
            "| part | wall s | CPU s |",
            "|---|---:|---:|",
        ]
        for part, (wall, cpu) in entry["parts"].items():
            lines.append(f"| {part} | {wall:.2f} | {cpu:.2f} |")
        lines += [f"| **end to end** | **{entry['wall_s']:.2f}** | **{entry['cpu_s']:.2f}** |", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "kp.duckdb")
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=list(SCENARIOS))
    parser.add_argument("--label", default="", help="a name for this set of runs (e.g. before, after)")
    parser.add_argument("--child", nargs=2, metavar=("DB", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    runs = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    for scenario in args.scenarios:
        entry = run(args.db, scenario)
        entry.update(label=args.label, when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
        print(
            json.dumps({k: entry[k] for k in ("scenario", "summary", "wall_s", "cpu_s", "parts")}, indent=1)
        )
        runs.append(entry)
        RESULTS.write_text(json.dumps(runs, indent=1))
        (BENCH_DIR / "import_results.md").write_text(render(runs))


if __name__ == "__main__":
    main()
