"""Download buttons for the briefing pack (What changed) and the team flyer (scorecard). The PDF is
made only when the button is pressed, for the caller's scope and with their access to team names."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.access.grants import Access
from lmp_metrics.access.read_path import ScopedReader
from lmp_metrics.briefing import brief_pdf, team_flyer
from lmp_metrics.charts.png import warm_up
from lmp_metrics.core.database import Database
from lmp_metrics.views.briefing import briefing, file_name
from lmp_metrics.views.what_changed import scope_title
from ui.data import get_db


def _pack(
    db: Database, access: Access, scope: Filters, quarter: date, prepared_for: str, target: date, window: int
) -> bytes:
    """The pack's contents read through the caller's grant (``ScopedReader``), then laid out."""
    reader = ScopedReader(db, access)
    content = reader.read(briefing, scope, quarter, prepared_for, access.can_see_team_rows(), target, window)
    return brief_pdf(db, content)


def briefing_download(access: Access, scope: Filters, quarter: date, target: date, window: int) -> None:
    """'Briefing pack (PDF)' for ``scope`` and ``quarter``, with the page's target quarter and window.
    The charts' browser starts in the background now, so the click does not wait for it (~2 s)."""
    warm_up()
    prepared_for = (
        f"{access.identity} ({access.role}, scope {scope_title(access.scope)}); shown: {scope_title(scope)}"
    )
    st.download_button(
        "Briefing pack (PDF)",
        partial(_pack, get_db(), access, scope, quarter, prepared_for, target, window),
        file_name(scope, quarter),
        "application/pdf",
        key="briefing_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help="A few pages to take into the quarterly review: cards, level mix, these exceptions, "
        "the projection, training, Just Culture and the method notes.",
    )


def _flyer(db: Database, team_id: str, filters: Filters) -> bytes:
    return team_flyer(db, team_id, filters) or b""


def flyer_download(team_id: str, filters: Filters) -> None:
    """'Team flyer (PDF)': one page for co-leads to print and post."""
    warm_up()
    st.download_button(
        "Team flyer (PDF)",
        partial(_flyer, get_db(), team_id, filters),
        f"flyer_{team_id}.pdf",
        "application/pdf",
        key="flyer_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help="One page: level, peers, what holds the team back, training and projects.",
    )
