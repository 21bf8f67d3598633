"""Page chrome shared by every page: header, meeting mode, charts, tables, footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.charts.describe import TextAlternative, text_alternative
from lmp_metrics.charts.plotly_internals import drawn, unchecked_figure
from lmp_metrics.charts.style import is_meeting_styled, meeting_style, phone_style
from lmp_metrics.metrics import catalog, saved_views
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import urlstate
from ui.auth import require_access, scope_words
from ui.chart_text import chart_text, with_text
from ui.data import CACHE_TTL_S, Query, data_version, is_frame
from ui.page_style import on_phone, page_style
from ui.reads import cached, shown

if TYPE_CHECKING:
    import pandas as pd

# Meeting mode: no toolbar/menu/deploy chrome, sidebar collapsed (its ">" control stays, so the
# presenter can still reach the filters), large dark text for a projector.
_MEETING_CSS = """
<style>
[data-testid="stToolbarActions"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], [data-testid="stAppDeployButton"], footer {display: none !important;}
header[data-testid="stHeader"] {background: transparent !important;}
.stMainBlockContainer, .block-container {padding: 2.6rem 2.5rem 1rem !important; max-width: 100% !important;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.6rem;}
.st-key-fit_screen {height: max(320px, calc(100vh - 300px)) !important; min-height: max(320px, calc(100vh - 300px)) !important; flex: none !important;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p {font-size: 1.4rem !important; line-height: 1.4;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {font-size: 1.25rem !important; color: #333 !important;}
[data-testid="stSelectbox"] input, [data-testid="stMultiSelect"] input, [data-testid="stMultiSelect"] span,
[data-testid="stTextInput"] input, textarea,
[data-testid="stBaseButton-secondary"] p, [data-testid="stBaseButton-primary"] p,
[data-testid="stExpander"] summary p {font-size: 1.3rem !important;}
[data-testid="stMetricValue"] {font-size: 3.2rem !important;}
h1 {font-size: 2.2rem !important; padding: 0 !important;} h2 {font-size: 2rem !important;}
h3 {font-size: 1.7rem !important;}
</style>
"""


def meeting_mode() -> bool:
    """Whether the projector-friendly meeting mode is on (``?meeting=1`` in the URL)."""
    return urlstate.get_one("meeting") == "1"


def page_header(title: str, purpose: str) -> None:
    """Title, one sentence on what the page answers (and, for a scoped caller, the scope the figures
    are within), and the meeting-mode toggle.

    Call it right after ``ui.auth.page_access``, which checks that the caller may open the page.
    """
    meeting = meeting_mode()
    _collapse_sidebar(meeting)
    page_style()
    if meeting:
        st.markdown(_MEETING_CSS, unsafe_allow_html=True)
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    left.title(title)
    if not meeting:  # on the projector the room knows what the page is for: room for the chart
        access = require_access()
        scope = "" if access.is_national else f" Figures within your access: **{scope_words(access)}**."
        left.caption(purpose + scope)
    on = right.toggle(
        "Meeting mode",
        value=meeting,
        key="meeting_toggle",
        help="Projector view: sidebar tucked away (open it with the arrow at the top left), "
        "large text, high-contrast charts.",
    )
    if on != meeting:
        urlstate.set_value("meeting", "1" if on else None)
        st.rerun()


def _collapse_sidebar(meeting: bool) -> None:
    """Collapse the sidebar in meeting mode; bring it back once when meeting mode ends."""
    if meeting or st.session_state.get("_meeting_sidebar_collapsed"):
        st.set_page_config(initial_sidebar_state="collapsed" if meeting else "auto")
    st.session_state["_meeting_sidebar_collapsed"] = meeting


@st.cache_data(max_entries=1000, ttl=CACHE_TTL_S, show_spinner=False)
def _figure_spec(
    name: str, key: tuple, version: tuple, meeting: bool, _build: Callable[..., go.Figure], _args: tuple
) -> dict:
    fig = _build(*(arg.result() if isinstance(arg, Query) else arg for arg in _args))
    return (meeting_style(fig) if meeting else fig).to_dict()


def cached_figure(build: Callable[..., go.Figure], *args: Any) -> go.Figure:
    """``build(*args)``, drawn once per data version, arguments and meeting mode (projector style).

    The one way pages cache a figure. An argument ``ui.reads.query(fn, *a)`` stands for
    ``cached(fn, *a)``: the figure is keyed on that call, and the data is read only when the figure
    is not cached yet. Other arguments must be plain values (no DataFrames: pass the query that
    makes one). Plotly checks every property while a figure is built (~10–200 ms a chart); a cached
    figure comes back from its checked dict unchecked (~1 ms).
    """
    if any(is_frame(arg) for arg in args):
        raise TypeError(f"{build.__qualname__}: pass ui.reads.query(...) for a frame, not the frame")
    name = f"{build.__module__}.{build.__qualname__}"
    key = tuple(arg.key() if isinstance(arg, Query) else arg for arg in args)
    call = (name, key, data_version(), meeting_mode(), build, args)
    return with_text(unchecked_figure(_figure_spec(*call)), _figure_text(*call))


@st.cache_data(max_entries=1000, ttl=CACHE_TTL_S, show_spinner=False)
def _figure_text(
    name: str, key: tuple, version: tuple, meeting: bool, _build: Callable[..., go.Figure], _args: tuple
) -> TextAlternative:
    """The cached figure's text alternative (``ui.chart_text``), cached with it: ~1 ms, not ~5–15."""
    return text_alternative(_figure_spec(name, key, version, meeting, _build, _args))


def chart(fig: go.Figure, key: str, fit_screen: bool = False, for_print: bool = False, **kwargs: Any) -> Any:
    """Show a Plotly figure (projector style in meeting mode); returns any selection event.

    With ``fit_screen`` in meeting mode, the chart takes the height left on the screen under the page's
    controls (whatever the projector's resolution), so its axes and legend are never below the fold.

    Charts keep their own house style (white background, colour-blind-safe palette) in light and
    dark themes alike: Streamlit's chart theme would recolour them for a background they were not
    designed for. The PNG button names the file after the chart. On a phone the chart is drawn for a
    narrow screen (``phone_style``); under it, its text alternative (``ui.chart_text``). A chart
    ``for_print`` (a printable page) gets neither: it is drawn at the paper's width, on any device.
    """
    described = fig  # words and table from the figure as drawn for any screen
    if meeting_mode() and not is_meeting_styled(fig):
        fig = meeting_style(go.Figure(fig))
    kwargs.setdefault("theme", None)
    if on_phone() and not for_print:
        fig = phone_style(fig)
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": f"lmp_{key}"},
    }
    if fit_screen and meeting_mode():
        # the legend beside the plot: below it, its distance would be a share of an unknown height
        legend = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top", "font_size": 17}
        fig = go.Figure(fig).update_layout(
            height=None, autosize=True, legend=legend, margin={"t": 95, "b": 70}, title_pad_b=4
        )
        with st.container(key="fit_screen"):
            event = st.plotly_chart(drawn(fig), key=key, config=config, height="stretch", **kwargs)
    else:
        event = st.plotly_chart(drawn(fig), key=key, config=config, **kwargs)
    if not for_print:
        chart_text(described, key)
    return event


def table(frame: pd.DataFrame, key: str, **kwargs: Any) -> Any:
    """Show a DataFrame with clear headers and no index column."""
    return st.dataframe(frame, key=key, hide_index=True, **kwargs)


def empty_state(message: str) -> None:
    """Explain why there is nothing to show."""
    st.info(message, icon=":material/info:")


def footer() -> None:
    """Data date and the last successful import per kind."""
    summary = cached(catalog.data_summary)
    imports = cached(catalog.last_imports)
    last = summary["last_quarter"]
    parts = [f"Data through **{quarter_label(last)}**" if last else "No assessments loaded yet"]
    if not imports:
        parts.append("no file imports yet (demo or initial load)")
    else:
        parts.append(
            "last import per kind: " + ", ".join(f"{row.kind} {row.finished_at:%Y-%m-%d}" for row in imports)
        )
    st.divider()
    share_link()
    st.caption(" · ".join(parts))


def share_link() -> None:
    """The link that reopens exactly this view: every choice on a page lives in the URL. The demo
    identity (``as``) is left out, so whoever opens it sees it within their own access; so is any
    value from the URL the caller may not see (a hand-edited name outside the grant)."""
    carried = shown(urlstate.carried_params(*st.query_params))
    query = saved_views.encode_query({name: value for name, value in carried.items() if value})
    st.caption(
        "Link to this view (copy it with the icon on the right; it opens within the reader's own access):"
    )
    st.code(f"{st.context.url or ''}{'?' if query else ''}{query}", language=None, wrap_lines=True)


def page_link(stem: str, label: str, icon: str, **params: str) -> None:
    """Link to another page, carrying the filters and meeting mode, if the caller may open it.

    Shows nothing when the page is outside the caller's role, or when a page runs on its own
    (AppTest of a single page file) where there is no navigation to link into.
    """
    if not require_access().can_open(stem):
        return
    # filter values from the URL travel on only when the caller may see them (this page may not
    # have run the sidebar filters that refuse the others)
    carried = {
        k: v for k, v in shown(urlstate.carried_params(*urlstate.FILTER_PARAMS, "meeting")).items() if v
    }
    try:
        st.page_link(f"pages/{stem}.py", label=label, icon=icon, query_params={**carried, **params})
    except st.errors.StreamlitAPIException:
        st.caption(f"{label}: open the page from the navigation.")
