"""Roles, scopes and the rules of who sees what. Enforced here, in the data layer.

- ``admin``: every page (imports, saved views), national scope.
- ``leader``: every page but Import, limited to the granted region / service area / facility.
- ``co-lead``: their own team's scorecard in full; everything else aggregated (no team rows).
- ``viewer``: aggregates only: no team-level rows, no scorecards, no SQL corner.

An identity may hold several grants; the widest role wins and scopes of that role are combined.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.vocabulary.hierarchy import NATION, SCOPE_KINDS, TEAM

ROLES = ("admin", "leader", "co-lead", "viewer")  # widest first

# page key (file stem in pages/) → roles that may open it
PAGE_ROLES: dict[str, frozenset[str]] = {
    "home": frozenset(ROLES),
    "overview": frozenset(ROLES),
    "what_changed": frozenset(ROLES),
    "training": frozenset(ROLES),
    "just_culture": frozenset(ROLES),
    "projects": frozenset(ROLES),
    "explorer": frozenset(ROLES),
    "methods": frozenset(ROLES),
    "about": frozenset(ROLES),
    "scorecard": frozenset({"admin", "leader", "co-lead"}),
    # free SQL over person-level rows can always difference two queries: only for the role entitled
    # to the underlying data (every other page reads the disclosure marks)
    "sql_corner": frozenset({"admin"}),
    "import_data": frozenset({"admin"}),
}
# roles that may save a new index method on the Compare methods page (everyone may read them)
METHOD_AUTHORS = frozenset({"admin", "leader"})
# groupings that name a single team: only roles with team-level access may break down by them
TEAM_LEVEL_GROUPINGS = frozenset({TEAM.key})


class AccessDenied(Exception):
    """Raised when a caller asks for data outside their role or scope."""


@dataclass(frozen=True)
class Access:
    """What one signed-in identity may see."""

    identity: str
    role: str
    scope: Filters = field(default_factory=Filters)  # empty = national
    own_team_ids: tuple[str, ...] = ()

    @property
    def is_national(self) -> bool:
        return self.scope == Filters()

    def can_open(self, page: str) -> bool:
        """Whether this role may open the page with this key (file stem)."""
        return self.role in PAGE_ROLES.get(page, frozenset())

    def can_see_team_rows(self) -> bool:
        """Team-level rows (drill to team, team breakdowns, scorecards of any team in scope)."""
        return self.role in ("admin", "leader")

    def limit(self, filters: Filters) -> Filters:
        """The caller's filters narrowed to their scope (co-leads and viewers keep national scope
        for aggregates; their restriction is on team-level rows)."""
        return filters.intersect(self.scope)

    def check_grouping(self, by: str) -> None:
        """Refuse a breakdown whose rows are single teams for roles without team-level access."""
        if by in TEAM_LEVEL_GROUPINGS and not self.can_see_team_rows():
            raise AccessDenied("Team-level figures are outside your access; choose a wider grouping.")

    def check_team(self, db: Database, team_id: str) -> None:
        """Refuse a team scorecard outside the caller's access (own team for co-leads)."""
        if self.role == "co-lead":
            allowed = team_id in self.own_team_ids
        elif self.role == "viewer":
            allowed = False
        else:
            where, params = self.scope.team_where()
            allowed = bool(
                db.scalar(f"SELECT count(*) FROM teams WHERE team_id = ? AND {where}", [team_id, *params])
            )
        if not allowed:
            raise AccessDenied(
                "This team is outside your access. Ask your partnership office if you need it."
            )


def parse_scope(scope: str) -> tuple[str, str | None]:
    """``'region:Colorado'`` → ``('region', 'Colorado')``; ``'national'`` → ``('national', None)``."""
    if scope == NATION.key:
        return NATION.key, None
    level, _, value = scope.partition(":")
    if level not in SCOPE_KINDS or not value:
        raise ValueError(f"unknown scope {scope!r}")
    return level, value


