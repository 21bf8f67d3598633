"""Filters shared by every page, the CLI and exports, turned into ``(where_sql, params)``.

Column names come from the fixed allow-lists below; user-chosen values only ever travel as bound
parameters. Every mart carries the team hierarchy columns, so one filter applies to all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

# Levels of the team hierarchy, top to bottom, with the column that names a group at that level.
HIERARCHY: dict[str, str] = {
    "national": "'National'",
    "region": "region",
    "service_area": "service_area",
    "facility": "facility",
    "department": "department",
    "team": "team_id",
}
HIERARCHY_LABELS: dict[str, str] = {
    "national": "Nation",
    "region": "Region",
    "service_area": "Service area",
    "facility": "Facility",
    "department": "Department",
    "team": "Team",
    "labor_partner": "Labor partner",
}
GROUPINGS: dict[str, str] = {**HIERARCHY, "labor_partner": "labor_partner"}
LABOR_PARTNERS = ("Coalition", "Alliance", "Both")

# Filter field → team column it restricts.
_TEAM_COLUMNS = {
    "regions": "region",
    "service_areas": "service_area",
    "facilities": "facility",
    "departments": "department",
    "labor_partners": "labor_partner",
    "team_ids": "team_id",
}


@dataclass(frozen=True)
class Filters:
    """Which teams and quarters a figure covers. Empty tuples mean "no restriction"."""

    first_quarter: date | None = None
    last_quarter: date | None = None
    regions: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    facilities: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    labor_partners: tuple[str, ...] = ()
    team_ids: tuple[str, ...] = field(default=())

    def team_where(self, alias: str = "") -> tuple[str, list]:
        """SQL condition (``TRUE`` when unrestricted) on the hierarchy columns, with params."""
        prefix = f"{alias}." if alias else ""
        clauses, params = [], []
        for attribute, column in _TEAM_COLUMNS.items():
            values = getattr(self, attribute)
            if values:
                clauses.append(f"{prefix}{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        return (" AND ".join(clauses) or "TRUE"), params

    def quarter_where(self, column: str = "quarter") -> tuple[str, list]:
        """SQL condition on a quarter column for the chosen range, with params."""
        clauses, params = [], []
        if self.first_quarter:
            clauses.append(f"{column} >= ?")
            params.append(self.first_quarter)
        if self.last_quarter:
            clauses.append(f"{column} <= ?")
            params.append(self.last_quarter)
        return (" AND ".join(clauses) or "TRUE"), params

    def where(self, alias: str = "", quarter_column: str | None = "quarter") -> tuple[str, list]:
        """Both conditions joined: team hierarchy and (if given) the quarter column."""
        team_sql, team_params = self.team_where(alias)
        if quarter_column is None:
            return team_sql, team_params
        prefix = f"{alias}." if alias else ""
        quarter_sql, quarter_params = self.quarter_where(prefix + quarter_column)
        return f"({team_sql}) AND ({quarter_sql})", team_params + quarter_params

    def narrowed(self, **changes: object) -> Filters:
        """A copy with some fields replaced (e.g. a drill-down into one region)."""
        return replace(self, **changes)

    def intersect(self, allowed: Filters) -> Filters:
        """These filters limited to what ``allowed`` permits (used for access scopes)."""
        changes = {}
        for attribute in _TEAM_COLUMNS:
            mine, theirs = getattr(self, attribute), getattr(allowed, attribute)
            if theirs:
                changes[attribute] = tuple(v for v in mine if v in theirs) if mine else theirs
                if mine and not changes[attribute]:
                    changes[attribute] = ("\x00no-access\x00",)  # matches nothing
        return replace(self, **changes)


def group_column(by: str) -> str:
    """SQL expression naming the group for a breakdown; ``by`` must be a known grouping."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")
    return GROUPINGS[by]
