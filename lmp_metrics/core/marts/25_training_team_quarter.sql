-- mart_training_team_quarter: one row per team × quarter with its members' on-time partnership
-- training in the year to the quarter's end.
-- key: team_id, quarter
-- Members with a partnership assignment due in the four quarters to the quarter's end, and those
-- of them who completed every such assignment by its due date. Each person's quarters with
-- something due, and with something missed, are bits of a 128-bit mask (bit 3 + quarter − lo, lo
-- keeping the last 120 quarters), so a trailing year is four bits: no per-person window rows.
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
CREATE OR REPLACE TEMP VIEW training_team_quarter_rows AS
WITH bounds AS (SELECT greatest(0, q_last - q0 - 120) AS lo, q_last - q0 AS hi FROM training_span),
person_masks AS (
    SELECT person_key, any_value(cell_q) // (16 * 1024) AS team_key,
        bit_or(1::HUGEINT << (dq - lo + 3)) AS due_mask,
        bit_or(CASE WHEN on_time = 0 THEN 1::HUGEINT << (dq - lo + 3) ELSE 0::HUGEINT END) AS miss_mask,
        min(dq) - lo AS first_q, max(dq) - lo AS last_q
    FROM training_facts, bounds
    WHERE partnership AND dq >= lo
    GROUP BY person_key, lo
),
counted AS (  -- quarter q's trailing year is bits q … q + 3
    SELECT team_key, q + lo AS q, count(*) AS trained_members,
        count(*) FILTER ((miss_mask >> q) & 15 = 0) AS on_time_members
    FROM person_masks, bounds, LATERAL (SELECT unnest(range(first_q, last_q + 4)) AS q)
    WHERE (due_mask >> q) & 15 <> 0 AND q + lo <= hi
    GROUP BY team_key, q + lo
),
team_keys AS (SELECT DISTINCT team_key, team_id FROM training_people),
base AS (SELECT q0 FROM training_span)
SELECT t.region, t.service_area, t.facility, t.department, t.labor_partner, t.team_id,
    make_date(((c.q + base.q0) // 4)::INTEGER, ((c.q + base.q0) % 4 * 3 + 1)::INTEGER, 1) AS quarter,
    c.trained_members::INTEGER AS trained_members, c.on_time_members::INTEGER AS on_time_members
FROM counted AS c
CROSS JOIN base
JOIN team_keys AS k USING (team_key)
JOIN teams AS t ON t.team_id = k.team_id
WHERE training_team_rebuilt(t.team_id, quarter);
CREATE TABLE IF NOT EXISTS mart_training_team_quarter AS FROM training_team_quarter_rows LIMIT 0;
DELETE FROM mart_training_team_quarter WHERE training_team_rebuilt(team_id, quarter);
INSERT INTO mart_training_team_quarter FROM training_team_quarter_rows;
DROP VIEW training_team_quarter_rows;
