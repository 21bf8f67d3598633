-- mart_training_overdue_rollup: one row per facility × labor partner × course × due quarter ×
-- completion quarter (NULL: never) × due on a quarter's last day: mart_training_overdue summed.
-- key: region, service_area, facility, labor_partner, course_id, due_quarter, completed_quarter?, due_on_quarter_end
CREATE OR REPLACE TABLE mart_training_overdue_rollup AS
SELECT region, service_area, facility, labor_partner, course_id, course_title, due_quarter, completed_quarter,
    due_on_quarter_end, sum(assignments)::INTEGER AS assignments
FROM mart_training_overdue
GROUP BY ALL
ORDER BY ALL;
