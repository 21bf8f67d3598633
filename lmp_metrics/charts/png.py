"""A chart as a PNG file, with the export's words (``views.exports.ExportContext.footer``) under it."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence

import plotly.graph_objects as go

from lmp_metrics.charts.style import plotly_text

PNG_WIDTH = 1600
_MARGINS = {"l": 60, "r": 20, "t": 70, "b": 50}
_kaleido_lock = threading.Lock()
_kaleido_started = False


def _start_kaleido() -> None:
    """Start kaleido's shared browser once per process (~0.2 s per image instead of ~3 s)."""
    global _kaleido_started
    with _kaleido_lock:
        if _kaleido_started:
            return
        import kaleido

        if hasattr(kaleido, "start_sync_server"):
            kaleido.start_sync_server(silence_warnings=True)
        _kaleido_started = True


def to_png(fig: go.Figure, lines: Sequence[str]) -> bytes:
    """The chart as a PNG ``PNG_WIDTH`` wide with ``lines`` (filters, data date, suppression rule) under it."""
    _start_kaleido()
    out = go.Figure(fig)
    footer = "<br>".join(plotly_text(line) for line in lines)
    extra = 24 * len(lines) + 30
    height = int(out.layout.height or 450) + extra
    margin = {side: getattr(out.layout.margin, side) or default for side, default in _MARGINS.items()}
    out.update_layout(height=height, width=PNG_WIDTH, margin={**margin, "b": margin["b"] + extra})
    out.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-margin["b"] - 10,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 13, "color": "#333333"},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kaleido: "kopts ignored if using a server"
        return out.to_image(format="png", width=PNG_WIDTH, height=height)
