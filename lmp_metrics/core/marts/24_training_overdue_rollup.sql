-- mart_training_overdue_rollup: one row per facility × labor partner × course × due quarter ×
-- completion quarter (NULL: never) × due on a quarter's last day: mart_training_overdue summed.
-- key: region, service_area, facility, labor_partner, course_id, due_quarter, completed_quarter?, due_on_quarter_end
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
CREATE OR REPLACE TEMP VIEW training_overdue_rollup_rows AS
SELECT region, service_area, facility, labor_partner, course_id, course_title, due_quarter, completed_quarter,
    due_on_quarter_end, sum(assignments)::INTEGER AS assignments
FROM mart_training_overdue
WHERE training_facility_rebuilt(facility, due_quarter)
GROUP BY ALL
ORDER BY ALL;
CREATE TABLE IF NOT EXISTS mart_training_overdue_rollup AS FROM training_overdue_rollup_rows LIMIT 0;
DELETE FROM mart_training_overdue_rollup WHERE training_facility_rebuilt(facility, due_quarter);
INSERT INTO mart_training_overdue_rollup FROM training_overdue_rollup_rows;
DROP VIEW training_overdue_rollup_rows;
