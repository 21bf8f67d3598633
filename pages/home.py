"""Home: what data is loaded, how fresh it is, and where to go next."""

import streamlit as st

from lmp_metrics import catalog
from lmp_metrics.quarters import quarter_label
from ui.data import cached
from ui.layout import empty_state, footer, page_header, table

page_header(
    "LMP team performance",
    "Is partnership working? Unit-based team levels, training and Just Culture, "
    "from one team up to the nation, quarter by quarter.",
)

summary = cached(catalog.data_summary)
if not summary["teams"]:
    empty_state(
        "The database is empty. Build the demo with `python -m lmp_metrics demo --scale kp` "
        "or import your files on the Import page."
    )
else:
    cards = st.columns(4)
    cards[0].metric(
        "Teams", f"{summary['open_teams']:,} open", f"{summary['teams']:,} ever", delta_color="off"
    )
    span = (
        f"{quarter_label(summary['first_quarter'])} – {quarter_label(summary['last_quarter'])}"
        if summary["first_quarter"]
        else "none"
    )
    cards[1].metric("Quarters assessed", f"{summary['quarters']}", span, delta_color="off")
    cards[2].metric("Staff", f"{summary['staff']:,}")
    cards[3].metric("Training records", f"{summary['training_records']:,}")

    st.subheader("Latest imports")
    imports = cached(catalog.last_imports)
    if imports.empty:
        st.caption("No files imported yet: the data was built by the demo generator or loaded directly.")
    else:
        table(
            imports.rename(
                columns={"kind": "Kind", "source_name": "File", "finished_at": "Finished", "rows_in": "Rows"}
            ),
            key="imports",
        )

footer()
