"""Words of partnership training shared by its queries and charts."""

from __future__ import annotations

# Overdue age as whole quarters between the quarter an assignment fell due and the as-of quarter.
AGE_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("due this quarter", 0, 0),
    ("due 1 quarter earlier", 1, 1),
    ("due 2–3 quarters earlier", 2, 3),
    ("due a year or more earlier", 4, 10_000),
)
