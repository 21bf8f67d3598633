-- one row per team × quarter × cell, where a cell is either (role, labor_group) over all courses (course_id NULL) or one course (role, labor_group NULL); counts are cumulative as of the quarter's last day
CREATE OR REPLACE TABLE mart_training_quarter AS
WITH facts AS (
    SELECT
        s.team_id, s.role, s.labor_group, r.course_id, r.person_id, r.assigned_on,
        date_trunc('quarter', assigned_on)::DATE AS assigned_q,
        date_trunc('quarter', due_on)::DATE AS due_q,
        date_trunc('quarter', completed_on)::DATE AS completed_q,
        coalesce(completed_on <= due_on, false)::INT AS on_time,
        (date_trunc('quarter', due_on + 1) > date_trunc('quarter', due_on))::INT AS due_at_end,
        (completed_on > due_on)::INT AS late
    FROM training_records AS r
    JOIN staff AS s USING (person_id)
),
course_firsts AS (  -- first assignment of each person to each course
    SELECT team_id, role, labor_group, course_id, person_id, min(assigned_on) AS first_on
    FROM facts GROUP BY ALL
),
person_firsts AS (  -- first assignment of each person to any course
    SELECT team_id, role, labor_group, min(first_on) AS first_on
    FROM course_firsts GROUP BY team_id, role, labor_group, person_id
),
deltas AS (  -- events per cell and quarter; the empty grouping column of the other cell kind stays NULL
    SELECT team_id, role, labor_group, course_id, assigned_q AS quarter, count(*) AS assigned,
        0 AS due, 0 AS on_time, 0 AS due_at_end, 0 AS on_time_at_end, 0 AS completed, 0 AS completed_late, 0 AS people
    FROM facts GROUP BY GROUPING SETS ((team_id, role, labor_group, assigned_q), (team_id, course_id, assigned_q))
    UNION ALL
    SELECT team_id, role, labor_group, course_id, due_q, 0, count(*), sum(on_time), sum(due_at_end),
        sum(on_time * due_at_end), 0, 0, 0
    FROM facts GROUP BY GROUPING SETS ((team_id, role, labor_group, due_q), (team_id, course_id, due_q))
    UNION ALL
    SELECT team_id, role, labor_group, course_id, completed_q, 0, 0, 0, 0, 0, count(*), sum(late), 0
    FROM facts WHERE completed_q IS NOT NULL
    GROUP BY GROUPING SETS ((team_id, role, labor_group, completed_q), (team_id, course_id, completed_q))
    UNION ALL
    SELECT team_id, role, labor_group, NULL, date_trunc('quarter', first_on)::DATE, 0, 0, 0, 0, 0, 0, 0, count(*)
    FROM person_firsts GROUP BY ALL
    UNION ALL
    SELECT team_id, NULL, NULL, course_id, date_trunc('quarter', first_on)::DATE, 0, 0, 0, 0, 0, 0, 0, count(*)
    FROM course_firsts GROUP BY ALL
),
cells AS (
    SELECT team_id, role, labor_group, course_id, quarter, sum(assigned) AS assigned, sum(due) AS due,
        sum(on_time) AS on_time, sum(due_at_end) AS due_at_end, sum(on_time_at_end) AS on_time_at_end,
        sum(completed) AS completed, sum(completed_late) AS completed_late, sum(people) AS people
    FROM deltas GROUP BY ALL
),
calendar AS (  -- every quarter from the first assignment to the last assessed or assigned quarter
    SELECT unnest(generate_series(min(assigned_q), greatest(max(assigned_q), (SELECT max(quarter) FROM team_quarter_levels)), INTERVAL 3 MONTH))::DATE AS quarter
    FROM facts
),
firsts AS (
    SELECT team_id, role, labor_group, course_id, min(quarter) AS first_quarter FROM cells GROUP BY ALL
),
dense AS (
    SELECT f.team_id, f.role, f.labor_group, f.course_id, c.quarter,
        coalesce(x.assigned, 0) AS assigned, coalesce(x.due, 0) AS due, coalesce(x.on_time, 0) AS on_time,
        coalesce(x.due_at_end, 0) AS due_at_end, coalesce(x.on_time_at_end, 0) AS on_time_at_end,
        coalesce(x.completed, 0) AS completed, coalesce(x.completed_late, 0) AS completed_late,
        coalesce(x.people, 0) AS people
    FROM firsts AS f
    JOIN calendar AS c ON c.quarter >= f.first_quarter
    LEFT JOIN cells AS x
        ON x.team_id = f.team_id AND x.quarter = c.quarter
        AND x.role IS NOT DISTINCT FROM f.role AND x.labor_group IS NOT DISTINCT FROM f.labor_group
        AND x.course_id IS NOT DISTINCT FROM f.course_id
),
cumulative AS (
    SELECT team_id, role, labor_group, course_id, quarter,
        sum(people) OVER w AS people,
        sum(assigned) OVER w AS assigned,
        sum(completed) OVER w AS completed,
        sum(due) OVER w AS due,
        sum(on_time) OVER w AS on_time,
        -- overdue = due before the last day − (late completions so far + on-time ones due before the last day)
        sum(due) OVER w - due_at_end - sum(completed_late) OVER w - sum(on_time) OVER w + on_time_at_end AS overdue
    FROM dense
    WINDOW w AS (PARTITION BY team_id, role, labor_group, course_id ORDER BY quarter)
)
SELECT t.region, t.service_area, t.facility, t.department, t.labor_partner, m.team_id,
    m.role, m.labor_group, m.course_id, co.course_title, m.quarter,
    m.people::BIGINT AS people, m.assigned::BIGINT AS assigned, m.completed::BIGINT AS completed,
    m.due::BIGINT AS due, m.on_time::BIGINT AS on_time, m.overdue::BIGINT AS overdue
FROM cumulative AS m
JOIN teams AS t USING (team_id)
LEFT JOIN courses AS co USING (course_id)
ORDER BY m.quarter, m.team_id;
