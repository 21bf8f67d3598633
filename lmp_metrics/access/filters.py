"""Filters shared by every page, the CLI and exports, turned into ``(where_sql, params)``.

Column names come from the hierarchy (``vocabulary.hierarchy``); user-chosen values only ever
travel as bound parameters. Every mart carries the team hierarchy columns, so one filter applies
to all of them. ``Filters`` has one tuple field per filterable level (``regions``,
``service_areas`` …, ``labor_partners``): adding a level to the hierarchy adds its field here.
The quarter range is one more field, ``quarters`` (a ``QuarterRange``), kept apart from that
team scope: ``without_range()`` drops it for queries that name their quarters themselves.
"""

from __future__ import annotations

from dataclasses import field, make_dataclass, replace

from lmp_metrics.vocabulary.hierarchy import FILTER_LEVELS, level
from lmp_metrics.vocabulary.quarters import QuarterRange

_NO_ACCESS = "\x00no-access\x00"  # a value no team has: an empty intersection matches nothing


class _FilterMethods:
    """What ``Filters`` can do; its fields are made from the hierarchy below."""

    def team_where(self, alias: str = "") -> tuple[str, list]:
        """SQL condition (``TRUE`` when unrestricted) on the hierarchy columns, with params."""
        clauses, params = [], []
        for restricted in FILTER_LEVELS:
            values = getattr(self, restricted.filter_field)
            if values:
                column = restricted.column_of(alias) if alias else restricted.column
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        return (" AND ".join(clauses) or "TRUE"), params

    def where(self, alias: str = "", quarter_column: str | None = "quarter") -> tuple[str, list]:
        """Both conditions joined: team hierarchy and (if given) the quarter column."""
        team_sql, team_params = self.team_where(alias)
        if quarter_column is None:
            return team_sql, team_params
        prefix = f"{alias}." if alias else ""
        quarter_sql, quarter_params = self.quarters.where(prefix + quarter_column)
        return f"({team_sql}) AND ({quarter_sql})", team_params + quarter_params

    def narrowed(self, **changes: object) -> Filters:
        """A copy with some fields replaced (e.g. a drill-down into one region)."""
        return replace(self, **changes)

    def without_range(self) -> Filters:
        """The team scope alone, every quarter (for queries that name their quarters, and cache keys)."""
        return replace(self, quarters=QuarterRange())

    def intersect(self, allowed: Filters) -> Filters:
        """These filters limited to what ``allowed`` permits (used for access scopes)."""
        changes = {}
        for restricted in FILTER_LEVELS:
            name = restricted.filter_field
            mine, theirs = getattr(self, name), getattr(allowed, name)
            if theirs:
                changes[name] = tuple(v for v in mine if v in theirs) if mine else theirs
                if mine and not changes[name]:
                    changes[name] = (_NO_ACCESS,)
        return replace(self, **changes)


Filters = make_dataclass(
    "Filters",
    [
        *[(lvl.filter_field, tuple[str, ...], field(default=())) for lvl in FILTER_LEVELS],
        ("quarters", QuarterRange, field(default=QuarterRange())),
    ],
    bases=(_FilterMethods,),
    frozen=True,
    kw_only=True,
    namespace={
        "__module__": __name__,
        "__doc__": 'Which teams and quarters a figure covers. Empty tuples mean "no restriction".',
    },
)


def group_column(by: str) -> str:
    """SQL expression naming the group for a breakdown; ``by`` must be a known grouping."""
    return level(by).column
