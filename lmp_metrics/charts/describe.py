"""A chart's text alternative, read from the figure itself: its title, one sentence on what it
shows, and the table of what it draws.

Read from the figure (not from the frame it was drawn from), the table holds exactly what the
chart shows and nothing more: a figure the chart leaves out because it rests on too few people is
"suppressed" in the table too. The charts mark those the same ways everywhere: a trace or heat-map
layer named "suppressed" (or "<series>: suppressed"; a mark that shares one legend entry with others
names its series in its ``meta`` as ``{SUPPRESSED_META: series}``), an annotation "suppressed" on a
category, or a "suppressed …" note on a whole subplot.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

SUPPRESSED = "suppressed"
SUPPRESSED_META = "hides_series"
NO_FIGURE = "–"
KINDS = {"bar": "Bar chart", "heatmap": "Heat map", "box": "Box plot"}
_FORMAT = re.compile(r"\.(\d+)([f%])")
_PERIOD = re.compile(r"\d{4}( Q[1-4]|-\d\d(-\d\d.*)?)?")  # a year, quarter or date: rows in time order
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class TextAlternative:
    """What a screen reader gets for a chart."""

    title: str
    summary: str  # one sentence: what kind of chart, of what, its extremes or latest values
    table: pd.DataFrame  # every figure as text ("suppressed" where the chart shows none)


@dataclass(frozen=True)
class _Cell:
    series: str  # "" on a suppression mark for every series of its panel
    category: str
    value: float | None  # None: suppressed or no figure
    text: str
    panel: str = ""  # the subplot's title when the figure has several
    marks_all: bool = False  # a suppression mark naming no series: all of its panel's are suppressed

    @property
    def column(self) -> str:
        return f"{self.panel} · {self.series}" if self.panel and self.series else self.series or self.panel


def text_alternative(spec: dict) -> TextAlternative:
    """The text alternative of a figure given as its dict (``Figure.to_dict()``)."""
    layout = spec.get("layout", {})
    title = " — ".join(
        filter(None, (_plain(part) for part in str(_get(layout, "title", "text") or "").split("<br>")))
    )
    traces = spec.get("data", [])
    panels = len({trace.get("xaxis", "x") for trace in traces}) > 1
    cells: list[_Cell] = []
    for trace in traces:
        panel = _panel(layout, trace) if panels else ""
        cells += [replace(cell, panel=panel) for cell in _trace_cells(trace, layout)]
    cells += [
        _Cell("", str(note.get(axis)), None, SUPPRESSED, "", True) for note, axis in _suppressed_notes(layout)
    ]
    hidden_panels = {_panel(layout, axes) for axes in _suppressed_panels(layout)} if panels else set()
    cells = [
        replace(cell, value=None, text=SUPPRESSED) if cell.panel in hidden_panels else cell for cell in cells
    ]
    if not [cell for cell in cells if cell.text != SUPPRESSED]:
        notes = [_plain(note.get("text", "")) for note in layout.get("annotations", [])]
        reason = next((note for note in notes if note), "No figures to show.")
        return TextAlternative(title, reason, pd.DataFrame())
    kind, value_title, category_title = _words(spec)
    if kind == "Scatter plot":
        return _scatter(title, spec, value_title, category_title)
    table = _table(cells, category_title or "Category", value_title or "Value")
    return TextAlternative(title, _summary(kind, value_title, category_title, cells, table), table)


def _scatter(title: str, spec: dict, y_title: str, x_title: str) -> TextAlternative:
    """A scatter plot of two measures: one row per point, with its label when it has one (reference
    lines drawn as traces are left out when the figure has points)."""
    layout = spec.get("layout", {})
    traces = [t for t in spec.get("data", []) if any(x is not None for x in _values(t.get("x")))]
    traces = [t for t in traces if "lines" not in str(t.get("mode", "lines"))] or traces
    rows = []
    for trace in traces:
        series, hidden = _series(str(trace.get("name") or ""))
        xs, ys = _values(trace.get("x")), _values(trace.get("y"))
        labels = _labels(trace, len(xs))
        x_axis, y_axis = _axis(layout, trace.get("xaxis", "x")), _axis(layout, trace.get("yaxis", "y"))
        for x, y, label in zip(xs, ys, labels, strict=False):
            x_text, y_text = (
                (SUPPRESSED, SUPPRESSED)
                if hidden
                else (_shown(_number(x), x_axis), _shown(_number(y), y_axis))
            )
            rows.append({"Series": series, "Label": label, x_title or "x": x_text, y_title or "y": y_text})
    table = pd.DataFrame(rows)
    unlabelled = not table["Label"].astype(bool).any()
    table = table.drop(columns=["Series"] * (table["Series"].nunique() <= 1) + ["Label"] * unlabelled)
    summary = f"Scatter plot of {y_title or 'values'} against {x_title or 'values'}, {len(rows)} points"
    if "Series" in table and table["Series"].nunique() > 1:
        counts = table["Series"].value_counts(sort=False)
        summary += ": " + ", ".join(f"{name} {n}" for name, n in counts.items())
    return TextAlternative(title, summary + ".", table)


def _labels(trace: dict, n: int) -> list[str]:
    """Each point's label: its text, else the first field of its hover data, else nothing."""
    text = trace.get("text")
    if isinstance(text, list | tuple) and len(text) == n:
        return [_plain(str(t or "")) for t in text]
    data = _values(trace.get("customdata"))
    if len(data) == n and all(isinstance(row, list | tuple) and row for row in data):
        return [_plain(str(row[0])) for row in data]
    return [""] * n


