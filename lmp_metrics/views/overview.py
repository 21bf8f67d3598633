"""The leaders' overview as shown, without Streamlit: drill path through the hierarchy, cards, notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import HIERARCHY_LABELS, Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.overview import MEASURES, difference, format_change, format_value
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import catalog, report
from lmp_metrics.vocabulary.formats import is_signed
from lmp_metrics.vocabulary.quarters import quarter_label, shift_quarters

# Drill-down order; a path holds values for the levels region … department, and its children are
# the next level down (teams below a department).
DRILL_LEVELS = ("national", "region", "service_area", "facility", "department", "team")
PATH_LEVELS = DRILL_LEVELS[1:-1]
PARAMS = {level: f"drill_{level}" for level in PATH_LEVELS}  # URL query parameter per level
PLURALS = {
    "region": "Regions",
    "service_area": "Service areas",
    "facility": "Facilities",
    "department": "Departments",
    "team": "Teams",
}
_FILTER_FIELD = {
    "region": "regions",
    "service_area": "service_areas",
    "facility": "facilities",
    "department": "departments",
}


CARD_MEASURES = (
    "assessed_teams",
    "mean_level",
    "high_performing_share",
    "moved_up_share",
    "moved_down_share",
    "training_completion_rate",
    "on_time_rate",
)


@dataclass(frozen=True)
class DrillPath:
    """Where the user has drilled to: ((level, value), …) from the region down, in order."""

    steps: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, get: Callable[[str], str | None]) -> DrillPath:
        """Read ``drill_<level>`` parameters top-down, stopping at the first one missing."""
        steps = []
        for level in PATH_LEVELS:
            value = get(PARAMS[level])
            if not value:
                break
            steps.append((level, value))
        return cls(tuple(steps))

    def to_params(self) -> dict[str, str | None]:
        """Every drill parameter: the path's values, None for the levels below it (to clear them)."""
        values = dict(self.steps)
        return {PARAMS[level]: values.get(level) for level in PATH_LEVELS}

    @property
    def level(self) -> str:
        """The level the user is looking at ('national' before any drill)."""
        return self.steps[-1][0] if self.steps else "national"

    @property
    def child_level(self) -> str:
        """The level of the groups shown as children (teams below a department)."""
        return DRILL_LEVELS[DRILL_LEVELS.index(self.level) + 1]

    @property
    def can_drill(self) -> bool:
        """Whether a child can be drilled into (teams open their scorecard instead)."""
        return self.child_level != "team"

    def down(self, value: str) -> DrillPath:
        return DrillPath((*self.steps, (self.child_level, value)))

    def up_to(self, depth: int) -> DrillPath:
        """The path cut to its first ``depth`` steps (0 = nation)."""
        return DrillPath(self.steps[:depth])

    def scope(self, filters: Filters) -> Filters:
        """``filters`` narrowed to the drilled-into group."""
        return filters.intersect(Filters(**{_FILTER_FIELD[level]: (value,) for level, value in self.steps}))

    def crumbs(self) -> list[tuple[str, DrillPath]]:
        """Breadcrumb labels with the path each one goes back to, from the nation down."""
        out = [("Nation", DrillPath())]
        for depth, (level, value) in enumerate(self.steps, start=1):
            out.append((f"{HIERARCHY_LABELS[level]} {value}", self.up_to(depth)))
        return out

    @property
    def title(self) -> str:
        return self.crumbs()[-1][0]

    def starts_with(self, floor: DrillPath) -> bool:
        """Whether this path goes through ``floor`` (is at or below it)."""
        return self.steps[: len(floor.steps)] == floor.steps


