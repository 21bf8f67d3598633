"""The leaders' briefing pack, the team flyer and the method card as PDF: fpdf2 lays out the pages,
kaleido draws the charts as PNG with Debian's chromium. Both work offline; see the README's *Briefing pack* section.

Every number comes from ``views.briefing`` (the pages' own functions) or, for the flyer, from the
scorecard's functions and card texts; this module only places them on paper.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts import methods as method_charts
from lmp_metrics.charts import overview as charts
from lmp_metrics.charts.dispersion import adjusted_funnel_figure
from lmp_metrics.charts.png import figure_png
from lmp_metrics.charts.projection import projection_figure
from lmp_metrics.charts.scorecard import level_history_figure
from lmp_metrics.charts.style import empty_figure
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import levels, method_stability
from lmp_metrics.metrics import scorecard as sc
from lmp_metrics.metrics.dispersion import limit_curves
from lmp_metrics.metrics.events import scope_events
from lmp_metrics.views import method_card, methods
from lmp_metrics.views import on_track as track
from lmp_metrics.views import scorecard as text
from lmp_metrics.views.briefing import Briefing
from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.views.exports import suppression_note
from lmp_metrics.views.methods import MethodReport
from lmp_metrics.views.on_track import OnTrack
from lmp_metrics.views.what_changed import Finding, WhatChanged, method_note
from lmp_metrics.vocabulary.measures import high_levels
from lmp_metrics.vocabulary.quarters import quarter_end, quarter_label

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core (a chromium dependency)
FONT = "DejaVu"
INK, GREY, RED, GREEN = (17, 17, 17), (85, 85, 85), (170, 51, 0), (0, 110, 70)
TONE_COLOR = {None: GREY, "better": GREEN, "worse": RED}  # a card's change: good news, bad news, neither
CHART_PX = 1000  # layout width of chart images
PRINT_SCALE = 1.5  # pixels per layout pixel: 1,500 px across the page, ~200 dpi on Letter


class Document(FPDF):
    """US Letter pages with the house font and a footer naming the pack, scope and page."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="letter", unit="mm")
        self.footer_text = footer_text
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            self.add_font(FONT, style, str(FONT_DIR / file))
        self.set_margins(16, 14, 16)
        self.set_auto_page_break(True, margin=16)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(*INK)

    def need(self, mm: float) -> None:
        """Start a new page unless ``mm`` of height is left on this one."""
        if self.get_y() + mm > self.page_break_trigger:
            self.add_page()

    def heading(self, words: str, size: float = 13) -> None:
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, words, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(1)

    def para(
        self, words: str, size: float = 9, color: tuple[int, int, int] = INK, markdown: bool = False
    ) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*color)
        self.multi_cell(
            0, size * 0.48, words, new_x=XPos.LMARGIN, new_y=YPos.NEXT, markdown=markdown, align="L"
        )
        self.set_text_color(*INK)
        self.ln(1)

    def chart(self, fig: go.Figure, height_px: int | None = None) -> None:
        """A chart across the page; shrunk (down to 70%) rather than pushed to the next page."""
        height = int(height_px or fig.layout.height or 420)
        png = figure_png(fig, CHART_PX, height, scale=PRINT_SCALE)
        width = self.epw
        room = self.page_break_trigger - self.get_y() - 1
        if width * height / CHART_PX > room >= 0.7 * width * height / CHART_PX:
            width = room * CHART_PX / height
        self.image(io.BytesIO(png), x=self.l_margin + (self.epw - width) / 2, w=width)
        self.ln(1)

    def charts_side_by_side(self, figures: list[go.Figure], width_px: int, height_px: int) -> None:
        """Charts in one row, each drawn ``width_px`` wide and placed at an equal share of the width."""
        gap = 4
        width = (self.epw - gap * (len(figures) - 1)) / len(figures)
        height_mm = width * height_px / width_px
        self.need(height_mm + 2)
        top = self.get_y()
        for i, fig in enumerate(figures):
            png = figure_png(fig, width_px, height_px, scale=PRINT_SCALE)
            self.image(io.BytesIO(png), x=self.l_margin + i * (width + gap), y=top, w=width)
        self.set_y(top + height_mm + 2)

    def grid(self, frame: pd.DataFrame, widths: tuple[float, ...] | None = None, size: float = 8) -> None:
        if frame.empty:
            self.para("No rows.", size, GREY)
            return
        self.set_font(FONT, "", size)
        with self.table(col_widths=widths, line_height=size * 0.5, text_align="LEFT", padding=0.8) as table:
            header = table.row()
            for column in frame.columns:
                header.cell(str(column))
            for values in frame.itertuples(index=False):
                row = table.row()
                for value in values:
                    row.cell(str(value))
        self.ln(2)


@dataclass(frozen=True)
class _Box:
    """A card on paper: label, value and the short lines under it, each in its colour."""

    label: str
    value: str
    notes: tuple[tuple[str, tuple[int, int, int]], ...]


