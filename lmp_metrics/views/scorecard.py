"""The scorecard as shown: headline cards, the sentences around its sections, and its tables.

Tables come in two forms: on screen (suppressed cells blank, one Note column saying why) and for CSV
(every suppressed cell labelled, never a number or a blank that could be mistaken for one). The
figures come from ``metrics.scorecard``; no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.core.settings import min_group_size, min_peer_teams
from lmp_metrics.metrics.scorecard import TeamProfile, TeamTraining
from lmp_metrics.views.cards import HeadlineCard
from lmp_metrics.vocabulary.formats import signed
from lmp_metrics.vocabulary.measures import LEVEL_NAMES
from lmp_metrics.vocabulary.quarters import quarter_label
from lmp_metrics.vocabulary.surveys import INDEX_NAMES


def quarter_text(profile: TeamProfile) -> str:
    """The team's latest assessed quarter ('2025 Q2'), '–' before any assessment."""
    return quarter_label(profile.last_quarter) if profile.last_quarter else "–"


def identity_line(profile: TeamProfile) -> str:
    """Where the team sits, who it is and when it formed: the line under its name."""
    return (
        f"{profile.department} · {profile.facility} · {profile.service_area} · {profile.region} · "
        f"labor partner {profile.labor_partner} · team id {profile.team_id} · {profile.members} members · "
        f"formed {profile.formed_on:%Y-%m-%d}"
    )


def closed_notice(profile: TeamProfile) -> str:
    last = f", {quarter_label(profile.last_quarter)}" if profile.last_quarter else ""
    return (
        f"This team closed on **{profile.closed_on:%Y-%m-%d}**. The scorecard shows its record up to its "
        f"last assessment{last}."
    )


def new_team_notice(profile: TeamProfile) -> str:
    return (
        f"New team: first assessed in {quarter_label(profile.first_quarter)}. Its history, movement and "
        "trends fill in as more quarters are assessed."
    )


def level_card(profile: TeamProfile, history: pd.DataFrame) -> HeadlineCard:
    """The level, its change over a year and a sparkline of the last 12 assessed quarters."""
    movement = None if profile.level_year_ago is None else profile.level - profile.level_year_ago
    return HeadlineCard(
        f"Level, {quarter_text(profile)}",
        "–" if profile.level is None else str(profile.level),
        change=None if movement is None else signed(movement, "d") if movement else "same",
        versus=None if movement is None else "vs a year ago",
        higher_is_better=True,
        caption=LEVEL_NAMES.get(profile.level, "not assessed"),
        help="The sparkline shows the last 12 assessed quarters.",
        trend=tuple(history["level"].tolist()[-12:]) if len(history) > 1 else (),
    )


def percentile_card(profile: TeamProfile) -> HeadlineCard:
    value, peer_text = peer_summary(profile)
    return HeadlineCard(
        "Percentile among peers",
        value,
        caption=peer_text,
        help=f"Comparable teams: the other {profile.department_type or profile.department} teams in "
        f"{profile.region} assessed the same quarter (department type = the department name without its "
        "facility's place name). Percentile = share of them ranked below this team by level, then mean "
        f"dimension score; ties count half. Shown with at least {min_peer_teams()} comparable teams.",
    )


def has_next_level_peers(profile: TeamProfile, gaps: pd.DataFrame | None) -> bool:
    """Whether a next level exists and teams at it were assessed (so gaps to it can be measured)."""
    return profile.next_level is not None and not gaps["next_level_median"].isna().all()


def holds_back_card(profile: TeamProfile, gaps: pd.DataFrame | None) -> HeadlineCard:
    """How many dimensions lie below a typical team one level higher."""
    label = "Dimensions holding it back"
    if profile.next_level is None:
        return HeadlineCard(
            label, "–", caption="Top level reached." if profile.level else "Not assessed yet."
        )
    if not has_next_level_peers(profile, gaps):
        return HeadlineCard(
            label,
            "–",
            caption=f"No level-{profile.next_level} team in {quarter_text(profile)} to compare with.",
        )
    return HeadlineCard(
        label,
        f"{int(gaps['below'].sum())} of {len(gaps)}",
        caption=f"Below a typical level-{profile.next_level} team.",
    )


