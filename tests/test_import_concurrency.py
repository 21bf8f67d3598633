"""Imports while the dashboard reads: never blocked, never half-visible, new data without a restart.

The app keeps one read-only connection per file version (``ui.data``). An import runs in another
process, writes a copy and swaps it in. The old connection keeps reading its consistent snapshot;
a connection opened after the swap (``store.open_read_only``, which ``ui.data`` uses) sees the
new rows, also in a process that still holds the old connection open.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.core.store import file_signature, open_read_only
from tests.import_support import csv_bytes, seed_reference_db

ROOT = Path(__file__).resolve().parent.parent
NEW_TEAMS = (
    "team_id,team_name,department,facility,service_area,region,labor_partner,formed_on\n"
    "T3,Team Three,Radiology,Oakland,East Bay,North,Alliance,2022-01-01\n"
    "T4,Team Four,Radiology,Oakland,East Bay,North,Both,2022-01-01\n"
    "T5,Team Five,Radiology,Oakland,East Bay,North,Both,2022-01-01\n"
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return seed_reference_db(tmp_path / "live.duckdb")


@pytest.fixture
def new_teams_file(tmp_path: Path) -> Path:
    path = tmp_path / "new_teams.csv"
    path.write_bytes(csv_bytes(NEW_TEAMS))
    return path


def cli_import(db_path: Path, kind: str, file: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "lmp_metrics", "import", kind, str(file), "--db", str(db_path)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_import_in_another_process_while_a_reader_holds_the_file(db_path: Path, new_teams_file: Path) -> None:
    reader = open_read_only(db_path)  # as the app holds it
    assert reader.scalar("SELECT count(*) FROM teams") == 2
    answers: list[int] = []
    stop = threading.Event()

    def keep_reading() -> None:  # a dashboard session querying the whole time
        while not stop.is_set():
            answers.append(reader.scalar("SELECT count(*) FROM teams"))

    thread = threading.Thread(target=keep_reading)
    thread.start()
    try:
        process = cli_import(db_path, "teams", new_teams_file)
        output, _ = process.communicate(timeout=60)
    finally:
        stop.set()
        thread.join()
    assert process.returncode == 0, output
    assert "loaded 3 rows (3 new, 0 updated)" in output
    assert answers and set(answers) == {2}  # the open snapshot never showed a partial import
    assert reader.scalar("SELECT count(*) FROM teams") == 2  # still the old, consistent snapshot
    with open_read_only(db_path) as fresh:  # same process, old connection still open
        assert fresh.scalar("SELECT count(*) FROM teams") == 5
        assert fresh.scalar("SELECT count(*) FROM import_log WHERE status = 'loaded'") == 1
    reader.close()


def test_import_is_not_blocked_by_a_long_running_read(db_path: Path, new_teams_file: Path) -> None:
    reader = open_read_only(db_path)
    cursor = reader.connection.cursor()
    outcome: list[str] = []

    def long_query() -> None:  # far longer than an import; interrupted below
        try:
            cursor.execute(
                "SELECT count(*) FROM range(100000000000) a, teams b WHERE a.range % 7 = 3"
            ).fetchall()
            outcome.append("finished")
        except Exception as error:
            outcome.append(type(error).__name__)

    thread = threading.Thread(target=long_query)
    thread.start()
    process = cli_import(db_path, "teams", new_teams_file)
    output, _ = process.communicate(timeout=60)
    still_running = thread.is_alive()
    cursor.interrupt()
    thread.join(timeout=30)
    assert process.returncode == 0, output
    assert still_running and outcome == ["InterruptException"]
    reader.close()


def test_streamlit_page_shows_new_data_after_an_import_without_restart(
    db_path: Path, new_teams_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ui.data reopens on the new file signature; cached results are keyed on it."""
    monkeypatch.setenv("LMP_DB", str(db_path))
    app = AppTest.from_file(str(ROOT / "pages" / "home.py"), default_timeout=60).run()
    assert not app.exception
    assert (app.metric[0].label, app.metric[0].value) == ("Open teams", "1")  # T2 closed
    signature = file_signature(db_path)

    process = cli_import(db_path, "teams", new_teams_file)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert file_signature(db_path) != signature

    app.run()
    assert not app.exception
    assert app.metric[0].value == "4"
    assert any("\n| teams | " in m.value for m in app.markdown)  # latest imports table


def test_rejected_import_leaves_the_open_snapshot_and_the_data_alone(db_path: Path, tmp_path: Path) -> None:
    reader = open_read_only(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(NEW_TEAMS.replace("Alliance", "Union")))
    process = cli_import(db_path, "teams", bad)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 1, output
    assert reader.scalar("SELECT count(*) FROM teams") == 2
    with open_read_only(db_path) as fresh:
        assert fresh.scalar("SELECT count(*) FROM teams") == 2
        assert fresh.rows("SELECT status, error_count FROM import_log") == [("rejected", 1)]
    reader.close()
    assert not any(name.startswith(".live.duckdb.") for name in os.listdir(db_path.parent))  # no leftovers
