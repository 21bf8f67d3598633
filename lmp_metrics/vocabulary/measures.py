"""Measures and their units: one ``Measure`` per figure the dashboard shows, for every layer.

A ``Unit`` decides how a number reads everywhere: text on cards and in hovers, D3 formats for
chart hovers and ticks, printf formats for table columns, Excel number formats, and the axis
title. A ``Measure`` names its unit, labels, whether it is about people (then small groups are
suppressed) and whether higher is better, and which query owns it (``query``: a key of
``metrics.explorer.SOURCES``; ``column``: the value column that query returns).

Path to Performance levels live here too: ``LEVEL_NAMES`` and the high-performing levels, which
come from the ``high_performing_level`` setting (``high_levels()`` → "4–5").

How to add a measure: add one ``Measure(...)`` to ``MEASURES`` below, naming a query that
already returns its column (or add the query to ``metrics/`` and its reader to
``metrics.explorer.SOURCES``). The explorer picker, its charts, tables and exports then offer it;
to show it on the overview too, add its key to ``OVERVIEW`` with the ``report_column`` it has in
``report.group_table``. ``tests/test_measures.py`` shows one end to end.
"""

from __future__ import annotations

from dataclasses import dataclass

from lmp_metrics.core.settings import setting
from lmp_metrics.vocabulary.formats import signed
from lmp_metrics.vocabulary.hierarchy import GROUPINGS

# -- Path to Performance levels ----------------------------------------------------------------
LEVEL_NAMES: dict[int, str] = {
    1: "1 Pre-team climate",
    2: "2 Building structures",
    3: "3 Projects under way",
    4: "4 High engagement",
    5: "5 High-performing",
}
LEVEL_VALUES = tuple(LEVEL_NAMES)  # 1 … 5
TOP_LEVEL = LEVEL_VALUES[-1]


def high_performing_level() -> int:
    """The level from which a team counts as high-performing (the ``high_performing_level`` setting)."""
    return int(setting("high_performing_level"))


def high_levels() -> str:
    """The high-performing levels in words: "4–5" (or "5" when only the top level counts)."""
    low = high_performing_level()
    return str(low) if low >= TOP_LEVEL else f"{low}–{TOP_LEVEL}"


# -- units ---------------------------------------------------------------------------------------
def difference(now: float | None, before: float | None) -> float | None:
    """now − before, or None when either is missing (None or NaN)."""
    if now is None or before is None or now != now or before != before:
        return None
    return float(now - before)


@dataclass(frozen=True)
class Unit:
    """How numbers of one kind read: as text, in D3 (hovers, ticks), printf (tables) and Excel."""

    key: str
    title: str  # axis title when a chart shows several measures of this unit
    d3: str  # hovers, cards and table cells; Python's format() reads it the same way
    d3_axis: str  # tick labels
    printf: str  # Streamlit table columns ("localized": thousands separators)
    excel: str
    percent: bool = False  # stored 0–1, shown × 100 with '%'
    axis_range: tuple[float, float] | None = None

    def text(self, value: float | None) -> str:
        """``value`` as cards and hovers show it ("77.3%", "3.25", "1,017"); '–' when missing."""
        if value is None or value != value:
            return "–"
        return format(value, self.d3)

    def change(self, now: float | None, before: float | None) -> str | None:
        """``now − before`` as text ("+1.2 pts" for percentages); None when either is missing; a
        sign only when the rounded change is not zero (``signed``)."""
        change = difference(now, before)
        return None if change is None else self.delta(change)

    def delta(self, change: float) -> str:
        """A change as text: "+1.2 pts" for percentages, "-0.25" for levels, "0.0 pts" when it rounds to zero."""
        return signed(change * 100, ".1f", " pts") if self.percent else signed(change, self.d3)


def _count(key: str, title: str) -> Unit:
    return Unit(key, title, ",.0f", ",.0f", "localized", "#,##0")


UNITS: dict[str, Unit] = {
    u.key: u
    for u in (
        Unit("share", "Share of teams (%)", ".1%", ".0%", "%.1f%%", "0.0%", True, (0, 1.02)),
        Unit("rate", "Rate (%)", ".1%", ".0%", "%.1f%%", "0.0%", True, (0, 1.02)),
        Unit("level", "Mean level (1–5)", ".2f", ".1f", "%.2f", "0.00", axis_range=(0.9, 5.1)),
        Unit("score", "Mean score (1.0–5.0)", ".2f", ".1f", "%.2f", "0.00", axis_range=(0.9, 5.1)),
        Unit("index", "Index (0–100)", ".1f", ".0f", "%.1f", "0.0", axis_range=(0, 101)),
        _count("teams", "Teams"),
        _count("assignments", "Assignments"),
        _count("people", "People"),
    )
}

# -- measures ------------------------------------------------------------------------------------
TEAM_BREAKDOWNS = tuple(GROUPINGS)  # national … team, labor_partner
PERSON_BREAKDOWNS = ("role", "labor_group", "course")  # training records carry these too
TRAINING_BREAKDOWNS = (*TEAM_BREAKDOWNS, *PERSON_BREAKDOWNS)


