"""``make serve WORKERS=N``: N Streamlit processes behind HAProxy on one address, kept alive.

Every worker is ``streamlit run app.py`` on its own loopback port, reading the same database file
(an import's atomic swap reaches each at its next rerun). HAProxy (deploy/haproxy.cfg, the same file
the containers use) gives sticky sessions, websockets and health checks; this supervisor restarts a
worker that dies, on the same port, while the proxy sends new sessions to the others.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scripts.streamlit_app import ROOT, free_port, server_command

CONFIG = ROOT / "deploy" / "haproxy.cfg"
_TEMPLATE_LINE = re.compile(r"^\s*server-template .*$", re.MULTILINE)


def render_config(ports: list[int]) -> str:
    """deploy/haproxy.cfg with one ``server`` line per local worker in place of the DNS template."""
    servers = "\n".join(f"    server worker{i} 127.0.0.1:{port}" for i, port in enumerate(ports, 1))
    text, count = _TEMPLATE_LINE.subn(servers, CONFIG.read_text())
    if count != 1:
        raise RuntimeError(f"{CONFIG} should hold exactly one server-template line, found {count}")
    return text


class Cluster:
    """The workers and the proxy; ``check()`` restarts dead workers. A context manager."""

    def __init__(self, db: Path, workers: int, port: int, log_dir: Path) -> None:
        self.db, self.port, self.log_dir = Path(db).resolve(), port, log_dir
        self.url = f"http://127.0.0.1:{port}"
        self.ports = [free_port() for _ in range(workers)]
        self.workers: list[subprocess.Popen | None] = [None] * workers
        self.restarts = 0
        self.proxy: subprocess.Popen | None = None
        self.socket = log_dir / "haproxy.sock"

    def start_worker(self, index: int) -> None:
        log = open(self.log_dir / f"worker{index + 1}.log", "ab")  # noqa: SIM115 (kept by the child)
        env = {**os.environ, "LMP_DB": str(self.db)}
        self.workers[index] = subprocess.Popen(
            server_command(self.ports[index]), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()

    def __enter__(self) -> Cluster:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for index in range(len(self.workers)):
            self.start_worker(index)
        config = self.log_dir / "haproxy.cfg"
        config.write_text(render_config(self.ports))
        env = {
            **os.environ,
            "LMP_PROXY_BIND": f"127.0.0.1:{self.port}",
            "LMP_COOKIE_KEY": secrets.token_hex(16),
            "LMP_HAPROXY_SOCKET": str(self.socket),
        }
        with open(self.log_dir / "haproxy.log", "ab") as log:
            self.proxy = subprocess.Popen(
                ["haproxy", "-db", "-f", str(config)], env=env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def check(self) -> list[int]:
        """Restart every worker that has exited; returns their numbers (1-based)."""
        if self.proxy is not None and self.proxy.poll() is not None:
            raise RuntimeError(
                f"haproxy exited with code {self.proxy.returncode}; see {self.log_dir}/haproxy.log"
            )
        dead = [i for i, w in enumerate(self.workers) if w is not None and w.poll() is not None]
        for index in dead:
            print(
                f"worker {index + 1} exited with code {self.workers[index].returncode}; restarting",
                flush=True,
            )
            self.start_worker(index)
            self.restarts += 1
        return [i + 1 for i in dead]

    def proxy_view(self) -> dict[str, str]:
        """Each worker's state as HAProxy's health checks see it ("UP", "DOWN", …)."""
        with socket.socket(socket.AF_UNIX) as conn:
            conn.connect(str(self.socket))
            conn.sendall(b"show stat\n")
            text = b"".join(iter(lambda: conn.recv(65536), b"")).decode()
        rows = list(csv.DictReader(io.StringIO(text.lstrip("# "))))
        return {
            r["svname"]: r["status"] for r in rows if r["pxname"] == "streamlit" and r["svname"] != "BACKEND"
        }

    def worker_healthy(self, index: int) -> bool:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.ports[index]}/_stcore/health", timeout=2
            ) as answer:
                return answer.read().strip() == b"ok"
        except OSError:
            return False

    def wait_healthy(self, timeout: float = 60) -> None:
        """Until every worker answers its health check and HAProxy's checks see them all up."""
        deadline = time.monotonic() + timeout
        view: dict[str, str] = {}
        while time.monotonic() < deadline:
            self.check()
            try:
                view = self.proxy_view()
            except OSError:  # the proxy is still starting
                view = {}
            up = len(view) == len(self.workers) and all(state == "UP" for state in view.values())
            if up and all(self.worker_healthy(i) for i in range(len(self.workers))):
                return
            time.sleep(0.2)
        raise TimeoutError(f"workers not all up within {timeout:.0f} s: {view}; logs in {self.log_dir}")

    def __exit__(self, *exc: object) -> None:
        for process in [self.proxy, *self.workers]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [self.proxy, *self.workers]:
            if process is not None:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument(
        "--db", type=Path, default=Path(os.environ.get("LMP_DB", ROOT / "data" / "lmp.duckdb"))
    )
    parser.add_argument("--logs", type=Path, default=Path(tempfile.gettempdir()) / "lmp-serve")
    args = parser.parse_args()
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # leave the with-block: stops every child
        signal.signal(stop, lambda *_: sys.exit(0))
    with Cluster(args.db, args.workers, args.port, args.logs) as cluster:
        cluster.wait_healthy()
        print(
            f"serving {cluster.url} with {args.workers} workers; logs in {args.logs}; Ctrl-C stops",
            flush=True,
        )
        while True:
            cluster.check()
            time.sleep(1)


if __name__ == "__main__":
    main()