def training_card(training: TeamTraining) -> HeadlineCard:
    """Completion in the latest quarter (suppressed for small teams), on time and overdue under it."""
    if training.status != "ok":
        caption = suppressed_label() if training.status == "suppressed" else "No training records."
        return HeadlineCard("Training completion", "–", caption=caption)
    latest = training.trend.iloc[-1]
    rates = training.trend["completion_rate"].dropna().tolist()[-12:]
    return HeadlineCard(
        "Training completion",
        suppressed_label() if latest["suppressed"] else f"{latest['completion_rate']:.0%}",
        caption=quarter_label(training.as_of)
        + (
            ""
            if latest["suppressed"]
            else f" · on time {latest['on_time_rate']:.0%} · {latest['overdue']:.0f} overdue"
        ),
        trend=tuple(rates) if len(rates) > 1 else (),
        help="Completed over assigned training, as of the quarter's last day; sparkline: last 12 quarters.",
    )


def holds_back_caption(profile: TeamProfile) -> str:
    quarter = quarter_text(profile)
    return (
        f"**What holds it back**: a team moves up only when every dimension meets the next level. Each "
        f"dimension is set against the median score of all teams one level higher in {quarter}; "
        f"those below it hold the team back, largest gap first. **Peers**: {profile.department_type} "
        f"teams in {profile.region}, assessed the same quarter."
    )


def dimensions_caption(profile: TeamProfile) -> str:
    return (
        f"Department average: the {profile.department} teams at {profile.facility}; facility and region "
        "averages likewise. Each team counts once."
    )


def training_suppressed_text(profile: TeamProfile) -> str:
    return (
        f"Training figures are suppressed: the team has {profile.members} members, fewer than "
        f"{min_group_size()}, so any figure would rest on too few people."
    )


def peer_summary(profile: TeamProfile) -> tuple[str, str]:
    """The percentile card: its value ("–" unless ranked) and one sentence saying what it rests on."""
    kind = profile.department_type or profile.department
    quarter = quarter_label(profile.last_quarter) if profile.last_quarter else "the latest quarter"
    n = profile.peer_teams
    if profile.ranked:
        return f"{profile.percentile:.0f}", (
            f"Ahead of {profile.percentile:.0f}% of the {n} other {kind} teams in {profile.region}."
        )
    if n == 0:
        return "–", f"No other {kind} team in {profile.region} assessed in {quarter}."
    teams = "team" if n == 1 else "teams"
    return "–", (
        f"Only {n} other {kind} {teams} in {profile.region} in {quarter}: too few for a percentile "
        f"(needs {min_peer_teams()})."
    )


def _date_text(value: object) -> str:
    return "" if pd.isna(value) else f"{value:%Y-%m-%d}"


# -- Tables for display and CSV export ------------------------------------------------------------
# Each spec maps a source column to (header, number format or None for "as is", column holding the
# row's suppressed flag or None). In a CSV every suppressed cell reads "suppressed (<N people)", so no
# cell is ever a number or blank that could be mistaken for one; on screen (``present_noted``) the
# cells are blank and one Note column says what is suppressed.
TableSpec = dict[str, tuple[str, str | None, str | None]]


NOTE = "Note"


