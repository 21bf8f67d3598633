-- one row per team: hierarchy columns and department_type, the department name without the words it
-- shares at the start with its facility's name ("Denver Orthopedics" at "Denver Medical Center" →
-- "Orthopedics"), so like departments match across facilities; a name that shares nothing (or is
-- nothing but the shared words) is its own type.
-- key: team_id
CREATE OR REPLACE TABLE mart_team_department_type AS
WITH words AS (
    SELECT *, string_split(facility, ' ') AS facility_words, string_split(department, ' ') AS department_words
    FROM teams
),
shared AS (
    SELECT w.team_id, coalesce(max(r.i) FILTER (WHERE w.facility_words[1:r.i] = w.department_words[1:r.i]), 0) AS n
    FROM words AS w
    LEFT JOIN LATERAL (SELECT unnest(range(1, least(len(w.facility_words), len(w.department_words)) + 1)) AS i) AS r
        ON TRUE
    GROUP BY w.team_id
)
SELECT
    w.region,
    w.service_area,
    w.facility,
    w.department,
    w.labor_partner,
    w.team_id,
    w.team_name,
    CASE
        WHEN s.n BETWEEN 1 AND len(w.department_words) - 1
            THEN array_to_string(w.department_words[s.n + 1:], ' ')
        ELSE w.department
    END AS department_type
FROM words AS w
JOIN shared AS s ON s.team_id = w.team_id;
