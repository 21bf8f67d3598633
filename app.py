"""Navigation only: every page lives in pages/ and composes functions from lmp_metrics and ui."""

import streamlit as st

from ui.auth import identity_panel, require_access

st.set_page_config(page_title="LMP performance", page_icon=":material/handshake:", layout="wide")

# (file stem in pages/, title, icon) — one line per page; roles that may open each are in
# lmp_metrics/access/grants.py PAGE_ROLES.
PAGES = [
    ("home", "Home", ":material/home:"),
    ("overview", "Overview", ":material/insights:"),
    ("scorecard", "Team scorecard", ":material/groups:"),
    ("training", "Training", ":material/school:"),
    ("projects", "Project library", ":material/library_books:"),
    ("just_culture", "Just Culture", ":material/record_voice_over:"),
    ("explorer", "Explorer", ":material/query_stats:"),
    ("sql_corner", "SQL corner", ":material/terminal:"),
    ("import_data", "Import", ":material/upload_file:"),
    ("about", "About", ":material/info:"),
]

access = require_access()
identity_panel(access)
allowed = [
    st.Page(f"pages/{stem}.py", title=title, icon=icon, default=stem == "home")
    for stem, title, icon in PAGES
    if access.can_open(stem)
]
st.navigation(allowed).run()
