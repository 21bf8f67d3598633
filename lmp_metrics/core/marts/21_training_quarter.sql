-- mart_training_quarter: one row per team × cell × quarter with the training events IN that quarter
-- (not cumulative), a cell being the whole team (role, labor_group and course_id NULL), one
-- (role, labor_group) over all courses (course_id NULL) or one course (role, labor_group NULL).
-- Figures "as of D" are running sums of these quarterly events up to D's quarter (see
-- lmp_metrics/metrics/training.py).
-- key: team_id, role?, labor_group?, course_id?, quarter
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
-- Rows in hierarchy order (team keys follow it), so team filters skip most of the table (an
-- incremental build, see 20_training_staging.sql, replaces its rows and adds them at the end).
CREATE OR REPLACE TEMP VIEW training_quarter_rows AS
SELECT * EXCLUDE (team_key, key) FROM (
    SELECT l.* EXCLUDE (key), e.key,
        make_date(((e.q + base.q0) // 4)::INTEGER, ((e.q + base.q0) % 4 * 3 + 1)::INTEGER, 1) AS quarter,
        e.* EXCLUDE (key, q)
    FROM training_events AS e
    JOIN training_labels AS l USING (key)
    CROSS JOIN (SELECT q0 FROM training_span) AS base
)
WHERE training_team_rebuilt(team_id, quarter)
ORDER BY team_key, key, quarter;
CREATE TABLE IF NOT EXISTS mart_training_quarter AS FROM training_quarter_rows LIMIT 0;
DELETE FROM mart_training_quarter WHERE training_team_rebuilt(team_id, quarter);
INSERT INTO mart_training_quarter FROM training_quarter_rows;
DROP VIEW training_quarter_rows;