@dataclass(frozen=True)
class Measure:
    """One figure: what it means, its unit, and the query that owns it."""

    key: str
    label: str
    unit: str  # key of UNITS
    query: str  # the owning query (key of ``metrics.explorer.SOURCES``)
    column: str  # value column of that query's frame
    base_column: str  # what the value rests on
    base_label: str
    description: str
    breakdowns: tuple[str, ...] = TEAM_BREAKDOWNS
    people_based: bool = False  # about people: small groups suppressed
    higher_is_better: bool | None = True  # None: no direction (a count)
    yearly: bool = False
    option: str | None = None  # e.g. the survey index name
    short_label: str = ""  # cards and narrow pickers (default: label)
    header: str = ""  # narrow table header (default: short label)
    axis: str = ""  # axis title saying what is counted, with its unit (default: the unit's title)
    report_column: str = ""  # its column in ``report.group_table`` (default: key)

    @property
    def formats(self) -> Unit:
        return UNITS[self.unit]

    @property
    def axis_title(self) -> str:
        return self.axis or UNITS[self.unit].title

    @property
    def short(self) -> str:
        return self.short_label or self.label

    @property
    def table_header(self) -> str:
        return self.header or self.short

    @property
    def is_share(self) -> bool:
        return UNITS[self.unit].percent

    def text(self, value: float | None) -> str:
        return UNITS[self.unit].text(value)


_HIGH = high_levels()
MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "high_performing_share",
            "High-performing share",
            "share",
            "levels",
            "high_performing_share",
            "assessed_teams",
            "assessed teams",
            f"Share of assessed teams at level {_HIGH} (Path to Performance).",
            header=f"Level {_HIGH}",
            axis=f"Teams at level {_HIGH} (% of assessed)",
        ),
        Measure(
            "mean_level",
            "Mean level",
            "level",
            "levels",
            "mean_level",
            "assessed_teams",
            "assessed teams",
            "Average Path to Performance level (1–5) of assessed teams.",
            axis="Mean Path to Performance level (1–5)",
        ),
        Measure(
            "assessed_teams",
            "Assessed teams",
            "teams",
            "levels",
            "assessed_teams",
            "assessed_teams",
            "assessed teams",
            "Teams with a level rating in the quarter.",
            higher_is_better=None,
            header="Teams",
            axis="Assessed teams (count)",
        ),
        Measure(
            "moved_up_share",
            "Moved up a level (share)",
            "share",
            "levels",
            "moved_up_share",
            "compared_teams",
            "teams with a level a year earlier",
            "Share of teams whose level is higher than four quarters earlier.",
            short_label="Moved up",
            axis="Moved up vs 4 quarters earlier (% of compared teams)",
        ),
        Measure(
            "moved_down_share",
            "Moved down a level (share)",
            "share",
            "levels",
            "moved_down_share",
            "compared_teams",
            "teams with a level a year earlier",
            "Share of teams whose level is lower than four quarters earlier.",
            higher_is_better=False,
            short_label="Moved down",
            axis="Moved down vs 4 quarters earlier (% of compared teams)",
        ),
        Measure(
            "dimension_score",
            "Dimension score",
            "score",
            "dimensions",
            "score",
            "teams",
            "teams",
            "Average of teams' scores (1.0–5.0) on a Path to Performance dimension; "
            "break down by dimension to compare all seven.",
            ("dimension", *TEAM_BREAKDOWNS),
        ),
        Measure(
            "completion_rate",
            "Training completion rate",
            "rate",
            "training",
            "completion_rate",
            "people",
            "people",
            "Completed assignments over assignments made, as of each quarter's last day.",
            TRAINING_BREAKDOWNS,
            people_based=True,
            short_label="Training completion",
            header="Trained",
            axis="Training completed (% of assignments)",
            report_column="training_completion_rate",
        ),
        Measure(
            "on_time_rate",
            "Training on-time rate",
            "rate",
            "training",
            "on_time_rate",
            "people",
            "people",
            "Assignments completed by their due date over assignments due, as of each quarter's last day.",
            TRAINING_BREAKDOWNS,
            people_based=True,
            short_label="On-time training",
            header="On time",
            axis="Completed on time (% of assignments due)",
        ),
        Measure(
            "overdue",
            "Overdue training assignments",
            "assignments",
            "training",
            "overdue",
            "people",
            "people",
            "Assignments past their due date and not completed, as of each quarter's last day.",
            TRAINING_BREAKDOWNS,
            people_based=True,
            higher_is_better=False,
        ),
        *[
            Measure(
                f"survey_{index}",
                f"{title} index (People Pulse)",
                "index",
                "surveys",
                "score",
                "respondents",
                "respondents",
                f"Respondent-weighted mean {title} score (0–100) of the yearly staff survey.",
                people_based=True,
                yearly=True,
                option=index,
            )
            for index, title in (
                ("engagement", "Engagement"),
                ("just_culture", "Just Culture"),
                ("speak_up", "Speak up"),
            )
        ],
        Measure(
            "effectiveness_index",
            "Partnership Effectiveness Index",
            "index",
            "effectiveness",
            "index",
            "assessed_teams",
            "assessed teams",
            "The Partnership Effectiveness Index (0–100); see the About page for its parts.",
        ),
    ]
}

# The overview's measures (cards, children bars, heatmap), by their ``report.group_table`` column.
OVERVIEW: dict[str, Measure] = {
    m.report_column or m.key: m
    for m in (
        MEASURES[k]
        for k in (
            "high_performing_share",
            "mean_level",
            "moved_up_share",
            "moved_down_share",
            "assessed_teams",
            "completion_rate",
            "on_time_rate",
        )
    )
}
