"""Signed numbers as people read them: a sign only when the figure shown is not zero."""

from __future__ import annotations

import re


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
