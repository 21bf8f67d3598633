"""The team hierarchy (nation → region → service area → facility → department → team) and the
labor-partner split: one definition that every other table of levels is derived from.

Per level: the SQL column naming a group, label, plural, the ``Filters`` field that restricts it,
the sidebar URL parameter, and the grant scope kind (``region:Colorado``). Order gives parent and
child. Labor partner is a grouping across the hierarchy, not a level of it.

How to add a level (say "division" between service area and facility): add one line to
``LEVELS`` in its place, e.g. ``Level("division", "division", "Division", "Divisions",
"divisions", url_param="division", scope_kind="division")``; the teams table and the marts
need a ``division`` column (data contract). ``Filters`` gets a ``divisions`` field, the sidebar a
filter, the overview a drill step, grants a ``division:`` scope, and every breakdown picker
and label the new level, from this line. ``tests/test_hierarchy.py`` shows it end to end.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One level of the hierarchy (or the labor-partner grouping)."""

    key: str  # the name code uses: breakdown keys ``by=``, drill steps, grants
    column: str  # SQL expression on a team-level table naming the group (code-side, never user input)
    label: str  # 'Service area'
    plural: str  # 'Service areas'
    filter_field: str | None = None  # the ``Filters`` field restricting it ('service_areas')
    url_param: str | None = None  # the sidebar filter's URL parameter (None: no sidebar filter)
    scope_kind: str | None = None  # grant scope prefix before ':' (None: cannot be granted)

    def column_of(self, alias: str) -> str:
        """The column on the table aliased ``alias`` (the nation's literal stays as it is)."""
        return self.column if self.column.startswith("'") else f"{alias}.{self.column}"

    @property
    def drill_param(self) -> str:
        """The overview's URL parameter for a drill step into this level."""
        return f"drill_{self.key}"


LEVELS: tuple[Level, ...] = (
    Level("national", "'National'", "Nation", "Nation"),
    Level("region", "region", "Region", "Regions", "regions", "region", "region"),
    Level(
        "service_area",
        "service_area",
        "Service area",
        "Service areas",
        "service_areas",
        "service_area",
        "service_area",
    ),
    Level("facility", "facility", "Facility", "Facilities", "facilities", "facility", "facility"),
    Level("department", "department", "Department", "Departments", "departments"),
    Level("team", "team_id", "Team", "Teams", "team_ids", scope_kind="team"),
)
LABOR_PARTNER = Level(
    "labor_partner", "labor_partner", "Labor partner", "Labor partners", "labor_partners", "partner"
)
LABOR_PARTNERS = ("Coalition", "Alliance", "Both")  # the values the data contract accepts

NATION, TEAM = LEVELS[0], LEVELS[-1]
GROUP_LEVELS = LEVELS[1:-1]  # region … department: groups of teams a drill path steps through
TEAM_GROUPS = (*GROUP_LEVELS, LABOR_PARTNER)  # groupings of several teams (pickers, survey breakdowns)
# every grouping a breakdown may use, by key: the hierarchy top-down, then labor partner
GROUPINGS: dict[str, Level] = {level.key: level for level in (*LEVELS, LABOR_PARTNER)}
FILTER_LEVELS = tuple(level for level in GROUPINGS.values() if level.filter_field)
SIDEBAR_LEVELS = tuple(level for level in GROUPINGS.values() if level.url_param)
SCOPE_KINDS: dict[str, Level] = {level.scope_kind: level for level in LEVELS if level.scope_kind}


def level(key: str) -> Level:
    """The level or grouping called ``key``; ``ValueError`` naming the choices otherwise."""
    try:
        return GROUPINGS[key]
    except KeyError:
        raise ValueError(f"unknown grouping {key!r}; choose one of {', '.join(GROUPINGS)}") from None


def labels() -> dict[str, str]:
    """Grouping key → label, for pickers and headers."""
    return {key: found.label for key, found in GROUPINGS.items()}


def parent(key: str) -> Level | None:
    """The level above ``key`` in the hierarchy (None for the nation and labor partner)."""
    index = _index(key)
    return LEVELS[index - 1] if index else None


def child(key: str) -> Level | None:
    """The level below ``key`` (None for teams and labor partner)."""
    index = _index(key)
    return LEVELS[index + 1] if index is not None and index + 1 < len(LEVELS) else None


def below(key: str) -> tuple[Level, ...]:
    """Every level under ``key``, top-down (region → service area … team)."""
    index = _index(key)
    return () if index is None else LEVELS[index + 1 :]


def _index(key: str) -> int | None:
    found = level(key)
    return LEVELS.index(found) if found in LEVELS else None