def present(frame: pd.DataFrame, spec: TableSpec, label: str | None = None) -> pd.DataFrame:
    """Display/export copy of ``frame``: the spec's columns, renamed, numbers formatted as text,
    missing numbers blank, suppressed cells reading ``label`` (default: the suppressed label)."""
    label = suppressed_label() if label is None else label
    out = {}
    for column, (header, number_format, flag) in spec.items():
        values = frame[column].tolist()
        hidden = frame[flag].astype(bool).tolist() if flag else [False] * len(values)
        if number_format is None:
            out[header] = values
        else:
            out[header] = [
                label if h else "" if pd.isna(v) else number_format.format(v)
                for v, h in zip(values, hidden, strict=True)
            ]
    return pd.DataFrame(out, columns=[header for header, _, _ in spec.values()])


def present_noted(frame: pd.DataFrame, spec: TableSpec, notes: dict[str, str]) -> pd.DataFrame:
    """On-screen copy of ``frame``: as ``present``, but suppressed cells are blank and one Note column
    joins the ``notes`` (flag column → text) of the flags set in each row. The Note comes before the
    first column that can be suppressed (in view on a narrow screen, and it explains the blanks after
    it); no Note column when no row has one."""
    shown = present(frame, spec, label="")
    flags = {flag: frame[flag].astype("boolean").fillna(False).tolist() for flag in notes}
    row_notes = ["; ".join(text for flag, text in notes.items() if flags[flag][i]) for i in range(len(frame))]
    if any(row_notes):
        shown.insert(next(i for i, (_, _, flag) in enumerate(spec.values()) if flag), NOTE, row_notes)
    return shown


def level_table(history: pd.DataFrame) -> pd.DataFrame:
    """Level history as a table: quarter, level and its name, percentile among comparable teams
    (blank in quarters with fewer than ``min_peer_teams()`` of them; their number is shown)."""
    frame = history.assign(
        quarter_text=[quarter_label(q) for q in history["quarter"]],
        level_name=[LEVEL_NAMES[int(v)] for v in history["level"]],
        percentile=history["percentile"].where(history["peer_teams"] >= min_peer_teams()),
    )
    return present(
        frame,
        {
            "quarter_text": ("Quarter", None, None),
            "level_name": ("Level", None, None),
            "mean_score": ("Mean dimension score", "{:.2f}", None),
            "percentile": ("Percentile among comparable teams", "{:.0f}", None),
            "peer_teams": ("Comparable teams", "{:.0f}", None),
        },
    )


def dimension_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores per quarter with the three comparison averages."""
    return present(
        frame.assign(quarter_text=[quarter_label(q) for q in frame["quarter"]]),
        {
            "quarter_text": ("Quarter", None, None),
            "dimension_name": ("Dimension", None, None),
            "score": ("Team score", "{:.2f}", None),
            "department_avg": ("Department average", "{:.2f}", None),
            "facility_avg": ("Facility average", "{:.2f}", None),
            "region_avg": ("Region average", "{:.2f}", None),
        },
    )


def holds_back_table(frame: pd.DataFrame, next_level: int) -> pd.DataFrame:
    """Every dimension against the next level's typical score, those holding the team back first."""
    status = [
        "no comparison" if pd.isna(gap) else f"below by {gap:.2f}" if below else "meets it"
        for gap, below in zip(frame["gap"], frame["below"], strict=True)
    ]
    return present(
        frame.assign(status=status),
        {
            "dimension_name": ("Dimension", None, None),
            "score": ("Team score", "{:.2f}", None),
            "next_level_median": (f"Typical at level {next_level}", "{:.2f}", None),
            "status": ("Status", None, None),
        },
    )


