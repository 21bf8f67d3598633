"""Sections of the Import page: an import's outcome, and taking back the latest change."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

import pandas as pd
import streamlit as st

from lmp_metrics.core.progress import Report
from lmp_metrics.core.settings import setting
from lmp_metrics.core.store import snapshot_disk_use
from lmp_metrics.importer import ImportResult, import_file
from lmp_metrics.importer.undo import refusal, undo_import
from ui.data import db_path, get_db
from ui.inert import inert
from ui.layout import table


def headers(frame: pd.DataFrame, **widths: str) -> dict[str, object]:
    """Capitalised headers for display ("reason" → "Reason"); the data and its CSV keep the
    machine-friendly names. ``widths`` maps a column to a Streamlit column width."""
    return {
        name: st.column_config.Column(name.capitalize(), width=widths.get(name)) for name in frame.columns
    }


@contextmanager
def progress(title: str) -> Iterator[Report]:
    """A status box with a progress bar: the step, the share done and the seconds since the start."""
    started = time.perf_counter()
    with st.status(title, expanded=True) as status:
        bar = st.progress(0.0, text="starting")

        def report(label: str, fraction: float) -> None:
            bar.progress(min(fraction, 1.0), text=f"{label} · {time.perf_counter() - started:.1f} s")

        yield report
        status.update(label=f"{title}: finished in {time.perf_counter() - started:.1f} s", state="complete")


def import_with_progress(kind: str, content: bytes, name: str, dry_run: bool) -> ImportResult:
    """``import_file`` with its steps shown as they happen."""
    with progress(f"{'Checking' if dry_run else 'Importing'} {inert(name)}") as report:
        return import_file(db_path(), kind, content, name, dry_run=dry_run, report=report)


def show_result(result: ImportResult) -> None:
    """Outcome, counts, and for a rejected file the error report with a CSV download."""
    {"rejected": st.error, "unchanged": st.info}.get(result.status, st.success)(result.summary(inert))
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


def undo_section() -> None:
    """The latest change with an "Undo this import" button, the outcome of the last undo, disk use."""
    if done := st.session_state.pop("undo_result", None):
        (st.success if done.ok else st.error)(inert(done.message.capitalize()))  # names a file
    path = db_path()
    change, why = refusal(Path(path), get_db(), None)
    if change is None:
        st.caption("Nothing to undo yet: no import has changed the data.")
    elif why is not None:
        st.caption(f"The latest change, {inert(change.label)}, cannot be undone: {inert(why)}.")
    else:
        st.markdown(
            f"Latest change: {inert(change.label)}. Undoing it puts the imported tables back exactly as "
            "they were just before it (saved views and access grants stay as they are now); the undo "
            "can itself be undone."
        )
        if st.button("Undo this import", key="undo_import", icon=":material/undo:"):
            with progress(f"Undoing {inert(change.label)}") as report:
                st.session_state["undo_result"] = undo_import(path, change.import_id, report=report)
            st.session_state.pop("import_result", None)
            st.rerun()
    count, size = snapshot_disk_use(path)
    st.caption(
        f"{count} snapshot(s) of the database kept for undo, {size / 1e6:,.0f} MB on disk "
        f"(the newest {setting('undo_snapshots')}; setting undo_snapshots)."
    )
