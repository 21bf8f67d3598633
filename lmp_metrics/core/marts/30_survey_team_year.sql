-- one row per team per survey year per survey index, with the team's hierarchy columns and its level that year
-- (level = the team's Path to Performance level at its last assessment within the survey year, NULL if none).
-- key: team_id, survey_year, index_name
CREATE OR REPLACE TABLE mart_survey_team_year AS
WITH year_level AS (
    SELECT team_id, year(quarter) AS survey_year, arg_max(level, quarter) AS level
    FROM team_quarter_levels
    GROUP BY team_id, year(quarter)
)
SELECT
    t.region,
    t.service_area,
    t.facility,
    t.department,
    t.labor_partner,
    s.team_id,
    t.team_name,
    s.survey_year,
    s.index_name,
    s.score,
    s.respondents,
    y.level
FROM survey_results AS s
JOIN teams AS t ON t.team_id = s.team_id
LEFT JOIN year_level AS y ON y.team_id = s.team_id AND y.survey_year = s.survey_year;
