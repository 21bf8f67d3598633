"""Page chrome shared by every page: header, meeting mode, charts, tables, footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.charts.style import MEETING_META, is_meeting_styled, meeting_style
from lmp_metrics.metrics import catalog
from lmp_metrics.vocabulary.quarters import quarter_label
from ui import urlstate
from ui.auth import require_access
from ui.data import CACHE_TTL_S, cached, is_frame, origin
from ui.filters import FILTER_PARAMS

if TYPE_CHECKING:
    import pandas as pd

# Meeting mode: no toolbar/menu/deploy chrome, sidebar collapsed (its ">" control stays, so the
# presenter can still reach the filters), large dark text for a projector.
_MEETING_CSS = """
<style>
[data-testid="stToolbarActions"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], [data-testid="stAppDeployButton"], footer {display: none !important;}
header[data-testid="stHeader"] {background: transparent !important;}
.stMainBlockContainer, .block-container {padding: 1.5rem 2.5rem 1rem !important; max-width: 100% !important;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p {font-size: 1.4rem !important; line-height: 1.4;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {font-size: 1.25rem !important; color: #333 !important;}
[data-testid="stSelectbox"] input, [data-testid="stMultiSelect"] input, [data-testid="stMultiSelect"] span,
[data-testid="stTextInput"] input, textarea,
[data-testid="stBaseButton-secondary"] p, [data-testid="stBaseButton-primary"] p,
[data-testid="stExpander"] summary p {font-size: 1.3rem !important;}
[data-testid="stMetricValue"] {font-size: 3.2rem !important;}
h1 {font-size: 3rem !important;} h2 {font-size: 2.3rem !important;} h3 {font-size: 1.9rem !important;}
</style>
"""


def meeting_mode() -> bool:
    """Whether the projector-friendly meeting mode is on (``?meeting=1`` in the URL)."""
    return urlstate.get_one("meeting") == "1"


def page_header(title: str, purpose: str) -> None:
    """Title, one sentence on what the page answers, and the meeting-mode toggle.

    Call it right after ``ui.auth.page_access``, which checks that the caller may open the page.
    """
    meeting = meeting_mode()
    _collapse_sidebar(meeting)
    if meeting:
        st.markdown(_MEETING_CSS, unsafe_allow_html=True)
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    left.title(title)
    left.caption(purpose)
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


@st.cache_data(max_entries=300, ttl=CACHE_TTL_S, show_spinner=False)
def _figure_dict(
    name: str, key: tuple, meeting: bool, _args: tuple, _builder: Callable[..., go.Figure]
) -> dict:
    fig = _builder(*_args)
    return (meeting_style(fig) if meeting else fig).to_dict()


def figure_key(args: tuple) -> tuple:
    """What ``cached_figure`` caches on: a frame straight from ``ui.data.cached`` stands for the
    call that returned it (``ui.data.origin``: nothing to hash), anything else for itself."""
    return tuple((("cached", call) if (call := _origin(arg)) else arg) for arg in args)


def _origin(value: Any) -> str | None:
    return origin(value) if is_frame(value) else None


def cached_figure(builder: Callable[..., go.Figure], *args: Any) -> dict:
    """``builder(*args)`` built once per distinct input (in meeting mode, projector-styled), as the
    figure's checked dict, for ``chart``.

    Plotly checks every property while a figure is built (~10–200 ms a chart); reruns reuse the
    checked dict and skip the check. Frames passed straight from ``ui.data.cached`` are keyed on
    the call that made them, so rereading the cache costs no hashing of their contents; frames
    derived on the page are new objects and are keyed on their contents. Do not change a cached
    frame's values in place before charting it (add a column or derive a new frame instead).
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _figure_dict(name, figure_key(args), meeting_mode(), args, builder)


class _CheckedFigure(go.Figure):
    """A checked figure dict handed to ``st.plotly_chart`` as it is.

    ``st.plotly_chart`` asks a Figure for ``to_dict()`` and writes that as JSON. A Figure rebuilt
    from a cached dict would rebuild every trace object and ``to_dict`` deep-copy them again: about
    two thirds of a cached chart's cost on each rerun (profiled at kp), for the same JSON. This
    one only carries the dict; it is made in ``chart`` and nothing edits it.
    """

    def __init__(self, spec: dict) -> None:
        super().__init__()
        self._checked_spec = spec

    def to_dict(self) -> dict:
        return self._checked_spec


def chart(fig: go.Figure | dict, key: str, **kwargs: Any) -> Any:
    """Show a Plotly figure, or a figure dict Plotly has checked (``cached_figure``, figures cached
    with ``to_dict()``), projector-styled in meeting mode; returns any selection event.

    Charts keep their own house style (white background, colour-blind-safe palette) in light and
    dark themes alike: Streamlit's chart theme would recolour them for a background they were not
    designed for. The PNG button names the file after the chart.
    """
    meeting = meeting_mode()
    if isinstance(fig, dict):
        checked = fig.get("layout", {}).get("meta") == MEETING_META or not meeting
        fig = _CheckedFigure(fig) if checked else go.Figure(fig, _validate=False)
    if meeting and not isinstance(fig, _CheckedFigure) and not is_meeting_styled(fig):
        fig = meeting_style(go.Figure(fig))
    kwargs.setdefault("theme", None)
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": f"lmp_{key}"},
    }
    return st.plotly_chart(fig, key=key, config=config, **kwargs)


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
    st.caption(" · ".join(parts))


def page_link(stem: str, label: str, icon: str, **params: str) -> None:
    """Link to another page, carrying the filters and meeting mode, if the caller may open it.

    Shows nothing when the page is outside the caller's role, or when a page runs on its own
    (AppTest of a single page file) where there is no navigation to link into.
    """
    if not require_access().can_open(stem):
        return
    carried = urlstate.carried_params(*FILTER_PARAMS, "meeting")
    try:
        st.page_link(f"pages/{stem}.py", label=label, icon=icon, query_params={**carried, **params})
    except st.errors.StreamlitAPIException:
        st.caption(f"{label}: open the page from the navigation.")
