"""Navigation only: every page lives in pages/ and composes functions from lmp_metrics and ui."""

import streamlit as st

from ui import urlstate
from ui.auth import identity_panel, require_access
from ui.navigation import PAGES

st.set_page_config(page_title="LMP performance", page_icon=":material/handshake:", layout="wide")

urlstate.restore()  # the sidebar navigation drops the query string: put back what the reader chose
access = require_access()
identity_panel(access)
allowed = [
    st.Page(f"pages/{stem}.py", title=title, icon=icon, default=stem == "home")
    for stem, title, icon in PAGES
    if access.can_open(stem)
]
page = st.navigation(allowed)
urlstate.restore(page.url_path)
page.run()
