"""The Compare methods page (AppTest): what each role sees and may do, the card agreeing with the page,
saving from the page, and small groups never shown with a number anywhere the page sends them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.grants import Access
from lmp_metrics.access.read_path import ScopedReader
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import catalog
from lmp_metrics.metrics.methods import insert_methods, list_methods, new_method
from lmp_metrics.views import method_card
from lmp_metrics.views import methods as words
from lmp_metrics.views.methods import Comparing, method_report
from lmp_metrics.vocabulary.quarters import QuarterRange, quarter_param
from tests.overview_fixture import Q2_2025, make_overview_db
from tests.page_support import run_page, texts
from tests.scan_support import shown_text

TRAINING_ONLY = new_method("Training only", "labor", {"on_time_training": 1})
EQUAL = new_method(
    "Equal", "joint", dict.fromkeys(("high_performing", "progress", "on_time_training", "just_culture"), 1)
)
THREE_TEAMS = new_method("Three teams", "management", {"high_performing": 1}, min_teams=3)


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_overview_db(tmp_path_factory.mktemp("methods_page") / "overview.duckdb")
    with Database(path) as db:
        insert_methods(db, [TRAINING_ONLY, EQUAL, THREE_TEAMS])
    return path


def frame(app, column: str = ": index"):
    """The first table the page shows with a column ending in ``column`` (default: the scores and
    ranks side by side)."""
    return next(t.value for t in app.dataframe if any(str(c).endswith(column) for c in t.value.columns))


def exports(path: Path, by: str, method, other) -> tuple[str, str]:
    """The JSON export and the Markdown card the page's buttons give for 2025 Q2 (the same functions,
    read through an admin's grant)."""
    with Database(path, read_only=True) as db:
        reader = ScopedReader(db, Access("admin@x", "admin"))
        filters = Filters(quarters=QuarterRange(Q2_2025, Q2_2025))
        saved = {m.method_id: m for m in list_methods(db)}
        choice = Comparing(filters, by, (Q2_2025,), saved[method.method_id], (saved[other.method_id],))
        report = method_report(reader.read, choice)
        return method_card.export_json(report), method_card.card_markdown(report)


