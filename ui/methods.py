"""Sections of the Compare methods page: picking methods, the charts, the card and exports, saving.

URL state: ``method`` (the method the card, intervals and sensitivity are about), ``vs`` (the
methods compared with it, repeated), ``by`` (the groups), ``seed`` (resampling), plus the filters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from lmp_metrics.access.grants import METHOD_AUTHORS, Access
from lmp_metrics.charts import methods as charts
from lmp_metrics.metrics import method_compare as mc
from lmp_metrics.metrics import method_stability as ranking
from lmp_metrics.metrics.methods import MISSING_RULES, SIDES, Method, new_method, save_method
from lmp_metrics.views import method_card
from lmp_metrics.views import methods as words
from lmp_metrics.views.methods import Comparing, MethodReport, MethodView, comparison_reads, method_report
from lmp_metrics.vocabulary.index_components import COMPONENTS
from ui import urlstate
from ui.data import db_path
from ui.inert import inert
from ui.layout import cached_figure, chart, table
from ui.reads import cached, derived, query, reader

WIDGET_PREFIX = "methods_"


def method_choice(methods: list[Method]) -> tuple[Method, list[Method]]:
    """The method to look at (``method``) and those to compare it with (``vs``), from the URL."""
    by_id = {m.method_id: m for m in methods}
    ids = list(by_id)
    left, right = st.columns([2, 3])
    chosen = urlstate.url_selectbox(
        "method",
        "Method",
        ids,
        ids[0],
        key=f"{WIDGET_PREFIX}method",
        container=left,
        format_func=lambda i: by_id[i].name,
    )
    wanted = [i for i in urlstate.get_list("vs") if i in by_id and i != chosen]
    default = wanted if urlstate.get_list("vs") else [i for i in ids if i != chosen][:1]
    others = right.multiselect(
        "Compare with",
        [i for i in ids if i != chosen],
        default=default,
        key=f"{WIDGET_PREFIX}vs_{chosen}",
        format_func=lambda i: by_id[i].name,
        placeholder="Choose one or more methods",
    )
    urlstate.set_value("vs", others or None)
    with st.expander(f"All saved methods ({len(methods)})", icon=":material/list:"):
        table(words.methods_table(methods), key="methods_list")
        st.caption("Weights in component order: high-performing / progress / training / Just Culture.")
    return by_id[chosen], [by_id[i] for i in others]


def seed_choice() -> int:
    """The resampling seed (``seed`` in the URL, left out at the default)."""
    raw = urlstate.get_one("seed", "")
    seed = st.number_input(
        "Resampling seed",
        min_value=0,
        max_value=10_000,
        value=int(raw) if raw.isdigit() and int(raw) <= 10_000 else ranking.DEFAULT_SEED,
        step=1,
        key=f"{WIDGET_PREFIX}seed",
        help="The same seed always gives the same intervals.",
    )
    urlstate.set_value("seed", None if seed == ranking.DEFAULT_SEED else str(seed))
    return int(seed)


def definition(method: Method) -> None:
    """What the method is: side and rule in one line; notes and weights in an expander."""
    rule = MISSING_RULES[method.missing_rule]
    st.markdown(
        f"**{method.name}** · proposed by the **{method.side}** side · "
        f"missing data: *{rule.label.lower()}* · at least **{method.min_teams}** assessed teams per group"
    )
    with st.expander(f"Definition of {method.name}: weights and notes", icon=":material/balance:"):
        if method.notes:
            st.caption(method.notes)
        table(words.weights_table(method), key="methods_weights")


def figure(name: str, choice: Comparing) -> go.Figure:
    """``FIGURES[name]`` of the choice's report, cached on the comparison's two reads (so on the
    caller's reach and the data) and the choice: drawn only when not cached yet."""
    return cached_figure(_drawn, name, *comparison_reads(query, choice), choice)


def _drawn(name: str, *reads_and_choice: Any) -> go.Figure:
    return FIGURES[name](derived(report_of, reads_and_choice[-1]))


def report_of(choice: Comparing) -> MethodReport:
    """The comparison, computed once per choice (cached with ``derived``)."""
    return method_report(cached, choice)


def card_of(choice: Comparing) -> str:
    """The method card in Markdown (cached with ``derived``)."""
    return method_card.card_markdown(derived(report_of, choice))


def page_view(choice: Comparing) -> MethodView:
    """The page's words and tables for a choice (cached with ``derived``)."""
    return words.method_view(derived(report_of, choice))


def compare(choice: Comparing, view: MethodView) -> None:
    """Scores and ranks side by side, the slope chart of rank changes and the verdicts that flip."""
    st.subheader("Scores and ranks side by side")
    if not choice.others:
        st.info("Choose at least one method to compare with.", icon=":material/info:")
    table(view.scores, key="methods_scores")
    st.caption(view.unranked)
    slopes = figure("slopes", choice)
    chart(slopes, key="methods_slopes", fit_screen=True)
    st.subheader("Verdicts that depend on the method")
    st.caption(
        "Above or below the overall index of everything in the filters; top quartile = the best quarter "
        "of the ranks, bottom quartile = the worst."
    )
    st.markdown(view.flips_sentence)
    if len(view.flips):
        table(view.flips, key="methods_flips")


def agreement(choice: Comparing, view: MethodView) -> None:
    st.subheader("Rank agreement, quarter by quarter")
    chart(figure("agreement", choice), key="methods_agreement")
    with st.expander("Table: Spearman and Kendall per quarter"):
        table(view.agreement, key="methods_agreement_table")


def slopes_figure(report: MethodReport) -> go.Figure:
    return charts.rank_slopes(report.scores, report.quarter, report.names, report.group_label)


def agreement_figure(report: MethodReport) -> go.Figure:
    return charts.agreement_lines(report.agreement, report.names)


def intervals_figure(report: MethodReport) -> go.Figure:
    return charts.rank_intervals(
        report.intervals, report.method.name, report.group_label, ranking.INTERVAL, report.seed
    )


def association_figure(report: MethodReport) -> go.Figure:
    return charts.outcome_association(report.association, report.names, mc.OUTCOMES)


FIGURES: dict[str, Callable[[MethodReport], go.Figure]] = {
    "slopes": slopes_figure,
    "agreement": agreement_figure,
    "intervals": intervals_figure,
    "association": association_figure,
}


def stability(choice: Comparing, view: MethodView) -> None:
    """Rank intervals from resampling teams, and the weight sensitivity table."""
    st.subheader(f"How sure is a rank under {choice.method.name}?")
    st.markdown(view.stability)
    chart(figure("intervals", choice), key="methods_intervals")
    st.markdown("**Weight sensitivity.** " + view.sensitivity_sentence)
    table(view.sensitivity, key="methods_sensitivity")


def outcomes(choice: Comparing, view: MethodView) -> None:
    st.subheader("Does the measure track what matters?")
    chart(figure("association", choice), key="methods_association")
    st.caption(words.ASSOCIATION_CAPTION)
    with st.expander("Table: mean association per method and outcome"):
        table(view.association, key="methods_association_table")


def card_and_exports(choice: Comparing) -> None:
    """The method card (Markdown, PDF) and the JSON export; the PDF and JSON are built on click,
    from the same report, read as the caller."""
    st.subheader("Method card")
    stem = f"method_{choice.method.method_id}"
    card = derived(card_of, choice)
    read = reader()
    downloads = (
        ("Card (Markdown)", card, ".md", "text/markdown", "methods_card_md", ":material/download:"),
        (
            "Card (PDF)",
            lambda: _card_pdf(method_report(read, choice)),
            ".pdf",
            "application/pdf",
            "methods_card_pdf",
            ":material/picture_as_pdf:",
        ),
        (
            "Method and figures (JSON)",
            lambda: method_card.export_json(method_report(read, choice)),
            ".json",
            "application/json",
            "methods_json",
            ":material/data_object:",
        ),
    )
    with st.container(horizontal=True):
        for label, data, suffix, mime, key, icon in downloads:
            st.download_button(label, data, f"{stem}{suffix}", mime, key=key, icon=icon, on_click="ignore")
    with st.expander("Read the card", icon=":material/description:"):
        st.markdown(card)


def _card_pdf(report: MethodReport) -> bytes:
    from lmp_metrics.briefing import method_card_pdf  # fpdf2 and kaleido load only when asked for

    return method_card_pdf(report)


def save_form(access: Access) -> None:
    """Save a new method (admin and leaders); then open it."""
    if access.role not in METHOD_AUTHORS:
        st.caption("Saving a method is for administrators and leaders; every role can read and compare them.")
        return
    with (
        st.expander("Save a new method", icon=":material/add_circle:"),
        st.form(f"{WIDGET_PREFIX}save", border=False),
    ):
        name = st.text_input("Name", max_chars=80, placeholder="e.g. Joint proposal, March")
        side = st.segmented_control("Author side", SIDES, default="joint", format_func=words.SIDE_LABELS.get)
        cols = st.columns(len(COMPONENTS))
        weights = {
            c.key: cols[i].slider(c.name, 0, 100, 25, 5, format="%d", key=f"{WIDGET_PREFIX}w_{c.key}")
            for i, c in enumerate(COMPONENTS)
        }
        rule = st.radio(
            "When a component is missing or suppressed",
            list(MISSING_RULES),
            format_func=lambda r: f"{MISSING_RULES[r].label}: {MISSING_RULES[r].words}",
        )
        min_teams = st.number_input("Fewest assessed teams for an index", 1, 100, 3, 1)
        notes = st.text_area("Notes (why this method)", max_chars=1000)
        if st.form_submit_button("Save method", icon=":material/save:"):
            try:
                method = new_method(
                    name, side or "joint", weights, rule, int(min_teams), notes, access.identity
                )
                save_method(db_path(), method)
            except ValueError as error:
                st.error(inert(error))
                return
            _open(method.method_id)


def _open(method_id: str) -> None:
    """Show a just-saved method: its link in the URL, the pickers reset to read it."""
    for key in [
        k
        for k in st.session_state
        if str(k).startswith(f"{WIDGET_PREFIX}vs") or k == f"{WIDGET_PREFIX}method"
    ]:
        del st.session_state[key]
    previous = urlstate.get_one("method")
    urlstate.set_value("method", method_id)
    urlstate.set_value("vs", [previous] if previous and previous != method_id else None)
    st.rerun()
