-- mart_training_quarter: one row per team × cell × quarter with the training events IN that quarter
-- (not cumulative), a cell being the whole team (role, labor_group and course_id NULL), one
-- (role, labor_group) over all courses (course_id NULL) or one course (role, labor_group NULL).
-- Figures "as of D" are running sums of these quarterly events up to D's quarter (see
-- lmp_metrics/metrics/training.py).
-- key: team_id, role?, labor_group?, course_id?, quarter
-- Rows in hierarchy order (team keys follow it), so team filters skip most of the table.
CREATE OR REPLACE TABLE mart_training_quarter AS
SELECT l.* EXCLUDE (key, team_key),
    make_date(((e.q + base.q0) // 4)::INTEGER, ((e.q + base.q0) % 4 * 3 + 1)::INTEGER, 1) AS quarter,
    e.* EXCLUDE (key, q)
FROM training_events AS e
JOIN training_labels AS l USING (key)
CROSS JOIN (SELECT q0 FROM training_span) AS base
ORDER BY l.team_key, e.key, e.q;
