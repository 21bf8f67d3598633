"""Figures are cached on cheap keys: a frame straight from ``ui.data.cached`` stands for the call
that produced it, anything else for its contents; a figure is built once per distinct input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.style import is_meeting_styled, styled
from lmp_metrics.core.database import Database
from lmp_metrics.core.migrations import migrate
from ui import layout
from ui.data import cached, origin

BUILT: list[list[float]] = []


def numbers(db: Database, n: int, filters: Filters) -> pd.DataFrame:
    """0 … n−1 and their squares, from DuckDB."""
    return db.query("SELECT range AS x, range * range AS y FROM range(?)", [n])


def line_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    BUILT.append(frame["y"].tolist())
    return styled(go.Figure(go.Scatter(x=frame["x"], y=frame["y"])), title)


@pytest.fixture(autouse=True)
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with Database(tmp_path / "figures.duckdb") as db:
        migrate(db)
    monkeypatch.setenv("LMP_DB", str(tmp_path / "figures.duckdb"))
    monkeypatch.setattr(layout, "meeting_mode", lambda: False)
    st.cache_data.clear()
    BUILT.clear()
    yield
    st.cache_data.clear()


def test_a_frame_from_cached_remembers_its_call_until_it_is_changed() -> None:
    frame = cached(numbers, 4, Filters(regions=("Colorado",)))
    call = origin(frame)
    assert call is not None and "numbers" in call and "Colorado" in call and "4" in call
    again = cached(numbers, 4, Filters(regions=("Colorado",)))
    assert again is not frame and origin(again) == call  # each rerun gets its own copy, same call
    assert origin(cached(numbers, 5, Filters(regions=("Colorado",)))) != call
    assert origin(frame[frame["x"] > 1]) is None  # derived: a new object
    assert origin(frame.copy()) is None
    frame["z"] = 1  # changed in place: no longer what the call returned
    assert origin(frame) is None


def test_calls_with_arguments_repr_cannot_spell_out_are_not_remembered() -> None:
    def first_rows(db: Database, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.head(2)

    assert origin(cached(first_rows, pd.DataFrame({"a": range(100)}))) is None


def test_a_figure_is_built_once_per_distinct_input() -> None:
    for _ in range(3):  # three reruns: the cached frame is a fresh copy each time
        fig = layout.cached_figure(line_figure, cached(numbers, 4, Filters()), "Squares")
    assert BUILT == [[0, 1, 4, 9]]
    assert len(fig["data"]) == 1 and fig["layout"]["title"]["text"] == "Squares"
    layout.cached_figure(line_figure, cached(numbers, 3, Filters()), "Squares")
    layout.cached_figure(line_figure, cached(numbers, 4, Filters()), "Other title")
    assert BUILT == [[0, 1, 4, 9], [0, 1, 4], [0, 1, 4, 9]]


def test_frames_from_cached_are_keyed_on_the_call_and_others_on_their_contents() -> None:
    frame = cached(numbers, 4, Filters())
    key = layout.figure_key((frame, "Squares"))
    assert key == (("cached", origin(frame)), "Squares")
    derived = frame[frame["x"] < 3]
    assert layout.figure_key((derived,))[0] is derived  # hashed by Streamlit, by content
    layout.cached_figure(line_figure, derived, "Squares")
    layout.cached_figure(line_figure, derived.copy(), "Squares")  # same contents: no rebuild
    changed = derived.assign(y=derived["y"] + 1)
    layout.cached_figure(line_figure, changed, "Squares")
    assert BUILT == [[0, 1, 4], [1, 2, 5]]


def test_meeting_mode_caches_the_projector_figure_separately(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = layout.cached_figure(line_figure, cached(numbers, 2, Filters()), "Squares")
    monkeypatch.setattr(layout, "meeting_mode", lambda: True)
    meeting = layout.cached_figure(line_figure, cached(numbers, 2, Filters()), "Squares")
    again = layout.cached_figure(line_figure, cached(numbers, 2, Filters()), "Squares")
    plain, meeting, again = (go.Figure(spec) for spec in (plain, meeting, again))
    assert not is_meeting_styled(plain) and is_meeting_styled(meeting) and is_meeting_styled(again)
    assert meeting.layout.font.size == 22 and len(BUILT) == 2


def _chart_script() -> None:
    """A figure dict through ``ui.layout.chart`` and the same figure through ``st.plotly_chart``."""
    import plotly.graph_objects as go
    import streamlit as st

    from lmp_metrics.charts.style import styled
    from ui.layout import chart

    fig = styled(go.Figure(go.Bar(x=["a", "b"], y=[3, 4], hovertext=["x", "y"])), "Bars")
    chart(fig.to_dict(), key="from_dict")
    st.plotly_chart(fig, key="plain", theme=None)


def test_a_figure_dict_is_charted_exactly_like_its_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_chart_script).run()
    from_dict, plain = (element.proto.spec for element in app.get("plotly_chart"))
    assert from_dict == plain and '"Bars"' in from_dict
    monkeypatch.setattr(layout, "meeting_mode", lambda: True)
    styled_spec = app.run().get("plotly_chart")[0].proto.spec
    assert is_meeting_styled(go.Figure(json.loads(styled_spec))) and not app.exception
