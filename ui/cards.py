"""Headline cards on screen: ``views.cards.HeadlineCard`` drawn with ``st.metric``, a row at a time."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lmp_metrics.views.cards import HeadlineCard

DELTA_COLOR = {None: "off", True: "normal", False: "inverse"}  # higher_is_better → Streamlit's colouring


def headline_row(cards: Sequence[HeadlineCard], per_row: int = 4) -> None:
    """The cards side by side, ``per_row`` to a row, each with its caption under it."""
    columns = st.columns(min(per_row, len(cards)) or 1)
    for index, card in enumerate(cards):
        with columns[index % per_row]:
            st.metric(
                card.label,
                card.value,
                card.change,
                delta_color=DELTA_COLOR[card.higher_is_better] if card.moved else "off",
                delta_arrow="auto" if card.moved else "off",
                delta_description=card.versus,
                help=card.help,
                chart_data=list(card.trend) or None,
                border=True,
            )
            if card.caption:
                st.caption(card.caption)
