"""Tables as people read them: an explorer measure frame pivoted to group × period, formatted like
the chart beside it (shares with one decimal). Downloads keep the long, raw frame.
"""

from __future__ import annotations

import pandas as pd

from lmp_metrics.charts.explorer import D3_FORMATS
from lmp_metrics.metrics.explorer import Measure

SUPPRESSED_CELL = "suppressed"
# printf-style (or Streamlit named) number format of a table column per unit, for ``shown_numbers``.
COLUMN_FORMATS = {
    "share": "%.1f%%",
    "rate": "%.1f%%",
    "level": "%.2f",
    "score": "%.2f",
    "index": "%.1f",
    "teams": "localized",
    "assignments": "localized",
}


def number_text(value: float, unit: str) -> str:
    """A figure as the charts' hovers show it (``D3_FORMATS``: "77.3%", "3.25", "1,017"); "" if none."""
    return "" if pd.isna(value) else format(value, D3_FORMATS[unit])


def shown_numbers(values: pd.Series, unit: str) -> pd.Series:
    """``values`` as a table column with ``COLUMN_FORMATS[unit]`` shows them: shares × 100 (printf
    "%.1f%%" rounds to one decimal; Streamlit's own "percent" format cuts decimals off instead,
    77.27% → "77.2%"), other units unchanged."""
    return values * 100 if unit in ("share", "rate") else values


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