def holds_back_summary(frame: pd.DataFrame, next_level: int, first: int = 3) -> str:
    """One line for the co-lead: the criterion, then which dimensions to raise first to reach the next
    level (the ``first`` largest gaps; the rest counted, they are in the table).

    When the typical next-level team scores the same on every dimension (level-5 teams: 5.00
    everywhere), every dimension below that counts, so the line says so and ranks by the gap."""
    below = frame[frame["below"]]
    if below.empty:
        return f"Every dimension already meets a typical level-{next_level} team."
    medians = frame["next_level_median"].dropna().unique()
    criterion = (
        f"A typical level-{next_level} team scores {medians[0]:.2f} on every dimension, so each dimension "
        f"below {medians[0]:.2f} holds the team back; "
        if len(medians) == 1
        else f"A dimension holds the team back when it is below the typical level-{next_level} team's score; "
    )
    steps = " · ".join(
        f"{row.dimension_name} {row.score:.2f} → {row.next_level_median:.2f} (gap {row.gap:.2f})"
        for row in below.head(first).itertuples()
    )
    more = len(below) - first
    rest = f" · then {more} more with smaller gaps (table below)" if more > 0 else ""
    return f"{criterion}{len(below)} of {len(frame)} do. **Raise first, largest gap first:** {steps}{rest}"


def projects_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The team's projects: status, metric, baseline → result and whether that is better."""
    dates = {c: [_date_text(v) for v in frame[c]] for c in ("started_on", "completed_on")}
    return present(
        frame.assign(**dates),
        {
            "title": ("Project", None, None),
            "topic": ("Topic", None, None),
            "status": ("Status", None, None),
            "started_on": ("Started", None, None),
            "completed_on": ("Completed", None, None),
            "metric_name": ("Metric", None, None),
            "baseline": ("Baseline", "{:g}", None),
            "result": ("Result", "{:g}", None),
            "improvement": ("Improvement", "{:+.0%}", None),
            "outcome": ("Result vs baseline", None, None),
        },
    )


@dataclass(frozen=True)
class PeopleTable:
    """A table of figures about people, as shown and as exported.

    ``screen``: suppressed cells blank, one Note column saying what is suppressed; None when
    everything is, and then ``sentence`` says so instead. ``export`` (CSV): every suppressed cell
    labelled, never a number. ``sentence``: one line to show with the table (or instead of it), or None.
    """

    screen: pd.DataFrame | None
    export: pd.DataFrame
    sentence: str | None


TRAINING_SPEC: TableSpec = {
    "course": ("Course", None, None),
    "people": ("People", "{:.0f}", "suppressed"),
    "assigned": ("Assigned", "{:.0f}", "suppressed"),
    "completed": ("Completed", "{:.0f}", "suppressed"),
    "completion_rate": ("Completion rate", "{:.0%}", "suppressed"),
    "on_time_rate": ("On-time rate", "{:.0%}", "suppressed"),
    "overdue": ("Overdue", "{:.0f}", "suppressed"),
}


def training_table(by_course: pd.DataFrame) -> pd.DataFrame:
    """Per-course training of the team's members (CSV form); suppressed courses read "suppressed"."""
    return present(by_course, TRAINING_SPEC)


def training_tables(by_course: pd.DataFrame) -> PeopleTable:
    """Per-course training on screen (one Note per suppressed course) and as CSV."""
    export = training_table(by_course)
    hidden = by_course["suppressed"].astype(bool)
    if not hidden.any():
        return PeopleTable(present(by_course, TRAINING_SPEC), export, None)
    why = (
        f"Suppressed: a course taken by fewer than {min_group_size()} of the team's people, or one hidden "
        "with it so that no total shown anywhere reveals it by subtraction."
    )
    if hidden.all():
        return PeopleTable(None, export, f"Every course's figures are suppressed. {why}")
    return PeopleTable(present_noted(by_course, TRAINING_SPEC, {"suppressed": "suppressed"}), export, why)


def training_trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """The team's training per quarter (the numbers behind the trend chart), suppressed quarters labelled."""
    return present(
        trend.assign(quarter_text=[quarter_label(q) for q in trend["quarter"]]),
        {
            "quarter_text": ("Quarter", None, None),
            "people": ("People", "{:.0f}", "suppressed"),
            "completion_rate": ("Completion rate", "{:.1%}", "suppressed"),
            "on_time_rate": ("On-time rate", "{:.1%}", "suppressed"),
            "overdue": ("Overdue", "{:.0f}", "suppressed"),
        },
    )


