-- mart_disclosure_splits: one row per statistic family × split (split_by 'all' with split_value '',
-- or 'labor_partner', 'role', 'labor_group', 'course' with the part's value), numbered in that order.
-- Families: 'training' (every split), 'survey:<index>' (all, labor partner), 'partnership_training'
-- (all; team level only).
-- key: split
CREATE OR REPLACE TABLE mart_disclosure_splits AS
WITH named AS (
    SELECT DISTINCT family, split_by, split_value FROM dc_team_people
    UNION SELECT DISTINCT family, 'labor_partner', labor_partner
    FROM dc_team_people, (SELECT DISTINCT labor_partner FROM teams)
    WHERE split_by = 'all' AND family <> 'partnership_training'
)
SELECT (row_number() OVER (ORDER BY family, split_by, split_value))::INTEGER AS split, * FROM named;