# -- reading traces ------------------------------------------------------------------------------


def _trace_cells(trace: dict, layout: dict) -> list[_Cell]:
    kind = trace.get("type", "scatter")
    series, hidden = _series(str(trace.get("name") or ""))
    meta = trace.get("meta")
    if hidden and isinstance(meta, dict) and meta.get(SUPPRESSED_META):
        series = str(meta[SUPPRESSED_META])
    if kind == "heatmap":
        return _heatmap_cells(trace, hidden)
    if kind == "box":
        return _box_cells(trace, series)
    horizontal = _horizontal(trace)
    categories = _values(trace.get("y" if horizontal else "x"))
    if all(category is None for category in categories):  # a legend entry only (a target line's name)
        return []
    values = _values(trace.get("x" if horizontal else "y"))
    if hidden:
        return [
            _Cell(series, _category(category), None, SUPPRESSED, "", not series) for category in categories
        ]
    if _axis(layout, trace.get("yaxis", "y")).get("visible") is False:  # markers over the plot (events)
        notes = _values(trace.get("customdata")) or [["yes"]] * len(categories)
        return [
            _Cell(series, _category(c), None, _plain(str(n[0])))
            for c, n in zip(categories, notes, strict=False)
        ]
    axis = _axis(layout, trace.get("xaxis", "x") if horizontal else trace.get("yaxis", "y"))
    half = len(categories) // 2
    if (
        trace.get("fill") == "toself" and categories[:half] == categories[half:][::-1]
    ):  # a band: edge, edge back
        edges = [values[:half], values[half:][::-1]]
        high = int(_mean(edges[1]) > _mean(edges[0]))
        return [
            _Cell(
                f"{series} ({'upper' if k == high else 'lower'})",
                _category(c),
                _number(v),
                _shown(_number(v), axis),
            )
            for k, edge in enumerate(edges)
            for c, v in zip(categories[:half], edge, strict=True)
        ]
    return [
        _Cell(series, _category(category), _number(value), _shown(_number(value), axis))
        for category, value in zip(categories, values, strict=False)
    ]


def _heatmap_cells(trace: dict, hidden: bool) -> list[_Cell]:
    z = np.asarray(_values(trace.get("z")), dtype=float)
    if z.ndim != 2:
        return []
    xs = _values(trace.get("x")) or list(range(z.shape[1]))
    ys = _values(trace.get("y")) or list(range(z.shape[0]))
    text = trace.get("text")
    cells = []
    for i, row in enumerate(z):
        for j, value in enumerate(row):
            if hidden:
                if not math.isnan(value):
                    cells.append(_Cell(_category(xs[j]), _category(ys[i]), None, SUPPRESSED))
                continue
            number = None if math.isnan(value) else float(value)
            shown = _cell_text(text, i, j) or _shown(number, {})
            cells.append(_Cell(_category(xs[j]), _category(ys[i]), number, shown))
    return cells


def _quartile_cells(group: object, low: float, median: float, high: float) -> list[_Cell]:
    return [
        _Cell(label, _category(group), float(value), f"{value:,.2f}")
        for label, value in (("Median", median), ("Lower quartile", low), ("Upper quartile", high))
    ]


