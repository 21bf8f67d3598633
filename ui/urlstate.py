"""Page state kept in the URL (``st.query_params``) so a link reproduces the view.

The sidebar navigation (``st.navigation``) opens a page with an empty query string. So every
value a page puts in the URL is also remembered in ``st.session_state`` (``SHARED_PARAMS`` for
every page, the rest for the page that set them), and ``restore`` puts back what the URL lacks at
the start of each run: filters, identity and meeting mode follow the reader from page to page, and
each page comes back as it was left. A value cleared on purpose is forgotten with it
(``set_value``); a pasted link opens a new session and shows exactly what it says.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

import streamlit as st

# identity (demo mode), meeting mode and the sidebar filters: the same on every page
FILTER_PARAMS = ("from", "to", "region", "service_area", "facility", "partner")
SHARED_PARAMS = ("as", "meeting", *FILTER_PARAMS)
_STORE = "_url_state"  # session_state: {"": shared values, page: that page's values}
_PAGE = "_url_page"  # session_state: the page of this run, as restore() last saw it


def _bucket(name: str) -> dict[str, list[str]]:
    """Where ``name`` is remembered: with every page, or with the current page."""
    store = st.session_state.setdefault(_STORE, {})
    return store.setdefault("" if name in SHARED_PARAMS else st.session_state.get(_PAGE, "?"), {})


def restore(page: str | None = None) -> None:
    """Put back into the URL what the reader last chose and the URL lacks, then remember the URL.

    Without ``page``: the shared parameters only (app.py calls it before reading the identity);
    with it (the page's URL path, "" for home): that page's own parameters too.
    """
    if page is not None:
        st.session_state[_PAGE] = page
    store = st.session_state.setdefault(_STORE, {})
    remembered = {**store.get("", {}), **(store.get(page, {}) if page is not None else {})}
    missing = {name: values for name, values in remembered.items() if name not in st.query_params}
    for name, values in missing.items():
        try:
            st.query_params[name] = values
        except st.errors.StreamlitAPIException:  # bound to a widget: Streamlit keeps it itself
            continue
    for name in st.query_params:
        if page is not None or name in SHARED_PARAMS:
            _bucket(name)[name] = st.query_params.get_all(name)


def replace_all(query: dict[str, list[str]]) -> None:
    """Replace the URL (and what is remembered of it) with ``query``, keeping the identity."""
    query = {**query, **carried_params("as")}
    store = st.session_state.setdefault(_STORE, {})
    store[""] = {k: v for k, v in _as_lists(query).items() if k in SHARED_PARAMS}
    store[st.session_state.get(_PAGE, "?")] = {
        k: v for k, v in _as_lists(query).items() if k not in SHARED_PARAMS
    }
    st.query_params.from_dict(query)


def _as_lists(query: dict[str, Any]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


def get_list(name: str) -> list[str]:
    """All values of a repeated query parameter."""
    return st.query_params.get_all(name)


def get_one(name: str, default: str | None = None) -> str | None:
    """One query parameter, or ``default``."""
    return st.query_params.get(name, default)


def set_value(name: str, value: str | list[str] | None) -> None:
    """Set (or, for None/empty, remove) a query parameter without touching the others; remembered
    for ``restore`` (a removed one is forgotten)."""
    if value is None or value == [] or value == "":
        _bucket(name).pop(name, None)
        if name in st.query_params:
            del st.query_params[name]
        return
    values = value if isinstance(value, list) else [value]
    _bucket(name)[name] = values
    if st.query_params.get_all(name) != values:
        st.query_params[name] = value


def carried_params(*names: str) -> dict[str, str | list[str]]:
    """The named query parameters, for ``st.page_link``/``st.switch_page`` to carry across pages."""
    out: dict[str, str | list[str]] = {}
    for name in names:
        values = st.query_params.get_all(name)
        if values:
            out[name] = values if len(values) > 1 else values[0]
    return out


def url_choice(
    widget: Literal["selectbox", "segmented_control"],
    param: str,
    label: str,
    options: list,
    default: object,
    *,
    key: str,
    container: Any = st,
    drop_default: bool = False,
    **kwargs: Any,
) -> Any:
    """A selectbox or segmented control whose choice lives in the URL parameter ``param`` (``default``
    when absent, unknown or unselected); with ``drop_default`` the parameter leaves the URL while the
    default is chosen (shorter links)."""
    wanted = get_one(param, default)
    initial = wanted if wanted in options else default
    if widget == "selectbox":
        picked = container.selectbox(label, options, index=options.index(initial), key=key, **kwargs)
    else:
        picked = container.segmented_control(label, options, default=initial, key=key, **kwargs)
    picked = default if picked is None else picked
    set_value(param, None if drop_default and picked == default else picked)
    return picked


url_selectbox = partial(url_choice, "selectbox")
url_segmented_control = partial(url_choice, "segmented_control")


def url_slider(
    param: str,
    label: str,
    low: int,
    high: int,
    default: int,
    step: int,
    *,
    key: str,
    container: Any = st,
    **kwargs: Any,
) -> int:
    """An integer slider whose value lives in the URL parameter ``param`` (left out at ``default``);
    a value in the URL that is not a whole number in range counts as the default."""
    raw = get_one(param, "")
    wanted = int(raw) if raw.isdigit() and low <= int(raw) <= high else default
    value = container.slider(label, low, high, wanted, step, key=key, **kwargs)
    set_value(param, None if value == default else str(value))
    return value
