"""Project library: what worked, who adapted it and how that went; and teams like mine that moved up.

URL state: ``view`` (``peers`` for teams like mine; the library otherwise), plus each view's own
(see ``ui.projects`` and ``ui.peers``) and the shared filters.
"""

from ui import urlstate
from ui.auth import page_access
from ui.filters import sidebar_filters
from ui.layout import footer, page_header
from ui.peers import teams_like_mine
from ui.projects import library

VIEWS = {"library": "Project library", "peers": "Teams like mine that moved up"}

page_access("projects")
page_header(
    "Project library",
    "Which UBT improvement projects worked, how often other teams adapted them and how that went; "
    "and which teams like yours moved up, with the projects and training behind it.",
)
filters = sidebar_filters()
view = urlstate.url_segmented_control(
    "view", "Show", list(VIEWS), "library", key="pj_view", drop_default=True, format_func=VIEWS.get
)

if view == "library":
    library(filters)
else:
    teams_like_mine(filters)
footer()