SURVEY_KEYS: TableSpec = {"survey_year": ("Year", None, None), "index_text": ("Index", None, None)}


SURVEY_TEAM: TableSpec = {
    "score": ("Team score", "{:.1f}", "suppressed"),
    "respondents": ("Team respondents", "{:.0f}", "suppressed"),
}


SURVEY_FACILITY: TableSpec = {
    "score_facility": ("Facility score", "{:.1f}", "suppressed_facility"),
    "respondents_facility": ("Facility respondents", "{:.0f}", "suppressed_facility"),
}


def _survey_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Team and facility side by side, one row per year and index, newest year first."""
    team = frame[frame["series"] == "Team"].drop(columns="series")
    facility = frame[frame["series"] == "Facility"].drop(columns="series")
    both = team.merge(facility, on=["survey_year", "index_name"], how="left", suffixes=("", "_facility"))
    both["suppressed"] = both["suppressed"].astype(bool)
    both["suppressed_facility"] = both["suppressed_facility"].astype("boolean").fillna(False).astype(bool)
    both["index_text"] = both["index_name"].map(INDEX_NAMES)
    return both.sort_values(["survey_year", "index_name"], ascending=[False, True], ignore_index=True)


def survey_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Survey indices per year (CSV form): team and facility side by side; suppressed results read
    "suppressed"."""
    return present(_survey_rows(frame), SURVEY_KEYS | SURVEY_TEAM | SURVEY_FACILITY)


def survey_tables(frame: pd.DataFrame, latest_years: int | None = None) -> PeopleTable:
    """Survey indices on screen (one Note per row with a suppressed result) and as CSV (every year).
    ``latest_years`` keeps only that many of the latest years on screen (paper). When every team
    result on screen is suppressed, the screen shows the facility only and one sentence says why."""
    rows, export = _survey_rows(frame), survey_table(frame)
    years = "each survey year"
    if latest_years is not None:
        rows = rows[rows["survey_year"] > rows["survey_year"].max() - latest_years]
        years = f"each of the latest {latest_years} survey years"
    notes = {
        "suppressed": "team suppressed",
        "suppressed_facility": "facility suppressed",
    }
    if not rows["suppressed"].all():
        screen = present_noted(rows, SURVEY_KEYS | SURVEY_TEAM | SURVEY_FACILITY, notes)
        return PeopleTable(screen, export, None)
    everything = (
        f"Every team result is suppressed: {years} had fewer than {min_group_size()} respondents, or "
        "showing it would reveal such a group by subtraction."
    )
    if rows["suppressed_facility"].all():
        return PeopleTable(None, export, everything)
    facility_note = {"suppressed_facility": notes["suppressed_facility"]}
    screen = present_noted(rows, SURVEY_KEYS | SURVEY_FACILITY, facility_note)
    return PeopleTable(screen, export, f"{everything} The table shows the facility's results.")


def survey_chart_note(frame: pd.DataFrame) -> str | None:
    """What the survey chart leaves out, in one sentence; None when nothing is suppressed, or when
    everything is (``survey_tables`` then says so)."""
    team = frame.loc[frame["series"] == "Team", "suppressed"].astype(bool)
    if not team.any() or team.all():
        return None
    return (
        f"{int(team.sum())} of {len(team)} team results are suppressed (fewer than {min_group_size()} "
        "respondents, or they would reveal such a group by subtraction): not drawn as a score, only "
        "marked ✖ in the grey “suppressed” strip below 0."
    )


def headline_cards(
    profile: TeamProfile, history: pd.DataFrame, gaps: pd.DataFrame | None, training: TeamTraining
) -> list[HeadlineCard]:
    """The scorecard's four cards, as the page and the flyer show them."""
    return [
        level_card(profile, history),
        percentile_card(profile),
        holds_back_card(profile, gaps),
        training_card(training),
    ]