def test_the_page_compares_two_seeded_methods(small_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_page("methods", small_db_path, monkeypatch, "admin@demo.lmp")
    assert [s.value for s in app.subheader][:6] == [
        "Scores and ranks side by side",
        "Verdicts that depend on the method",
        "Rank agreement, quarter by quarter",
        "How sure is a rank under Level-heavy?",
        "Does the measure track what matters?",
        "Method card",
    ]
    scores = frame(app)
    assert list(scores.columns)[1:] == [
        "Level-heavy: index",
        "Level-heavy: rank",
        "Training and culture: index",
        "Training and culture: rank",
    ]
    assert "Association, not cause" in texts(app.caption)
    assert app.expander and any(e.label == "Save a new method" for e in app.expander)
    assert len(app.get("plotly_chart")) == 4
    listed = frame(app, "Link (?method=)")  # every saved method, for every role that opens the page
    assert listed["Method"].tolist() == ["Level-heavy", "Training and culture", "Equal weights"]
    assert listed["Weights"].tolist()[0] == "50% / 30% / 10% / 10%"


def test_the_card_is_built_from_what_the_page_shows(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("methods", small_db_path, monkeypatch, "admin@demo.lmp", by="facility", vs="equal-weights")
    shown = frame(app).set_index("Facility")
    with Database(small_db_path, read_only=True) as db:
        reader = ScopedReader(db, Access("admin@demo.lmp", "admin"))
        methods = {m.method_id: m for m in list_methods(db)}
        quarters = catalog.quarters(db)[-12:]
        filters = Filters(quarters=QuarterRange(quarters[0], quarters[-1]))
        choice = Comparing(
            filters, "facility", tuple(quarters), methods["level-heavy"], (methods["equal-weights"],)
        )
        report = method_report(reader.read, choice)
    card = method_card.card_markdown(report)
    # every interval row of the card names a group with the index and rank the page's table shows
    rows = re.findall(r"^\| ([^|]+) \| ([\d.]+) \| (\d+) \| (\d+)–(\d+) \|$", card, flags=re.M)
    assert rows and len(rows) == shown["Level-heavy: index"].ne("").sum()
    for name, index, rank, low, high in rows:
        assert shown.at[name, "Level-heavy: index"] == index
        assert shown.at[name, "Level-heavy: rank"].startswith(f"{rank} of ")
        assert int(low) <= int(rank) <= int(high)
    assert words.stability_sentence(report) in [m.value for m in app.markdown]
    assert words.sensitivity_sentence(report) in " ".join(m.value for m in app.markdown)
    assert card.strip() in [
        m.value.strip() for m in app.markdown
    ]  # the card the page shows is the one built here


@pytest.mark.parametrize("identity", ["viewer@demo.lmp", "co-lead@demo.lmp"])
def test_viewers_and_co_leads_read_but_cannot_save(
    identity: str, small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("methods", small_db_path, monkeypatch, identity)
    assert not any(e.label == "Save a new method" for e in app.expander)
    assert not app.get("form")
    assert "Saving a method is for administrators and leaders" in texts(app.caption)
    assert frame(app).shape[0] > 0


def test_a_regional_leader_sees_only_their_regions_groups(
    small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(small_db_path, read_only=True) as db:
        region = db.scalar("SELECT split_part(scope, ':', 2) FROM access_grants WHERE scope LIKE 'region:%'")
        mine = {r[0] for r in db.rows("SELECT DISTINCT facility FROM teams WHERE region = ?", [region])}
        others = {r[0] for r in db.rows("SELECT DISTINCT facility FROM teams WHERE region <> ?", [region])}
    app = run_page("methods", small_db_path, monkeypatch, "regional.leader@demo.lmp")
    scores = frame(app)
    assert scores.columns[0] == "Facility"  # a region's leader compares its facilities
    assert set(scores["Facility"]) <= mine and len(scores)
    text = shown_text(app)
    assert not [name for name in others if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def test_saving_from_the_page_opens_the_new_method(
    small_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(small_db_path.read_bytes())
    app = run_page("methods", copy, monkeypatch, "leader@demo.lmp")
    app.text_input[0].input("Projects and people")
    app.slider(key="methods_w_high_performing").set_value(10)
    app.slider(key="methods_w_just_culture").set_value(60)
    app.button[[b.label for b in app.button].index("Save method")].click()
    app.run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert app.query_params["method"] == "projects-and-people"
    assert app.query_params["vs"] == "level-heavy"
    assert "How sure is a rank under Projects and people?" in [s.value for s in app.subheader]
    with Database(copy, read_only=True) as db:
        saved = {m.method_id: m for m in list_methods(db)}["projects-and-people"]
    assert saved.created_by == "leader@demo.lmp" and dict(saved.weights)["just_culture"] == 60


def test_small_groups_never_appear_with_a_number(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch, media: list[MemoryMediaFileStorage]
) -> None:
    """Training and Just Culture per region rest on 5 and 12 people (South, and North hidden so that
    nation − North does not give South away): on-time 60.0 / 58.3, Just Culture 64.0 / 71.7. No method
    may show them, or an index built on them, in the page, its charts, its JSON export or its card."""
    quarter = quarter_param(Q2_2025)
    hidden = ("60.0", "58.3", "64.0", "71.7", "58.33", "71.67")
    for method, others in ((TRAINING_ONLY, EQUAL), (EQUAL, TRAINING_ONLY)):
        app = run_page(
            "methods",
            fixture_path,
            monkeypatch,
            None,
            method=method.method_id,
            vs=others.method_id,
            by="region",
            **{"from": quarter, "to": quarter},
        )
        export, card = exports(fixture_path, "region", method, others)
        text = "\n".join([shown_text(app, media), export, card])
        assert not [value for value in hidden if re.search(rf"(?<![\d.]){re.escape(value)}(?!\d)", text)]
        scores = frame(app).set_index("Region")
        assert scores.at["North", "Equal: index"] == "83.3" and scores.at["South", "Equal: index"] == "41.7"
        assert (scores["Training only: index"] == "").all()
        assert json.loads(export)["method"]["method_id"] == method.method_id
        assert card.strip() in [m.value.strip() for m in app.markdown]
    assert "Training only: 2 without an index" in texts(app.caption)


def test_groups_below_the_minimum_stay_hidden(
    fixture_path: Path, monkeypatch: pytest.MonkeyPatch, media: list[MemoryMediaFileStorage]
) -> None:
    quarter = quarter_param(Q2_2025)
    app = run_page(
        "methods",
        fixture_path,
        monkeypatch,
        None,
        method=THREE_TEAMS.method_id,
        vs=EQUAL.method_id,
        by="department",
        **{"from": quarter, "to": quarter},
    )
    scores = frame(app).set_index("Department")
    assert (scores["Three teams: index"] == "").all()  # no department has 3 assessed teams
    export, card = exports(fixture_path, "department", THREE_TEAMS, EQUAL)
    text = shown_text(app, media)
    assert json.loads(export)["method"]["method_id"] == "three-teams" and json.loads(export)["scores"] == []
    assert not re.search(r"^\| Dept", card, flags=re.M)  # no interval row for any department
    assert "No group has an index under this method" in text
