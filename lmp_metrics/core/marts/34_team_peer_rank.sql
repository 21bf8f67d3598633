-- One row per team per assessed quarter: level, mean dimension score and the team's percentile among comparable teams: same department type (mart_team_department_type: 'Denver Orthopedics' at 'Denver Medical Center' → 'Orthopedics') in the same region, assessed that quarter, ranked by level, then mean dimension score; ties count half. Feeds the team scorecard.
-- key: team_id, quarter
CREATE OR REPLACE TABLE mart_team_peer_rank AS
WITH team_quarter AS (
    SELECT t.region, t.service_area, t.facility, t.department, t.labor_partner, t.team_id, t.team_name,
           t.department_type, l.quarter, l.level, round(avg(s.score), 9) AS mean_score
    FROM team_quarter_levels AS l
    JOIN mart_team_department_type AS t USING (team_id)
    LEFT JOIN team_quarter_scores AS s USING (team_id, quarter)
    GROUP BY ALL
),
ranked AS (
    SELECT *,
           count(*) OVER peers - 1 AS peer_teams,
           rank() OVER (peers ORDER BY level, coalesce(mean_score, 0)) - 1 AS peers_below,
           count(*) OVER (PARTITION BY region, department_type, quarter, level, coalesce(mean_score, 0)) - 1
               AS peers_tied
    FROM team_quarter
    WINDOW peers AS (PARTITION BY region, department_type, quarter)
)
SELECT *,
       CASE WHEN peer_teams > 0 THEN 100.0 * (peers_below + 0.5 * peers_tied) / peer_teams END AS percentile
FROM ranked
ORDER BY team_id, quarter;
