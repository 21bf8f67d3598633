"""SQL corner: one read-only SELECT at a time over the contract tables, marts and views.

Everything that keeps it safe lives in ``lmp_metrics.metrics.sql_sandbox`` (own locked-down read-only
connection, statement allow-list, timeout, row cap, small-group withholding); this page only
takes the query, shows the result or the one-line reason it was refused, and lists the tables.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmp_metrics.core.database import Database
from lmp_metrics.core.settings import min_group_size, setting
from lmp_metrics.metrics import sql_sandbox
from ui.auth import page_access
from ui.data import db_path
from ui.inert import inert
from ui.layout import empty_state, footer, page_header, table
from ui.reads import cached

EXAMPLES = {
    "High-performing share by region, latest quarter": """
SELECT region, count(*) AS assessed_teams, avg(high_performing::INT) AS high_performing_share
FROM mart_team_quarter
WHERE quarter = (SELECT max(quarter) FROM mart_team_quarter)
GROUP BY region
ORDER BY high_performing_share DESC""",
    "Training completion by role (people-level: needs a people column)": """
SELECT s.role, count(DISTINCT r.person_id) AS people,
       avg((r.completed_on IS NOT NULL)::INT) AS completion_rate
FROM training_records r JOIN staff s USING (person_id)
GROUP BY s.role
ORDER BY s.role""",
    "Just Culture by region and year (respondent-weighted)": """
SELECT t.region, r.survey_year, sum(r.respondents) AS people,
       sum(r.score * r.respondents) / sum(r.respondents) AS just_culture
FROM survey_results r JOIN teams t USING (team_id)
WHERE r.index_name = 'just_culture'
GROUP BY ALL
ORDER BY 1, 2""",
}


def table_list(db: Database) -> pd.DataFrame:
    """What the sandbox can query (read through its own connection, like the queries)."""
    return sql_sandbox.reachable_tables(db.path)


access = page_access("sql_corner")
page_header(
    "SQL corner",
    "Read-only SQL for analysts: one SELECT over the contract tables, marts and views. "
    "Nothing here can change data, read files or reach other databases.",
)
if not access.is_national:
    empty_state(
        "The SQL corner reads the whole database, so it is open to national-scope roles only. "
        "Use the Explorer for figures within your scope."
    )
    footer()
    st.stop()

query_column, tables_column = st.columns([3, 2])
with query_column:
    example = st.selectbox("Start from an example", ["(your own query)", *EXAMPLES], key="sql_example")
    if example in EXAMPLES and st.session_state.get("sql_loaded") != example:
        st.session_state["sql_text"] = EXAMPLES[example].strip()
        st.session_state["sql_loaded"] = example
    with st.form("sql_form", border=False):
        sql = st.text_area(
            "Query", key="sql_text", height=220, placeholder="SELECT … FROM mart_team_quarter …"
        )
        submitted = st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    st.caption(
        f"One SELECT (or WITH … SELECT). Stops after {setting('sql_timeout_seconds')} s and returns at most "
        f"{setting('sql_row_cap'):,} rows. Queries that touch people (staff, training records, survey "
        "results) must aggregate and return a `people` column — `count(DISTINCT person_id)`, or "
        f"`sum(respondents)` for surveys; rows with fewer than {min_group_size()} people are withheld."
    )
    if submitted:
        try:
            st.session_state["sql_result"] = sql_sandbox.run_query(db_path(), sql)
            st.session_state.pop("sql_error", None)
        except sql_sandbox.SqlRefused as refused:
            st.session_state["sql_error"] = str(refused)
            st.session_state.pop("sql_result", None)
    if error := st.session_state.get("sql_error"):
        st.error(inert(error), icon=":material/block:")
    if result := st.session_state.get("sql_result"):
        st.caption(f"{len(result.frame):,} rows in {result.seconds * 1000:,.0f} ms")
        for note in result.notes():
            st.warning(note, icon=":material/visibility_off:")
        table(result.frame, key="sql_result_table")
        st.download_button(
            "CSV",
            result.frame.to_csv(index=False).encode("utf-8-sig"),
            "lmp_sql_result.csv",
            "text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="sql_csv",
        )

with tables_column:
    st.subheader("Tables you can query")
    tables = cached(table_list)
    picked = table(  # narrow enough for the column; a selected table's columns are listed below it
        tables,
        key="sql_tables",
        column_order=("table", "person_level"),
        column_config={
            "table": st.column_config.TextColumn("Table"),
            "person_level": st.column_config.CheckboxColumn(
                "People",
                width=64,
                help="About people: queries touching it must aggregate with a people column",
            ),
        },
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = picked.selection.rows if picked else []
    if rows:
        chosen = tables.iloc[rows[0]]
        st.markdown(f"**{chosen['table']}**: {chosen['columns']}")
    else:
        st.caption("Select a table to read all its columns.")

footer()
