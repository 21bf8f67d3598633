"""The People Pulse survey indices the dashboard shows: key (as stored) → name (as shown)."""

from __future__ import annotations

INDEX_NAMES: dict[str, str] = {
    "engagement": "Engagement",
    "just_culture": "Just Culture",
    "speak_up": "Speak up",
}
