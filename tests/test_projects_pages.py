"""Project library and Just Culture pages (AppTest) on the hand-made fixtures, and on the small demo."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.database import Database
from lmp_metrics.core.marts import rebuild_marts
from lmp_metrics.core.migrations import migrate
from tests.page_support import run_page, texts
from tests.test_peers import fill_peers
from tests.test_projects import fill_projects
from tests.test_surveys import fill_surveys

GRANTS = [
    ("admin@x", "admin", "national"),
    ("colead@x", "co-lead", "team:T1"),
    ("viewer@x", "viewer", "national"),
    ("north@x", "leader", "region:North"),
    ("colead_m@x", "co-lead", "team:M"),
]


def fixture_file(directory: Path, fill: Callable[[Database], None]) -> Path:
    path = directory / "page.duckdb"
    with Database(path) as db:
        migrate(db)
        fill(db)
        db.connection.executemany("INSERT INTO access_grants VALUES (?, ?, ?)", GRANTS)
        rebuild_marts(db)
        db.execute("CHECKPOINT")
    return path


@pytest.fixture(scope="module")
def library_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_file(tmp_path_factory.mktemp("library"), fill_projects)


@pytest.fixture(scope="module")
def peers_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_file(tmp_path_factory.mktemp("peers"), fill_peers)


@pytest.fixture(scope="module")
def survey_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_file(tmp_path_factory.mktemp("survey"), fill_surveys)


def table(app: AppTest, column: str):
    """The first table on the page that has ``column``."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def figure_of(app: AppTest, title_start: str) -> dict:
    (found,) = [f for f in figures(app) if f["layout"]["title"]["text"].startswith(title_start)]
    return found


