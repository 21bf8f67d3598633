"""Demo ``events``: national agreements and bargaining from public dates, plus one illustrative
regional training launch per region.

Dates before 2019 are the agreement years as published (day set to 1 October, when national
agreements take effect); later ones are the days given in KP's and the unions' public statements.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

# (event_id, date, kind, title, url)
NATIONAL_EVENTS: tuple[tuple[str, date, str, str, str | None], ...] = (
    ("NA-2000", date(2000, 10, 1), "agreement", "First national agreement (Coalition), 2000", None),
    (
        "NA-2005",
        date(2005, 10, 1),
        "agreement",
        "National agreement (Coalition), 2005: unit-based teams",
        None,
    ),
    ("NA-2010", date(2010, 10, 1), "agreement", "National agreement (Coalition), 2010", None),
    ("NA-2012", date(2012, 10, 1), "agreement", "National agreement (Coalition), 2012", None),
    ("NA-2015", date(2015, 10, 1), "agreement", "National agreement (Coalition), 2015", None),
    (
        "AL-2018",
        date(2018, 1, 1),
        "agreement",
        "KP–Alliance national agreement, 2018 (runs through Sept. 30, 2021)",
        None,
    ),
    ("NB-2019", date(2019, 4, 1), "bargaining", "Coalition national bargaining opens (April 2019)", None),
    (
        "NA-2019",
        date(2019, 10, 1),
        "agreement",
        "Coalition national agreement in effect through Sept. 30, 2023",
        "https://www.prnewswire.com/news-releases/national-agreement-between-kaiser-permanente-and-coalition-of-kaiser-permanente-unions-ratified-300950021.html",
    ),
    (
        "AL-2021",
        date(2021, 10, 1),
        "agreement",
        "KP–Alliance national agreement, effective Oct. 1, 2021 (expires Sept. 30, 2025)",
        None,
    ),
    ("NB-2023", date(2023, 4, 1), "bargaining", "Coalition national bargaining opens (April 2023)", None),
    (
        "NA-2023",
        date(2023, 10, 1),
        "agreement",
        "Coalition national agreement, Oct. 1, 2023 – Sept. 30, 2027",
        "https://about.kaiserpermanente.org/who-we-are/labor-relations/new-4-year-coalition-agreement-ratified",
    ),
    (
        "AB-2025-05",
        date(2025, 5, 6),
        "bargaining",
        "Alliance national bargaining opens (May 6–8, 2025)",
        "https://www.bargaining2025.org/stories/alliance-national-bargaining-opens-partnership",
    ),
    (
        "AB-2025-08",
        date(2025, 8, 5),
        "bargaining",
        "Alliance national bargaining session (Aug. 5–7, 2025)",
        "https://www.bargaining2025.org/stories/alliance-national-bargaining-talks-move-forward",
    ),
    (
        "AL-2025",
        date(2025, 9, 30),
        "agreement",
        "KP–Alliance national agreement expires (Sept. 30, 2025)",
        None,
    ),
)
REGIONAL_TRAINING = date(2020, 4, 1)  # illustrative, not a public date


def demo_events(regions: list[str]) -> pd.DataFrame:
    """The national events and, per region, an illustrative co-lead training launch."""
    rows = [
        {"event_id": e, "event_date": d, "scope": "national", "kind": k, "title": t, "url": u}
        for e, d, k, t, u in NATIONAL_EVENTS
    ]
    rows += [
        {
            "event_id": f"TR-{i:02d}",
            "event_date": REGIONAL_TRAINING,
            "scope": f"region:{region}",
            "kind": "training",
            "title": f"{region}: UBT co-lead training relaunch (illustrative)",
            "url": None,
        }
        for i, region in enumerate(sorted(regions), start=1)
    ]
    return pd.DataFrame(rows)
