"""Each person lands in their own view: a scoped leader's overview and home open at their scope, a
co-lead of one team lands on its scorecard; index weights come back from the URL.

On the hand-made fixture of ``overview_fixture.py`` (North: T1–T3; South: T4–T6 in SF1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lmp_metrics.access.filters import Filters
from lmp_metrics.core.database import Database
from lmp_metrics.views.overview import DrillPath, breakdown_below, home_path
from tests.overview_fixture import make_overview_db
from tests.page_support import metrics, run_page, texts

GRANTS = [
    {"identity": "north@kp.org", "role": "leader", "scope": "region:North"},
    {"identity": "sf1@kp.org", "role": "leader", "scope": "facility:SF1"},
    {"identity": "both@kp.org", "role": "leader", "scope": "region:North"},
    {"identity": "both@kp.org", "role": "leader", "scope": "region:South"},
    {"identity": "colead@kp.org", "role": "co-lead", "scope": "team:T5"},
    {"identity": "admin@x", "role": "admin", "scope": "national"},
]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_overview_db(tmp_path_factory.mktemp("landing") / "overview.duckdb", GRANTS)


def test_home_path_of_a_scope(db_path: Path) -> None:
    with Database(db_path, read_only=True) as db:
        assert home_path(db, Filters(regions=("North",))) == DrillPath((("region", "North"),))
        assert home_path(db, Filters(facilities=("SF1",))) == DrillPath(
            (("region", "South"), ("service_area", "South SA"), ("facility", "SF1"))
        )
        assert home_path(db, Filters()) == DrillPath()
        assert home_path(db, Filters(regions=("North", "South"))) == DrillPath()  # two regions: the nation


def test_pages_break_down_below_the_callers_scope() -> None:
    assert breakdown_below(Filters()) == "region"
    assert breakdown_below(Filters(regions=("North",))) == "service_area"
    assert breakdown_below(Filters(regions=("North",), service_areas=("North SA",))) == "facility"
    assert breakdown_below(Filters(facilities=("SF1",))) == "department"
    assert breakdown_below(Filters(regions=("North", "South"))) == "region"


def test_the_explorer_of_a_regional_leader_opens_by_service_area(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("explorer", db_path, monkeypatch, who="north@kp.org")
    assert next(s for s in app.selectbox if s.label == "Breakdown").value == "service_area"


def test_a_regional_leader_lands_on_their_region(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("overview", db_path, monkeypatch, who="north@kp.org")
    headings = [h.value for h in app.subheader]
    assert "Region North · 2025 Q2" in headings and "Service areas in North" in headings
    assert metrics(app)["Assessed teams"] == "3"  # T1, T2, T3
    assert "Figures within your access: **North**." in texts(app.caption)
    # the breadcrumb cannot go above the leader's own region
    crumbs = {b.label: b.disabled for b in app.button if b.key and b.key.startswith("crumb_")}
    assert crumbs == {"Nation": True, "Region North": True}


def test_a_facility_leader_lands_on_the_facility(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("overview", db_path, monkeypatch, who="sf1@kp.org")
    assert "Facility SF1 · 2025 Q2" in [h.value for h in app.subheader]
    assert metrics(app)["Assessed teams"] == "3"  # T4, T5, T6


def test_a_national_leader_still_opens_on_the_nation(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("overview", db_path, monkeypatch, who="both@kp.org")  # two regions: no single home
    assert "Nation · 2025 Q2" in [h.value for h in app.subheader]


def test_home_shows_the_callers_scope(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("home", db_path, monkeypatch, who="north@kp.org")
    assert "Your view: North" in [h.value for h in app.subheader]
    assert metrics(app)["Open teams"] == "3"  # North's three teams, not the nation's six
    assert metrics(app)["Staff"] == "12"  # 5 + 4 + 3 people


def test_a_co_lead_of_one_team_lands_on_its_scorecard(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("scorecard", db_path, monkeypatch, who="colead@kp.org")
    assert app.query_params["team"] == "T5"
    assert "Team 5" in [h.value for h in app.subheader]
    assert "No team chosen yet" not in texts(app.info)


def test_index_weights_come_back_from_the_url(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(
        "overview",
        db_path,
        monkeypatch,
        tab="Effectiveness index",
        w_just_culture="0",
        w_on_time_training="0",
    )
    caption = next(c.value for c in app.caption if c.value.startswith("Weights are scaled"))
    assert "High-performing teams 50%" in caption and "Just Culture (People Pulse) 0%" in caption
    app.slider(key="w_high_performing").set_value(75).run()
    assert app.query_params["w_high_performing"] == "75"
    app.slider(key="w_high_performing").set_value(25).run()  # the default leaves the URL
    assert "w_high_performing" not in app.query_params
