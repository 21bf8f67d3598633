"""One figure cache (``ui.layout.cached_figure``): a figure is built once per data version, builder,
arguments, reach and meeting mode; a ``ui.data.Query`` stands for a cached query, read only to build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.read_path import Reach
from lmp_metrics.charts.style import is_meeting_styled, styled
from lmp_metrics.core.database import Database
from lmp_metrics.core.migrations import migrate
from ui import layout
from ui.data import Query

BUILT: list[list[float]] = []


def query(fn: Callable[..., Any], *args: Any, seen: Reach | None = None) -> Query:
    """What ``ui.reads.query`` makes, for a given reach (these tests have no signed-in caller)."""
    return Query(fn, args, seen)


def numbers(db: Database, n: int, filters: Filters) -> pd.DataFrame:
    """0 … n−1 and their squares, from DuckDB."""
    return db.query("SELECT range AS x, range * range AS y FROM range(?)", [n])


def line_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    BUILT.append(frame["y"].tolist())
    return styled(go.Figure(go.Scatter(x=frame["x"], y=frame["y"])), title)


@pytest.fixture(autouse=True)
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with Database(tmp_path / "figures.duckdb") as db:
        migrate(db)
    monkeypatch.setenv("LMP_DB", str(tmp_path / "figures.duckdb"))
    monkeypatch.setattr(layout, "meeting_mode", lambda: False)
    st.cache_data.clear()
    BUILT.clear()
    yield tmp_path / "figures.duckdb"
    st.cache_data.clear()


def test_a_figure_is_built_once_per_distinct_input() -> None:
    for _ in range(3):  # three reruns
        fig = layout.cached_figure(line_figure, query(numbers, 4, Filters()), "Squares")
    assert BUILT == [[0, 1, 4, 9]]
    assert len(fig.data) == 1 and fig.layout.title.text == "Squares"
    layout.cached_figure(line_figure, query(numbers, 3, Filters()), "Squares")
    layout.cached_figure(line_figure, query(numbers, 4, Filters(regions=("Colorado",))), "Squares")
    layout.cached_figure(line_figure, query(numbers, 4, Filters()), "Other title")
    assert BUILT == [[0, 1, 4, 9], [0, 1, 4], [0, 1, 4, 9], [0, 1, 4, 9]]


def test_a_new_data_version_draws_the_figure_again(app_db: Path) -> None:
    layout.cached_figure(line_figure, query(numbers, 2, Filters()), "Squares")
    with Database(app_db) as db:  # any write gives the file a new signature
        db.execute("CREATE TABLE touched AS SELECT 1 AS x")
    layout.cached_figure(line_figure, query(numbers, 2, Filters()), "Squares")
    assert BUILT == [[0, 1], [0, 1]]


def test_a_frame_is_refused_so_no_figure_is_keyed_on_frame_contents() -> None:
    frame = pd.DataFrame({"x": [0, 1], "y": [0, 1]})
    with pytest.raises(TypeError, match=r"pass ui\.reads\.query"):
        layout.cached_figure(line_figure, frame, "Squares")


def test_the_cached_figure_is_the_figure_the_builder_made() -> None:
    fresh = line_figure(numbers(Database(":memory:"), 3, Filters()), "Squares").to_dict()
    cached_twice = [
        layout.cached_figure(line_figure, query(numbers, 3, Filters()), "Squares") for _ in range(2)
    ]
    assert [fig.to_dict() for fig in cached_twice] == [fresh, fresh]


def test_meeting_mode_caches_the_projector_figure_separately(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = layout.cached_figure(line_figure, query(numbers, 2, Filters()), "Squares")
    monkeypatch.setattr(layout, "meeting_mode", lambda: True)
    meeting = layout.cached_figure(line_figure, query(numbers, 2, Filters()), "Squares")
    again = layout.cached_figure(line_figure, query(numbers, 2, Filters()), "Squares")
    assert not is_meeting_styled(plain) and is_meeting_styled(meeting) and is_meeting_styled(again)
    assert meeting.layout.font.size == 22 and len(BUILT) == 2


def test_a_figure_is_never_served_to_another_reach() -> None:
    """A viewer's figure is built from the viewer's read, even when an admin drew the same call."""
    layout.cached_figure(line_figure, query(numbers, 2, Filters()), "Squares")
    layout.cached_figure(line_figure, query(numbers, 2, Filters(), seen=Reach("own_team")), "Squares")
    layout.cached_figure(line_figure, query(numbers, 2, Filters(), seen=Reach("all")), "Squares")  # = None
    assert BUILT == [[0, 1], [0, 1]]


def test_a_cached_figure_carries_its_text_alternative_worked_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    described: list[str] = []
    real = layout.text_alternative
    monkeypatch.setattr(layout, "text_alternative", lambda spec: described.append("x") or real(spec))
    for _ in range(3):  # three reruns
        fig = layout.cached_figure(line_figure, query(numbers, 3, Filters()), "Squares")
    assert described == ["x"]
    alt = fig._lmp_text_alternative
    assert alt.title == "Squares"
    assert alt.table.to_dict("list") == {"x": ["0", "1", "2"], "y": ["0", "1", "4"]}  # no axis titles
