"""Home page (AppTest on the `small` demo): headline cards read as facts, not as changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from lmp_metrics.database import Database

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
    assert cards["Teams"].delta == f"{teams:,} ever"
    for name in ("Teams", "Quarters assessed"):
        assert cards[name].direction == Metric.MetricDirection.NONE  # no up arrow
        assert cards[name].color == Metric.MetricColor.GRAY
