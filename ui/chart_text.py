"""Under every chart: its text alternative (title and one sentence on what it shows) and, one click
away, the table of what it draws, suppressed figures included as "suppressed" (``charts.describe``).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.charts.describe import TextAlternative, text_alternative

_TEXT = "_lmp_text_alternative"  # our own attribute on a figure (Plotly allows "_" names)


def with_text(fig: go.Figure, alt: TextAlternative) -> go.Figure:
    """``fig`` carrying its text alternative, already worked out (``ui.layout.cached_figure``)."""
    setattr(fig, _TEXT, alt)
    return fig


def chart_text(fig: go.Figure, key: str) -> None:
    """The chart's summary sentence, then a collapsed "Show as table" with its figures (in a
    container keyed ``chart_text_<key>``); worked out from the figure unless it carries them."""
    alt = getattr(fig, _TEXT, None) or text_alternative(fig.to_dict())
    with st.container(key=f"chart_text_{key}"):
        st.caption(f"**{alt.title}.** {alt.summary}" if alt.title else alt.summary)
        if not alt.table.empty:
            with st.expander("Show as table", icon=":material/table:"):
                # a plain HTML table: rows headed by their category, read cell by cell by screen readers
                st.table(alt.table.set_index(alt.table.columns[0]))
