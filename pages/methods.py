"""Compare methods: proposed Effectiveness Index methods side by side, how stable their ranks are,
what they track, and a method card to attach to a recommendation."""

import streamlit as st

from lmp_metrics.metrics import catalog
from lmp_metrics.metrics.methods import list_methods
from lmp_metrics.views.methods import Comparing
from lmp_metrics.views.overview import breakdown_below
from lmp_metrics.vocabulary.hierarchy import GROUP_LEVELS, level
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import methods as sections
from ui import urlstate
from ui.auth import page_access
from ui.filters import sidebar_filters
from ui.layout import empty_state, footer, page_header
from ui.reads import cached, derived

access = page_access("methods")
page_header(
    "Compare methods",
    "Proposed ways to measure partnership effectiveness above the team level, on the same data: where "
    "they disagree, how sure each ranking is, and what each tracks. Save a proposal and share its link.",
)
filters = sidebar_filters()
methods = cached(list_methods)
quarters = tuple(filters.quarters.among(cached(catalog.quarters)))
if not methods or not quarters:
    empty_state(
        "No index methods saved yet: save the first one below."
        if not methods
        else "No assessed quarters in the chosen range: widen the quarter range in the sidebar."
    )
    sections.save_form(access)
    footer()
    st.stop()

method, others = sections.method_choice(methods)
left, right = st.columns([2, 1])
groupings = [lvl.key for lvl in GROUP_LEVELS]
# one level below the overview's first breakdown: enough groups for ranks to say something
default_by = groupings[min(groupings.index(breakdown_below(access.scope)) + 1, len(groupings) - 1)]
by = urlstate.url_selectbox(
    "by",
    "Compare",
    groupings,
    default_by,
    key="methods_by",
    container=left,
    drop_default=True,
    format_func=lambda key: level(key).plural,
)
with right:
    seed = sections.seed_choice()
st.caption(
    f"Scores and ranks in **{quarter_label(quarters[-1])}** (the last quarter in the sidebar's range); "
    f"agreement and association over {quarter_label(quarters[0])} – {quarter_label(quarters[-1])}."
)
sections.definition(method)

choice = Comparing(filters, by, quarters, method, tuple(others), seed)
view = derived(sections.page_view, choice)
sections.compare(choice, view)
sections.agreement(choice, view)
sections.stability(choice, view)
sections.outcomes(choice, view)
sections.card_and_exports(choice)
sections.save_form(access)
footer()
