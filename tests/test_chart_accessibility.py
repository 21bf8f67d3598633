"""Every chart on every page (the admin on the `small` demo) has its text alternative under it, and
no series is told apart by colour alone: lines in one panel differ in dash, marker or width too, and
other series (bars, markers, heat-map scales) differ in lightness, not only in hue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.charts.describe import text_alternative
from tests.test_pages_smoke import PAGE_FILES, ROOT

MIN_LIGHTNESS_STEP = 0.05  # relative luminance apart: two fills still tell apart in greyscale


def luminance(colour: str) -> float | None:
    """WCAG relative luminance of a #rrggbb colour (None for anything else)."""
    if not (isinstance(colour, str) and len(colour) == 7 and colour.startswith("#")):
        return None
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def same_but_colour(spec: dict) -> list[tuple[str, str]]:
    """Pairs of legend series in one panel that only their colour tells apart."""
    series: dict[tuple[str, str], list[tuple[str, tuple, float | None]]] = {}
    for trace in spec["data"]:
        if trace.get("showlegend") is False or not trace.get("name") or trace.get("type") == "heatmap":
            continue
        line, marker = trace.get("line", {}), trace.get("marker", {})
        lines = "lines" in trace.get("mode", "lines") and trace.get("type", "scatter") == "scatter"
        style = (lines, line.get("dash"), line.get("width"), marker.get("symbol"), trace.get("mode"))
        colour = (line if lines else marker).get("color")
        panel = (trace.get("xaxis", "x"), trace.get("yaxis", "y"))
        series.setdefault(panel, []).append(
            (trace["name"], style, luminance(colour) if isinstance(colour, str) else None)
        )
    pairs = []
    for members in series.values():
        for i, (name_a, style_a, lum_a) in enumerate(members):
            for name_b, style_b, lum_b in members[i + 1 :]:
                if style_a != style_b:
                    continue
                if style_a[0] or lum_a is None or lum_b is None or abs(lum_a - lum_b) < MIN_LIGHTNESS_STEP:
                    pairs.append((name_a, name_b))
    return pairs


@pytest.mark.parametrize("page", PAGE_FILES)
def test_charts_have_text_and_no_meaning_by_colour_alone(
    page: str, small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMP_DB", str(small_db_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    app.switch_page(page).run()
    assert not app.exception
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    captions = {c.value for c in app.caption}
    for spec in specs:
        alt = text_alternative(spec)
        assert f"**{alt.title}.** {alt.summary}" in captions, f"{page}: no words under {alt.title!r}"
        assert not same_but_colour(spec), f"{page}: {alt.title}: {same_but_colour(spec)}"
    tables = [box for box in app.expander if box.label == "Show as table"]
    assert len(tables) == len([spec for spec in specs if not text_alternative(spec).table.empty])
