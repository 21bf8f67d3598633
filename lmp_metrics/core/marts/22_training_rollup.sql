-- mart_training_rollup: one row per facility × labor partner × cell × quarter: mart_training_quarter
-- summed over the facility's teams of that labor partner (no department or team columns).
-- key: region, service_area, facility, labor_partner, role?, labor_group?, course_id?, quarter
-- Rollup: the same events summed over the teams of each facility × labor partner (a sixth of the
-- rows at kp), which answer every breakdown above the department when no department or team is
-- filtered (see lmp_metrics/metrics/training.py).
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
CREATE OR REPLACE TEMP VIEW training_rollup_rows AS
SELECT region, service_area, facility, labor_partner, role, labor_group, course_id, course_title, quarter,
    sum(COLUMNS(* EXCLUDE (region, service_area, facility, department, labor_partner, team_id, role,
        labor_group, course_id, course_title, quarter, score_sum)))::INTEGER,
    sum(score_sum) AS score_sum
FROM mart_training_quarter
WHERE training_facility_rebuilt(facility, quarter)
GROUP BY ALL
ORDER BY ALL;
CREATE TABLE IF NOT EXISTS mart_training_rollup AS FROM training_rollup_rows LIMIT 0;
DELETE FROM mart_training_rollup WHERE training_facility_rebuilt(facility, quarter);
INSERT INTO mart_training_rollup FROM training_rollup_rows;
DROP VIEW training_rollup_rows;
