-- Staging for the disclosure marts (temporary tables, dropped after the build): the hierarchy
-- nodes at each level, each team's node at every level, parent links, and the people every team
-- contributes to each statistic family × split × period. Training counts first assignments per
-- quarter (made cumulative in 45_disclosure.sql); surveys and partnership training are counts per
-- period. The rule, the partitions and the loop are described in lmp_metrics/access/suppression.py.

CREATE OR REPLACE TEMP TABLE dc_paths AS  -- each team's path at every level (0 nation … 5 team)
SELECT t.team_id, t.labor_partner, d.level,
    [ 'National', t.region, t.service_area, t.facility, t.department, t.team_id][d.level + 1] AS group_name,
    list_slice([t.region, t.service_area, t.facility, t.department, t.team_id], 1, d.level) AS path
FROM teams AS t, (SELECT unnest(range(6)) AS level) AS d;

-- One node per path: a group is its place in the tree, so a department name used in two
-- facilities is two nodes (a breakdown by that name is read as their union).
CREATE OR REPLACE TEMP TABLE dc_nodes AS
SELECT (row_number() OVER (ORDER BY level, group_name, path))::INTEGER AS node, level, group_name, path
FROM (SELECT DISTINCT level, group_name, path FROM dc_paths);

CREATE OR REPLACE TEMP TABLE dc_team_nodes AS  -- each team's node at every level, and its labor partner
SELECT p.team_id, p.labor_partner, p.level, n.node FROM dc_paths AS p JOIN dc_nodes AS n USING (level, path);

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

