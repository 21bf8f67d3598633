"""Navigation only: every page lives in pages/ and composes functions from lmp_metrics and ui."""

import streamlit as st

st.set_page_config(page_title="LMP performance", page_icon=":material/handshake:", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
]

st.navigation(PAGES).run()
