-- mart_disclosure_groups: one row per hierarchy group at each level (national … team), numbered
-- by level and name.
-- key: node
CREATE OR REPLACE TABLE mart_disclosure_groups AS
SELECT node, ['national', 'region', 'service_area', 'facility', 'department', 'team'][level + 1] AS level,
    group_name
FROM dc_nodes;

