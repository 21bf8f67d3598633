"""Make every script run go through app.py, even the first deep link on a fresh server.

Streamlit treats a folder called ``pages/`` as a legacy multipage app until ``st.navigation`` has
run once in the process: a first request for ``/overview`` would run ``pages/overview.py`` on its
own, skipping app.py's sign-in and role checks. The guard switches legacy mode off and runs app.py
in its place, in the same script run (a rerun would swallow the click that started this run);
app.py's ``st.navigation`` then opens the requested page, and the stray run of the page stops.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_through_app() -> None:
    """If this page file runs on its own (legacy mode), run app.py instead and stop here.

    Called at the top of each page (``ui.layout.page_header``), never in app.py: on the normal path
    ``st.navigation`` has already switched legacy mode off and nothing happens.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        exec(compile(APP.read_text(), str(APP), "exec"), {"__name__": "__main__", "__file__": str(APP)})
        st.stop()