@dataclass(frozen=True)
class OverviewView:
    """What the overview shows: the drilled-into scope at the last quarter of the chosen range."""

    path: DrillPath
    scope: Filters  # the drilled-into group, without a quarter range (every query names its quarters)
    range_quarters: list[date]  # assessed quarters in the chosen range (trends, card sparklines)
    up_to_quarter: list[date]  # every assessed quarter up to the last one of the range
    team_rows: bool  # whether the viewer may see team-level rows
    target: float  # the high-performing target share

    @property
    def quarter(self) -> date:
        return self.range_quarters[-1]

    @property
    def child(self) -> str:
        return self.path.child_level

    @property
    def where(self) -> str:
        """Chart subtitles: 'Region North · 2025 Q2'."""
        return f"{self.path.title} · {quarter_label(self.quarter)}"

    @property
    def key(self) -> str:
        """Part of widget keys, so widgets start afresh at each drill level."""
        return "_".join(value for _, value in self.path.steps) or "nation"

    @property
    def hides_teams(self) -> bool:
        """Whether the children are teams the viewer may not see."""
        return self.child == "team" and not self.team_rows


def home_path(db: Database, scope: Filters) -> DrillPath:
    """Where a scope of one region, service area or facility sits in the drill path (with the levels
    above it, read from the teams): where its leader lands. The nation for any other scope."""
    named = [(level, getattr(scope, _FILTER_FIELD[level])) for level in PATH_LEVELS]
    named = [(level, values) for level, values in named if values]
    if len(named) != 1 or len(named[0][1]) != 1 or scope.team_ids or scope.labor_partners:
        return DrillPath()
    level, (value,) = named[0]
    above = PATH_LEVELS[: PATH_LEVELS.index(level)]
    if not above:
        return DrillPath(((level, value),))
    # column names from the fixed PATH_LEVELS; the value is a bound parameter
    rows = db.rows(f"SELECT DISTINCT {', '.join(above)} FROM teams WHERE {level} = ?", [value])
    return DrillPath((*zip(above, rows[0], strict=True), (level, value))) if len(rows) == 1 else DrillPath()


def breakdown_below(scope: Filters) -> str:
    """The hierarchy level a page breaks down by first for this scope: the one below its deepest
    single region, service area or facility (a Georgia leader's Explorer opens by service area, not
    on one region's line); regions for any other scope."""
    single = [step for step in PATH_LEVELS[:-1] if len(getattr(scope, _FILTER_FIELD[step])) == 1]
    return DRILL_LEVELS[DRILL_LEVELS.index(single[-1]) + 1] if single else "region"


def valid_path(db: Database, filters: Filters, path: DrillPath) -> DrillPath:
    """The longest leading part of ``path`` whose every value exists within ``filters``."""
    for depth, (level, value) in enumerate(path.steps):
        within = path.up_to(depth).scope(filters)
        if value not in catalog.hierarchy_options(db, level, within):
            return path.up_to(depth)
    return path


def child_levels_below(path: DrillPath, team_rows: bool) -> list[str]:
    """Groupings below the current path (for the funnel and heatmap), teams only with access."""
    below = list(DRILL_LEVELS[DRILL_LEVELS.index(path.level) + 1 :])
    return below if team_rows else [level for level in below if level != "team"]


def card_quarters(quarter: date) -> tuple[date, date, date]:
    """The quarter shown, the previous quarter and the same quarter a year earlier."""
    return quarter, shift_quarters(quarter, -1), shift_quarters(quarter, -4)


def versus(quarter: date) -> str:
    """What a card's change compares with, short enough for a narrow card: 'vs 2025 Q1'."""
    return f"vs {quarter_label(quarter)}"


# Short headers for the index table (tables show every component side by side); the full names
# are the columns' help texts.
INDEX_HEADERS = {
    "high_performing": "Level 4–5",
    "progress": "Improving",
    "on_time_training": "On time",
    "just_culture": "Just Culture",
}


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    vs_previous: str | None
    vs_year_ago: str | None
    trend: list[float]
    note: str
    change: float | None  # raw change vs the previous quarter (None when either is missing)

    @property
    def delta_color(self) -> str:
        """Streamlit delta colour: green for better, red for worse, grey for no change or no direction."""
        better = MEASURES[self.key].higher_is_better
        if better is None or not self.moved:
            return "off"
        return "normal" if better else "inverse"

    @property
    def moved(self) -> bool:
        """Whether the change vs the previous quarter is not zero as shown (arrow and colour)."""
        return is_signed(self.vs_previous)


