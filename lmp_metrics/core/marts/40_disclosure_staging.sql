-- Staging for the disclosure marts (temporary tables, dropped after the build): the hierarchy
-- nodes at each level, each team's node at every level, parent links, and the people every team
-- contributes to each statistic family × split × period. Training counts first assignments per
-- quarter (made cumulative in 45_disclosure.sql); surveys and partnership training are counts per
-- period. The rule, the partitions and the loop are described in lmp_metrics/access/suppression.py.

-- The hierarchy top down: each level's number, its key in lmp_metrics/vocabulary/hierarchy.py
-- (LEVELS) and the teams column naming its groups (the nation is one group). The disclosure marts
-- spell the levels only here; tests/test_hierarchy.py fails when this list and LEVELS differ.
CREATE OR REPLACE TEMP TABLE dc_levels AS
SELECT * FROM (VALUES (0, 'national', NULL), (1, 'region', 'region'), (2, 'service_area', 'service_area'),
    (3, 'facility', 'facility'), (4, 'department', 'department'), (5, 'team', 'team_id')
) AS l(level, name, team_column);

CREATE OR REPLACE TEMP TABLE dc_paths AS  -- each team's group and path (the names down to it) at every level
WITH names AS (
    SELECT t.team_id, t.labor_partner, l.level,
        coalesce(json_extract_string(to_json(t), '$.' || l.team_column), 'National') AS group_name
    FROM teams AS t, dc_levels AS l
)
SELECT n.team_id, n.labor_partner, n.level, n.group_name,
    coalesce(list(a.group_name ORDER BY a.level) FILTER (a.level > 0), []) AS path
FROM names AS n JOIN names AS a ON a.team_id = n.team_id AND a.level <= n.level
GROUP BY ALL;

-- One node per path: a group is its place in the tree, so a department name used in two
-- facilities is two nodes (a breakdown by that name is read as their union).
CREATE OR REPLACE TEMP TABLE dc_nodes AS
SELECT (row_number() OVER (ORDER BY level, group_name, path))::INTEGER AS node, level, group_name, path
FROM (SELECT DISTINCT level, group_name, path FROM dc_paths);

CREATE OR REPLACE TEMP TABLE dc_team_nodes AS  -- each team's node at every level, its labor partner, the team's own
SELECT p.team_id, p.labor_partner, p.level, n.node, p.level = (SELECT max(level) FROM dc_levels) AS is_team
FROM dc_paths AS p JOIN dc_nodes AS n USING (level, path);

CREATE OR REPLACE TEMP TABLE dc_parents AS  -- node → its parent node (one level up)
SELECT DISTINCT c.node, p.node AS parent
FROM dc_team_nodes AS c JOIN dc_team_nodes AS p ON p.team_id = c.team_id AND p.level = c.level - 1;

-- People per team × family × split × period.
CREATE OR REPLACE TEMP TABLE dc_team_people AS
SELECT 'training' AS family, team_id, 'all' AS split_by, '' AS split_value, quarter AS period, people
FROM mart_training_quarter WHERE role IS NULL AND course_id IS NULL AND people > 0
UNION ALL
SELECT 'training', team_id, 'role', role, quarter, sum(people)
FROM mart_training_quarter WHERE role IS NOT NULL AND people > 0 GROUP BY ALL
UNION ALL
SELECT 'training', team_id, 'labor_group', labor_group, quarter, sum(people)
FROM mart_training_quarter WHERE role IS NOT NULL AND people > 0 GROUP BY ALL
UNION ALL
SELECT 'training', team_id, 'course', course_title, quarter, people
FROM mart_training_quarter WHERE course_id IS NOT NULL AND people > 0
UNION ALL
SELECT 'survey:' || index_name, team_id, 'all', '', make_date(survey_year, 1, 1), respondents
FROM mart_survey_team_year WHERE respondents > 0
UNION ALL
SELECT 'partnership_training', team_id, 'all', '', quarter, trained_members
FROM mart_training_team_quarter WHERE trained_members > 0;

