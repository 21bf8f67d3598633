"""Home page (AppTest on the `small` demo): headline cards read as facts, not as changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from lmp_metrics.core.database import Database

PAGE = Path(__file__).resolve().parent.parent / "pages" / "home.py"


def test_context_lines_under_the_cards_carry_no_growth_arrow(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMP_DB", str(small_db_path))
    app = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not app.exception
    with Database(small_db_path, read_only=True) as db:
        teams = db.scalar("SELECT count(*) FROM teams")
    cards = {m.label: m.proto for m in app.metric}
    assert cards["Open teams"].delta == f"{teams:,} ever"
    for name in ("Open teams", "Quarters assessed"):
        assert cards[name].direction == Metric.MetricDirection.NONE  # no up arrow
        assert cards[name].color == Metric.MetricColor.GRAY


def test_latest_imports_table_shows_file_names_as_typed(
    small_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One row per kind (the last successful import); a pipe or backtick in a name stays in its cell."""
    db_path = tmp_path / "home.duckdb"
    shutil.copyfile(small_db_path, db_path)
    with Database(db_path) as db:
        db.execute(
            "INSERT INTO import_log (import_id, kind, source_name, started_at, finished_at, status, rows_in) "
            "VALUES (901, 'teams', 'old.csv', TIMESTAMP '2025-01-01 08:00', TIMESTAMP '2025-01-01 08:01', "
            "'loaded', 5), (902, 'teams', 'a|b`c.csv', TIMESTAMP '2025-02-01 09:00', "
            "TIMESTAMP '2025-02-01 09:30', 'loaded', 1234), (903, 'staff', 'bad.csv', "
            "TIMESTAMP '2025-03-01 09:00', TIMESTAMP '2025-03-01 09:01', 'rejected', 7)"
        )
    monkeypatch.setenv("LMP_DB", str(db_path))
    app = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not app.exception
    viewer = AppTest.from_file(str(PAGE), default_timeout=60)
    viewer.query_params["as"] = "viewer@demo.lmp"  # its reads pass the read path's record rules
    assert not viewer.run().exception
    assert [m.value for m in viewer.markdown if m.value.startswith("| Kind |")]
    (table,) = [m.value for m in app.markdown if m.value.startswith("| Kind |")]
    assert table.splitlines()[2:] == ["| teams | `` a\\|b`c.csv `` | 2025-02-01 09:30 | 1,234 |"]
    cells = MarkdownIt("commonmark").enable("table").render(table)  # an independent Markdown renderer
    assert "<td><code>a|b`c.csv</code></td>" in cells
