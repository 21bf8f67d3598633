-- Temporary tables the training marts (21–25) are built from: no mart of its own. Quarters are numbered
-- from the first assignment's; events after the last quarter with an assignment or an assessment are
-- left out. Built in steps on temporary tables with integer keys, several times faster at kp scale than
-- one statement; the build drops them once every mart has run (lmp_metrics.core.marts.rebuild_marts),
-- and a training mart rebuilt on its own brings this file along.
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
-- After an import of training records only, the training marts (21–25, which declare the same) are
-- rebuilt per team from the first quarter a changed record of its people falls in (any of its
-- dates, before or after the change: `changed_training_records`), and for every team in the
-- quarters after qb, the last quarter with a level (imports of training records do not change
-- levels), which covers an import that moves the last quarter on. Every mart row is a function of
-- one team's records that count in its quarter (assigned, due or completed then; a due counts in
-- mart_training_team_quarter for four quarters) and of its people's first assignments, taken from
-- all their records; the span's first quarter only matters through the 120-quarter window of
-- mart_training_team_quarter, so a build whose span is wider than that is always full.

CREATE OR REPLACE TEMP TABLE training_people AS  -- one row per person; cell = team × role × labor group
WITH team_keys AS (  -- numbered in hierarchy order, so sorting marts by key groups them by hierarchy
    SELECT team_id,
        (row_number() OVER (ORDER BY region, service_area, facility, department, team_id))::INTEGER AS team_key
    FROM teams
)
SELECT s.person_id, s.role, s.labor_group, k.team_id, k.team_key,
    (row_number() OVER ())::INTEGER AS person_key,
    (k.team_key * 16 + CASE s.role WHEN 'employee' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END * 4
        + CASE s.labor_group WHEN 'Coalition' THEN 0 WHEN 'Alliance' THEN 1 ELSE 2 END)::INTEGER AS cell
FROM staff AS s JOIN team_keys AS k USING (team_id);

CREATE OR REPLACE TEMP TABLE training_courses AS  -- partnership: the co-lead and partnership courses
SELECT course_id, (row_number() OVER (ORDER BY course_id))::INTEGER AS course_key,
    (count(*) OVER () + 1)::INTEGER AS courses,
    audience = 'co-leads' OR course_title ILIKE '%partnership%' AS partnership
FROM courses;

CREATE OR REPLACE TEMP TABLE training_span AS  -- quarter numbers (year × 4 + quarter − 1): first, last
SELECT min(year(assigned_on) * 4 + quarter(assigned_on) - 1)::INTEGER AS q0,
    greatest(
        max(year(assigned_on) * 4 + quarter(assigned_on) - 1),
        (SELECT max(year(quarter) * 4 + quarter(quarter) - 1) FROM team_quarter_levels)
    )::INTEGER AS q_last
FROM training_records;

