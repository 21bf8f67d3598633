-- mart_disclosure_splits: one row per statistic family × split (split_by 'all' with split_value '',
-- or 'labor_partner', 'role', 'labor_group', 'course' with the part's value), numbered in that order.
-- Families: 'training' (every split), 'survey:<index>' (all, labor partner), 'partnership_training'
-- (all; team level only).
-- key: split
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
-- The marks of 45_disclosure.sql are numbered by split: after an import of training records they
-- are rebuilt only where people changed, which is right only while the splits stay as they were.
-- So the table is replaced only when its rows change, and dc_renumbered tells 45 to rebuild every
-- mark then (a course with its first assignment, say).
CREATE OR REPLACE TEMP TABLE dc_splits AS
WITH named AS (
    SELECT DISTINCT family, split_by, split_value FROM dc_team_people
    UNION SELECT DISTINCT family, 'labor_partner', labor_partner
    FROM dc_team_people, (SELECT DISTINCT labor_partner FROM teams)
    WHERE split_by = 'all' AND family <> 'partnership_training'
)
SELECT (row_number() OVER (ORDER BY family, split_by, split_value))::INTEGER AS split, * FROM named;

CREATE TABLE IF NOT EXISTS mart_disclosure_splits AS FROM dc_splits LIMIT 0;
CREATE OR REPLACE TEMP TABLE dc_renumbered AS
SELECT EXISTS (FROM dc_splits EXCEPT FROM mart_disclosure_splits)
    OR EXISTS (FROM mart_disclosure_splits EXCEPT FROM dc_splits) AS renumbered;
DELETE FROM mart_disclosure_splits WHERE (SELECT renumbered FROM dc_renumbered);
INSERT INTO mart_disclosure_splits FROM dc_splits WHERE (SELECT renumbered FROM dc_renumbered);
