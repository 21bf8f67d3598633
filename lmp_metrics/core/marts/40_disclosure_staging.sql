-- Staging for the disclosure marts (temporary tables, dropped after the build): the hierarchy
-- nodes at each level, each team's node at every level, parent links, and the people every team
-- contributes to each statistic family × split × period. Training counts first assignments per
-- quarter (made cumulative in 44_disclosure.sql); surveys and partnership training are counts per
-- period. The rule, the partitions and the loop are described in lmp_metrics/access/suppression.py.

CREATE OR REPLACE TEMP TABLE dc_nodes AS  -- one row per group at each level; level 0 nation … 5 team
WITH named AS (
    SELECT DISTINCT 0 AS level, 'National' AS group_name FROM teams
    UNION ALL SELECT DISTINCT 1, region FROM teams
    UNION ALL SELECT DISTINCT 2, service_area FROM teams
    UNION ALL SELECT DISTINCT 3, facility FROM teams
    UNION ALL SELECT DISTINCT 4, department FROM teams
    UNION ALL SELECT 5, team_id FROM teams
)
SELECT (row_number() OVER (ORDER BY level, group_name))::INTEGER AS node, level, group_name FROM named;

CREATE OR REPLACE TEMP TABLE dc_team_nodes AS  -- each team's node at every level, and its labor partner
SELECT t.team_id, t.labor_partner, n.level, n.node
FROM teams AS t
JOIN dc_nodes AS n ON n.group_name = CASE n.level
    WHEN 0 THEN 'National' WHEN 1 THEN t.region WHEN 2 THEN t.service_area WHEN 3 THEN t.facility
    WHEN 4 THEN t.department ELSE t.team_id END;

CREATE OR REPLACE TEMP TABLE dc_parents AS  -- node → its parent node (one level up), from team paths
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

