"""The scorecard page (AppTest) on the hand-made fixture: search, each empty state, print view, access."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.database import Database
from lmp_metrics.core.migrations import migrate
from tests import page_support
from tests.page_support import metrics, texts
from tests.scorecard_fixture import fill_scorecard_fixture


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scorecard_page") / "scorecard.duckdb"
    with Database(path) as db:
        migrate(db)
        fill_scorecard_fixture(db)
        db.execute("INSERT INTO access_grants VALUES ('admin@x', 'admin', 'national')")
        db.execute("INSERT INTO access_grants VALUES ('colead@x', 'co-lead', 'team:T1')")
        db.execute("INSERT INTO access_grants VALUES ('south@x', 'leader', 'region:SCAL')")
        db.execute("CHECKPOINT")
    return path


def run_page(path: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    return page_support.run_page("scorecard", path, monkeypatch, **params)


def test_no_team_shows_the_search_and_a_hint(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch)
    assert app.text_input(key="team_search").label == "Find my team"
    assert "No team chosen yet" in texts(app.info)
    assert not app.metric


def test_search_lists_ranked_teams_and_the_choice_lands_in_the_url(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(fixture_path, monkeypatch)
    app.text_input(key="team_search").input("oak").run()
    labels = [b.label for b in app.button if b.key and b.key.startswith("pick_")]
    assert labels == [
        "Oakridge ICU · ICU · Fontana",
        "Alpha ICU · ICU · Oakland",
        "Bravo ICU · ICU · Oakland",
        "Charlie Pharmacy · Pharmacy · Oakland",
    ]
    app.button(key="pick_T1").click().run()
    assert app.query_params["team"] == "T1"
    assert app.subheader[0].value == "Alpha ICU"


def test_scorecard_of_an_established_team(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMP_MIN_PEER_TEAMS", "2")  # T1 has two comparable teams (the default needs 5)
    app = run_page(fixture_path, monkeypatch, team="T1")
    assert metrics(app) == {
        "Level, 2024 Q3": "3",
        "Percentile among peers": "50",
        "Dimensions holding it back": "5 of 7",
        "Training completion": "92%",
    }
    assert "2024 Q3 · on time 88% · 2 overdue" in texts(app.caption)
    assert "**Raise first, largest gap first:** Use of tools 2.00 → 3.50 (gap 1.50)" in texts(app.markdown)
    assert not app.warning
    csv_names = {b.key for b in app.get("download_button")}
    assert csv_names == {
        "csv_levels",
        "csv_holds_back_table",
        "csv_dimensions",
        "csv_training_trend",
        "csv_training_table",
        "csv_survey_table",
        "csv_projects_table",
        "flyer_pdf",  # the one-page team flyer (tests/test_briefing.py)
    }
    assert "Ahead of 50% of the 2 other ICU teams in NCAL." in texts(app.caption)
    training = next(d.value for d in app.dataframe if "Course" in d.value.columns).set_index("Course")
    # On screen a suppressed course shows blank figures and says so once, in the Note column
    # (the CSV labels every cell: tests/test_scorecard.py); before, each cell read suppressed_label().
    assert training.loc["Co-lead skills", "Completion rate"] == ""
    assert training.loc["Co-lead skills", "Note"] == "suppressed"
    assert training.loc["LMP basics"].tolist() == ["", "12", "12", "11", "92%", "83%", "1"]
    assert "no total shown anywhere reveals it by subtraction" in texts(app.caption)


def test_percentile_needs_enough_comparable_teams(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(fixture_path, monkeypatch, team="T1")  # two comparable teams; the default needs 5
    assert metrics(app)["Percentile among peers"] == "–"
    assert "Only 2 other ICU teams in NCAL in 2024 Q3: too few for a percentile (needs 5)." in texts(
        app.caption
    )
    app = run_page(fixture_path, monkeypatch, team="T5")  # the only ICU team in SCAL
    assert metrics(app)["Percentile among peers"] == "–"
    assert "No other ICU team in SCAL assessed in 2024 Q3." in texts(app.caption)


def test_survey_table_notes_suppressed_results_once(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(fixture_path, monkeypatch, team="T1")
    surveys = next(d.value for d in app.dataframe if "Index" in d.value.columns).set_index("Index")
    assert surveys.loc["Speak up"].tolist() == [
        2023,
        "team suppressed",
        "",
        "",
        "72.1",
        "28",
    ]
    # engagement (12) is hidden too: ICU in Oakland (T1 + T2) − T1 would give T2 (6) away
    assert surveys.loc["Engagement", "Note"] == "team suppressed"
    assert surveys.loc["Just Culture", "Note"] == ""
    assert "2 of 3 team results are suppressed (fewer than 11 respondents" in texts(app.caption)
    shown = "\n".join(d.value.to_csv() for d in app.dataframe)
    assert suppressed_label() not in shown  # one Note per row instead of a label in every cell


def test_closed_team_gets_a_banner_with_its_closing_date(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(fixture_path, monkeypatch, team="T6")
    assert "closed on **2024-05-15**" in texts(app.warning)
    assert "last assessment, 2024 Q2" in texts(app.warning)
    assert metrics(app)["Level, 2024 Q2"] == "1"


def test_new_team_with_one_quarter(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, team="T7")
    assert "New team: first assessed in 2024 Q3" in texts(app.info)
    assert metrics(app)["Dimensions holding it back"] == "–"  # nobody at level 2 in Q3
    assert "No level-2 team in 2024 Q3" in texts(app.caption)


def test_team_without_training_records(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, team="T4")
    assert "No training records for this team's members yet." in texts(app.info)
    assert "No survey results for this team." in texts(app.info)
    assert "no recorded UBT projects" in texts(app.info)


def test_small_team_training_is_suppressed_plainly(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(fixture_path, monkeypatch, team="T2")
    assert "Training figures are suppressed: the team has 5 members, fewer than 11" in texts(app.info)
    assert metrics(app)["Training completion"] == "–"
    assert metrics(app)["Dimensions holding it back"] == "–"  # level 4; no level-5 team to compare with


def test_unknown_team(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, team="NOPE")
    assert "No team with the id in the address" in texts(app.info)
    assert "NOPE" not in texts(app.info)  # a value from the URL is not repeated back


def test_printable_view_is_static_without_downloads(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(fixture_path, monkeypatch, team="T1", print="1")
    assert "stSidebar" in texts(app.markdown)  # the print stylesheet hides the sidebar and widgets
    assert not app.get("download_button")
    assert not app.dataframe and len(app.table) == 3  # training, surveys, projects
    assert [b.label for b in app.button] == ["Back"]
    app.button[0].click().run()
    assert "print" not in app.query_params


def test_co_lead_sees_only_their_own_team(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, **{"as": "colead@x", "team": "T4"})
    assert "outside your access" in texts(app.error)
    app = run_page(fixture_path, monkeypatch, **{"as": "colead@x"})
    app.text_input(key="team_search").input("icu").run()
    assert [b.key for b in app.button if b.key and b.key.startswith("pick_")] == ["pick_T1"]


def test_leader_finds_only_teams_in_their_region(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, **{"as": "south@x", "team": "T1"})
    message = texts(app.info)
    assert "No team with the id in the address within your access" in message and "T1" not in message
    app = run_page(fixture_path, monkeypatch, **{"as": "south@x", "team": "T5"})
    assert app.subheader[0].value == "Oakridge ICU"


def test_meeting_mode_draws_the_same_scorecard(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, team="T1", meeting="1")
    assert metrics(app)["Level, 2024 Q3"] == "3"
    assert app.get("plotly_chart")


def test_survey_chart_text_alternative_keeps_the_suppression(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the chart, its table one click away: Just Culture (12 respondents) shows 60; Speak up
    (8) and Engagement (hidden by subtraction: T1 + T2 in Oakland ICU) say "suppressed", and the
    hidden scores (65, 70) appear nowhere. Facility Speak up: (65·8 + 75·20) / 28 = 72.1."""
    app = run_page(fixture_path, monkeypatch, team="T1")
    tables = [t.value for box in app.expander if box.label == "Show as table" for t in box.table]
    surveys = next(t for t in tables if "Speak up · Team" in t.columns)
    row = surveys.loc["2023"]
    assert row["Just Culture · Team"] == "60"
    assert row["Speak up · Team"] == row["Engagement · Team"] == "suppressed"
    assert row["Speak up · Facility (all its teams)"] == "72.1"
    assert not {"65", "70"} & set(surveys.to_numpy().ravel())
    summary = next(c.value for c in app.caption if c.value.startswith("**People Pulse indices"))
    assert "Line chart of Index score" in summary and "suppressed (too few people)" in summary


def test_printable_view_has_no_chart_text(fixture_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page(fixture_path, monkeypatch, team="T1", print="1")
    assert not [box for box in app.expander if box.label == "Show as table"]
    assert not [c for c in app.caption if "Line chart of" in c.value]
