"""Authorisation rules: every role × page, scopes from grants, team checks, groupings."""

from __future__ import annotations

import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.grants import (
    PAGE_ROLES,
    ROLES,
    Access,
    AccessDenied,
    demo_identities,
    resolve_access,
    seed_demo_grants,
)
from lmp_metrics.core.database import Database
from tests.dbfixtures import insert_rows

# Hand-written expectations, independent of PAGE_ROLES: (page, role) → may open?
EXPECTED_PAGES = {
    "home": {"admin", "leader", "co-lead", "viewer"},
    "overview": {"admin", "leader", "co-lead", "viewer"},
    "what_changed": {"admin", "leader", "co-lead", "viewer"},
    "training": {"admin", "leader", "co-lead", "viewer"},
    "just_culture": {"admin", "leader", "co-lead", "viewer"},
    "projects": {"admin", "leader", "co-lead", "viewer"},
    "explorer": {"admin", "leader", "co-lead", "viewer"},
    "methods": {"admin", "leader", "co-lead", "viewer"},
    "about": {"admin", "leader", "co-lead", "viewer"},
    "scorecard": {"admin", "leader", "co-lead"},
    "sql_corner": {"admin"},
    "import_data": {"admin"},
}
TEAMS = [
    # team_id, region, service_area, facility
    ("T1", "Colorado", "Denver", "Franklin"),
    ("T2", "Colorado", "Denver", "Lafayette"),
    ("T3", "Hawaii", "Oahu", "Moanalua"),
]


@pytest.fixture
def db(empty_db: Database) -> Database:
    insert_rows(
        empty_db,
        "teams",
        [
            {
                "team_id": t,
                "team_name": f"Team {t}",
                "department": "Lab",
                "facility": f,
                "service_area": sa,
                "region": r,
                "labor_partner": "Both",
                "formed_on": "2020-01-01",
            }
            for t, r, sa, f in TEAMS
        ],
    )
    insert_rows(
        empty_db,
        "access_grants",
        [
            {"identity": "ann@kp.org", "role": "admin", "scope": "national"},
            {"identity": "lee@kp.org", "role": "leader", "scope": "region:Colorado"},
            {"identity": "lee@kp.org", "role": "viewer", "scope": "national"},
            {"identity": "mo@kp.org", "role": "leader", "scope": "facility:Moanalua"},
            {"identity": "mo@kp.org", "role": "leader", "scope": "facility:Franklin"},
            {"identity": "mix@kp.org", "role": "leader", "scope": "region:Hawaii"},
            {"identity": "mix@kp.org", "role": "leader", "scope": "facility:Franklin"},
            {"identity": "cat@kp.org", "role": "co-lead", "scope": "team:T2"},
            {"identity": "vic@kp.org", "role": "viewer", "scope": "national"},
        ],
    )
    return empty_db


@pytest.mark.parametrize("page", sorted(EXPECTED_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_page(page: str, role: str) -> None:
    assert Access("x", role).can_open(page) is (role in EXPECTED_PAGES[page])


def test_every_page_has_a_rule_and_unknown_pages_are_closed() -> None:
    assert set(PAGE_ROLES) == set(EXPECTED_PAGES)
    assert not Access("x", "admin").can_open("not_a_page")


def test_no_grant_means_no_access(db: Database) -> None:
    assert resolve_access(db, "stranger@kp.org") is None


def test_widest_role_wins_and_identity_is_case_insensitive(db: Database) -> None:
    access = resolve_access(db, "LEE@kp.org")
    assert access.role == "leader"
    assert access.scope == Filters(regions=("Colorado",))


def test_leader_scoped_to_two_facilities_sees_their_union(db: Database) -> None:
    assert resolve_access(db, "mo@kp.org").scope == Filters(facilities=("Franklin", "Moanalua"))


def test_leader_scoped_at_two_levels_sees_teams_under_either(db: Database) -> None:
    assert resolve_access(db, "mix@kp.org").scope == Filters(team_ids=("T1", "T3"))


def test_scope_narrows_filters_and_refuses_out_of_scope_choices(db: Database) -> None:
    access = resolve_access(db, "lee@kp.org")
    assert access.limit(Filters()) == Filters(regions=("Colorado",))
    where, params = access.limit(Filters(regions=("Hawaii",))).team_where()
    assert db.scalar(f"SELECT count(*) FROM teams WHERE {where}", params) == 0


@pytest.mark.parametrize(
    ("identity", "team", "allowed"),
    [
        ("ann@kp.org", "T3", True),  # admin: everything
        ("lee@kp.org", "T1", True),  # Colorado leader, Colorado team
        ("lee@kp.org", "T3", False),  # Colorado leader, Hawaii team
        ("mo@kp.org", "T2", False),  # facility leader, other facility
        ("cat@kp.org", "T2", True),  # co-lead, own team
        ("cat@kp.org", "T1", False),  # co-lead, another team
        ("vic@kp.org", "T1", False),  # viewer: no team rows at all
    ],
)
def test_team_scorecards_by_role_and_scope(db: Database, identity: str, team: str, allowed: bool) -> None:
    access = resolve_access(db, identity)
    if allowed:
        access.check_team(db, team)
    else:
        with pytest.raises(AccessDenied, match="outside your access"):
            access.check_team(db, team)


@pytest.mark.parametrize(
    ("role", "allowed"), [("admin", True), ("leader", True), ("co-lead", False), ("viewer", False)]
)
def test_team_breakdowns_only_for_team_level_roles(role: str, allowed: bool) -> None:
    access = Access("x", role)
    access.check_grouping("region")
    if allowed:
        access.check_grouping("team")
    else:
        with pytest.raises(AccessDenied):
            access.check_grouping("team")


def test_demo_grants_cover_every_role(db: Database) -> None:
    insert_rows(
        db,
        "staff",
        [
            {"person_id": f"P{i}", "team_id": "T2", "role": "employee", "labor_group": "Coalition"}
            for i in range(11)
        ],
    )
    seed_demo_grants(db)
    roles = {resolve_access(db, identity).role for identity, _ in demo_identities(db)}
    assert roles == set(ROLES)
    assert resolve_access(db, "co-lead@demo.lmp").own_team_ids == ("T2",)
    assert resolve_access(db, "regional.leader@demo.lmp").scope == Filters(regions=("Hawaii",))
