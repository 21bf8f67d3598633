"""Import: load a CSV or Excel export into one table — checked row by row, all or nothing, logged."""

from __future__ import annotations

import streamlit as st

from lmp_metrics.importer import KINDS, import_history
from lmp_metrics.importer.samples import sample_files
from ui.auth import page_access
from ui.imports import headers, import_with_progress, show_result, undo_section
from ui.layout import footer, page_header, table
from ui.reads import cached

page_access("import_data")
page_header(
    "Import",
    "Load a quarterly export into one table. Every row is checked first; one bad row and nothing changes.",
)


left, right = st.columns([2, 3])
kind = left.selectbox(
    "What does the file hold?",
    list(KINDS),
    format_func=lambda name: name.replace("_", " ").capitalize(),
    key="import_kind",
    help="One table per file. Import teams, dimensions and courses before the files that refer to them.",
)
upload = left.file_uploader(
    "CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252) or Excel .xlsx file",
    type=["csv", "txt", "tsv", "xlsx"],
    key="import_upload",
)
dry_run = left.toggle("Dry run: check only, change nothing", key="import_dry_run")
if left.button("Check file" if dry_run else "Import file", type="primary", disabled=upload is None):
    st.session_state["import_result"] = import_with_progress(kind, upload.getvalue(), upload.name, dry_run)
with right:
    st.markdown(f"**File format: {kind.replace('_', ' ')}**")
    rules = KINDS[kind].format_table()
    table(rules, key="import_format", column_config=headers(rules, **{"must hold": "large"}))
    st.caption(
        "Header row required; unknown columns are an error. Optional columns may be left out "
        "(stored values are kept). Quarters may be written 2025-Q2, 2025Q2, Q2 2025 or as any date "
        "inside the quarter; dates as YYYY-MM-DD or Excel date serials; true/false as true, false, yes, no, 1 or 0."
    )

if result := st.session_state.get("import_result"):
    st.subheader("Result")
    show_result(result)

st.subheader("Import history")
history = cached(import_history)
if history.empty:
    st.caption("No imports yet.")
else:
    table(
        history.rename(columns=lambda name: name.replace("_", " ").capitalize()),
        key="import_history",
        column_config={"Sha256": None},
    )

st.subheader("Undo an import")
undo_section()

st.subheader("Sample files")
st.caption(
    "One small, consistent file per kind. Imported in this order into an empty database they give "
    "a working dashboard; open one to see the expected layout."
)
samples = sample_files()
columns = st.columns(3)
for position, (name, path) in enumerate(samples.items()):
    columns[position % 3].download_button(
        f"{path.name}",
        path.read_bytes(),
        file_name=path.name,
        mime="text/csv",
        key=f"sample_{name}",
        icon=":material/description:",
    )

footer()