def _boxes(pdf: Document, boxes: list[_Box], per_row: int, height: float) -> None:
    """Cards side by side, ``per_row`` a row, each a bordered box."""
    gap = 3
    width = (pdf.epw - gap * (per_row - 1)) / per_row
    for start in range(0, len(boxes), per_row):
        top = pdf.get_y()
        for i, box in enumerate(boxes[start : start + per_row]):
            x = pdf.l_margin + i * (width + gap)
            pdf.set_draw_color(190, 190, 190)
            pdf.rect(x, top, width, height)
            pdf.set_xy(x + 2, top + 1.5)
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(width - 4, 3.5, box.label, align="L")
            pdf.set_xy(x + 2, top + 9)
            pdf.set_font(FONT, "B", 13 if len(box.value) < 10 else 9)
            pdf.set_text_color(*INK)
            pdf.cell(width - 4, 6, box.value)
            pdf.set_xy(x + 2, top + 16)
            pdf.set_font(FONT, "", 6.5)
            for note, colour in box.notes:
                pdf.set_x(x + 2)
                pdf.set_text_color(*colour)
                pdf.multi_cell(width - 4, 3, note, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)
        pdf.set_y(top + height + gap)


def _cards(pdf: Document, cards: list[HeadlineCard]) -> None:
    """The Overview's headline cards: value, change vs the previous quarter and a year earlier."""
    boxes = [
        _Box(
            card.label,
            card.value,
            (
                (f"{card.change or 'no change figure'} (quarter)", TONE_COLOR[card.tone]),
                (f"{card.year_change or 'no figure'} (year)", GREY),
            ),
        )
        for card in cards
    ]
    _boxes(pdf, boxes, 4, 25)


def _findings(pdf: Document, findings: list[Finding], empty: str) -> None:
    if not findings:
        pdf.para(empty, 9, GREY)
    for rank, finding in enumerate(findings, start=1):
        pdf.para(f"{rank}. **{finding.topic}** ({finding.number}): {finding.sentence}", 8.5, markdown=True)


# -- figures shared by the What changed page and the pack ----------------------------------------
FUNNELS = {  # which → (points, fit, what, unit)
    "share": ("share_points", "share_fit", f"Level {high_levels()} share", "teams"),
    "on_time": ("on_time_points", "on_time_fit", "On-time training", "assignments due"),
}


def projection_chart(view: OnTrack, target: float, target_quarter: date) -> go.Figure:
    """The scope's projection to ``target_quarter`` with its fit, interval, target and events."""
    title = f"Level {high_levels()} share projected to {quarter_label(target_quarter)}"
    p = view.scope
    if p is None:
        return empty_figure(title, "No assessments in the quarters the trend would be fitted on.")
    return projection_figure(p.history, p.path(), target, title, view.events)


def funnel_chart(result: WhatChanged, which: str) -> go.Figure:
    """One funnel behind the findings (``which``: 'share' or 'on_time'), plain and adjusted limits."""
    points_name, fit_name, what, unit = FUNNELS[which]
    points, fit = getattr(result, points_name), getattr(result, fit_name)
    title = f"{what} · {result.scope} · {quarter_label(result.quarter)}"
    if points is None or fit is None or points.empty:
        return empty_figure(title, "No group to compare in this scope and quarter.")
    curves = limit_curves(fit, float(points["n_"].min()), float(points["n_"].max()))
    return adjusted_funnel_figure(points, curves, fit.overall, what, unit, title)


def brief_pdf(db: Database, b: Briefing) -> bytes:
    """The briefing pack: cards and level mix, exceptions, on track, training and Just Culture, notes."""
    when = quarter_label(b.quarter)
    pdf = Document(f"LMP quarterly briefing · {b.title} · {when}")
    pdf.add_page()
    pdf.heading(f"Quarterly partnership briefing · {b.title} · {when}", 16)
    through = quarter_label(b.data_through) if b.data_through else "no assessments loaded"
    pdf.para(
        f"Prepared for: {b.prepared_for} · Data through {through} · Made {date.today():%Y-%m-%d}", 8, GREY
    )
    _cards(pdf, b.cards)
    quarters = b.level_quarters
    events = scope_events(db, b.scope, quarters[0], quarter_end(quarters[-1]))
    level_mix = charts.level_mix(levels.level_distribution(db, b.scope, quarters), b.target, b.title, events)
    pdf.chart(level_mix)

    pdf.need(60)
    pdf.heading(f"Needs attention · {when}")
    _findings(pdf, b.changes.concerns, "Nothing stands out this quarter.")
    pdf.heading("Going well")
    _findings(pdf, b.changes.gains, "No significant gain this quarter.")

    pdf.need(150)
    pdf.heading(f"On track? Level {high_levels()} share projected to {quarter_label(b.target_quarter)}")
    projection = b.on_track.scope
    if projection is None:
        pdf.para("No assessments in the quarters the trend would be fitted on.", 9, GREY)
    else:
        pdf.para(track.summary(projection))
        pdf.chart(projection_chart(b.on_track, b.target, b.target_quarter))
        pdf.para(track.CAPTION, 8, GREY)
        pdf.grid(_shown_projection(track.group_table(b.on_track)))

    pdf.need(60)
    pdf.heading(f"Training as of the end of {when}")
    pdf.grid(b.training)
    year = b.culture_year
    pdf.heading(f"Just Culture index, {year - 1} → {year}" if year else "Just Culture index")
    pdf.grid(b.culture)
    pdf.need(50)
    pdf.heading("Method notes")
    pdf.para(method_note(b.changes).replace("- ", "• "), 8, markdown=True)
    pdf.charts_side_by_side([funnel_chart(b.changes, which) for which in FUNNELS], 560, 480)
    pdf.para(f"Small groups: {suppression_note(True)}", 8)
    return bytes(pdf.output())