def test_library_lists_every_project_best_first(library_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("projects", library_path, monkeypatch)
    assert "11 projects" in texts(app.subheader)
    rows = table(app, "Project")
    assert rows["Project"].tolist()[:3] == ["Reduce falls", "Hand hygiene compliance", "Cost loop one"]
    improvement = dict(zip(rows["Project"], rows["Improvement"], strict=True))
    assert improvement["Reduce falls"] == "+25%"
    assert improvement["Falls huddles"] == "+2 (baseline 0: no relative change)"
    assert improvement["Patient experience"] == "no result yet"
    p1 = rows[rows["Project"] == "Reduce falls"].iloc[0]
    assert (p1["Adapted (direct / in all)"], p1["Adaptations improved"]) == ("2 / 4", "2 of 3")
    assert "Team" in rows.columns


def test_library_search_and_size_come_from_the_url(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", library_path, monkeypatch, q="falls")
    assert "2 projects" in texts(app.subheader)
    app = run_page("projects", library_path, monkeypatch, size="no_result")
    assert set(table(app, "Project")["Project"]) == {"Patient experience", "Cost loop three"}


def test_library_keeps_chosen_size_and_sort_in_the_url_and_defaults_out(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", library_path, monkeypatch, size="no_result", sort="nonsense")
    assert (app.query_params.get("size"), app.query_params.get("sort")) == ("no_result", None)
    app.selectbox(key="pj_sort").select("recent").run()
    app.selectbox(key="pj_size").select("any").run()
    assert (app.query_params.get("size"), app.query_params.get("sort")) == (None, "recent")


def test_view_switch_lives_in_the_url_and_the_default_stays_out(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", library_path, monkeypatch, view="nonsense")
    assert app.segmented_control(key="pj_view").value == "library" and app.query_params.get("view") is None
    app.segmented_control(key="pj_view").set_value("peers").run()
    assert app.query_params.get("view") == "peers"
    app.segmented_control(key="pj_view").set_value(None).run()  # deselected: back to the library
    assert app.query_params.get("view") is None and "11 projects" in texts(app.subheader)


def test_chain_of_a_cycle_is_shown_and_explained(library_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("projects", library_path, monkeypatch, project="C2")
    chain = table(app, "Generation")
    assert chain["Project"].tolist() == ["Cost loop three", "Cost loop one", "Cost loop two"]
    assert chain["Generation"].tolist() == ["origin", "1. adaptation", "2. adaptation"]
    assert "loop back" in texts(app.warning)


def test_co_leads_see_projects_without_other_teams_names(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every project is listed; only the co-lead's own team (T1: P1 and P5) keeps its name and
    facility; a viewer sees neither column."""
    rows = table(run_page("projects", library_path, monkeypatch, who="colead@x"), "Project")
    assert len(rows) == 11
    named = rows.dropna(subset=["Team"])
    assert set(named["Project"]) == {"Reduce falls", "Patient experience"}
    assert set(named["Team"]) == {"Team T1"} and set(named["Facility"]) == {"F1"}
    assert rows.loc[rows["Team"].isna(), "Facility"].isna().all()
    viewer = table(run_page("projects", library_path, monkeypatch, who="viewer@x"), "Project")
    assert len(viewer) == 11 and not {"Team", "Facility"} & set(viewer.columns)
    assert set(viewer["Region"]) == {"North", "South"}


def test_a_regional_leaders_chain_keeps_to_the_region(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chain P1 (T1) → P2 (T2) → P3 (T3) → P4 (T4), P1 → P5 (T1): T1, T2 are North, T3, T4 South."""
    app = run_page("projects", library_path, monkeypatch, who="north@x", project="P2")
    chain = table(app, "Generation")
    assert chain["Project"].tolist() == ["Reduce falls", "Hand hygiene compliance", "Patient experience"]
    assert set(chain["Region"]) == {"North"} and set(chain["Facility"]) == {"F1", "F2"}
    assert "outside your access are left out" in texts(app.caption)
    labels = " ".join(map(str, figure_of(app, "“Hand hygiene compliance”")["data"][1]["text"]))
    assert "Team T3" not in labels and "Team T4" not in labels and "Team T2" in labels
    south = run_page("projects", library_path, monkeypatch, who="north@x", project="P3")
    assert "outside your access" in texts(south.info)
    assert not [f for f in figures(south) if "Faster lab" in f["layout"]["title"]["text"]]


def test_peers_view_lists_the_teams_that_moved_up(peers_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("projects", peers_path, monkeypatch, view="peers", team="M")
    peers = table(app, "Levels gained")
    assert peers["Team"].tolist() == ["Team B", "Team C", "Team A"]
    assert peers["Levels gained"].tolist() == [2, 1, 1]
    assert "department type **ICU**, any region, level 1–3 in 2024 Q2" in texts(app.caption)
    # the marks count people holding training (B 6, C 5, A 3): every team's training is suppressed
    # and left out (tests/test_peers.py checks the counting with a minimum of 1)
    assert f"3 of 3 teams' training is {suppressed_label()} (fewer than 11 people" in texts(app.caption)
    assert set(table(app, "Project")["Project"]) == {
        "Huddle board",
        "Long runner",
        "Last-day start",
        "First-day end",
    }


def test_peers_view_narrowed_to_same_level_and_region(
    peers_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", peers_path, monkeypatch, view="peers", team="M", tol="0", same_region="1")
    assert table(app, "Levels gained")["Team"].tolist() == ["Team B"]
    assert "region **North** only, level 2 in 2024 Q2" in texts(app.caption)


def test_peers_view_without_a_starting_level_says_why(
    peers_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", peers_path, monkeypatch, view="peers", team="G")
    assert "was not assessed in 2024 Q2" in texts(app.info)


def test_a_co_lead_starts_from_their_own_team_and_sees_peers_without_names(
    peers_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", peers_path, monkeypatch, who="colead_m@x", view="peers")
    peers = table(app, "Levels gained")
    assert peers["Team"].tolist() == ["Comparable team 1", "Comparable team 2", "Comparable team 3"]
    assert peers["Levels gained"].tolist() == [2, 1, 1] and "Facility" not in peers.columns
    assert "Team" not in table(app, "Project").columns
    shown = " ".join(texts(block) for block in (app.markdown, app.caption, app.subheader))
    assert not {"Team A", "Team B", "Team C"} & set(re.findall(r"Team [A-Z]\b", shown))


def test_viewers_cannot_open_a_team_in_the_peers_view(
    peers_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", peers_path, monkeypatch, who="viewer@x", view="peers", team="M")
    assert "your access has none" in texts(app.info)
    assert not app.dataframe and not app.text_input  # no team search offered either


def test_just_culture_suppresses_small_groups_in_the_table(
    survey_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("just_culture", survey_path, monkeypatch, year="2024")
    shown = table(app, "Respondents")
    by_region = {(r.Region, r.Year): (r.Score, r.Respondents) for r in shown.itertuples()}
    assert by_region[("North", 2024)] == ("70.9", "11")
    assert by_region[("South", 2024)] == (suppressed_label(), suppressed_label())
    assert by_region[("East", 2024)] == (suppressed_label(), suppressed_label())
    # West 70 → 90: nothing fell, and no team has a level, so the association says so
    assert "0 teams with a level in 2024 and a result shown (at least 11 respondents)" in texts(app.caption)
    assert "association, not a cause" in texts(app.caption)


def test_just_culture_breakdown_and_index_come_from_the_url(
    survey_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(
        "just_culture", survey_path, monkeypatch, by="labor_partner", index="just_culture", year="2024"
    )
    shown = table(app, "Respondents")
    shown = shown[shown["Year"] == 2024]
    assert shown["Labor partner"].tolist() == ["Alliance", "Coalition"]
    assert shown["Score"].tolist() == ["90.0", "53.1"]  # D alone: 90 (11); 1380/26 = 53.08


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("projects", {}),
        ("projects", {"view": "peers"}),
        ("just_culture", {}),
        ("just_culture", {"by": "facility"}),
    ],
)
def test_pages_on_the_small_demo(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict
) -> None:
    if params.get("view") == "peers":
        with Database(small_db_path, read_only=True) as db:
            params = {
                **params,
                "team": db.scalar(
                    "SELECT team_id FROM mart_team_quarter WHERE movement IS NOT NULL "
                    "ORDER BY quarter DESC, team_id LIMIT 1"
                ),
            }
    app = run_page(page, small_db_path, monkeypatch, who="admin@demo.lmp", **params)
    assert app.get("plotly_chart"), "the page draws its charts"


def test_library_shows_how_it_went_next_to_the_project_and_asks_for_a_choice(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("projects", library_path, monkeypatch)
    assert table(app, "Project").columns[:3].tolist() == ["Project", "Improvement", "Status"]
    assert texts(app.subheader).count("Adaptation chain") == 1
    assert "Select a project in the table above" in texts(app.info)
    assert len(app.get("plotly_chart")) == 1  # the topic chart; no empty chain chart


def test_just_culture_downloads_carry_the_download_icon(
    survey_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("just_culture", survey_path, monkeypatch, year="2024")
    buttons = app.get("download_button")
    assert buttons and all(b.proto.icon == ":material/download:" for b in buttons)
