-- mart_training_overdue: one row per team × course × due quarter × completion quarter (NULL: never)
-- × due on a quarter's last day or not, counting the assignments done late or never.
-- key: team_id, course_id, due_quarter, completed_quarter?, due_on_quarter_end
-- Overdue as of a quarter's end D: due before D (due quarter ≤ D's, less those due on D itself) and
-- not completed by D (never, or in a later quarter). Per course only (summing courses gives teams):
-- only assignments still open at some quarter's end are kept.
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
CREATE OR REPLACE TEMP VIEW training_overdue_rows AS
WITH late AS (
    SELECT course_q + dq AS kq, cq, due_at_end, count(*) AS assignments
    FROM training_facts
    WHERE on_time = 0 AND (cq IS NULL OR cq > dq)
    GROUP BY ALL
),
base AS (SELECT q0, q_last - q0 AS q_last FROM training_span)
SELECT l.region, l.service_area, l.facility, l.department, l.labor_partner, l.team_id,
    l.course_id, l.course_title,
    make_date(((e.kq % 1024 + base.q0) // 4)::INTEGER, ((e.kq % 1024 + base.q0) % 4 * 3 + 1)::INTEGER, 1) AS due_quarter,
    make_date(((e.cq + base.q0) // 4)::INTEGER, ((e.cq + base.q0) % 4 * 3 + 1)::INTEGER, 1) AS completed_quarter,
    e.due_at_end::BOOLEAN AS due_on_quarter_end, e.assignments::INTEGER AS assignments
FROM late AS e
CROSS JOIN base
JOIN training_labels AS l ON l.key = (e.kq // 1024) * 2 + 1
WHERE e.kq % 1024 <= base.q_last AND training_team_rebuilt(l.team_id, due_quarter);
CREATE TABLE IF NOT EXISTS mart_training_overdue AS FROM training_overdue_rows LIMIT 0;
DELETE FROM mart_training_overdue WHERE training_team_rebuilt(team_id, due_quarter);
INSERT INTO mart_training_overdue FROM training_overdue_rows;
DROP VIEW training_overdue_rows;
