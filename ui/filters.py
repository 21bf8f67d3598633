"""The shared sidebar filters (quarter range, region, service area, facility, labor partner).

Every choice is mirrored in the URL, so a copied link opens the same view.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from lmp_metrics.access.filters import LABOR_PARTNERS, Filters
from lmp_metrics.metrics import catalog
from lmp_metrics.vocabulary.quarters import parse_quarter, quarter_label
from ui import urlstate
from ui.auth import require_access
from ui.reads import cached

_MULTI = (
    ("region", "Region", "regions"),
    ("service_area", "Service area", "service_areas"),
    ("facility", "Facility", "facilities"),
)


def _quarter_param(name: str, options: list[date], fallback: date) -> date:
    raw = urlstate.get_one(name)
    try:
        value = parse_quarter(raw) if raw else fallback
    except ValueError:
        return fallback
    return value if value in options else fallback


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
            default_first = quarters[max(0, len(quarters) - default_span_quarters)]
            first = _quarter_param("from", quarters, default_first)
            last = _quarter_param("to", quarters, quarters[-1])
            first, last = st.select_slider(
                "Quarters",
                options=quarters,
                value=(min(first, last), max(first, last)),
                format_func=quarter_label,
                key="filter_quarters",
            )
            urlstate.set_value("from", quarter_label(first).replace(" ", "-"))
            urlstate.set_value("to", quarter_label(last).replace(" ", "-"))
            filters = filters.narrowed(first_quarter=first, last_quarter=last)
        for param, label, attribute in _MULTI:
            # team options do not depend on the quarter range: keep it out of the cache key
            teams_only = filters.narrowed(first_quarter=None, last_quarter=None)
            options = cached(catalog.hierarchy_options, param, teams_only)
            chosen = _allowed_values(param, label, options)
            picked = st.multiselect(label, options, default=chosen, key=f"filter_{param}", placeholder="All")
            urlstate.set_value(param, picked)
            filters = filters.narrowed(**{attribute: tuple(picked)}) if picked else filters
        chosen = [v for v in urlstate.get_list("partner") if v in LABOR_PARTNERS]
        partners = st.multiselect(
            "Labor partner", LABOR_PARTNERS, default=chosen, key="filter_partner", placeholder="All"
        )
        urlstate.set_value("partner", partners)
        filters = filters.narrowed(labor_partners=tuple(partners))
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