def _box_cells(trace: dict, series: str) -> list[_Cell]:
    """Each box's quartiles: given (a box drawn from precomputed q1/median/q3, no points) or
    computed from its points, with how many points it holds."""
    groups = _values(trace.get("x"))
    if "median" in trace:
        quartiles = zip(*(_values(trace.get(key)) for key in ("q1", "median", "q3")), strict=False)
        return [
            cell
            for group, (low, median, high) in zip(groups or [series], quartiles, strict=False)
            for cell in _quartile_cells(group, low, median, high)
        ]
    values = np.asarray(_values(trace.get("y")), dtype=float)
    groups = groups or [series] * len(values)
    cells = []
    for group in dict.fromkeys(groups):
        points = values[[g == group for g in groups]]
        points = points[~np.isnan(points)]
        if len(points):
            cells += _quartile_cells(group, *np.percentile(points, [25, 50, 75]))
            cells.append(_Cell("Points", _category(group), float(len(points)), f"{len(points):,}"))
    return cells


def _suppressed_panels(layout: dict) -> list[dict]:
    """The axes of each subplot wholly suppressed: a "suppressed …" note placed on its domain."""
    return [
        {"xaxis": note["xref"].split()[0], "yaxis": str(note.get("yref", "y")).split()[0]}
        for note in layout.get("annotations", [])
        if _plain(str(note.get("text", ""))).startswith(SUPPRESSED)
        and str(note.get("xref")).endswith(" domain")
    ]


def _suppressed_notes(layout: dict) -> list[tuple[dict, str]]:
    """Annotations that say "suppressed" on a category, with the axis that category is on."""
    found = []
    for note in layout.get("annotations", []):
        if _plain(str(note.get("text", ""))).lower() != SUPPRESSED:
            continue
        for axis in ("y", "x"):
            if str(note.get(f"{axis}ref", "")).startswith(axis) and note.get(axis) is not None:
                found.append((note, axis))
                break
    return found


# -- the table and the sentence ----------------------------------------------------------------


def _table(cells: list[_Cell], category_title: str, value_title: str) -> pd.DataFrame:
    """One row per category, one column per series (the value's name for a single series); a
    suppression mark without a series marks every series of its panel at that category."""
    categories = list(dict.fromkeys(cell.category for cell in cells))
    if all(_PERIOD.fullmatch(c) for c in categories):
        categories.sort()
    columns = list(dict.fromkeys(cell.column for cell in cells if not cell.marks_all)) or [""]
    grid = {column: dict.fromkeys(categories, NO_FIGURE) for column in columns}
    for cell in cells:
        targets = [c for c in columns if _in_panel(c, cell.panel)] if cell.marks_all else [cell.column]
        for target in targets:
            if cell.text == SUPPRESSED or grid[target][cell.category] == NO_FIGURE:
                grid[target][cell.category] = cell.text
    return pd.DataFrame(
        {category_title: categories, **{(c or value_title): list(grid[c].values()) for c in columns}}
    )


def _summary(
    kind: str, value_title: str, category_title: str, cells: list[_Cell], table: pd.DataFrame
) -> str:
    what = f"{kind} of {value_title or 'values'}" + (f" by {category_title}" if category_title else "")
    shown = [cell for cell in cells if cell.value is not None]
    timeline = len(table) > 1 and all(_PERIOD.fullmatch(str(c)) for c in table.iloc[:, 0])
    if kind == "Box plot":
        medians = [f"{row.iloc[0]} {row['Median']}" for _, row in table.head(6).iterrows()]
        parts = [f"{what}; median: {', '.join(medians)}"]
    elif timeline:
        last = table.iloc[-1]
        latest = [
            f"{column} {last[column]}" if len(table.columns) > 2 else str(last[column])
            for column in table.columns[1:5]
            if last[column] != NO_FIGURE
        ]
        parts = [f"{what}, from {table.iloc[0, 0]} to {last.iloc[0]}"]
        parts += [f"latest: {', '.join(latest)}"] if latest else []
    else:
        parts = [f"{what}, {len(table)} {'row' if len(table) == 1 else 'rows'}"]
        if shown:
            high = max(shown, key=lambda cell: cell.value)
            low = min(shown, key=lambda cell: cell.value)
            many = len(table.columns) > 2
            parts.append(
                f"highest {_where(high, many)} ({high.text}), lowest {_where(low, many)} ({low.text})"
            )
    hidden = sum(1 for cell in cells if cell.text == SUPPRESSED)
    if hidden:
        parts.append(f"{hidden} {'figure' if hidden == 1 else 'figures'} suppressed (too few people)")
    return "; ".join(parts) + "."


