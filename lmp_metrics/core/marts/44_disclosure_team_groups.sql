-- mart_disclosure_team_groups: one row per team × level (depth 0 nation … the team's own): the group (node of
-- mart_disclosure_groups) the team belongs to there. Readers decompose a figure's teams into cells with it.
-- key: team_id, depth
CREATE OR REPLACE TABLE mart_disclosure_team_groups AS
SELECT team_id, level::TINYINT AS depth, node FROM dc_team_nodes ORDER BY team_id, depth;
