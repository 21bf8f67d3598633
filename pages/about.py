"""About: settings, roles, metric definitions and how privacy is protected."""

import pandas as pd
import streamlit as st

from lmp_metrics.access.grants import PAGE_ROLES, ROLES
from lmp_metrics.core.settings import SETTINGS
from ui.auth import page_access, sign_in_configured
from ui.inert import inert
from ui.layout import footer, page_header, table

access = page_access("about")
page_header("About this dashboard", "Settings, who may see what, and how every figure is defined.")


def setting_text(value: object) -> str:
    """A setting as text: one column holds counts ("5,000") and shares ("0.75") alike."""
    return f"{value:,}" if isinstance(value, int | float) else str(value)


st.subheader("Settings")
st.caption("Change a setting with the environment variable shown (for example `LMP_MIN_GROUP_SIZE=15`).")
st.table(  # a small static reference: rows grow to fit the text instead of scrolling sideways
    pd.DataFrame(
        [
            {
                "Setting": s.name,
                "Value": setting_text(s.value()),
                "Default": setting_text(s.default),
                "What it does": s.help,
                "Environment variable": f"`LMP_{s.name.upper()}`",
            }
            for s in SETTINGS.values()
        ]
    ),
    hide_index=True,
)

st.subheader("Who may see what")
st.write(
    f"You are **{inert(access.identity)}** with role **{access.role}**"
    + ("" if access.is_national else " limited to your granted part of the organisation")
    + (". Sign-in is configured." if sign_in_configured() else ". Demo mode: no sign-in configured.")
)
matrix = pd.DataFrame(
    {role: ["yes" if role in PAGE_ROLES[page] else "—" for page in PAGE_ROLES] for role in ROLES},
    index=[page.replace("_", " ").capitalize() for page in PAGE_ROLES],
).reset_index(names="Page")
table(matrix, key="roles")
st.markdown(
    "- **admin**: everything, including imports and saved views, for the whole nation.\n"
    "- **leader**: every page except imports and the SQL corner, for the region, service area or facility "
    "granted.\n"
    "- **co-lead**: their own team's scorecard in full; everything else only as aggregates.\n"
    "- **viewer**: aggregates only: no team-level rows, scorecards or SQL.\n"
    "The SQL corner is for admins only: they are entitled to the person-level data, and free SQL can "
    "always take two queries apart. Every other page, export and command shows only figures the "
    "disclosure marks allow.\n"
    "Grants live in the `access_grants` table (identity, role, scope)."
)
st.markdown(
    "**Names outside your grant never reach your screen**: not in tables, charts, hover text, "
    "search results, pickers, downloads or messages. A regional leader sees no region, service area, "
    "facility, department or team of another region. A viewer sees no team's name or id; a co-lead "
    "only their own team's. Department, facility and region names are theirs to see in aggregates.\n\n"
    "**Projects, for viewers and co-leads.** Every project: its title, topic, metric, baseline, "
    "result, improvement, status, how often it was adapted and how that went, and its region. Not "
    "the team or facility behind it, except a co-lead's own team. In an adaptation chain the other "
    "projects show by title, result and region. Regional leaders see the projects of their region "
    "with team and facility; projects of a chain outside the region are left out. "
    "**Teams like mine** starts from the reader's own team: for a co-lead the comparable teams show "
    "as *Comparable team 1, 2, …* with their region, levels, projects and course totals; a viewer has "
    "no team of their own to start from.\n\n"
    "Values typed into the address (a team id, a region) that fall outside your access are left out "
    "and not repeated back; any value shown back from the address or a file is plain text."
)

st.subheader("Metric definitions")
st.markdown(
    "- **Assessed teams**: teams with a Path to Performance level in the quarter.\n"
    "- **Mean level**: average level (1–5) of assessed teams. **High-performing share**: share of "
    "assessed teams at level 4 or 5 (target 75%).\n"
    "- **Level movement**: a team's level minus its level four quarters earlier.\n"
    "- **Dimension score** of a group: average of its teams' scores; each team counts once.\n"
    "- **Training completion rate** as of a date: assignments completed by then over assignments "
    "made by then. **On-time rate**: assignments completed by their due date over assignments due "
    "by then. **Overdue**: past due and not completed.\n"
    "- **Small groups**: a figure about people (training, surveys) that would rest on fewer than "
    f"{SETTINGS['min_group_size'].value()} people is shown as *suppressed*, in every page and export."
)

st.subheader("What small-group suppression protects, and what it does not")
minimum = SETTINGS["min_group_size"].value()
st.markdown(
    f"- **Protected**: no figure about people rests on fewer than {minimum} people, and none can be "
    "worked out by subtraction from what is shown anywhere else — a total minus its shown parts, "
    "across every level (nation, region, service area, facility, department, team), the labor-partner "
    "split, the role and union-group splits and the course split. Where the hidden parts of a shown "
    f"total would rest on fewer than {minimum} people together, or where only one part is hidden, the "
    "next smallest part is hidden as well (and a hidden total always has a hidden part), until nothing "
    "changes. This is decided once per data load for every cell at once, and the same marks serve "
    "cards, tables, charts, hovers, CSV, Excel and PNG downloads and the `report` command. A hidden "
    "figure is absent — never drawn as 0 — and says *suppressed*.\n"
    "- **Not protected: differences over time.** Training is counted as of each quarter's end, so two "
    "quarters of the same group can differ by the people who joined or left in between, and a survey "
    "year can be compared with the next. Each figure rests on enough people, but their difference may "
    "not. Counts of people are less revealing than rates over few people, yet this is a real limit.\n"
    "- **Not protected: rounding.** A rate shown to one decimal over a group of 12 still lets its counts "
    "be worked back; rounding is not treated as protection.\n"
    "- **Not protected: free SQL.** Anyone who can write SQL over person-level rows can difference two "
    "queries, so the SQL corner is for admins only, and it withholds rows with fewer than "
    f"{minimum} people as a second line of defence."
)
footer()
