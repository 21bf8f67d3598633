"""The pages of the app: file stem in pages/, title and icon, in menu order.

Which roles may open each page is ``lmp_metrics.access.grants.PAGE_ROLES``; app.py offers the allowed
ones, and each page checks again itself (``ui.auth.page_access``).
"""

from __future__ import annotations

PAGES: tuple[tuple[str, str, str], ...] = (
    ("home", "Home", ":material/home:"),
    ("overview", "Overview", ":material/insights:"),
    ("what_changed", "What changed", ":material/notification_important:"),
    ("scorecard", "Team scorecard", ":material/groups:"),
    ("training", "Training", ":material/school:"),
    ("projects", "Project library", ":material/library_books:"),
    ("just_culture", "Just Culture", ":material/record_voice_over:"),
    ("explorer", "Explorer", ":material/query_stats:"),
    ("methods", "Compare methods", ":material/compare_arrows:"),
    ("sql_corner", "SQL corner", ":material/terminal:"),
    ("import_data", "Import", ":material/upload_file:"),
    ("about", "About", ":material/info:"),
)
TITLES = {stem: title for stem, title, _ in PAGES}
