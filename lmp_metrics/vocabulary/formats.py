"""Formats shared by the words (``views``) and the figures (``charts``) that are not a measure's unit."""

from __future__ import annotations

import pandas as pd


def improvement_text(improvement: float, change: float, note: object) -> str:
    """``+25%``, ``+2 (from 0)`` or the reason there is no relative figure."""
    if pd.notna(improvement):
        return f"{improvement:+.0%}"
    if pd.notna(change):
        return f"{change:+g} ({note})" if pd.notna(note) else f"{change:+g}"
    return str(note) if pd.notna(note) else "no result yet"
