"""The scorecard in words: its headline cards and the sentences around its sections (no Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lmp_metrics.access.suppression import suppressed_label
from lmp_metrics.charts.style import LEVEL_NAMES
from lmp_metrics.core.settings import min_group_size
from lmp_metrics.metrics.scorecard import TeamProfile, min_peer_teams, peer_summary
from lmp_metrics.metrics.scorecard_people import TeamTraining
from lmp_metrics.vocabulary.quarters import quarter_label


@dataclass(frozen=True)
class CardText:
    """One headline card: ``st.metric``'s arguments and the caption under it (None: no caption)."""

    label: str
    value: str
    caption: str | None = None
    delta: str | None = None
    delta_color: str = "normal"
    delta_arrow: str = "auto"
    chart_data: list[float] | None = None
    help: str | None = None


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


def level_card(profile: TeamProfile, history: pd.DataFrame) -> CardText:
    """The level, its change over a year and a sparkline of the last 12 assessed quarters."""
    movement = None if profile.level_year_ago is None else profile.level - profile.level_year_ago
    return CardText(
        f"Level, {quarter_text(profile)}",
        "–" if profile.level is None else str(profile.level),
        LEVEL_NAMES.get(profile.level, "not assessed"),
        None if movement is None else f"{movement:+d} vs a year ago" if movement else "same as a year ago",
        delta_color="normal" if movement else "off",
        delta_arrow="auto" if movement else "off",
        chart_data=history["level"].tolist()[-12:] if len(history) > 1 else None,
        help="The sparkline shows the last 12 assessed quarters.",
    )


def percentile_card(profile: TeamProfile) -> CardText:
    value, peer_text = peer_summary(profile)
    return CardText(
        "Percentile among peers",
        value,
        peer_text,
        help=f"Comparable teams: the other {profile.department_type or profile.department} teams in "
        f"{profile.region} assessed the same quarter (department type = the department name without its "
        "facility's place name). Percentile = share of them ranked below this team by level, then mean "
        f"dimension score; ties count half. Shown with at least {min_peer_teams()} comparable teams.",
    )


def has_next_level_peers(profile: TeamProfile, gaps: pd.DataFrame | None) -> bool:
    """Whether a next level exists and teams at it were assessed (so gaps to it can be measured)."""
    return profile.next_level is not None and not gaps["next_level_median"].isna().all()


def holds_back_card(profile: TeamProfile, gaps: pd.DataFrame | None) -> CardText:
    """How many dimensions lie below a typical team one level higher."""
    label = "Dimensions holding it back"
    if profile.next_level is None:
        return CardText(label, "–", "Top level reached." if profile.level else "Not assessed yet.")
    if not has_next_level_peers(profile, gaps):
        return CardText(
            label, "–", f"No level-{profile.next_level} team in {quarter_text(profile)} to compare with."
        )
    return CardText(
        label,
        f"{int(gaps['below'].sum())} of {len(gaps)}",
        f"Below a typical level-{profile.next_level} team.",
    )


def training_card(training: TeamTraining) -> CardText:
    """Completion in the latest quarter (suppressed for small teams), on time and overdue under it."""
    if training.status != "ok":
        caption = suppressed_label() if training.status == "suppressed" else "No training records."
        return CardText("Training completion", "–", caption)
    latest = training.trend.iloc[-1]
    rates = training.trend["completion_rate"].dropna().tolist()[-12:]
    return CardText(
        f"Training completion, {quarter_label(training.as_of)}",
        suppressed_label() if latest["suppressed"] else f"{latest['completion_rate']:.0%}",
        None
        if latest["suppressed"]
        else f"On time {latest['on_time_rate']:.0%} · {latest['overdue']:.0f} overdue",
        chart_data=rates if len(rates) > 1 else None,
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
