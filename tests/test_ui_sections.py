"""Shared page sections: a table shows shares rounded as the charts do, its CSV keeps them whole."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import formats

CONFIG = {"share": formats.percent("Share"), "score": formats.number("Score")}


def test_percent_columns_are_rounded_to_the_tenth_of_a_point_they_show() -> None:
    frame = pd.DataFrame({"share": [17 / 22, 0.77249, None], "score": [1.23456, 2.0, 3.0]})
    shown = formats.as_shown(frame, CONFIG)
    # Streamlit would cut 0.772727 to 77.2%; rounded first it reads 77.3%, as on the chart
    assert shown["share"].tolist()[:2] == [0.773, 0.772] and pd.isna(shown["share"].iloc[2])
    assert shown["score"].tolist() == frame["score"].tolist()  # only percent columns change
    assert frame["share"].iloc[0] == 17 / 22  # the caller's frame is left as it was


def test_frames_without_percent_columns_pass_through_unchanged() -> None:
    frame = pd.DataFrame({"share": ["suppressed"], "other": [0.12345]})
    assert formats.as_shown(frame, CONFIG) is frame  # text in a percent column is left alone
    assert formats.as_shown(frame, None) is frame


def test_table_with_csv_shows_rounded_shares_and_downloads_them_unrounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    downloads: dict[str, tuple] = {}
    monkeypatch.setattr(
        st, "download_button", lambda *args, **kwargs: downloads.setdefault(kwargs["key"], (args, kwargs))
    )

    def script() -> None:
        import pandas as pd

        from ui import formats
        from ui.sections import table_with_csv

        frame = pd.DataFrame({"group": ["A"], "share": [17 / 22]})
        table_with_csv(frame, "t", "shares.csv", column_config={"share": formats.percent("Share")})

    app = AppTest.from_function(script).run()
    assert not app.exception
    assert app.dataframe[0].value["share"].tolist() == [0.773]
    (label, data), kwargs = downloads["t_csv"]
    assert (label, kwargs["file_name"], kwargs["mime"]) == ("Download CSV", "shares.csv", "text/csv")
    assert data.splitlines() == ["group,share", f"A,{17 / 22}"]
