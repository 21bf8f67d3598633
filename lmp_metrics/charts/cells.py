"""Heatmap cells that stay readable: a light sequential scale under dark text, and suppressed cells
drawn as a labelled neutral layer (never the plot background, which would frame the map in grey).

Every colour of ``READABLE_SCALE`` keeps at least 7:1 contrast with ``CELL_TEXT`` (WCAG AAA), so
the text colour never has to flip between cells the way Plotly's automatic choice does on mid greys.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

# ColorBrewer YlGnBu, light half: colour-blind-safe, lightness falls steadily as the value rises.
READABLE_SCALE = [[0.0, "#edf8b1"], [1 / 3, "#c7e9b4"], [2 / 3, "#7fcdbb"], [1.0, "#41b6c4"]]
CELL_TEXT = "#1a1a1a"
SUPPRESSED_FILL = "#f0f0f0"
SUPPRESSED_TEXT = "#555555"


def readable_heatmap(**kwargs: object) -> go.Heatmap:
    """A heatmap on ``READABLE_SCALE`` with dark cell text (``kwargs`` as for ``go.Heatmap``)."""
    return go.Heatmap(colorscale=READABLE_SCALE, textfont={"color": CELL_TEXT}, **kwargs)


def suppressed_layer(x: list, y: list, hidden: np.ndarray, text: str, hover: str) -> go.Heatmap:
    """Neutral cells with ``text`` where ``hidden`` (rows = y, columns = x) is true; nothing elsewhere.

    Drawn after the value heatmap, so the value cells underneath (NaN there) show no colour.
    """
    mask = np.asarray(hidden, dtype=bool)
    return go.Heatmap(
        z=np.where(mask, 0.0, np.nan),
        x=x,
        y=y,
        text=np.where(mask, text, "").tolist(),
        texttemplate="%{text}",
        textfont={"color": SUPPRESSED_TEXT},
        colorscale=[[0, SUPPRESSED_FILL], [1, SUPPRESSED_FILL]],
        showscale=False,
        hoverongaps=False,
        hovertemplate=f"%{{y}}, %{{x}}: {hover}<extra></extra>",
        name="suppressed",
    )