def _words(spec: dict) -> tuple[str, str, str]:
    """(kind of chart, value axis title, category axis title) from the first real trace."""
    layout = spec.get("layout", {})
    traces = [t for t in spec.get("data", []) if not str(t.get("name") or "").endswith(SUPPRESSED)]
    trace = traces[0] if traces else spec["data"][0]
    kind = trace.get("type", "scatter")
    xs, ys = _values(trace.get("x")), _values(trace.get("y"))
    if kind in KINDS:
        words = KINDS[kind]
    elif _numeric(xs) and _numeric(ys) and not all(_PERIOD.fullmatch(_category(x)) for x in xs):
        words = "Scatter plot"
    else:
        lines = any("lines" in str(t.get("mode", "lines")) for t in traces)
        words = "Line chart" if lines else "Dot plot"
    horizontal = _horizontal(trace)
    x_title = _plain(_get(_axis(layout, trace.get("xaxis", "x")), "title", "text") or "")
    y_title = _plain(_get(_axis(layout, trace.get("yaxis", "y")), "title", "text") or "")
    if kind == "heatmap":
        return words, "", y_title + (f" and {x_title}" if x_title else "")
    return (words, x_title, y_title) if horizontal else (words, y_title, x_title)


def _where(cell: _Cell, series: bool) -> str:
    return f"{cell.category}, {cell.column}" if series and cell.column else cell.category


# -- small helpers --------------------------------------------------------------------------------


def _in_panel(column: str, panel: str) -> bool:
    return not panel or column == panel or column.startswith(f"{panel} · ")


def _series(name: str) -> tuple[str, bool]:
    """(series, whether the trace marks suppressed figures) from a trace name: "suppressed",
    "suppressed (<11 people)" or "<series>: suppressed …"."""
    head, _, tail = name.rpartition(": ")
    if tail.startswith(SUPPRESSED):
        return head, True
    return ("", True) if name.startswith(SUPPRESSED) else (name, False)


def _panel(layout: dict, trace: dict) -> str:
    """The title of the subplot a trace is drawn in: the annotation centred over its axes' domain."""
    x0, x1 = _axis(layout, trace.get("xaxis", "x")).get("domain", [0, 1])
    top = _axis(layout, trace.get("yaxis", "y")).get("domain", [0, 1])[1]
    for note in layout.get("annotations", []):
        x, y = note.get("x"), note.get("y")
        placed = note.get("xref") == "paper" and isinstance(x, float | int) and isinstance(y, float | int)
        if placed and x0 <= x <= x1 and abs(y - top) < 0.05:
            return _plain(str(note.get("text", "")))
    return trace.get("xaxis", "x")


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def _axis(layout: dict, ref: str) -> dict:
    """The layout axis a trace refers to ("x2" → ``layout["xaxis2"]``)."""
    return layout.get(f"{ref[0]}axis{ref[1:]}", {}) if ref else {}


def _values(data: Any) -> list:
    """A trace's array as a list, whether plain, NumPy, or Plotly's typed-array spec
    (``{"dtype": "f8", "bdata": <base64>, "shape": "2, 3"}``, how ``to_dict`` gives NumPy data)."""
    if data is None:
        return []
    if isinstance(data, dict) and "bdata" in data:
        array = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        shape = [int(n) for n in str(data.get("shape", len(array))).split(",")]
        return array.reshape(shape).tolist()
    return data if isinstance(data, list) else np.asarray(data).tolist()


def _horizontal(trace: dict) -> bool:
    """Whether categories are on the y axis: horizontal bars, or dots of numbers against names."""
    if trace.get("orientation") == "h":
        return True
    xs, ys = _values(trace.get("x")), _values(trace.get("y"))
    return trace.get("type", "scatter").startswith("scatter") and _numeric(xs) and not _numeric(ys)


def _numeric(values: list) -> bool:
    return bool(values) and all(isinstance(v, int | float) or v is None for v in values)


def _mean(values: list) -> float:
    numbers = [n for n in map(_number, values) if n is not None]
    return sum(numbers) / len(numbers) if numbers else math.nan


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _category(value: Any) -> str:
    return _plain(str(value)) if value is not None else ""


def _shown(value: float | None, axis: dict) -> str:
    """A value as text in its axis's number format (``.1%``, ``.2f``) and suffix (``%``)."""
    if value is None:
        return NO_FIGURE
    match = _FORMAT.search(str(axis.get("tickformat") or ""))
    if match:
        digits, style = match.groups()
        text = f"{value:.{digits}%}" if style == "%" else f"{value:,.{digits}f}"
    elif float(value).is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
    return text + str(axis.get("ticksuffix") or "")


def _cell_text(text: Any, i: int, j: int) -> str:
    try:
        return _plain(str(text[i][j]))
    except (TypeError, IndexError, KeyError):
        return ""


def _plain(text: str) -> str:
    """Text without Plotly's tags (``<br>``, ``<b>``) and with its escapes undone."""
    plain = _TAG.sub(" ", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(plain.split())
