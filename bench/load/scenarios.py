"""Load scenarios: Locust users against ``streamlit run`` servers this process starts on 127.0.0.1.

Every scenario is bounded twice, by seconds and by a number of runs, and stops by itself.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import gevent
import psutil
from locust import between, constant
from locust.env import Environment

from bench.load.client import StreamlitSession
from bench.load.importing import import_file, run_import
from bench.load.locustfile import Sample, StreamlitUser
from bench.load.states import Plan
from scripts.streamlit_app import app_server


def runqueue_wait_s(pid: int) -> float:
    """Seconds the process's threads have spent ready to run but waiting for a CPU (Linux
    schedstat): high while the server is slow and its CPU use low means other processes had the
    cores, not that the server was waiting on a lock."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # a thread that ended meanwhile
    return total / 1e9


STOP_TIMEOUT_S = 30


@dataclass
class Monitor:
    """Server processes sampled once a second: resident memory (MB), CPU used and CPU waited for
    (each in % of one core)."""

    pids: list[int]
    interval: float = 1.0
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, MB)
    cpu: list[float] = field(default_factory=list)
    waiting: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start = time.monotonic()
        self._procs = [psutil.Process(pid) for pid in self.pids]
        for proc in self._procs:
            proc.cpu_percent()
        self._greenlet = gevent.spawn(self._loop)

    def _loop(self) -> None:
        waited, then = sum(map(runqueue_wait_s, self.pids)), time.monotonic()
        while True:
            gevent.sleep(self.interval)
            try:
                rss = sum(p.memory_info().rss for p in self._procs) / 2**20
                cpu = sum(p.cpu_percent() for p in self._procs)
            except psutil.Error:
                continue
            now, wait = time.monotonic(), sum(map(runqueue_wait_s, self.pids))
            self.rss_mb.append((now - self.start, rss))
            self.cpu.append(cpu)
            self.waiting.append(100 * (wait - waited) / (now - then))
            waited, then = wait, now

    def stop(self) -> None:
        self._greenlet.kill()


@dataclass
class Result:
    """One scenario's figures."""

    name: str
    users: int
    think_s: float
    seconds: float
    runs: int
    runs_per_s: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    kinds: dict[str, int]  # ok / error / lost / wrong / timeout
    failures: list[str]  # first few failure texts
    server_cpu_pct: float  # mean % of one core over the scenario
    server_cpu_wait_pct: float  # mean % of one core the server was ready to run but not running
    rss_mb_start: float
    rss_mb_end: float
    load_before: str  # `uptime`'s load averages: the machine is shared
    load_after: str
    server_tracebacks: int = 0  # logged by the server during the scenario
    rss_mb: list[tuple[int, int]] = field(default_factory=list)  # (second, MB), at most ~120 points
    notes: dict = field(default_factory=dict)

    @property
    def problems(self) -> int:
        return sum(n for kind, n in self.kinds.items() if kind != "ok") + self.server_tracebacks


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def summarise(
    name: str, users: int, think: float, samples: list[Sample], seconds: float, monitor: Monitor
) -> Result:
    times = sorted(s.seconds * 1000 for s in samples) or [float("nan")]
    kinds: dict[str, int] = {}
    for sample in samples:
        kinds[sample.kind] = kinds.get(sample.kind, 0) + 1
    failures = sorted({f"{s.page or 'home'}: {s.failure}" for s in samples if s.failure})[:8]
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    rss = [mb for _, mb in monitor.rss_mb] or [float("nan")]
    return Result(
        name=name,
        users=users,
        think_s=think,
        seconds=round(seconds, 1),
        runs=len(samples),
        runs_per_s=round(len(samples) / seconds, 2) if seconds else 0.0,
        p50_ms=round(statistics.median(times)),
        p95_ms=round(p95),
        max_ms=round(times[-1]),
        kinds=kinds,
        failures=failures,
        server_cpu_pct=round(statistics.fmean(monitor.cpu), 1) if monitor.cpu else float("nan"),
        server_cpu_wait_pct=round(statistics.fmean(monitor.waiting), 1) if monitor.waiting else float("nan"),
        rss_mb_start=round(rss[0]),
        rss_mb_end=round(rss[-1]),
        load_before="",
        load_after="",
    )


def drive(
    url: str,
    plan: Plan,
    users: int,
    think: float,
    seconds: float,
    max_runs: int,
    spawn_rate: float | None = None,
) -> tuple[list[Sample], float]:
    """``users`` Locust users on ``url`` until ``seconds`` pass or ``max_runs`` runs are done."""
    wait = between(think * 0.5, think * 1.5) if think else constant(0)
    samples: list[Sample] = []
    user_class = type("Person", (StreamlitUser,), {"wait_time": wait, "plan": plan, "samples": samples})
    env = Environment(user_classes=[user_class], host=url)
    runner = env.create_local_runner()
    start = time.monotonic()
    runner.start(users, spawn_rate=spawn_rate or users)
    while time.monotonic() - start < seconds and len(samples) < max_runs:
        gevent.sleep(0.2)
    elapsed = time.monotonic() - start
    with gevent.Timeout(STOP_TIMEOUT_S, False):  # a user stuck in a call must not hold the benchmark
        runner.quit()
    return [s for s in samples if s.started - start < elapsed], elapsed