-- What this build rebuilds: everything, or each team's quarters from its start (see above).
CREATE OR REPLACE TEMP TABLE training_scope AS
WITH bound AS (
    SELECT (SELECT max(year(quarter) * 4 + quarter(quarter) - 1) FROM team_quarter_levels) AS qb_abs, *
    FROM training_span
)
SELECT 'training_records' NOT IN (SELECT source FROM mart_build_incremental) OR q_last - q0 > 120
        OR qb_abs IS NULL AS rebuild_all,
    make_date((qb_abs // 4)::INTEGER, (qb_abs % 4 * 3 + 1)::INTEGER, 1) AS qb_date
FROM bound;

-- Each team's first quarter rebuilt (NULL: all). Its own column names, so that the macros below
-- can compare them with their callers' team_id and facility.
CREATE OR REPLACE TEMP TABLE training_scope_teams AS
WITH touched AS (
    SELECT p.team_id, min(least(c.assigned_on, c.due_on, c.completed_on))::DATE AS earliest
    FROM changed_training_records AS c JOIN training_people AS p USING (person_id)
    GROUP BY p.team_id
)
SELECT t.team_id AS scope_team, t.facility AS scope_facility, CASE WHEN NOT s.rebuild_all
    THEN least(s.qb_date + INTERVAL 3 MONTH, date_trunc('quarter', x.earliest))::DATE END AS scope_start
FROM teams AS t CROSS JOIN training_scope AS s LEFT JOIN touched AS x USING (team_id);

-- Whether a mart row (by team and quarter, or facility and quarter) is rebuilt by this build. A
-- facility is named without its region: all facilities of that name are rebuilt (more, never fewer).
CREATE OR REPLACE TEMP MACRO training_team_rebuilt(team, q) AS
    (SELECT rebuild_all FROM training_scope)
    OR q >= (SELECT scope_start FROM training_scope_teams WHERE scope_team = team);
CREATE OR REPLACE TEMP MACRO training_facility_rebuilt(f, q) AS
    (SELECT rebuild_all FROM training_scope)
    OR q >= (SELECT min(scope_start) FROM training_scope_teams WHERE scope_facility = f);

-- One row per assignment, quarters counted from the first. Keys are shifted left 10 bits to hold
-- that count, so each aggregation below groups on one integer: cell_q = cell × 1024,
-- course_q = (team × course) × 1024.
CREATE OR REPLACE TEMP TABLE training_facts AS
SELECT p.cell * 1024 AS cell_q, (p.team_key * c.courses + c.course_key) * 1024 AS course_q,
    p.person_key, c.course_key::SMALLINT AS course_key, c.partnership,
    (year(r.assigned_on) * 4 + quarter(r.assigned_on) - 1 - span.q0)::SMALLINT AS aq,
    (year(r.due_on) * 4 + quarter(r.due_on) - 1 - span.q0)::SMALLINT AS dq,
    (year(r.completed_on) * 4 + quarter(r.completed_on) - 1 - span.q0)::SMALLINT AS cq,
    coalesce(r.completed_on <= r.due_on, false)::TINYINT AS on_time,
    (month(r.due_on + 1) IN (1, 4, 7, 10) AND day(r.due_on + 1) = 1)::TINYINT AS due_at_end,
    (r.completed_on - r.assigned_on)::INTEGER AS days,  -- to complete
    r.assessment_score AS score
FROM training_records AS r
JOIN training_people AS p USING (person_id)
JOIN training_courses AS c USING (course_id)
JOIN training_scope_teams AS s ON s.scope_team = p.team_id
CROSS JOIN training_span AS span
WHERE s.scope_start IS NULL  -- records that count in a quarter rebuilt
    OR r.assigned_on >= s.scope_start OR r.due_on >= s.scope_start - INTERVAL 9 MONTH
    OR r.completed_on >= s.scope_start;

-- Quarter of each person's first assignment to each course, from all their records, for the people
-- above (anyone else has every record before their team's start: no first in a quarter rebuilt).
CREATE OR REPLACE TEMP TABLE training_firsts AS
SELECT p.person_key, p.cell * 1024 AS cell_q, (p.team_key * c.courses + c.course_key) * 1024 AS course_q,
    (year(r.first) * 4 + quarter(r.first) - 1 - span.q0)::SMALLINT AS first_q
FROM (
    SELECT person_id, course_id, min(assigned_on) AS first FROM training_records
    WHERE person_id IN (SELECT person_id FROM training_people SEMI JOIN training_facts USING (person_key))
    GROUP BY ALL
) AS r
JOIN training_people AS p USING (person_id)
JOIN training_courses AS c USING (course_id)
CROSS JOIN training_span AS span;

-- Events per family (0 cell, 1 course) × key × quarter (kq = key × 1024 + quarter), each kind
-- aggregated on its own narrow columns, then put side by side. people counts first assignments: to
-- any course for cells, to the course itself for courses. Completions carry the assessment score.
CREATE OR REPLACE TEMP TABLE training_events AS
WITH assigned AS (
    SELECT 0 AS family, cell_q + aq AS kq, count(*) AS assigned FROM training_facts GROUP BY kq
    UNION ALL SELECT 1, course_q + aq, count(*) FROM training_facts GROUP BY 2
),
due AS (
    SELECT 0 AS family, cell_q + dq AS kq, count(*) AS due, sum(on_time) AS on_time,
        sum(due_at_end) AS due_at_end, sum(on_time * due_at_end) AS on_time_at_end
    FROM training_facts GROUP BY kq
    UNION ALL
    SELECT 1, course_q + dq, count(*), sum(on_time), sum(due_at_end), sum(on_time * due_at_end)
    FROM training_facts GROUP BY 2
),
completions AS (  -- per course only: days taken to complete, in bins (DAY_BINS in training.py)
    SELECT 0 AS family, cell_q + cq AS kq, count(*) AS completed, sum(1 - on_time) AS completed_late,
        count(score) AS scored, sum(score) AS score_sum
    FROM training_facts WHERE cq IS NOT NULL GROUP BY kq
    UNION ALL BY NAME
    SELECT 1 AS family, course_q + cq AS kq, count(*) AS completed, sum(1 - on_time) AS completed_late,
        count(score) AS scored, sum(score) AS score_sum,
        count(*) FILTER (days <= 7) AS done_within_7,
        count(*) FILTER (days BETWEEN 8 AND 14) AS done_within_14,
        count(*) FILTER (days BETWEEN 15 AND 30) AS done_within_30,
        count(*) FILTER (days BETWEEN 31 AND 45) AS done_within_45,
        count(*) FILTER (days BETWEEN 46 AND 60) AS done_within_60,
        count(*) FILTER (days BETWEEN 61 AND 90) AS done_within_90,
        count(*) FILTER (days BETWEEN 91 AND 120) AS done_within_120,
        count(*) FILTER (days BETWEEN 121 AND 180) AS done_within_180,
        count(*) FILTER (days > 180) AS done_after_180
    FROM training_facts WHERE cq IS NOT NULL GROUP BY kq
),
people AS (
    SELECT 0 AS family, any_value(cell_q) + min(first_q) AS kq, 1 AS people
    FROM training_firsts GROUP BY person_key
    UNION ALL
    SELECT 1, course_q + first_q, 1 FROM training_firsts
),
keys AS (
    SELECT DISTINCT family, kq FROM (
        SELECT family, kq FROM assigned UNION ALL SELECT family, kq FROM due
        UNION ALL SELECT family, kq FROM completions UNION ALL SELECT family, kq FROM people
    )
    WHERE kq % 1024 <= (SELECT q_last - q0 FROM training_span)
)
SELECT (k.kq // 1024) * 2 + k.family AS key, (k.kq % 1024)::INTEGER AS q,
    coalesce(a.assigned, 0)::INTEGER AS assigned,
    coalesce(COLUMNS(d.* EXCLUDE (family, kq)), 0)::INTEGER,
    coalesce(COLUMNS(c.* EXCLUDE (family, kq, score_sum)), 0)::INTEGER,
    c.score_sum,
    coalesce(p.people, 0)::INTEGER AS people
FROM keys AS k
LEFT JOIN assigned AS a USING (family, kq)
LEFT JOIN due AS d USING (family, kq)
LEFT JOIN completions AS c USING (family, kq)
LEFT JOIN (SELECT family, kq, sum(people) AS people FROM people GROUP BY ALL) AS p USING (family, kq);

-- Team totals (key −team), summed from the cells: hierarchy breakdowns read a third of the rows.
INSERT INTO training_events
SELECT -(key // 32) AS team, q, sum(COLUMNS(* EXCLUDE (key, q)))
FROM training_events WHERE key % 2 = 0
GROUP BY team, q;

CREATE OR REPLACE TEMP TABLE training_labels AS  -- key → hierarchy, team, role and labor group, or course
WITH keys AS (
    SELECT DISTINCT cell * 2 AS key, team_key, team_id, role, labor_group, NULL AS course_id FROM training_people
    UNION ALL
    SELECT DISTINCT (p.team_key * c.courses + c.course_key) * 2 + 1, p.team_key, p.team_id, NULL, NULL, c.course_id
    FROM training_people AS p CROSS JOIN training_courses AS c
    UNION ALL
    SELECT DISTINCT -team_key, team_key, team_id, NULL, NULL, NULL FROM training_people
)
SELECT k.key, k.team_key, t.region, t.service_area, t.facility, t.department, t.labor_partner, t.team_id,
    k.role, k.labor_group, k.course_id, co.course_title
FROM keys AS k
JOIN teams AS t USING (team_id)
LEFT JOIN courses AS co USING (course_id);
