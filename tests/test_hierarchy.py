"""The hierarchy vocabulary: every derived table against hand-written expectations."""

from __future__ import annotations

import pytest

from lmp_metrics.vocabulary import hierarchy as h


def test_levels_top_down_with_their_columns_labels_and_plurals() -> None:
    assert [(lvl.key, lvl.column, lvl.label, lvl.plural) for lvl in h.LEVELS] == [
        ("national", "'National'", "Nation", "Nation"),
        ("region", "region", "Region", "Regions"),
        ("service_area", "service_area", "Service area", "Service areas"),
        ("facility", "facility", "Facility", "Facilities"),
        ("department", "department", "Department", "Departments"),
        ("team", "team_id", "Team", "Teams"),
    ]
    assert (h.LABOR_PARTNER.column, h.LABOR_PARTNER.label) == ("labor_partner", "Labor partner")


def test_one_spelling_per_role_for_labor_partner() -> None:
    assert h.LABOR_PARTNER.key == "labor_partner"  # column and breakdown key
    assert h.LABOR_PARTNER.filter_field == "labor_partners"  # Filters field
    assert h.LABOR_PARTNER.url_param == "partner"  # sidebar URL parameter, as links have it


def test_derived_tables() -> None:
    assert list(h.GROUPINGS) == [
        "national",
        "region",
        "service_area",
        "facility",
        "department",
        "team",
        "labor_partner",
    ]
    assert [lvl.key for lvl in h.GROUP_LEVELS] == ["region", "service_area", "facility", "department"]
    assert [lvl.filter_field for lvl in h.FILTER_LEVELS] == [
        "regions",
        "service_areas",
        "facilities",
        "departments",
        "team_ids",
        "labor_partners",
    ]
    assert [lvl.url_param for lvl in h.SIDEBAR_LEVELS] == ["region", "service_area", "facility", "partner"]
    assert {kind: lvl.filter_field for kind, lvl in h.SCOPE_KINDS.items()} == {
        "region": "regions",
        "service_area": "service_areas",
        "facility": "facilities",
        "team": "team_ids",
    }
    assert h.level("facility").drill_param == "drill_facility"
    assert h.labels()["service_area"] == "Service area"


def test_parent_child_and_below() -> None:
    assert h.parent("region") is h.NATION
    assert h.parent("national") is None
    assert h.parent("labor_partner") is None
    assert h.child("department") is h.TEAM
    assert h.child("team") is None
    assert [lvl.key for lvl in h.below("facility")] == ["department", "team"]
    assert h.below("labor_partner") == ()


def test_total_columns_guard_against_subtraction() -> None:
    # hand-written: the unit a breakdown's groups add up to (None: the whole selection)
    expected = {
        "national": None,
        "region": None,
        "service_area": "region",
        "facility": "service_area",
        "department": None,  # department names repeat across facilities
        "team": "facility || '/' || department",
        "labor_partner": None,
    }
    assert {key: h.total_column(key) for key in h.GROUPINGS} == expected


def test_unknown_grouping_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown grouping 'division'; choose one of national, region"):
        h.level("division")
