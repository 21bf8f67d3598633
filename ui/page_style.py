"""Style every page gets, whoever reads it and on whatever screen: readable small print (WCAG AA
contrast in light and dark theme) and a phone layout (no sideways scrolling of the page).

``on_phone`` tells the chart layer to draw for a narrow screen (``charts.style.phone_style``): a CSS
media query cannot change a Plotly figure's ticks or legend, so the device is read from the request.
"""

from __future__ import annotations

import streamlit as st

# Streamlit draws captions at 60% opacity: 3.9:1 on white, under WCAG AA's 4.5:1 for small text.
# 75% keeps them quieter than body text (6:1 on white, 9:1 on the dark theme's background). Inline
# code in a caption takes the caption's colour (the theme's green code text is 3:1 at that opacity).
# Slider values and the chosen pill are written in the primary colour, 3.1:1 on the dark theme: they
# take the text colour (the chosen pill keeps its tinted background and is bold: not colour alone).
# Under 640 px wide (a phone upright): narrower page margins, tables and code scroll inside
# themselves, long words break instead of widening the page.
_PAGE_CSS = """
<style>
[data-testid="stCaptionContainer"] {opacity: 0.75 !important;}
[data-testid="stCaptionContainer"] code {color: inherit !important;}
[data-testid="stSliderThumbValue"], [data-testid="stButtonGroup"] button[aria-checked="true"] {color: inherit !important;}
[data-testid="stButtonGroup"] button[aria-checked="true"] p {font-weight: 600;}
@media (max-width: 640px) {
  .stMainBlockContainer, .block-container {padding: 3.5rem 0.9rem 2rem !important;}
  [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] {overflow-wrap: anywhere;}
  [data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stCode"] {max-width: 100%; overflow-x: auto;}
  [data-testid="stMetricValue"] {font-size: 2rem;}
  h1 {font-size: 1.9rem !important;}
}
</style>
"""


def page_style() -> None:
    """Add the page-wide style (once per page run, from ``ui.layout.page_header``); a style-only
    ``st.html`` takes no room on the page."""
    st.html(_PAGE_CSS)


def on_phone() -> bool:
    """Whether the reader's browser says it is a phone (``Mobi`` in its user agent, as every phone
    browser sends and tablets and desktops do not)."""
    try:
        agent = st.context.headers.get("User-Agent", "")
    except (AttributeError, RuntimeError):  # no request behind this run (AppTest)
        return False
    return "Mobi" in agent
