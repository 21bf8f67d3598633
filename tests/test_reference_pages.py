"""About and SQL corner (AppTest on the `small` demo): their reference tables fit the page width."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "pages"


def run(page: str, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("LMP_DB", str(db_path))
    app = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=60)
    app.query_params["as"] = "admin@demo.lmp"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_about_settings_are_a_static_table_with_plain_values(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = run("about", small_db_path, monkeypatch).table[0].value.set_index("Setting")
    assert settings.columns.tolist() == ["Value", "Default", "What it does", "Environment variable"]
    assert settings.loc["min_group_size", ["Value", "Default"]].tolist() == ["11", "11"]
    assert settings.loc["high_performing_target", "Value"] == "0.75"
    assert settings.loc["sql_row_cap", "Environment variable"] == "`LMP_SQL_ROW_CAP`"


def test_sql_corner_lists_tables_in_two_narrow_columns(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("sql_corner", small_db_path, monkeypatch)
    tables = next(frame for frame in app.dataframe if "person_level" in frame.value.columns)
    assert list(tables.proto.column_order) == ["table", "person_level"]  # the long lists: select a row
    assert json.loads(tables.proto.columns)["person_level"]["label"] == "People"
    assert "Select a table to read all its columns." in [c.value for c in app.caption]
