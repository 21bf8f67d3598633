"""What changed: the exceptions worth a leader's attention for their scope and a chosen quarter,
ranked, each with a link to the view that shows it; and whether the 75% target will be reached.

URL state: the shared filters (scope), ``quarter``, ``target`` (target quarter), ``window``.
Sections: ``ui.what_changed``; words and figures: ``lmp_metrics.views.what_changed`` and ``.on_track``.
"""

from __future__ import annotations

import streamlit as st

from lmp_metrics.core.settings import setting
from ui import what_changed as sections
from ui.auth import page_access
from ui.briefing import briefing_download
from ui.filters import sidebar_filters
from ui.layout import empty_state, footer, page_header

access = page_access("what_changed")
page_header(
    "What changed",
    "Where do we need to act? The exceptions of one quarter for your scope, ranked, each with a link to "
    "the view that shows it; the gains too; and whether the level 4–5 target will be reached.",
)
scope = sidebar_filters().narrowed(first_quarter=None, last_quarter=None)
st.sidebar.caption("This page reports on the quarter chosen on it; the quarter range above does not apply.")
controls = st.columns([1, 3], vertical_alignment="bottom")
quarter = sections.chosen_quarter(controls[0])
if quarter is None:
    empty_state("No team assessments loaded yet: import levels to see what changed.")
    footer()
    st.stop()

pack = controls[1]
sections.findings(scope, quarter, access.can_see_team_rows())
target_quarter, window = sections.on_track(scope, quarter, float(setting("high_performing_target")))
with pack:
    briefing_download(access, scope, quarter, target_quarter, window)
footer()
