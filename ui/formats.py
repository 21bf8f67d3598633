"""Table column formats shared by pages, so tables read like the charts next to them.

Shares stay 0–1 in the data (downloads and tests see the raw value) and show with one decimal
("77.3%"), as on the charts and cards; counts get thousands separators.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

# Streamlit's "percent" format takes its precision from ``step``: 0.001 of a share is 0.1 point.
_SHARE_STEP = 0.001
_SHARE_DECIMALS = 3


def percent(label: str, help: str | None = None, **kwargs: Any) -> Any:
    """A share (0–1) shown as a percentage with one decimal; show the table through ``as_shown``."""
    return st.column_config.NumberColumn(label, help=help, format="percent", step=_SHARE_STEP, **kwargs)


def as_shown(frame: pd.DataFrame, column_config: Mapping[Any, Any] | None) -> pd.DataFrame:
    """``frame`` with its ``percent`` columns rounded to the tenth of a point they show.

    Streamlit cuts a share off at the step's precision (0.77275 would read 77.2% in a table while
    the chart next to it says 77.3%); rounded first, the table reads like the chart. Keep the
    unrounded frame for downloads."""
    rounded = {
        name: frame[name].round(_SHARE_DECIMALS)
        for name, config in (column_config or {}).items()
        if _is_percent(config) and name in frame and pd.api.types.is_numeric_dtype(frame[name])
    }
    return frame.assign(**rounded) if rounded else frame


def _is_percent(config: Any) -> bool:
    return isinstance(config, Mapping) and (config.get("type_config") or {}).get("format") == "percent"


def count(label: str, help: str | None = None, **kwargs: Any) -> Any:
    """A whole number with thousands separators ("1,017")."""
    return st.column_config.NumberColumn(label, help=help, format="localized", step=1, **kwargs)


def number(label: str, help: str | None = None, decimals: int = 1, **kwargs: Any) -> Any:
    """A number with a fixed count of decimals (scores 1, levels 2)."""
    return st.column_config.NumberColumn(label, help=help, format=f"%.{decimals}f", **kwargs)
