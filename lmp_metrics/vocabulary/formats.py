"""Formats shared by the words (``views``) and the figures (``charts``) that are not a measure's unit."""

from __future__ import annotations

import re

import pandas as pd


def improvement_text(improvement: float, change: float, note: object) -> str:
    """``+25%``, ``+2 (from 0)`` or the reason there is no relative figure."""
    if pd.notna(improvement):
        return f"{improvement:+.0%}"
    if pd.notna(change):
        return f"{change:+g} ({note})" if pd.notna(note) else f"{change:+g}"
    return str(note) if pd.notna(note) else "no result yet"


def signed(value: float, spec: str, suffix: str = "") -> str:
    """``value`` formatted with ``spec`` (``".1f"``, ``",.0f"``, ``".0%"``) and a leading + or -
    only when the rounded figure is not zero: 1.44 → "+1.4", -0.004 with ".2f" → "0.00" (not
    "-0.00" with a red arrow). The ASCII minus keeps Streamlit's delta arrows pointing down."""
    shown = format(abs(value), spec)
    if not float(re.sub(r"[^0-9.]", "", shown) or 0):
        return shown + suffix
    return ("+" if value > 0 else "-") + shown + suffix


def is_signed(text: str | None) -> bool:
    """Whether a change made by ``signed`` shows a direction (+ or -)."""
    return bool(text) and text[0] in "+-"
