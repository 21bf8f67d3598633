"""Home: what data is loaded, how fresh it is, and where to go next."""

import streamlit as st

from lmp_metrics.metrics import catalog
from lmp_metrics.views.home import data_cards
from ui.auth import page_access, scope_words
from ui.cards import headline_row
from ui.inert import inert
from ui.layout import empty_state, footer, page_header, page_link
from ui.reads import cached

# (page, label, icon, what it answers) — the four goals of the Partnership Effectiveness subgroup
DESTINATIONS = [
    (
        "overview",
        "Overview",
        ":material/insights:",
        "Is partnership working above the team level? Levels, movement, training and the "
        "effectiveness index by region, facility, department and labor partner.",
    ),
    (
        "scorecard",
        "Team scorecard",
        ":material/groups:",
        "How is my team doing, and what would move it up a level?",
    ),
    (
        "training",
        "Training",
        ":material/school:",
        "Do employees and managers get timely and effective partnership training?",
    ),
    (
        "projects",
        "Project library",
        ":material/library_books:",
        "Which UBT projects worked, and which teams like mine moved up?",
    ),
    (
        "just_culture",
        "Just Culture",
        ":material/record_voice_over:",
        "Speaking up, reporting and learning: People Pulse indices above the team level.",
    ),
    (
        "explorer",
        "Explorer",
        ":material/query_stats:",
        "Any measure, any breakdown, on the projector in seconds (meeting mode, saved views, exports).",
    ),
]


def imports_table(imports: list[catalog.LastImport]) -> str:
    """The last import of each kind as a small static Markdown table, file names exactly as typed.

    A handful of rows reads best as plain text, and it keeps the landing page free of the data grid
    (and of pandas, which the grid needs).
    """
    lines = ["| Kind | File | Finished | Rows |", "|---|---|---|---:|"]
    for row in imports:
        file = inert(row.source_name, table_cell=True)
        lines.append(f"| {row.kind} | {file} | {row.finished_at:%Y-%m-%d %H:%M} | {row.rows_in:,} |")
    return "\n".join(lines)


access = page_access("home")
page_header(
    "LMP team performance",
    "Is partnership working? Unit-based team levels, training and Just Culture, "
    "from one team up to the nation, quarter by quarter.",
)

summary = cached(catalog.data_summary, access.scope)
where = scope_words(access)
if not summary["teams"] and access.is_national:
    empty_state(
        "The database is empty. Build the demo with `python -m lmp_metrics demo --scale kp` "
        "or import your files on the Import page."
    )
else:
    st.subheader(f"Your view: {where[0].upper()}{where[1:]}")
    st.caption(
        "Every page opens here, within your access"
        + ("." if access.is_national else f" ({where}); the figures below count only what you may see.")
    )
    if access.role == "co-lead" and access.own_team_ids:
        for team in access.own_team_ids:
            page_link("scorecard", f"Your team's scorecard ({team})", ":material/badge:", team=team)
    headline_row(data_cards(summary))

    st.subheader("Where to go")
    grid = st.columns(3)
    for index, (stem, label, icon, purpose) in enumerate(DESTINATIONS):
        with grid[index % 3]:
            page_link(stem, label, icon)
            st.caption(purpose)

    st.subheader("Latest imports")
    imports = cached(catalog.last_imports)
    if not imports:
        st.caption("No files imported yet: the data was built by the demo generator or loaded directly.")
    else:
        st.markdown(imports_table(imports))

footer()
