"""Tables as people read them: an explorer measure frame pivoted to group × period, formatted like
the chart beside it (shares with one decimal). Downloads keep the long, raw frame.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
from pandas.io.formats.style import Styler

from lmp_metrics.charts.explorer import D3_FORMATS
from lmp_metrics.explorer import Measure

SUPPRESSED_CELL = "suppressed"


def number_text(value: float, unit: str) -> str:
    """A figure as the charts' hovers show it (``D3_FORMATS``: "77.3%", "3.25", "1,017"); "" if none."""
    return "" if pd.isna(value) else format(value, D3_FORMATS[unit])


def styled_numbers(frame: pd.DataFrame, units: dict[str, str]) -> Styler:
    """``frame`` for ``st.dataframe`` with each column of ``units`` (column → unit) shown by
    ``number_text``: the cells read rounded ("77.3%"), the data stays numeric (sorting, tests).
    Streamlit's own "percent" column format cuts decimals off (77.27% → "77.2%") instead of rounding.
    """
    return frame.style.format({column: partial(number_text, unit=unit) for column, unit in units.items()})


def period_pivot(frame: pd.DataFrame, measure: Measure, group_label: str) -> pd.DataFrame:
    """One row per group (in the frame's order), one text column per period (oldest first).

    Cells read like the chart's hover (``D3_FORMATS``: "77.3%", "3.25", "1,017"); a suppressed
    cell says ``SUPPRESSED_CELL``, a period without a figure is empty.
    """
    if frame.empty:
        return pd.DataFrame(columns=[group_label])
    cells = frame.assign(
        cell=[
            SUPPRESSED_CELL if hidden else number_text(value, measure.unit)
            for value, hidden in zip(frame["value"], frame["suppressed"], strict=True)
        ]
    )
    periods = cells.sort_values("period")["period_label"].drop_duplicates().tolist()
    groups = cells.drop_duplicates("group")
    wide = cells.pivot(index="group", columns="period_label", values="cell")
    wide = wide.reindex(index=groups["group"], columns=periods).fillna("")
    wide.insert(0, group_label, groups["label"].to_numpy())
    return wide.reset_index(drop=True).rename_axis(columns=None)
