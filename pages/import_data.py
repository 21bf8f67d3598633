"""Import: load a CSV or Excel export into one table — checked row by row, all or nothing, logged."""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

from lmp_metrics.importer import KINDS, ImportResult, import_file, import_history
from lmp_metrics.importer.samples import sample_files
from ui.auth import page_access
from ui.data import cached, db_path
from ui.layout import footer, page_header, table

page_access("import_data")
page_header(
    "Import",
    "Load a quarterly export into one table. Every row is checked first; one bad row and nothing changes.",
)


def headers(frame: pd.DataFrame, **widths: str) -> dict[str, object]:
    """Capitalised headers for display ("reason" → "Reason"); the data and its CSV keep the
    machine-friendly names. ``widths`` maps a column to a Streamlit column width."""
    return {
        name: st.column_config.Column(name.capitalize(), width=widths.get(name)) for name in frame.columns
    }


def show_result(result: ImportResult) -> None:
    """Outcome, counts, and for a rejected file the error report with a CSV download."""
    {"rejected": st.error, "unchanged": st.info}.get(result.status, st.success)(result.summary())
    cards = st.columns(4)
    cards[0].metric("Rows in file", f"{result.rows_in:,}")
    cards[1].metric("New rows", f"{result.rows_inserted:,}")
    cards[2].metric("Updated rows", f"{result.rows_updated:,}")
    cards[3].metric("Errors", f"{result.error_count:,}")
    if result.errors.empty:
        return
    if result.error_count > len(result.errors):
        st.caption(f"Showing the first {len(result.errors):,} of {result.error_count:,} errors.")
    table(result.errors, key="import_errors", column_config=headers(result.errors, reason="large"))
    st.download_button(
        "Download the error report (CSV)",
        result.errors.to_csv(index=False).encode("utf-8"),
        file_name=f"{PurePath(result.source_name).stem}-errors.csv",
        mime="text/csv",
        icon=":material/download:",
    )


left, right = st.columns([2, 3])
kind = left.selectbox(
    "What does the file hold?",
    list(KINDS),
    format_func=lambda name: name.replace("_", " ").capitalize(),
    key="import_kind",
    help="One table per file. Import teams, dimensions and courses before the files that refer to them.",
)
upload = left.file_uploader("CSV (UTF-8) or Excel .xlsx file", type=["csv", "xlsx"], key="import_upload")
dry_run = left.toggle("Dry run: check only, change nothing", key="import_dry_run")
if left.button("Check file" if dry_run else "Import file", type="primary", disabled=upload is None):
    with st.spinner("Checking every row…" if dry_run else "Importing…"):
        st.session_state["import_result"] = import_file(
            db_path(), kind, upload.getvalue(), upload.name, dry_run=dry_run
        )
with right:
    st.markdown(f"**File format: {kind.replace('_', ' ')}**")
    rules = KINDS[kind].format_table()
    table(rules, key="import_format", column_config=headers(rules, **{"must hold": "large"}))
    st.caption(
        "Header row required; unknown columns are an error. Optional columns may be left out "
        "(stored values are kept). Quarters may be written 2025-Q2, 2025Q2, Q2 2025 or as any date "
        "inside the quarter; dates as YYYY-MM-DD; true/false as true, false, yes, no, 1 or 0."
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
