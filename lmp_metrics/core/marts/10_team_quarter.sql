-- One row per team per assessed quarter: hierarchy columns, team_name, quarter, level, the team's level four quarters earlier (NULL if not assessed then), movement (level minus that earlier level) and high_performing (level >= 4, the contract's definition).
-- key: team_id, quarter
CREATE OR REPLACE TABLE mart_team_quarter AS
SELECT t.region, t.service_area, t.facility, t.department, t.labor_partner, t.team_id, t.team_name,
       l.quarter,
       l.level,
       prior.level AS level_year_ago,
       l.level - prior.level AS movement,
       l.level >= 4 AS high_performing
FROM team_quarter_levels AS l
JOIN teams AS t USING (team_id)
LEFT JOIN team_quarter_levels AS prior
    ON prior.team_id = l.team_id AND prior.quarter = CAST(l.quarter - INTERVAL 1 YEAR AS DATE)
ORDER BY l.quarter, t.region, t.service_area, t.facility, t.department, t.team_id;
