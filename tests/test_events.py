"""Events: import (valid and invalid scopes), which events apply to a scope, markers on charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from lmp_metrics.access.filters import Filters
from lmp_metrics.charts.events import EVENT_AXIS, add_event_markers
from lmp_metrics.charts.overview import level_mix
from lmp_metrics.charts.surveys import index_trend_figure
from lmp_metrics.charts.training import rates_trend_figure
from lmp_metrics.core.database import Database
from lmp_metrics.core.store import open_read_only
from lmp_metrics.importer import import_file
from lmp_metrics.importer.samples import sample_files
from lmp_metrics.metrics.events import scope_events
from tests.dbfixtures import insert_rows, team_row

HEADER = "event_id,event_date,scope,kind,title,url\n"


def test_events_import_and_a_bad_scope_or_kind_is_rejected_naming_row_and_column(tmp_path: Path) -> None:
    db_path = tmp_path / "events.duckdb"
    result = import_file(db_path, "events", sample_files()["events"])
    assert (result.status, result.rows_inserted) == ("loaded", 5), result.errors
    bad = (
        HEADER
        + "E1,2025-01-01,national,agreement,Fine,\n"
        + "E2,2025-01-01,department:Pharmacy,other,Wrong level,\n"
        + "E3,2025-01-01,region:,other,No value,\n"
        + "E4,2025-01-01,national,party,Wrong kind,\n"
    )
    result = import_file(db_path, "events", bad.encode(), "events.csv")
    assert result.status == "rejected"
    errors = {(int(r), c) for r, c in zip(result.errors["row"], result.errors["column"], strict=True)}
    # data rows start at file row 2 (after the header)
    assert errors == {(3, "scope"), (4, "scope"), (5, "kind")}
    with open_read_only(db_path) as db:
        assert db.scalar("SELECT count(*) FROM events") == 5  # nothing of the bad file was written


def _fixture(db: Database) -> None:
    insert_rows(
        db,
        "teams",
        [
            team_row("T1", "R1", "F1", "D1", service_area="S1"),
            team_row("T2", "R1", "F2", "D2", service_area="S1"),
            team_row("T3", "R2", "F3", "D3", service_area="S2"),
        ],
    )
    events = [
        ("N", date(2024, 1, 15), "national"),
        ("R1", date(2024, 5, 1), "region:R1"),
        ("S1", date(2024, 6, 1), "service_area:S1"),
        ("F1", date(2024, 7, 1), "facility:F1"),
        ("R2", date(2024, 8, 1), "region:R2"),
        ("OLD", date(2019, 1, 1), "national"),
    ]
    insert_rows(
        db,
        "events",
        [
            {"event_id": e, "event_date": d, "scope": s, "kind": "other", "title": f"event {e}", "url": None}
            for e, d, s in events
        ],
    )


def test_an_event_applies_to_scopes_it_covers_entirely(empty_db: Database) -> None:
    _fixture(empty_db)

    def ids(filters: Filters, first: date | None = date(2020, 1, 1)) -> list[str]:
        return list(scope_events(empty_db, filters, first, date(2024, 12, 31))["event_id"])

    assert ids(Filters()) == ["N"]  # the nation: only national events
    assert ids(Filters(regions=("R1",))) == ["N", "R1", "S1"]  # S1 is all of R1's teams
    assert ids(Filters(facilities=("F1",))) == ["N", "R1", "S1", "F1"]
    assert ids(Filters(facilities=("F2",))) == ["N", "R1", "S1"]
    assert ids(Filters(regions=("R1", "R2"))) == ["N"]  # R1's events do not cover R2's teams
    assert ids(Filters(regions=("nowhere",))) == []
    assert ids(Filters(), first=None) == ["OLD", "N"]


def test_markers_sit_on_the_quarter_holding_the_event_and_share_one_symbol() -> None:
    events = pd.DataFrame(
        {
            "event_id": ["A", "B", "C", "D"],
            "event_date": [date(2024, 2, 1), date(2024, 3, 31), date(2024, 4, 1), date(2020, 1, 1)],
            "scope": ["national"] * 4,
            "kind": ["agreement", "bargaining", "bargaining", "other"],
            "title": ["first <11", "second", "third", "outside the chart"],
            "url": [None] * 4,
        }
    )
    distribution = pd.DataFrame(
        {
            "quarter": [date(2024, 1, 1), date(2024, 4, 1)],
            "level": [4, 4],
            "teams": [3, 5],
            "share": [1.0, 1.0],
        }
    )
    fig = level_mix(distribution, 0.75, "Nation", events)
    markers = [t for t in fig.data if t.yaxis == EVENT_AXIS]
    placed = {x: (t.marker.symbol, c[0]) for t in markers for x, c in zip(t.x, t.customdata, strict=True)}
    # A and B share 2024 Q1 (one symbol, the first event's kind; the hover lists both, escaped);
    # C is in 2024 Q2; D is before the chart's quarters and left out.
    assert placed == {"2024 Q1": ("diamond", "first &lt;11<br>second"), "2024 Q2": ("square", "third")}
    lines = [s for s in fig.layout.shapes if s.line.dash == "dot"]
    assert sorted(s.x0 for s in lines) == ["2024 Q1", "2024 Q2"]
    assert add_event_markers(fig, events.iloc[:0]) is fig


def test_training_trend_marks_the_events_of_its_quarters() -> None:
    rates = pd.DataFrame(
        {
            "quarter": [date(2024, 1, 1), date(2024, 4, 1)],
            "completion_rate": [0.5, 0.6],
            "on_time_rate": [0.4, 0.5],
            "suppressed": [False, False],
            "people": [20, 20],
            "assigned": [10, 10],
            "completed": [5, 6],
            "due": [10, 10],
            "on_time": [4, 5],
            "overdue": [1, 1],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["A"],
            "event_date": [date(2024, 5, 6)],
            "scope": ["national"],
            "kind": ["bargaining"],
            "title": ["talks open"],
            "url": [None],
        }
    )
    fig = rates_trend_figure(rates, "Nation", events)
    (marker,) = [t for t in fig.data if t.yaxis == EVENT_AXIS]
    assert list(marker.x) == ["2024 Q2"] and marker.customdata[0][0] == "talks open"


def test_just_culture_trend_marks_events_at_their_date_within_the_survey_years() -> None:
    summary = pd.DataFrame(
        {
            "group": ["National"] * 2,
            "survey_year": [2021, 2022],
            "index_name": ["just_culture"] * 2,
            "respondents": [40.0, 42.0],
            "score": [70.0, 72.0],
            "teams": [3, 3],
            "suppressed": [False, False],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["A", "B", "C"],
            "event_date": [date(2021, 10, 1), date(2022, 1, 1), date(2024, 7, 1)],
            "scope": ["national"] * 3,
            "kind": ["agreement", "bargaining", "other"],
            "title": ["agreement signed", "talks open", "after the last survey year"],
            "url": [None] * 3,
        }
    )
    fig = index_trend_figure(summary, "Nation", events)
    markers = [t for t in fig.data if t.yaxis == EVENT_AXIS]
    placed = {round(x, 4): c[0] for t in markers for x, c in zip(t.x, t.customdata, strict=True)}
    # 1 Oct 2021 is day 274 of 365: 2021 + 273/365; 1 Jan 2022 sits on the 2022 point; 2024 is left out
    assert placed == {round(2021 + 273 / 365, 4): "agreement signed", 2022.0: "talks open"}
    lines = sorted(s.x0 for s in fig.layout.shapes if s.line.dash == "dot")
    assert [round(x, 4) for x in lines] == [round(2021 + 273 / 365, 4), 2022.0]
    assert [t.name for t in fig.data if t.yaxis != EVENT_AXIS] == ["Engagement", "Just Culture", "Speak up"]
