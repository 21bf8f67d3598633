"""The load benchmark's Streamlit client against a real server on the `small` demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.load.client import StreamlitSession, loopback_only
from bench.load.states import Plan
from scripts.streamlit_app import running_app


@pytest.fixture(scope="module")
def app_url(small_db_path: Path) -> Iterator[str]:
    with running_app(small_db_path) as url:
        yield url


def test_one_rerun_shows_the_page_and_keeps_the_url(app_url: str, small_db_path: Path) -> None:
    region = Plan.from_db(small_db_path).places[0][0]
    session = StreamlitSession(app_url)
    try:
        run = session.rerun("overview", [("region", region)])
    finally:
        session.close()
    assert run.exceptions == [] and run.error_boxes == []
    assert run.shown_page == "overview" and not run.wrong_page
    assert run.lost_params([("region", region)]) == []
    assert ("region", region) in run.final_query and any(k == "from" for k, _ in run.final_query)
    assert run.elements > 10 and run.seconds > 0


def test_dropped_parameters_and_unknown_pages_are_noticed(app_url: str) -> None:
    session = StreamlitSession(app_url)
    try:
        dropped = session.rerun("explorer", [("measure", "no_such_measure")])
        missing = session.rerun("no_such_page", [])
    finally:
        session.close()
    assert dropped.lost_params([("measure", "no_such_measure")]) == [("measure", "no_such_measure")]
    assert missing.wrong_page


def test_only_loopback_servers() -> None:
    assert loopback_only("http://127.0.0.1:8501") == "http://127.0.0.1:8501"
    with pytest.raises(ValueError, match="loopback"):
        loopback_only("http://10.0.0.1:8501")


def test_a_link_keeps_its_parameters_after_other_pages_in_the_same_session(app_url: str) -> None:
    """Found by the load benchmark: the overview's tabs were bound to the URL parameter ``view``,
    the project library's own ``view``; after the overview, a link to the peers view (the team
    scorecard has one) opened the library instead."""
    session = StreamlitSession(app_url)
    try:
        session.rerun("overview", [("tab", "Heatmap")])
        peers = session.rerun("projects", [("view", "peers")])
        back = session.rerun("overview", [("tab", "Transitions")])
    finally:
        session.close()
    assert peers.lost_params([("view", "peers")]) == []
    assert back.lost_params([("tab", "Transitions")]) == []