def measure(
    name: str, srv: Server, plan: Plan, users: int, think: float, seconds: float, max_runs: int, **kw
) -> Result:
    """One measured scenario on a running server, with the machine's load beside it."""
    before, tracebacks = load_average(), srv.tracebacks()
    monitor = Monitor(srv.pids, **({"interval": kw.pop("interval")} if "interval" in kw else {}))
    samples, elapsed = drive(srv.url, plan, users, think, seconds, max_runs, **kw)
    monitor.stop()
    result = summarise(name, users, think, samples, elapsed, monitor)
    result.load_before, result.load_after = before, load_average()
    result.server_tracebacks = srv.tracebacks() - tracebacks
    result.rss_mb = [(round(t), round(mb)) for t, mb in monitor.rss_mb[:: max(1, len(monitor.rss_mb) // 120)]]
    print(format_line(result), flush=True)
    return result


def format_line(r: Result) -> str:
    return (
        f"{r.name:<28} users {r.users:>3} think {r.think_s:>4.0f}s  runs {r.runs:>5} ({r.runs_per_s:>5.2f}/s)  "
        f"p50 {r.p50_ms:>6.0f}  p95 {r.p95_ms:>6.0f}  max {r.max_ms:>6.0f} ms  problems {r.problems}  "
        f"cpu {r.server_cpu_pct:>5.1f}% (waited {r.server_cpu_wait_pct:.0f}%)  rss {r.rss_mb_start}->{r.rss_mb_end} MB  load {r.load_after}"
    )


@dataclass
class Server:
    """A running server (or several behind one address): where to reach it, what to watch."""

    url: str
    pids: list[int]
    logs: list[Path]

    def tracebacks(self) -> int:
        """Tracebacks the server processes have logged so far."""
        return sum(log.read_text(errors="replace").count("Traceback") for log in self.logs if log.exists())


@contextmanager
def server(db: Path, log_dir: Path, label: str) -> Iterator[Server]:
    """A fresh ``streamlit run`` on ``db``; its log is kept in ``log_dir``."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"{label}.log"
    with open(path, "w+b") as log, app_server(db, log=log) as (url, process):
        yield Server(url, [process.pid], [path])


def warm(url: str, plan: Plan, runs: int = 40) -> None:
    """Open every page a few times with one user, so the data caches hold the common results."""
    import random

    rng = random.Random(1)
    session = StreamlitSession(url)
    try:
        for _ in range(runs):
            session.rerun(*plan.pick(rng))
    finally:
        session.close()


def during_import(db: Path, log_dir: Path, plan: Plan, users: int, seconds: float) -> Result:
    """Users keep browsing while an import swaps in a new database file; then an already open
    session must show the new import on the home page without a restart."""
    with server(db, log_dir, "import") as srv, tempfile.TemporaryDirectory() as folder:
        warm(srv.url, plan, runs=15)
        csv = import_file(db, 2000, Path(folder))
        observer = StreamlitSession(srv.url)  # an open tab on the home page, looked at now and then
        observer.rerun("", [])
        holder: dict = {}
        job = gevent.spawn_later(
            5, lambda: holder.update(zip(("import_s", "done"), run_import(db, csv), strict=True))
        )
        result = measure("during an import", srv, plan, users, 1.0, seconds, 100_000)
        while not job.ready():  # a browser answers the server's pings; this tab reruns instead
            observer.rerun("", [])
            job.join(timeout=5)
        done = holder.get("done")
        home = observer.rerun("", [])
        observer.close()
        result.notes = {
            "import_s": round(holder.get("import_s", float("nan")), 1),
            "import_ok": bool(done and done.returncode == 0),
            "import_output": (done.stdout + done.stderr)[-300:] if done else "did not finish",
            "open_session_sees_new_import": any(csv.name in text for text in home.markdown),
        }
        return result


def soak(db: Path, log_dir: Path, plan: Plan, users: int, seconds: float) -> Result:
    """Steady browsing for ``seconds`` on a fresh server: does memory level off?"""
    with server(db, log_dir, "soak") as srv:
        result = measure("soak", srv, plan, users, 2.0, seconds, 1_000_000, interval=5.0)
    second_half = [mb for t, mb in result.rss_mb if t >= seconds / 2]
    if second_half:
        mean = statistics.fmean(second_half)
        result.notes = {
            "rss_second_half_min_mb": min(second_half),
            "rss_second_half_max_mb": max(second_half),
            "rss_second_half_deviation_pct": round(100 * max(abs(mb - mean) for mb in second_half) / mean, 1),
        }
    return result
