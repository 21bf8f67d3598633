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
_warming: threading.Thread | None = None
_render_lock = threading.Lock()  # one figure at a time: kaleido's sync server mixes up concurrent calls


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
    out = png_figure(fig, lines)
    return figure_png(out, PNG_WIDTH, int(out.layout.height))


def png_figure(fig: go.Figure, lines: Sequence[str]) -> go.Figure:
    """The figure as exported: ``PNG_WIDTH`` wide, ``lines`` under the plot, and the legend beside the
    plot (a legend under it, however many rows it wraps to, could otherwise cover those lines)."""
    out = go.Figure(fig)
    out.update_layout(legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"})
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
    return out


def warm_up() -> None:
    """Start kaleido's browser in the background (once per process), so the first chart exported
    later does not wait for it: the browser's start is most of a first export's time."""
    global _warming
    with _kaleido_lock:
        if _warming is not None:
            return
        _warming = threading.Thread(target=figure_png, args=(go.Figure(), 10, 10), daemon=True)
        _warming.start()


def figure_png(fig: go.Figure, width: int, height: int, scale: float = 1) -> bytes:
    """``fig`` as PNG bytes through kaleido's shared browser (started on first use).

    Tried twice: on a loaded machine kaleido's first tab can be asked for a figure before its page
    has loaded ("kaleido_scopes is not defined"); the second call finds it ready.
    """
    _start_kaleido()
    with _render_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kaleido: "kopts ignored if using a server"
        try:
            return fig.to_image(format="png", width=width, height=height, scale=scale)
        except Exception:  # kaleido's own error classes are private; a real fault fails again below
            return fig.to_image(format="png", width=width, height=height, scale=scale)
