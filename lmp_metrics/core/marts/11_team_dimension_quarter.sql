-- One row per team per quarter per rated dimension: hierarchy columns, quarter, dimension_id, dimension_name, family, sort_order, score (1.0-5.0). Group scores average these rows, so each team counts once per dimension.
-- key: team_id, quarter, dimension_id
CREATE OR REPLACE TABLE mart_team_dimension_quarter AS
SELECT t.region, t.service_area, t.facility, t.department, t.labor_partner, t.team_id,
       s.quarter, s.dimension_id, d.dimension_name, d.family, d.sort_order, s.score
FROM team_quarter_scores AS s
JOIN teams AS t USING (team_id)
JOIN dimensions AS d USING (dimension_id)
ORDER BY s.quarter, t.region, t.service_area, t.facility, t.department, t.team_id, d.sort_order;
