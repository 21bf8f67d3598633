"""`make serve`: several workers behind HAProxy, sticky sessions, a dead worker restarted, imports
reaching every worker; and the proxy configuration HAProxy itself accepts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.load.client import StreamlitSession
from bench.load.importing import import_file, run_import
from deploy.serve import CONFIG, Cluster, render_config
from scripts.streamlit_app import free_port


def haproxy_check(config: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["haproxy", "-c", "-f", str(config)], env={**os.environ, **env}, capture_output=True, text=True
    )


def test_haproxy_accepts_the_container_and_the_local_configuration(tmp_path: Path) -> None:
    env = {
        "LMP_PROXY_BIND": "127.0.0.1:1",
        "LMP_COOKIE_KEY": "k",
        "LMP_WORKERS_DNS": "localhost",
        "LMP_HAPROXY_SOCKET": str(tmp_path / "s"),
    }
    assert haproxy_check(CONFIG, **env).returncode == 0
    local = tmp_path / "local.cfg"
    local.write_text(render_config([1001, 1002]))
    assert "server worker2 127.0.0.1:1002" in local.read_text()
    assert haproxy_check(local, **env).returncode == 0
    broken = tmp_path / "broken.cfg"
    broken.write_text(local.read_text().replace("balance leastconn", "balance nonsense"))
    assert haproxy_check(broken, **env).returncode != 0


@pytest.fixture(scope="module")
def cluster(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "small.duckdb"
    shutil.copyfile(small_db_path, db)
    with Cluster(db, 2, free_port(), folder / "logs") as running:
        running.wait_healthy()
        yield running


def session_per_worker(url: str) -> dict[str, StreamlitSession]:
    """Open sessions through the proxy until each of the two workers holds one (keyed by cookie)."""
    sessions: dict[str, StreamlitSession] = {}
    for _ in range(10):
        session = StreamlitSession(url)
        if session.cookie in sessions:
            session.close()
        else:
            sessions[session.cookie] = session
    assert len(sessions) == 2, "new sessions should be spread over both workers"
    return sessions


def test_sessions_stick_to_their_worker(cluster: Cluster) -> None:
    for cookie, session in session_per_worker(cluster.url).items():
        assert cookie.startswith("lmp_worker=")
        again = StreamlitSession(cluster.url, cookie=cookie)  # a reload keeps the cookie
        run = again.rerun("overview", [])
        assert run.exceptions == [] and run.shown_page == "overview"
        again.close()
        session.close()


def test_a_dead_worker_is_restarted_and_the_other_keeps_serving(cluster: Cluster) -> None:
    sessions = session_per_worker(cluster.url)
    victim = cluster.workers[0]
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    # sessions on the live worker go on; the one on the dead worker loses its connection
    alive = [s for s in sessions.values() if _runs(s)]
    assert len(alive) == 1
    assert cluster.check() == [1] and cluster.restarts == 1
    cluster.wait_healthy()
    assert cluster.workers[0].pid != victim.pid
    assert _runs(alive[0])
    assert all(_runs(s) for s in session_per_worker(cluster.url).values())


def test_an_import_reaches_every_worker(cluster: Cluster, tmp_path: Path) -> None:
    sessions = session_per_worker(cluster.url)  # open before the import, one on each worker
    source = import_file(cluster.db, 50, tmp_path)
    _seconds, done = run_import(cluster.db, source)
    assert done.returncode == 0, done.stdout + done.stderr
    for session in sessions.values():
        home = session.rerun("", [])
        assert any(source.name in text for text in home.markdown)
        session.close()


def _runs(session: StreamlitSession) -> bool:
    """Whether the session still answers a rerun without an error."""
    try:
        return not session.rerun("", []).exceptions
    except Exception:
        return False