def headline_cards(
    table: pd.DataFrame, quarter: date, trend_quarters: Sequence[date], keys: Sequence[str] = CARD_MEASURES
) -> list[Card]:
    """Cards for one scope from a ``report.group_table`` with one group ('national' grouping)."""
    by_quarter = table.set_index("quarter").to_dict("index")
    now, previous, year_ago = card_quarters(quarter)

    def value(key: str, when: date) -> float | None:
        return by_quarter[when][key] if when in by_quarter else None

    cards = []
    for key in keys:
        trend = [value(key, q) for q in trend_quarters]
        shown, note = format_value(key, value(key, now)), ""
        if key in ("moved_up_share", "moved_down_share"):
            compared = int(value("compared_teams", now) or 0)
            note = f"of {compared:,} team{'s' if compared != 1 else ''} that also had a level four quarters earlier"
        elif MEASURES[key].people and value("training_suppressed", now):
            shown, note = "suppressed", f"fewer than {min_group_size()} people with assignments"
        cards.append(
            Card(
                key,
                MEASURES[key].label,
                shown,
                format_change(key, value(key, now), value(key, previous)),
                format_change(key, value(key, now), value(key, year_ago)),
                [float(v) for v in trend if v is not None and not pd.isna(v)],
                note,
                difference(value(key, now), value(key, previous)),
            )
        )
    return cards


def card_help(card: Card) -> str:
    """A card's help: what the measure is, and its note."""
    axis = MEASURES[card.key].axis
    return f"{axis}. {card.note}".strip(". ") if card.note else axis


def card_caption(card: Card, year_ago: date) -> str:
    """The line under a card: the change over a year, and its note."""
    return f"A year ago ({quarter_label(year_ago)}): {card.vs_year_ago or 'no figure'}" + (
        f" · {card.note}" if card.note else ""
    )


# Columns of the child-groups table, in order (``training`` says why a training figure is missing).
CHILD_COLUMNS = [
    "label",
    *report.REPORT_COLUMNS[1:],
    "training",
    "moved_up_share",
    "moved_down_share",
    "compared_teams",
]


def child_rows(kids: pd.DataFrame) -> pd.DataFrame:
    """The child groups' table as shown: ``CHILD_COLUMNS`` of a ``report.report_table``."""
    return kids.assign(training=[suppressed_label() if s else "" for s in kids["training_suppressed"]])[
        CHILD_COLUMNS
    ]


def movement_note() -> str:
    """What the child table's movement and training columns count."""
    return (
        "Moved up / moved down: share of the assessed teams that also had a level four quarters earlier "
        "(the compared teams); teams without a level a year earlier are left out of that share. "
        f"Training figures about fewer than {min_group_size()} people are suppressed."
    )


def funnel_note(points: pd.DataFrame, average_of: str = "the selection", listed: int = 12) -> str:
    """How to read the funnel plot: what it compares with, the groups outside the 99.8% limits (up to
    ``listed``), and why a group can be outside at one level and inside at another."""
    outside = points[points["position"].str.contains("99.8")]
    if len(outside):
        more = " and more (hover the points)." if len(outside) > listed else "."
        words = [
            f"{label} ({position.split()[0]})"
            for label, position in zip(outside["label"], outside["position"], strict=True)
        ]
        named = f"Outside the 99.8% limits ({len(outside)}): {', '.join(words[:listed])}{more}"
    else:
        named = "No group is outside the 99.8% limits."
    return (
        f"Each point is compared with the average of {average_of}, not with the target: a group above the line "
        "can still be below the target. Points outside the dotted 99.8% limits differ from that average by more "
        "than chance would explain; inside the dashed 95% limits, differences are within what chance produces "
        f"for groups of that size. {named} A group can be outside at one level and inside one level down "
        "(or the reverse): each drill level compares with its own average, and smaller groups have wider limits."
    )
