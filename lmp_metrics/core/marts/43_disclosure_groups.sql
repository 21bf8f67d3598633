-- mart_disclosure_groups: one row per hierarchy group (node) at each level, national … team: its
-- level, name and path (the names above it), numbered by level, name and path.
-- key: node
CREATE OR REPLACE TABLE mart_disclosure_groups AS
SELECT n.node, l.name AS level, n.group_name, n.path
FROM dc_nodes AS n JOIN dc_levels AS l USING (level);
