"""Attacks on scope, per role, on the `small` demo: every page a role may open, with ordinary and
hostile URLs (other regions' names, other teams' ids, Markdown and HTML in values), scanned element
by element (text, table cells, chart JSON with hover text, widget options, download bytes) for a
name outside the caller's grant.

Grants in the demo: admin (national), regional leader (one region), co-lead (one team), viewer.
Outside the grant: for the regional leader every region, service area, facility, department, team
name and team id of the other regions; for the co-lead and the viewer every other team's name and
id (department, facility and region names are theirs to see in aggregates).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.grants import PAGE_ROLES
from lmp_metrics.access.read_path import ScopedReader
from lmp_metrics.core.database import Database
from lmp_metrics.metrics import catalog
from lmp_metrics.views.briefing import briefing
from tests.page_support import open_as
from tests.scan_support import leaked, shown_text
from ui.inert import inert

HOSTILE_TEXT = ("[x](http://evil)", "<script>alert(1)</script>", "**bold**", "``tick``")
ROLES = {
    "admin@demo.lmp": "admin",
    "regional.leader@demo.lmp": "leader",
    "co-lead@demo.lmp": "co-lead",
    "viewer@demo.lmp": "viewer",
}


@dataclass(frozen=True)
class Demo:
    """What the attacks need to know about the demo: its teams and the two scoped grants."""

    teams: list[tuple[str, str, str, str, str, str]]  # id, name, department, facility, service area, region
    region: str  # the regional leader's
    own_team: str  # the co-lead's
    far_project: str  # a project of another region in a family that reaches into the leader's region

    def outside(self, identity: str) -> list[str]:
        """The names ``identity`` must never be shown."""
        if identity == "regional.leader@demo.lmp":
            mine = {n for t in self.teams if t[5] == self.region for n in t}
            return sorted({n for t in self.teams if t[5] != self.region for n in t} - mine)
        if identity in ("co-lead@demo.lmp", "viewer@demo.lmp"):
            units = {n for t in self.teams for n in t[2:]}
            keep = self.own_team if identity == "co-lead@demo.lmp" else None
            return sorted({n for t in self.teams if t[0] != keep for n in t[:2]} - units)
        return []

    def far(self) -> tuple[str, ...]:
        """A team outside the leader's region: id, name, department, facility, service area, region."""
        return next(t for t in self.teams if t[5] != self.region)


@pytest.fixture(scope="module")
def demo(small_db_path: Path) -> Demo:
    with Database(small_db_path, read_only=True) as db:
        teams = db.rows(
            "SELECT team_id, team_name, department, facility, service_area, region FROM teams ORDER BY team_id"
        )
        region = db.scalar("SELECT split_part(scope, ':', 2) FROM access_grants WHERE scope LIKE 'region:%'")
        own = db.scalar("SELECT split_part(scope, ':', 2) FROM access_grants WHERE role = 'co-lead'")
        far_project = db.scalar(
            "SELECT p.project_id FROM mart_projects AS p JOIN mart_projects AS c "
            "ON c.adapted_from_project_id = p.project_id OR p.adapted_from_project_id = c.project_id "
            "WHERE p.region <> ? AND c.region = ? ORDER BY 1 LIMIT 1",
            [region, region],
        )
    assert far_project, "the demo has a project family spanning the leader's region and another"
    return Demo(teams, region, own, far_project)


def states(page: str, demo: Demo) -> Iterator[dict[str, str]]:
    """Ordinary and hostile URL states of a page."""
    team_id, name, department, facility, area, region = demo.far()
    yield {}
    yield {  # another region's names everywhere a page reads one, another team, a far project
        "region": region,
        "service_area": area,
        "facility": facility,
        "drill_region": region,
        "drill_service_area": area,
        "drill_facility": facility,
        "drill_department": department,
        "team": team_id,
        "project": demo.far_project,
        "by": "team",
        "q": name,
    }
    yield {
        "team": HOSTILE_TEXT[0],
        "project": HOSTILE_TEXT[1],
        "region": HOSTILE_TEXT[2],
        "q": HOSTILE_TEXT[3],
    }
    if page in ("training", "explorer", "just_culture"):
        for by in ("service_area", "facility", "department", "team"):  # the breakdowns that name units
            yield {"by": by}
    if page == "overview":
        for view in ("Heatmap", "Transitions", "Funnel plot", "Dimensions", "Effectiveness index"):
            yield {"tab": view}
    if page == "projects":
        yield {"project": demo.far_project}
        yield {"view": "peers"}
        yield {"view": "peers", "team": team_id}
        yield {"view": "peers", "team": demo.own_team}
    if page == "scorecard":
        yield {"team": demo.own_team}


