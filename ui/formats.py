"""Table column formats shared by pages, so tables read like the charts next to them.

Shares stay 0–1 in the data (downloads and tests see the raw value) and show with one decimal
("77.3%"), as on the charts and cards; counts get thousands separators.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# Streamlit's "percent" format takes its precision from ``step``: 0.001 of a share is 0.1 point.
_SHARE_STEP = 0.001


def percent(label: str, help: str | None = None, **kwargs: Any) -> Any:
    """A share (0–1) shown as a percentage with one decimal."""
    return st.column_config.NumberColumn(label, help=help, format="percent", step=_SHARE_STEP, **kwargs)


def count(label: str, help: str | None = None, **kwargs: Any) -> Any:
    """A whole number with thousands separators ("1,017")."""
    return st.column_config.NumberColumn(label, help=help, format="localized", step=1, **kwargs)


def number(label: str, help: str | None = None, decimals: int = 1, **kwargs: Any) -> Any:
    """A number with a fixed count of decimals (scores 1, levels 2)."""
    return st.column_config.NumberColumn(label, help=help, format=f"%.{decimals}f", **kwargs)
