-- Who may see what. One row per identity × role × scope.
-- scope is 'national', or '<level>:<value>' with level one of region, service_area, facility, team
-- (e.g. 'region:Colorado', 'team:T00042').
CREATE TABLE access_grants (
    identity VARCHAR NOT NULL,
    role     VARCHAR NOT NULL CHECK (role IN ('admin', 'leader', 'co-lead', 'viewer')),
    scope    VARCHAR NOT NULL CHECK (
        scope = 'national' OR regexp_matches(scope, '^(region|service_area|facility|team):.+$')
    ),
    PRIMARY KEY (identity, role, scope)
);
