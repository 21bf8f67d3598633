"""Page state kept in the URL (``st.query_params``) so a link reproduces the view."""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

import streamlit as st


def get_list(name: str) -> list[str]:
    """All values of a repeated query parameter."""
    return st.query_params.get_all(name)


def get_one(name: str, default: str | None = None) -> str | None:
    """One query parameter, or ``default``."""
    return st.query_params.get(name, default)


def set_value(name: str, value: str | list[str] | None) -> None:
    """Set (or, for None/empty, remove) a query parameter without touching the others."""
    if value is None or value == [] or value == "":
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get_all(name) != (value if isinstance(value, list) else [value]):
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
