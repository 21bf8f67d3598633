-- One row per team per quarter per dimension: the team's score and level, next to the average score of its department (same facility), facility and region that quarter, and the median score of teams one level higher (national, same quarter). Feeds the team scorecard.
-- key: team_id, quarter, dimension_id
CREATE OR REPLACE TABLE mart_team_dimension_context AS
WITH scored AS (
    SELECT t.region, t.service_area, t.facility, t.department, t.labor_partner, t.team_id,
           s.quarter, s.dimension_id, d.dimension_name, d.sort_order, l.level, s.score
    FROM team_quarter_scores AS s
    JOIN teams AS t USING (team_id)
    JOIN dimensions AS d USING (dimension_id)
    LEFT JOIN team_quarter_levels AS l USING (team_id, quarter)
),
department_avg AS (
    SELECT region, service_area, facility, department, quarter, dimension_id,
           avg(score) AS department_avg, count(*) AS department_teams
    FROM scored GROUP BY ALL
),
facility_avg AS (
    SELECT region, service_area, facility, quarter, dimension_id,
           avg(score) AS facility_avg, count(*) AS facility_teams
    FROM scored GROUP BY ALL
),
region_avg AS (
    SELECT region, quarter, dimension_id, avg(score) AS region_avg, count(*) AS region_teams
    FROM scored GROUP BY ALL
),
level_median AS (
    SELECT quarter, dimension_id, level, median(score) AS level_median, count(*) AS level_teams
    FROM scored WHERE level IS NOT NULL GROUP BY ALL
)
SELECT s.region, s.service_area, s.facility, s.department, s.labor_partner, s.team_id,
       s.quarter, s.dimension_id, s.dimension_name, s.sort_order, s.level, s.score,
       dep.department_avg, dep.department_teams,
       fac.facility_avg, fac.facility_teams,
       reg.region_avg, reg.region_teams,
       nxt.level_median AS next_level_median, nxt.level_teams AS next_level_teams
FROM scored AS s
JOIN department_avg AS dep USING (region, service_area, facility, department, quarter, dimension_id)
JOIN facility_avg AS fac USING (region, service_area, facility, quarter, dimension_id)
JOIN region_avg AS reg USING (region, quarter, dimension_id)
LEFT JOIN level_median AS nxt
    ON nxt.quarter = s.quarter AND nxt.dimension_id = s.dimension_id AND nxt.level = s.level + 1
ORDER BY s.team_id, s.quarter, s.sort_order;
