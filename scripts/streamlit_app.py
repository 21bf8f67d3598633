"""The real app for browser tests, screenshots and the benchmark: ``streamlit run app.py`` on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
# Poll interval while the server boots, not a wait on the page: the cold start measured through
# this launcher includes up to one interval after the server is ready, so keep it small.
HEALTH_POLL_S = 0.05


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(HEALTH_POLL_S)
    raise TimeoutError(f"streamlit did not answer {url}/_stcore/health within {timeout:.0f} s")


@contextmanager
def running_app(db_path: Path, *extra_args: str, timeout: float = 60) -> Iterator[str]:
    """Run ``streamlit run app.py`` on ``db_path`` (via LMP_DB); yield its base URL, stop it after."""
    with (
        tempfile.TemporaryFile() as log,
        app_server(db_path, *extra_args, log=log, timeout=timeout) as (url, _),
    ):
        yield url


def server_command(port: int, *extra_args: str) -> list[str]:
    """``streamlit run app.py`` on 127.0.0.1:``port`` with the production settings."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]


@contextmanager
def app_server(
    db_path: Path, *extra_args: str, log: IO[bytes], timeout: float = 60
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like ``running_app``, yielding (base URL, server process); its output goes to ``log``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LMP_DB": str(db_path)}
    process = subprocess.Popen(
        server_command(port, *extra_args), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_healthy(url, process, timeout)
        yield url, process
    except BaseException:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
