"""Names fixed by the data contract (shared/data-contract.md), defined once."""

# The importable contract tables, in dependency order (a table only references earlier ones).
CONTRACT_TABLES: tuple[str, ...] = (
    "teams",
    "dimensions",
    "team_quarter_levels",
    "team_quarter_scores",
    "staff",
    "courses",
    "training_records",
    "survey_results",
    "ubt_projects",
    "events",
)