def scope_filters(level: str, value: str | None) -> Filters:
    """The Filters of a parsed scope (``parse_scope``): no restriction for the nation."""
    return Filters() if level == NATION.key else Filters(**{SCOPE_KINDS[level].filter_field: (value,)})


def resolve_access(db: Database, identity: str) -> Access | None:
    """The Access of an identity from ``access_grants``, or None when it holds no grant."""
    rows = db.rows("SELECT role, scope FROM access_grants WHERE lower(identity) = lower(?)", [identity])
    if not rows:
        return None
    role = min((r for r, _ in rows), key=ROLES.index)
    scopes = [parse_scope(s) for r, s in rows if r == role]
    own_teams = tuple(sorted(v for level, v in scopes if level == TEAM.scope_kind))
    if role in ("admin", "co-lead", "viewer") or any(level == NATION.key for level, _ in scopes):
        return Access(identity, role, Filters(), own_teams)
    # A leader scoped to several units sees their union; mixing levels narrows to teams under any.
    values: dict[str, list[str]] = {}
    for level, value in scopes:
        values.setdefault(SCOPE_KINDS[level].filter_field, []).append(value)
    if len(values) > 1:
        where = " OR ".join(f"{SCOPE_KINDS[lvl].column} = ?" for lvl, _ in scopes)
        ids = [r[0] for r in db.rows(f"SELECT team_id FROM teams WHERE {where}", [v for _, v in scopes])]
        return Access(identity, role, Filters(team_ids=tuple(sorted(ids)) or ("\x00none\x00",)), own_teams)
    ((attribute, chosen),) = values.items()
    return Access(identity, role, Filters(**{attribute: tuple(sorted(chosen))}), own_teams)


def has_any_grants(db: Database) -> bool:
    """Whether any access has been granted at all (a new, empty database has none)."""
    return bool(db.scalar("SELECT count(*) FROM access_grants"))


def demo_identities(db: Database) -> list[tuple[str, str]]:
    """(identity, description) of the demo grants, for the demo-mode identity picker."""
    rows = db.rows(
        "SELECT identity, string_agg(role || ' · ' || scope, ', ' ORDER BY scope) FROM access_grants "
        "WHERE identity LIKE '%@demo.lmp' GROUP BY identity ORDER BY min(CASE role WHEN 'admin' THEN 0 "
        "WHEN 'leader' THEN 1 WHEN 'co-lead' THEN 2 ELSE 3 END), identity"
    )
    return [(identity, description) for identity, description in rows]


def seed_demo_grants(db: Database) -> None:
    """One demo identity per role (and a regional leader), chosen from the data itself."""
    region = db.scalar("SELECT region FROM teams GROUP BY region ORDER BY count(*), region LIMIT 1")
    # The co-lead's team: an open team of 11+ members with the longest level history (so the demo
    # scorecard has something to show); among equals the highest id, leaving the lowest to tests.
    team = db.scalar(
        "WITH members AS (SELECT team_id, count(*) AS people FROM staff GROUP BY team_id) "
        "SELECT t.team_id FROM teams t JOIN members m USING (team_id) "
        "LEFT JOIN team_quarter_levels l USING (team_id) "
        "WHERE t.closed_on IS NULL AND m.people >= 11 "
        "GROUP BY t.team_id ORDER BY count(l.quarter) DESC, t.team_id DESC LIMIT 1"
    )
    grants = [
        ("admin@demo.lmp", "admin", "national"),
        ("leader@demo.lmp", "leader", "national"),
        ("viewer@demo.lmp", "viewer", "national"),
    ]
    if region:
        grants.append(("regional.leader@demo.lmp", "leader", f"region:{region}"))
    if team:
        grants.append(("co-lead@demo.lmp", "co-lead", f"team:{team}"))
    db.connection.executemany("INSERT INTO access_grants VALUES (?, ?, ?) ON CONFLICT DO NOTHING", grants)
