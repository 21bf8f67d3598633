"""Saved views: stored as the URL query string, listed newest first, reopened identically."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from lmp_metrics.core.store import open_read_only, replace_after_write
from lmp_metrics.metrics import saved_views
from tests.test_explorer import open_explorer, page_db, shown_table  # noqa: F401 (page_db is a fixture)
from ui.inert import inert

VIEW = {
    "measure": "high_performing_share",
    "by": "region",
    "chart": "line",
    "from": "2022-Q1",
    "to": "2025-Q1",
    "region": ["Colorado", "Georgia"],
    "partner": ["Alliance"],
    "meeting": "1",
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "views.duckdb"
    with replace_after_write(path, fresh=True):
        pass
    return path


def test_encode_is_stable_and_decodes_back() -> None:
    query = saved_views.encode_query(VIEW)
    assert query.startswith("by=region&chart=line&from=2022-Q1&measure=high_performing_share")
    assert "region=Colorado&region=Georgia" in query
    assert saved_views.encode_query(dict(reversed(list(VIEW.items())))) == query
    decoded = saved_views.decode_query(query)
    assert decoded["region"] == ["Colorado", "Georgia"] and decoded["measure"] == ["high_performing_share"]


def test_viewer_identity_is_not_part_of_a_view() -> None:
    assert "as=" not in saved_views.encode_query({**VIEW, "as": "leader@demo.lmp"})


def test_round_trip_through_the_database(db_path: Path) -> None:
    name = saved_views.save_view(db_path, "explorer", "  Alliance in  Colorado ", VIEW, "admin@demo.lmp")
    assert name == "Alliance in Colorado"
    with open_read_only(db_path) as db:
        listed = saved_views.list_views(db, "explorer")
        assert listed["name"].tolist() == ["Alliance in Colorado"]
        assert listed["saved_by"].tolist() == ["admin@demo.lmp"]
        loaded = saved_views.load_view(db, "explorer", name)
        assert saved_views.load_view(db, "overview", name) is None
    expected = {k: v if isinstance(v, list) else [v] for k, v in VIEW.items()}
    assert loaded == expected
    assert saved_views.encode_query(loaded) == listed["query"][0]


def test_same_name_overwrites_and_delete_removes(db_path: Path) -> None:
    saved_views.save_view(db_path, "explorer", "Weekly", VIEW, None)
    saved_views.save_view(db_path, "explorer", "Weekly", {**VIEW, "by": "facility"}, None)
    saved_views.save_view(db_path, "explorer", 'Quote\'s "test"', VIEW, None)
    with open_read_only(db_path) as db:
        assert sorted(saved_views.list_views(db, "explorer")["name"]) == ['Quote\'s "test"', "Weekly"]
        assert saved_views.load_view(db, "explorer", "Weekly")["by"] == ["facility"]
    saved_views.delete_view(db_path, "explorer", "Weekly")
    with open_read_only(db_path) as db:
        assert saved_views.list_views(db, "explorer")["name"].tolist() == ['Quote\'s "test"']


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_bad_names_are_refused_with_a_reason(db_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        saved_views.save_view(db_path, "explorer", name, VIEW, None)


# -- through the Explorer page: save, list, reopen identically ----------------------------------
SHOWN = {"measure": "mean_level", "by": "national", "chart": "bars", "region": "Colorado", "from": "2024-Q3"}


def page_state(app: AppTest) -> tuple[dict[str, object], list[dict]]:
    """What the explorer shows: every selectbox/multiselect value and the table rows."""
    widgets = {w.label: w.value for w in [*app.selectbox, *app.multiselect] if w.label != "View as"}
    return widgets, shown_table(app).to_dict("records")


@pytest.mark.usefixtures("page_db")
def test_saved_view_and_copied_link_reopen_identically() -> None:
    app = open_explorer(SHOWN)
    before = page_state(app)
    # Colorado (T1, T2) since 2024 Q3: levels 3+2, 4+2, 4+3 → means 2.5, 3.0, 3.5
    assert [row["value"] for row in before[1]] == [2.5, 3.0, 3.5]
    link = app.code[0].value
    app.text_input[0].input("Colorado mean level")
    next(b for b in app.button if b.label == "Save view").click().run()
    assert not app.exception, [e.message for e in app.exception]

    with open_read_only(os.environ["LMP_DB"]) as db:
        assert saved_views.list_views(db, "explorer")["name"].tolist() == ["Colorado mean level"]

    fresh = open_explorer()
    assert page_state(fresh) != before
    next(b for b in fresh.button if b.label == inert("Colorado mean level")).click().run()  # a typed name
    assert not fresh.exception, [e.message for e in fresh.exception]
    assert page_state(fresh) == before

    query = parse_qs(urlsplit(link).query)
    assert page_state(open_explorer({k: v if len(v) > 1 else v[0] for k, v in query.items()})) == before
