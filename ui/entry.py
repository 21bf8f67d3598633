"""Make every script run go through app.py, even the first deep link on a fresh server.

Streamlit treats a folder called ``pages/`` as a legacy multipage app until ``st.navigation`` has
run once in the server process: a first request for ``/overview`` would run ``pages/overview.py``
on its own, skipping app.py's sign-in and role checks. The guard switches that legacy mode off and
reruns, so app.py runs and ``st.navigation`` opens the requested page with its query parameters.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_through_app() -> None:
    """Rerun through app.py if Streamlit is about to run a page file directly (legacy mode)."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
