"""The leaders' overview as shown, without Streamlit: drill path through the hierarchy, cards, notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics import catalog, report
from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.vocabulary.hierarchy import FILTER_LEVELS, GROUP_LEVELS, NATION, TEAM, below, child, level
from lmp_metrics.vocabulary.measures import OVERVIEW, high_levels
from lmp_metrics.vocabulary.quarters import quarter_label, shift_quarters

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
    """Where the user has drilled to: ((level, value), …) from the region down, in order.

    A path steps through the hierarchy's group levels (region … department, each with its URL
    parameter ``drill_<level>``); its children are the next level down (teams below a department).
    """

    steps: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, get: Callable[[str], str | None]) -> DrillPath:
        """Read ``drill_<level>`` parameters top-down, stopping at the first one missing."""
        steps = []
        for step in GROUP_LEVELS:
            value = get(step.drill_param)
            if not value:
                break
            steps.append((step.key, value))
        return cls(tuple(steps))

    def to_params(self) -> dict[str, str | None]:
        """Every drill parameter: the path's values, None for the levels below it (to clear them)."""
        values = dict(self.steps)
        return {step.drill_param: values.get(step.key) for step in GROUP_LEVELS}

    @property
    def level(self) -> str:
        """The level the user is looking at ('national' before any drill)."""
        return self.steps[-1][0] if self.steps else NATION.key

    @property
    def child_level(self) -> str:
        """The level of the groups shown as children (teams below a department)."""
        return child(self.level).key

    @property
    def can_drill(self) -> bool:
        """Whether a child can be drilled into (teams open their scorecard instead)."""
        return self.child_level != TEAM.key

    def down(self, value: str) -> DrillPath:
        return DrillPath((*self.steps, (self.child_level, value)))

    def up_to(self, depth: int) -> DrillPath:
        """The path cut to its first ``depth`` steps (0 = nation)."""
        return DrillPath(self.steps[:depth])

    def scope(self, filters: Filters) -> Filters:
        """``filters`` narrowed to the drilled-into group."""
        return filters.intersect(Filters(**{level(key).filter_field: (value,) for key, value in self.steps}))

    def crumbs(self) -> list[tuple[str, DrillPath]]:
        """Breadcrumb labels with the path each one goes back to, from the nation down."""
        out = [(NATION.label, DrillPath())]
        for depth, (key, value) in enumerate(self.steps, start=1):
            out.append((f"{level(key).label} {value}", self.up_to(depth)))
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
    quarters: list[date]  # assessed quarters in the chosen range (trends, card sparklines)
    history: list[date]  # every assessed quarter up to the last one of the range (year-ago cards)
    team_rows: bool  # whether the viewer may see team-level rows
    target: float  # the high-performing target share

    @property
    def quarter(self) -> date:
        return self.quarters[-1]

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
        return self.child == TEAM.key and not self.team_rows


def home_path(db: Database, scope: Filters) -> DrillPath:
    """Where a scope of one region, service area or facility sits in the drill path (with the levels
    above it, read from the teams): where its leader lands. The nation for any other scope."""
    named = [(step, getattr(scope, step.filter_field)) for step in GROUP_LEVELS]
    named = [(step, values) for step, values in named if values]
    others = [
        found for found in FILTER_LEVELS if found not in GROUP_LEVELS and getattr(scope, found.filter_field)
    ]
    if len(named) != 1 or len(named[0][1]) != 1 or others:
        return DrillPath()
    step, (value,) = named[0]
    above = GROUP_LEVELS[: GROUP_LEVELS.index(step)]
    if not above:
        return DrillPath(((step.key, value),))
    # column names from the hierarchy; the value is a bound parameter
    columns = ", ".join(found.column for found in above)
    rows = db.rows(f"SELECT DISTINCT {columns} FROM teams WHERE {step.column} = ?", [value])
    keys = [found.key for found in above]
    return DrillPath((*zip(keys, rows[0], strict=True), (step.key, value))) if len(rows) == 1 else DrillPath()


def breakdown_below(scope: Filters) -> str:
    """The hierarchy level a page breaks down by first for this scope: the one below its deepest
    single region, service area or facility (a Georgia leader's Explorer opens by service area, not
    on one region's line); regions for any other scope."""
    single = [step for step in GROUP_LEVELS[:-1] if len(getattr(scope, step.filter_field)) == 1]
    return child(single[-1].key).key if single else GROUP_LEVELS[0].key


def valid_path(db: Database, filters: Filters, path: DrillPath) -> DrillPath:
    """The longest leading part of ``path`` whose every value exists within ``filters``."""
    for depth, (key, value) in enumerate(path.steps):
        within = path.up_to(depth).scope(filters)
        if value not in catalog.hierarchy_options(db, key, within):
            return path.up_to(depth)
    return path


def child_levels_below(path: DrillPath, team_rows: bool) -> list[str]:
    """Groupings below the current path (for the funnel and heatmap), teams only with access."""
    return [lower.key for lower in below(path.level) if team_rows or lower is not TEAM]


def card_quarters(quarter: date) -> tuple[date, date, date]:
    """The quarter shown, the previous quarter and the same quarter a year earlier."""
    return quarter, shift_quarters(quarter, -1), shift_quarters(quarter, -4)


def versus(quarter: date) -> str:
    """What a card's change compares with, short enough for a narrow card: 'vs 2025 Q1'."""
    return f"vs {quarter_label(quarter)}"


# Short headers for the index table (tables show every component side by side); the full names
# are the columns' help texts.
INDEX_HEADERS = {
    "high_performing": f"Level {high_levels()}",
    "progress": "Improving",
    "on_time_training": "On time",
    "just_culture": "Just Culture",
}


def headline_cards(
    table: pd.DataFrame, quarter: date, trend_quarters: Sequence[date], keys: Sequence[str] = CARD_MEASURES
) -> list[HeadlineCard]:
    """Cards for one scope from a ``report.group_table`` with one group ('national' grouping): each
    measure's value, its change vs the previous quarter and over a year, and its trend."""
    by_quarter = table.set_index("quarter").to_dict("index")
    now, previous, year_ago = card_quarters(quarter)

    def value(key: str, when: date) -> float | None:
        return by_quarter[when][key] if when in by_quarter else None

    cards = []
    for key in keys:
        measure = OVERVIEW[key]
        trend = [value(key, q) for q in trend_quarters]
        shown, note = measure.text(value(key, now)), ""
        if key in ("moved_up_share", "moved_down_share"):
            compared = int(value("compared_teams", now) or 0)
            note = f"of {compared:,} team{'s' if compared != 1 else ''} that also had a level four quarters earlier"
        elif measure.people_based and value("training_suppressed", now):
            shown, note = "suppressed", f"fewer than {min_group_size()} people with assignments"
        year_change = measure.formats.change(value(key, now), value(key, year_ago))
        cards.append(
            HeadlineCard(
                measure.short,
                shown,
                change=measure.formats.change(value(key, now), value(key, previous)),
                versus=versus(previous),
                higher_is_better=measure.higher_is_better,
                caption=f"A year ago ({quarter_label(year_ago)}): {year_change or 'no figure'}"
                + (f" · {note}" if note else ""),
                help=f"{measure.axis_title}. {note}".strip(". ") if note else measure.axis_title,
                trend=tuple(float(v) for v in trend if v is not None and not pd.isna(v)),
                year_change=year_change,
                key=key,
            )
        )
    return cards


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
