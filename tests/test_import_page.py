"""The Import page (AppTest): upload, kind, dry run, result, error table + CSV, history, samples."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.core.store import open_read_only
from lmp_metrics.importer import KINDS
from tests.import_support import csv_bytes, file_sha, seed_reference_db

PAGE = Path(__file__).resolve().parent.parent / "pages" / "import_data.py"
LEVELS = "team_id,quarter,level\n"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    db_path = seed_reference_db(tmp_path / "page.duckdb")
    monkeypatch.setenv("LMP_DB", str(db_path))
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def frame_with(app: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has ``column``."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def upload_and_press(app: AppTest, kind: str, name: str, content: bytes, dry_run: bool = False) -> AppTest:
    app.selectbox(key="import_kind").select(kind)
    app.toggle(key="import_dry_run").set_value(dry_run)
    app.file_uploader(key="import_upload").upload(name, content, "text/csv")
    app.run()
    app.button[0].click()
    return app.run()


def test_page_offers_every_kind_its_format_history_and_samples(app: AppTest) -> None:
    assert not app.exception
    assert app.title[0].value == "Import"
    assert app.selectbox(key="import_kind").options == [k.replace("_", " ").capitalize() for k in KINDS]
    assert app.button[0].disabled  # nothing uploaded yet
    assert frame_with(app, "must hold")["column"].tolist() == list(KINDS["teams"].column_names)
    app.selectbox(key="import_kind").select("training_records").run()
    assert frame_with(app, "must hold")["column"].tolist() == list(KINDS["training_records"].column_names)
    assert "No imports yet." in [c.value for c in app.caption]
    assert {b.label for b in app.get("download_button")} >= {f"{kind}.csv" for kind in KINDS}


def test_rejected_upload_shows_the_error_table_and_offers_it_as_csv(app: AppTest) -> None:
    app = upload_and_press(
        app, "team_quarter_levels", "levels.csv", csv_bytes(LEVELS + "T1,2025-Q3,4\nT9,2025-Q9,7\n")
    )
    assert not app.exception
    assert "rejected with 3 error(s)" in app.error[0].value
    errors = frame_with(app, "reason")
    assert errors[["row", "column"]].astype(str).values.tolist() == [
        ["3", "team_id"],
        ["3", "quarter"],
        ["3", "level"],
    ]
    assert "Download the error report (CSV)" in [b.label for b in app.get("download_button")]
    history = frame_with(app, "Status")
    assert history[["Kind", "Status", "Error count"]].values.tolist() == [
        ["team_quarter_levels", "rejected", 3]
    ]


def test_valid_upload_loads_and_the_history_shows_it(app: AppTest) -> None:
    app = upload_and_press(
        app, "team_quarter_levels", "levels.csv", csv_bytes(LEVELS + "T1,2025-Q3,4\nT2,2024-Q3,2\n")
    )
    assert not app.exception
    assert "loaded 2 rows (2 new, 0 updated)" in app.success[0].value
    assert [m.value for m in app.metric] == ["2", "2", "0", "0"]
    history = frame_with(app, "Status")
    assert history[["Kind", "Status", "Rows inserted"]].values.tolist() == [
        ["team_quarter_levels", "loaded", 2]
    ]


def test_dry_run_on_the_page_changes_nothing(app: AppTest, tmp_path: Path) -> None:
    db_path = tmp_path / "page.duckdb"
    before = file_sha(db_path)
    app = upload_and_press(
        app, "team_quarter_levels", "levels.csv", csv_bytes(LEVELS + "T1,2025-Q3,4\n"), dry_run=True
    )
    assert not app.exception
    assert app.button[0].label == "Check file"
    assert "(dry run)" in app.success[0].value
    assert file_sha(db_path) == before
    with open_read_only(db_path) as db:
        assert db.scalar("SELECT count(*) FROM import_log") == 0


def labels(app: AppTest, column: str) -> dict[str, str]:
    """Display header of each column of the first table that has ``column`` (data keeps its names)."""
    element = next(frame for frame in app.dataframe if column in frame.value.columns)
    configs = json.loads(element.proto.columns)
    return {name: config["label"] for name, config in configs.items() if name in element.value.columns}


def test_error_and_format_tables_show_capitalised_headers(app: AppTest) -> None:
    assert labels(app, "must hold") == {
        "column": "Column",
        "required": "Required",
        "key": "Key",
        "must hold": "Must hold",
    }
    app = upload_and_press(app, "team_quarter_levels", "levels.csv", csv_bytes(LEVELS + "T9,2025-Q9,7\n"))
    shown = labels(app, "reason")
    assert [shown[name] for name in ("row", "column", "value", "reason")] == [
        "Row",
        "Column",
        "Value",
        "Reason",
    ]
    assert frame_with(app, "reason").columns.tolist()[-1] == "reason"  # the data (and CSV) keep their names
