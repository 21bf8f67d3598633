-- mart_disclosure_rule: one row per build: the min_group_size the disclosure marks were built for (readers
-- refuse marks built for another setting).
-- key: min_group_size
CREATE OR REPLACE TABLE mart_disclosure_rule AS
SELECT getvariable('min_group_size')::INTEGER AS min_group_size;
