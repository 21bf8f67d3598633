"""Who is looking: OIDC sign-in when configured, otherwise a clearly labelled demo mode.

Sign-in uses Streamlit's ``st.login`` / ``st.user`` with an ``[auth]`` section in
``.streamlit/secrets.toml``. Without it, the sidebar offers one demo identity per role (URL ``?as=``).
What each identity may see comes from ``access_grants`` via ``lmp_metrics.access.grants``.
"""

from __future__ import annotations

import streamlit as st

from lmp_metrics.access.grants import Access, AccessDenied, demo_identities, has_any_grants, resolve_access
from ui import urlstate
from ui.data import cached_for, get_db
from ui.inert import inert
from ui.navigation import TITLES

DEFAULT_DEMO_IDENTITY = "admin@demo.lmp"


def sign_in_configured() -> bool:
    """Whether an OIDC provider is configured in secrets.toml."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current_identity() -> str | None:
    """The signed-in identity, the chosen demo identity, or None when not signed in."""
    if sign_in_configured():
        return st.user.get("email") if st.user.is_logged_in else None
    return urlstate.get_one("as", DEFAULT_DEMO_IDENTITY)


def current_access() -> Access | None:
    """The caller's Access, or None (not signed in, or no grant).

    In demo mode on a database without any grants yet (a fresh import), the demo identity is an
    admin, so the first imports can be made from the Import page.
    """
    identity = current_identity()
    if identity is None:
        return None
    access = cached_for(None, resolve_access, identity)
    if access is None and not sign_in_configured() and not cached_for(None, has_any_grants):
        return Access(identity, "admin")
    return access


def require_access() -> Access:
    """The caller's Access; otherwise show the sign-in or "no access" message and stop the page."""
    access = current_access()
    if access is not None:
        return access
    if sign_in_configured() and not st.user.is_logged_in:
        st.title("LMP team performance")
        st.write("Please sign in with your organisation account.")
        st.button("Sign in", on_click=st.login, type="primary")
    else:
        st.title("No access yet")
        st.write(
            f"You are signed in as {inert(current_identity() or '')}, but no access has been granted to this "
            "identity. Please ask your partnership office to grant you a role."
        )
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def page_access(page: str) -> Access:
    """The caller's Access once they may open ``page`` (its file stem in pages/); otherwise a polite
    message, and the page stops before showing anything.

    Every page calls this first. app.py offers only the pages a role may open, but a page file can
    also run on its own (on a fresh server Streamlit runs the first deep link's ``pages/`` file
    without app.py), so the page checks the caller itself.
    """
    access = require_access()
    if not access.can_open(page):
        st.error(f"The {TITLES[page]} page is outside your access.", icon=":material/lock:")
        st.caption("Ask your partnership office if your role should include it.")
        st.stop()
    return access


def identity_panel(access: Access) -> None:
    """Sidebar panel: who is signed in (with sign-out), or the demo-mode identity picker."""
    with st.sidebar:
        if sign_in_configured():
            st.caption(f"Signed in as {inert(access.identity)} · {access.role}")
            st.button("Sign out", on_click=st.logout)
            return
        st.warning(
            "**Demo mode**: no sign-in configured. Pick a demo identity to try each role.",
            icon=":material/science:",
        )
        choices = dict(cached_for(None, demo_identities)) or {access.identity: access.role}
        options = list(choices)
        picked = st.selectbox(
            "View as",
            options,
            index=options.index(access.identity) if access.identity in options else 0,
            format_func=lambda i: grant_label(choices[i]),
            help="Demo identities: " + ", ".join(options),
            key="demo_identity",
        )
        if picked != access.identity:
            urlstate.set_value("as", picked)
            st.rerun()


def grant_label(description: str) -> str:
    """Short picker label of an identity's grants ("role · scope" as ``demo_identities`` gives them,
    comma-separated), so it fits the sidebar: "admin · national" → "Admin (national)",
    "leader · region:Colorado" → "Leader · Colorado", "co-lead · team:T00012" → "Co-lead (own team)"
    (every reader sees this list: a team id would name a team outside most readers' grant)."""
    labels = []
    for grant in description.split(", "):
        role, _, scope = grant.partition(" · ")
        kind, _, value = scope.partition(":")
        role = role.capitalize()
        if kind == "team":
            labels.append(f"{role} (own team)")
        else:
            labels.append(f"{role} · {value}" if value else (f"{role} ({kind})" if kind else role))
    return ", ".join(labels)


def scope_words(access: Access) -> str:
    """The caller's scope in words: "the nation", "Georgia", "Facility Denver", "12 teams"."""
    scope = access.scope
    for attribute, label in (
        ("regions", ""),
        ("service_areas", "Service area "),
        ("facilities", "Facility "),
    ):
        if values := getattr(scope, attribute):
            return label + " and ".join(values)
    return f"{len(scope.team_ids):,} teams" if scope.team_ids else "the nation"


def require_team(team_id: str) -> None:
    """Stop the page with an "outside your access" message unless the caller may see this team."""
    try:
        require_access().check_team(get_db(), team_id)
    except AccessDenied as denied:
        st.error(str(denied), icon=":material/lock:")
        st.stop()
