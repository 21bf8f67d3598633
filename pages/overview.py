"""Partnership overview: levels, movement and training above the team level, with drill-down.

URL state: the shared filters, ``drill_region`` … ``drill_department`` (the drill path),
``measure`` (the measure compared across groups) and ``view`` (the open analysis tab).
Sections: ``ui.overview`` (breadcrumb, cards, child groups, links), ``ui.overview_tabs`` (analyses).
"""

from __future__ import annotations

import streamlit as st

from lmp_metrics.metrics import effectiveness
from lmp_metrics.views import overview as ov
from ui.auth import page_access
from ui.filters import sidebar_filters
from ui.layout import empty_state, footer, page_header
from ui.overview import breadcrumb, children, children_title, go_deeper, headline_cards, overview_view
from ui.overview_tabs import analysis_tabs
from ui.reads import cached

access = page_access("overview")
page_header(
    "Partnership overview",
    "How is partnership working above the team level? Levels, movement and training for the nation, "
    "each region, service area, facility and department, quarter by quarter. Click a bar or row to drill down.",
)
filters = sidebar_filters()
team_rows = access.can_see_team_rows()
home = cached(ov.home_path, access.scope)  # a scoped leader lands on their region or facility
range_quarters = cached(effectiveness.quarters_in_range, filters)
if not range_quarters:
    empty_state("No team assessments in the selected quarters. Widen the quarter range or load data.")
    footer()
    st.stop()

view = overview_view(filters, range_quarters, team_rows, home)
breadcrumb(view.path, home)

st.subheader(view.where)
headline_cards(view)

st.subheader(children_title(view))
children(view)

st.subheader(f"Trends and comparisons · {view.path.title}")
analysis_tabs(view)

st.subheader("Go deeper")
go_deeper()
footer()
