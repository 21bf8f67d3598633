"""What changed: the exceptions worth a leader's attention in one quarter, as ranked sentences.

Each ``Finding`` is one sentence with its number and a ``Link`` to the view that shows it. Concerns
come in a fixed order of topics (levels against the funnel, training against the funnel, falls in
the level 4–5 share, teams that fell, teams not assessed, overdue training, Just Culture), each
ranked by size and cut to ``PER_TOPIC``; gains follow. Team names appear only with ``team_rows``;
otherwise teams are counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import pandas as pd

from lmp_metrics.access.filters import HIERARCHY_LABELS, Filters
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import changes
from lmp_metrics.metrics.dispersion import COVERAGE, Dispersion
from lmp_metrics.views.overview import PLURALS
from lmp_metrics.vocabulary.quarters import quarter_label, shift_quarters

PER_TOPIC = 3  # sentences per topic before "and N more"
CULTURE_POINTS = 1.0  # Just Culture changes smaller than this (0–100 points) are not reported
TEAM_NAMES = 5  # team names listed in one sentence at most
OVERVIEW_TAB = "tab"  # the overview's URL parameter naming its open analysis tab (ui.overview_tabs)
OVERVIEW_TABS = {"funnel": "Funnel plot", "transitions": "Transitions"}


@dataclass(frozen=True)
class Link:
    """A page (file stem in pages/) and the query parameters that open the right view."""

    page: str
    label: str
    params: tuple[tuple[str, str], ...] = ()

    def url(self) -> str:
        """The link as a relative URL (``overview?drill_region=…``)."""
        return f"{self.page}?{urlencode(self.params)}" if self.params else self.page


@dataclass(frozen=True)
class Finding:
    tone: str  # 'concern' or 'gain'
    topic: str
    sentence: str
    number: str
    link: Link


@dataclass(frozen=True)
class WhatChanged:
    """The findings of one scope and quarter, and the estimates behind the funnel findings."""

    scope: str
    quarter: date
    by: str
    concerns: list[Finding] = field(default_factory=list)
    gains: list[Finding] = field(default_factory=list)
    share_fit: Dispersion | None = None
    on_time_fit: Dispersion | None = None
    share_points: pd.DataFrame | None = None  # the funnel's groups: label, p, n_, position, …
    on_time_points: pd.DataFrame | None = None


def scope_title(filters: Filters) -> str:
    """'Nation', 'Region Colorado', 'Facilities A, B', 'Nation · Alliance teams' — what the figures cover."""
    title = "Nation"
    for attribute, level in (
        ("team_ids", "team"),
        ("departments", "department"),
        ("facilities", "facility"),
        ("service_areas", "service_area"),
        ("regions", "region"),
    ):
        values = getattr(filters, attribute)
        if values:
            many = f"{len(values):,} teams" if level == "team" else f"{PLURALS[level]} {', '.join(values)}"
            title = f"{HIERARCHY_LABELS[level]} {values[0]}" if len(values) == 1 else many
            break
    if filters.labor_partners:
        title += f" · {', '.join(filters.labor_partners)} teams"
    return title


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _pts(value: float) -> str:
    return f"{value * 100:+.1f} pts"


def _q(quarter: date) -> str:
    return quarter_label(quarter).replace(" ", "-")


def _overview(path: tuple[tuple[str, str], ...], quarter: date, label: str, tab: str | None = None) -> Link:
    params = [(f"drill_{level}", value) for level, value in path] + [("to", _q(quarter))]
    if tab:
        params.append((OVERVIEW_TAB, OVERVIEW_TABS[tab]))
    return Link("overview", label, tuple(params))


def _more(findings: list[Finding], extra: int, topic: str, link: Link) -> list[Finding]:
    if extra > 0:
        findings.append(Finding(findings[0].tone, topic, f"… and {extra} more.", f"+{extra}", link))
    return findings


def _funnel_findings(
    points: pd.DataFrame, side: str, what: str, unit: str, topic: str, link_for
) -> list[Finding]:
    outside = points[points["position"] == side]
    outside = outside.sort_values("z_adjusted", ascending=side == "below")
    limit = "lower" if side == "below" else "upper"
    out = [
        Finding(
            "concern" if side == "below" else "gain",
            topic,
            f"{row.label}: {what} {_pct(row.p)} of {int(row.n_):,} {unit}, {side} the adjusted "
            f"99.8% limit ({_pct(getattr(row, limit))}) around the scope's {_pct(row.overall)}.",
            _pct(row.p),
            link_for(row.group),
        )
        for row in outside.head(PER_TOPIC).itertuples()
    ]
    return _more(out, len(outside) - PER_TOPIC, topic, link_for(outside["group"].iloc[0])) if out else out


def _teams(count: int) -> str:
    """'1 team', '3 teams'."""
    return f"{count:,} team{'s' if count != 1 else ''}"


def _team_list(names: list[str]) -> str:
    shown = ", ".join(names[:TEAM_NAMES])
    return shown + (f" and {len(names) - TEAM_NAMES} more" if len(names) > TEAM_NAMES else "")


def what_changed(db: Database, filters: Filters, quarter: date, team_rows: bool) -> WhatChanged:
    """Every finding for ``filters`` (teams, no quarter range) in ``quarter``."""
    by = changes.comparison_level(filters)
    paths = changes.group_paths(db, filters, by)
    previous, year_ago = shift_quarters(quarter, -1), shift_quarters(quarter, -4)
    concerns: list[Finding] = []
    gains: list[Finding] = []

    def overview(group: str, tab: str | None = None) -> Link:
        return _overview(paths.get(group, ()), quarter, "Overview", tab)

    def training_link(group: str) -> Link:
        return Link("training", "Training", (("asof", _q(quarter)), ("by", by)))

    share, share_fit = changes.share_outliers(db, filters, by, quarter)
    share = share.assign(n_=share["assessed_teams"], overall=share_fit.overall)
    rates = changes.training_two_quarters(db, filters, by, quarter)
    on_time, on_time_fit = changes.on_time_outliers(rates, quarter)
    on_time = on_time.assign(n_=on_time["due"], overall=on_time_fit.overall)
    for side, bucket in (("below", concerns), ("above", gains)):
        bucket += _funnel_findings(
            share, side, "level 4–5 share", "teams", "Level 4–5 share", lambda g: overview(g, "funnel")
        )
        bucket += _funnel_findings(
            on_time, side, "on-time training", "assignments due", "On-time training", training_link
        )

    moved = changes.share_changes(db, filters, by, quarter)
    moved = moved[moved["significant"]]
    for tone, rows, bucket in (
        ("concern", moved[moved["change"] < 0], concerns),
        ("gain", moved[moved["change"] > 0].iloc[::-1], gains),
    ):
        verb = "fell" if tone == "concern" else "rose"
        found = [
            Finding(
                tone,
                "Change over a year",
                f"{row.label}: level 4–5 share {verb} from {_pct(row.before)} to {_pct(row.now)} since "
                f"{quarter_label(year_ago)} ({_pts(row.change)}, {int(row.teams_now):,} teams; significant at 95%).",
                _pts(row.change),
                overview(row.group),
            )
            for row in rows.head(PER_TOPIC).itertuples()
        ]
        bucket += (
            _more(found, len(rows) - PER_TOPIC, "Change over a year", overview(rows["group"].iloc[0]))
            if found
            else []
        )

    falls = changes.team_falls(db, filters, quarter)
    if len(falls):
        two = int((falls["how"] == "two levels").sum())
        text = (
            f"{_teams(two)} fell two levels or more since {quarter_label(previous)}; "
            f"{len(falls) - two:,} fell in each of the last two quarters."
        )
        if team_rows:
            text += (
                " "
                + _team_list([f"{r.team_name} ({r.level_before}→{r.level})" for r in falls.itertuples()])
                + "."
            )
        link = (
            Link(
                "scorecard", f"Scorecard: {falls['team_name'].iloc[0]}", (("team", falls["team_id"].iloc[0]),)
            )
            if team_rows
            else _overview((), quarter, "Transitions", "transitions")
        )
        concerns.append(Finding("concern", "Teams that fell", text, f"{len(falls):,}", link))

    gaps = changes.coverage_gaps(db, filters, quarter)
    found = []
    for row in gaps.head(PER_TOPIC).itertuples():
        text = (
            f"{row.facility}: {row.missing:,} of {row.assessed_before:,} teams assessed in "
            f"{quarter_label(previous)} {'has' if row.missing == 1 else 'have'} no assessment in {quarter_label(quarter)}."
        )
        if team_rows:
            text += f" ({_team_list(list(row.team_names))})"
        found.append(
            Finding(
                "concern",
                "Not assessed",
                text,
                f"{row.missing:,}",
                _overview(
                    (("region", row.region), ("service_area", row.service_area), ("facility", row.facility)),
                    quarter,
                    "Overview",
                ),
            )
        )
    if found:
        concerns += _more(found, len(gaps) - PER_TOPIC, "Not assessed", found[0].link)

    overdue = changes.overdue_growth(rates, quarter)
    overdue = overdue[overdue["growth"] > 0]
    found = [
        Finding(
            "concern",
            "Overdue training",
            f"{row.group}: overdue training assignments grew by {row.growth:,.0f} "
            f"(from {row.before:,.0f} to {row.now:,.0f}) in {quarter_label(quarter)}.",
            f"+{row.growth:,.0f}",
            training_link(row.group),
        )
        for row in overdue.head(PER_TOPIC).itertuples()
    ]
    concerns += found

    year = changes.survey_year_for(db, filters, quarter)
    if year is not None:
        culture = changes.just_culture_changes(db, filters, by, year)
        link = Link(
            "just_culture",
            "Just Culture",
            (("index", "just_culture"), ("by", by), ("year", str(year))),
        )
        for tone, rows, bucket, verb in (
            ("concern", culture[culture["change"] <= -CULTURE_POINTS], concerns, "fell"),
            ("gain", culture[culture["change"] >= CULTURE_POINTS].iloc[::-1], gains, "rose"),
        ):
            bucket += [
                Finding(
                    tone,
                    "Just Culture",
                    f"{row.group}: Just Culture index {verb} {abs(row.change):.1f} points "
                    f"({row.previous:.1f} → {row.score:.1f}) from {year - 1} to {year}.",
                    f"{row.change:+.1f}",
                    link,
                )
                for row in rows.head(PER_TOPIC if tone == "concern" else 1).itertuples()
            ]

    teams = changes.formed_and_closed(db, filters, quarter)
    if len(teams):
        formed = teams[teams["change"] == "formed"]
        closed = teams[teams["change"] == "closed"]
        text = f"{_teams(len(formed))} formed and {len(closed):,} closed in {quarter_label(quarter)}."
        if team_rows:
            parts = [
                f"{word}: {_team_list(list(rows['team_name']))}"
                for word, rows in (("formed", formed), ("closed", closed))
                if len(rows)
            ]
            text += " " + "; ".join(parts) + "."
        concerns.append(
            Finding(
                "concern",
                "Teams formed and closed",
                text,
                f"+{len(formed)} / −{len(closed)}",
                _overview((), quarter, "Overview"),
            )
        )
    return WhatChanged(
        scope_title(filters), quarter, by, concerns, gains, share_fit, on_time_fit, share, on_time
    )


def method_note(result: WhatChanged) -> str:
    """How the funnel findings were decided, with this scope's estimates (markdown)."""
    lines = [
        f"Groups compared: **{PLURALS[result.by].lower()}** of {result.scope}. Limits are "
        f"{COVERAGE:.1%} funnel limits around the scope's overall rate, **adjusted for over-dispersion** with "
        "Spiegelhalter's additive random-effects method (2005): a between-group variance τ², estimated "
        "from the groups' z-scores winsorised at the 10th and 90th percentiles, is added to each "
        "group's binomial variance. Plain binomial limits shrink to nothing as groups grow, so they "
        "flag almost every large group (a facility's thousands of training assignments); the "
        "multiplicative method widens them by one factor and keeps that shape, so it was not chosen.",
    ]
    for name, fit in (("Level 4–5 share", result.share_fit), ("On-time training", result.on_time_fit)):
        if fit is not None and fit.groups:
            lines.append(
                f"- {name}: {fit.groups} groups, overall {_pct(fit.overall)}, φ = {fit.phi:.2f}, "
                f"τ = {fit.tau2**0.5 * 100:.1f} pts"
                + ("" if fit.adjusted else " (no over-dispersion: plain limits)")
            )
    lines.append(
        "\nYear-on-year changes in the level 4–5 share count as significant when a two-proportion "
        "z-test gives |z| > 1.96. Training and survey figures of groups under the small-group rule "
        "are left out, as on every page."
    )
    return "\n".join(lines)
