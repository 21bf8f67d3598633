-- mart_disclosure_groups: one row per hierarchy group (node) at each level, national … team: its
-- level, name and path (the names above it), numbered by level, name and path.
-- key: node
CREATE OR REPLACE TABLE mart_disclosure_groups AS
SELECT node, ['national', 'region', 'service_area', 'facility', 'department', 'team'][level + 1] AS level,
    group_name, path
FROM dc_nodes;