def _shown_projection(table: pd.DataFrame) -> pd.DataFrame:
    """The per-group projection table with numbers written as on the page."""
    if table.empty:
        return table
    shares = [f"Level {high_levels()} now", "Projected", "Interval low", "Interval high"]
    out = table.copy()
    for column in shares:
        out[column] = [f"{v:.1%}" for v in out[column]]
    out["Trend (pts/q)"] = [f"{v:+.2f}" for v in out["Trend (pts/q)"]]
    out["Up per quarter"] = ["–" if v != v else f"{v:.1f}" for v in out["Up per quarter"]]
    return out


def team_flyer(db: Database, team_id: str, filters: Filters) -> bytes | None:
    """One page a co-lead can print and post: the scorecard's cards, level history, what holds the
    team back and its projects. None when the team is not within ``filters``."""
    profile = sc.team_profile(db, team_id, filters)
    if profile is None:
        return None
    history = sc.level_history(db, team_id, filters)
    gaps = sc.holds_back(db, team_id, filters, profile.last_quarter) if profile.last_quarter else None
    trained = sc.team_training(db, profile, filters, tuple(history["quarter"]))
    pdf = Document(f"Team flyer · {profile.team_name} · data through {text.quarter_text(profile)}")
    pdf.add_page()
    pdf.heading(profile.team_name, 18)
    pdf.para(text.identity_line(profile), 8, GREY)
    _flyer_cards(pdf, text.headline_cards(profile, history, gaps, trained))
    pdf.chart(level_history_figure(history, profile.team_name))
    if gaps is not None and len(gaps):
        pdf.heading(f"Our dimension scores, {text.quarter_text(profile)}", 11)
        if profile.next_level is not None and text.has_next_level_peers(profile, gaps):
            pdf.para(text.holds_back_summary(gaps, profile.next_level), 9, markdown=True)
            pdf.grid(text.holds_back_table(gaps, profile.next_level))
        else:
            pdf.grid(text.holds_back_table(gaps, profile.level or 1).iloc[:, :2])
    projects = sc.team_projects(db, team_id, filters).head(4)
    if len(projects):
        pdf.heading("Our improvement projects", 11)
        for row in projects.itertuples():
            pdf.para(f"• {row.title} ({row.status})", 8.5)
    pdf.set_y(-27)
    pdf.para(f"Small groups: {suppression_note(True)}", 7, GREY)
    return bytes(pdf.output())


def _flyer_cards(pdf: Document, cards: list[HeadlineCard]) -> None:
    """The scorecard's headline cards, their change and caption under the value."""
    boxes = [
        _Box(
            card.label,
            card.value,
            ((" · ".join(p for p in (card.change_line, card.caption) if p)[:120], GREY),),
        )
        for card in cards
    ]
    _boxes(pdf, boxes, len(boxes), 27)


def method_card_pdf(report: MethodReport) -> bytes:
    """The method card on paper: the same sentences and tables as ``views.method_card.card_markdown``,
    and the rank-interval chart the page draws."""
    m = report.method
    pdf = Document(f"Method card · {m.name} · data {quarter_label(report.quarter)}")
    pdf.add_page()
    pdf.heading(f"Method card: {m.name}", 16)
    pdf.para(method_card.card_header(report), 8, GREY)
    if m.notes:
        pdf.para(m.notes)
    pdf.heading("Definition", 11)
    pdf.para(
        "Index = Σ weight × component score (each component on a fixed 0–100 scale), weights scaled to 100%."
    )
    pdf.grid(methods.weights_table(m), (45, 17, 122))
    pdf.heading("Missing data and small groups", 11)
    for line in method_card.missing_lines(report):
        pdf.para(f"• {line}", 8.5)
    pdf.heading("How stable the ranks are", 11)
    pdf.para(f"• {methods.stability_sentence(report)}", 8.5)
    pdf.para(f"• {methods.sensitivity_sentence(report)}", 8.5)
    figure = method_charts.rank_intervals(
        report.intervals, m.name, report.group_label, method_stability.INTERVAL, report.seed
    )
    pdf.chart(figure, min(int(figure.layout.height or 420), 560))
    pdf.need(30)
    pdf.heading("Compared with the other methods", 11)
    for line in [*method_card.comparison_lines(report), methods.flips_sentence(report)]:
        pdf.para(f"• {line}", 8.5)
    pdf.para(methods.ASSOCIATION_CAPTION, 8, GREY)
    return bytes(pdf.output())
