"""The shared sidebar filters: quarter range and the hierarchy's sidebar levels (``SIDEBAR_LEVELS``:
region, service area, facility, labor partner).

Every choice is mirrored in the URL, so a copied link opens the same view.
"""

from __future__ import annotations

import streamlit as st

from lmp_metrics.access.filters import Filters
from lmp_metrics.metrics import catalog
from lmp_metrics.vocabulary.hierarchy import LABOR_PARTNER, LABOR_PARTNERS, SIDEBAR_LEVELS
from lmp_metrics.vocabulary.quarters import QuarterRange, quarter_label
from ui import urlstate
from ui.auth import require_access
from ui.reads import cached


def sidebar_filters(default_span_quarters: int = 12) -> Filters:
    """Draw the filters in the sidebar and return them, limited to the caller's access scope.

    State lives in the URL; values edited into a URL that fall outside the caller's scope are
    refused with a message, never shown.
    """
    access = require_access()
    quarters = cached(catalog.quarters)
    filters = access.scope
    with st.sidebar:
        st.subheader("Filters")
        if quarters:
            default = QuarterRange(quarters[max(0, len(quarters) - default_span_quarters)], quarters[-1])
            wanted = QuarterRange.parse(*map(urlstate.get_one, urlstate.RANGE_PARAMS), quarters, default)
            chosen = QuarterRange(
                *st.select_slider(
                    "Quarters",
                    options=quarters,
                    value=(wanted.first, wanted.last),
                    format_func=quarter_label,
                    key="filter_quarters",
                )
            )
            for name, value in zip(urlstate.RANGE_PARAMS, chosen.params(), strict=True):
                urlstate.set_value(name, value)
            filters = filters.narrowed(quarters=chosen)
        for shown in SIDEBAR_LEVELS:
            param = shown.url_param
            if shown is LABOR_PARTNER:  # the contract's fixed values, in their order
                options = list(LABOR_PARTNERS)
            else:  # team options do not depend on the quarter range: keep it out of the cache key
                teams_only = filters.without_range()
                options = cached(catalog.hierarchy_options, shown.key, teams_only)
            chosen = _allowed_values(param, shown.label, options)
            picked = st.multiselect(
                shown.label, options, default=chosen, key=f"filter_{param}", placeholder="All"
            )
            urlstate.set_value(param, picked)
            filters = filters.narrowed(**{shown.filter_field: tuple(picked)}) if picked else filters
    return access.limit(filters)


def _allowed_values(param: str, label: str, options: list[str]) -> list[str]:
    """URL values that are valid choices; warn about the rest (outside access or unknown) without
    repeating them: a name outside one's access is not shown back, not even as typed."""
    requested = urlstate.get_list(param)
    refused = [v for v in requested if v not in options]
    if refused:
        values = "value" if len(refused) == 1 else "values"
        st.warning(
            f"{len(refused)} {label.lower()} {values} in the address: outside your access or not in the "
            "data; left out.",
            icon=":material/lock:",
        )
    return [v for v in requested if v in options]
