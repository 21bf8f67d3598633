-- Dated events shown as markers on timelines (contract table `events`).
-- scope is 'national' or '<level>:<value>' with level one of region, service_area, facility.
CREATE TABLE events (
    event_id   VARCHAR PRIMARY KEY,
    event_date DATE NOT NULL,
    scope      VARCHAR NOT NULL CHECK (
        scope = 'national' OR regexp_matches(scope, '^(region|service_area|facility):.+$')
    ),
    kind       VARCHAR NOT NULL CHECK (kind IN ('agreement', 'bargaining', 'training', 'other')),
    title      VARCHAR NOT NULL,
    url        VARCHAR
);
