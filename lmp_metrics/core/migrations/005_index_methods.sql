-- Proposed ways to compute the Partnership Effectiveness Index (contract table `index_methods`).
-- A method is the index's components with their weights (JSON object component → weight, any
-- non-negative numbers, scaled to sum to 1 when used), the rule for a missing or suppressed
-- component, and the fewest assessed teams a group needs to get an index. method_id is the
-- name's URL form (lower case, hyphens), used in links (?method=…).
CREATE TABLE index_methods (
    method_id    VARCHAR PRIMARY KEY CHECK (regexp_matches(method_id, '^[a-z0-9]+(-[a-z0-9]+)*$')),
    name         VARCHAR NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 80),
    side         VARCHAR NOT NULL CHECK (side IN ('management', 'labor', 'joint')),
    components   JSON NOT NULL,
    missing_rule VARCHAR NOT NULL CHECK (missing_rule IN ('rescale', 'require_all')),
    min_teams    INTEGER NOT NULL CHECK (min_teams BETWEEN 1 AND 100),
    notes        VARCHAR NOT NULL DEFAULT '',
    created_by   VARCHAR,
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
