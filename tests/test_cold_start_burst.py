"""Many sessions arriving at once on a fresh server: none may fail (issue 17's cold-start race)."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from bench.load.client import Run, StreamlitSession
from scripts.streamlit_app import app_server

SESSIONS = 12
# data pages import pandas and Plotly on a fresh server while home-page sessions (which need neither)
# run their cached queries: the mix in which a half-imported pandas was seen
PAGES = ("", "overview", "", "training", "", "explorer")


def test_a_burst_of_sessions_on_a_fresh_server_shows_no_error(small_db_path: Path) -> None:
    runs: list[Run] = []
    failures: list[str] = []
    with tempfile.TemporaryFile() as log, app_server(small_db_path, log=log) as (url, _):
        sessions = [StreamlitSession(url) for _ in range(SESSIONS)]
        start = threading.Barrier(SESSIONS)

        def open_page(session: StreamlitSession, page: str) -> None:
            start.wait()
            try:
                runs.append(session.rerun(page, []))
            except Exception as exc:  # a timeout or a dropped connection fails the test below
                failures.append(repr(exc))
            finally:
                session.close()

        threads = [
            threading.Thread(target=open_page, args=(s, PAGES[i % len(PAGES)]))
            for i, s in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        log.seek(0)
        server_log = log.read().decode(errors="replace")
    assert failures == []
    assert len(runs) == SESSIONS
    assert [run.exceptions + run.error_boxes for run in runs if run.exceptions or run.error_boxes] == []
    assert [run.page for run in runs if run.wrong_page] == []
    assert "Traceback" not in server_log