@pytest.mark.slow
@pytest.mark.parametrize(
    "identity", [i for i, role in ROLES.items() if role != "admin"]
)  # admin: nothing hidden
@pytest.mark.parametrize("page", sorted(PAGE_ROLES))
def test_no_name_outside_the_grant_reaches_the_browser(
    identity: str,
    page: str,
    demo: Demo,
    small_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    media: list[MemoryMediaFileStorage],
) -> None:
    if ROLES[identity] not in PAGE_ROLES[page]:
        pytest.skip(f"{page} is not open to {ROLES[identity]}")
    names = demo.outside(identity)
    found = {}
    for params in states(page, demo):
        app = open_as(identity, page, small_db_path, monkeypatch, **params)  # through app.py: sidebar too
        hits = leaked(shown_text(app, media), names)
        if hits:
            found[str(params)] = hits[:5]
    assert not found, found


def markdown_shown(app: AppTest) -> str:
    """Everything ``app`` rendered as Markdown: texts, alerts, captions, titles, widget labels."""
    blocks = [app.markdown, app.caption, app.title, app.header, app.subheader]
    blocks += [app.error, app.warning, app.info, app.success, app.toast]
    parts = [str(e.value) for block in blocks for e in block]
    widgets = [app.button, app.selectbox, app.multiselect, app.text_input, app.toggle, app.radio]
    return "\n".join(parts + [str(w.label) for block in widgets for w in block])


def live_markup(markdown: str) -> str:
    """What of ``markdown`` renders as markup outside code spans (CommonMark, an independent renderer)."""
    return re.sub(r"<code>.*?</code>", "", MarkdownIt("commonmark").render(markdown), flags=re.S)


@pytest.mark.parametrize("page", ["scorecard", "projects", "overview", "explorer", "training"])
def test_values_from_the_url_are_shown_back_inert(
    page: str, small_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = {"team": HOSTILE_TEXT[0], "project": HOSTILE_TEXT[1], "region": HOSTILE_TEXT[2]}
    app = open_as("admin@demo.lmp", page, small_db_path, monkeypatch, **params)
    rendered = live_markup(markdown_shown(app))
    for live in ("evil", "<script", "<strong>bold"):
        assert live not in rendered


@pytest.mark.parametrize("value", [*HOSTILE_TEXT, "a|b", "www.evil.example", " two\nlines "])
def test_inert_shows_the_value_as_typed_and_nothing_else(value: str) -> None:
    html = MarkdownIt("commonmark").renderInline(inert(value))
    assert re.fullmatch(r"<code>(.*)</code>", html, flags=re.S)
    assert unescape(html[len("<code>") : -len("</code>")]) == " ".join(value.split())


@pytest.mark.parametrize("identity", ["regional.leader@demo.lmp", "co-lead@demo.lmp", "viewer@demo.lmp"])
@pytest.mark.parametrize(
    ("page", "params", "box"),
    [
        ("projects", {"view": "peers"}, "pj_team_search"),
        ("scorecard", {}, "team_search"),
    ],
)
def test_typing_another_teams_name_into_a_team_search_finds_nothing_outside_the_grant(
    identity: str,
    page: str,
    params: dict[str, str],
    box: str,
    demo: Demo,
    small_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if ROLES[identity] not in PAGE_ROLES[page]:
        pytest.skip(f"{page} is not open to {ROLES[identity]}")
    app = open_as(identity, page, small_db_path, monkeypatch, **params)
    names = demo.outside(identity)
    if page == "projects" and identity != "regional.leader@demo.lmp":  # starts from their own team
        assert not [box for box in app.text_input if box.key == "pj_team_search"]
        assert not leaked(shown_text(app), names)
        return
    for typed in (demo.far()[1], demo.far()[2][:6], demo.far()[0], "a"):
        app.text_input(key=box).input(typed).run()
        assert not app.exception
        assert not leaked(shown_text(app), names), typed


@pytest.mark.slow
@pytest.mark.parametrize("identity", ["regional.leader@demo.lmp", "viewer@demo.lmp"])
def test_the_briefing_pack_keeps_to_the_grant(
    identity: str, demo: Demo, small_db_path: Path, tmp_path: Path
) -> None:
    """The PDF the What changed page offers, read the way ``ui.briefing`` reads it (``ScopedReader``)."""
    from lmp_metrics.briefing import brief_pdf

    with Database(small_db_path, read_only=True) as db:
        reader = ScopedReader.for_identity(db, identity)
        quarter = catalog.quarters(db)[-1]
        scope = reader.access.limit(Filters())
        pack = reader.read(briefing, scope, quarter, identity, reader.access.can_see_team_rows())
        pdf = tmp_path / "pack.pdf"
        pdf.write_bytes(brief_pdf(db, pack))
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True)
    assert not leaked(text.stdout, demo.outside(identity))
