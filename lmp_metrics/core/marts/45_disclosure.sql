-- mart_disclosure: one row per cell that can be published — statistic family and split (split,
-- see mart_disclosure_splits) × hierarchy group (node, see mart_disclosure_groups) × period — with
-- the distinct people it rests on and whether it may be shown. period: the quarter (training: people
-- holding an assignment as of its end; partnership training: members with such training due in the
-- year to its end) or 1 January of the survey year (respondents). reason: 'small' (primary: fewer
-- than min_group_size people), 'complement' (secondary), NULL when shown. A team's labor partner is
-- the team itself, so labor-partner parts stop above the team. Every page, export and command reads
-- these marks (lmp_metrics/access/suppression.py).
-- key: cell_id
-- incremental: training_records(person_id, assigned_on, due_on, completed_on)
-- Marks are decided per family × period: every partition below lies within one family and one
-- period (see lmp_metrics/access/suppression.py). So a build rebuilds only the families × periods
-- whose people changed since the marks were last built, found by comparing the people per team now
-- with the team cells of the marks (training's running sums taken apart by period): every one in a
-- full build (the mart starts empty) or when the splits were renumbered (42_disclosure_splits.sql).
-- Training counts are running sums over quarters, so a change in quarter Q rebuilds Q and every
-- later quarter, starting from the marks' sums of Q − 1 (unchanged); a moved last quarter rebuilds
-- from the earlier of the two ends. Every other family × period keeps its marks: its cells and
-- partitions hold the same people, so the fixed point below ends in the same marks there. Group
-- numbers (nodes) follow the teams, which an import of training records does not change.
-- Periods are numbered year × 4 + quarter − 1; a cell's slice, cell_id >> 24, is split × period.
CREATE TABLE IF NOT EXISTS mart_disclosure (
    cell_id BIGINT, split INTEGER, period DATE, node INTEGER, people INTEGER, shown BOOLEAN, reason VARCHAR
);
DELETE FROM mart_disclosure WHERE (SELECT renumbered FROM dc_renumbered);

CREATE OR REPLACE TEMP TABLE dc_families AS  -- each family's splits (numbered in a row) and whether it sums
SELECT family, family = 'training' AS cumulative, min(split) AS lo, max(split) AS hi
FROM mart_disclosure_splits GROUP BY family;

CREATE OR REPLACE TEMP TABLE dc_people AS  -- people per team × split × period: now
SELECT s.split, s.family, s.split_by, p.team_id, n.node AS team_node,
    year(p.period) * 4 + quarter(p.period) - 1 AS period, p.people
FROM dc_team_people AS p
JOIN mart_disclosure_splits AS s USING (family, split_by, split_value)
JOIN dc_team_nodes AS n ON n.team_id = p.team_id AND n.is_team;

CREATE OR REPLACE TEMP TABLE dc_changed AS  -- family × period where a team's people changed
WITH team_cells AS (
    SELECT cell_id, people FROM mart_disclosure WHERE node IN (SELECT node FROM dc_team_nodes WHERE is_team)
),
marked AS (  -- people per team × split × period in the marks: a running sum less the period before's
    -- (the cell one period earlier has the id less 1 << 24; a running sum's cells have no gaps)
    SELECT * FROM (
        SELECT (m.cell_id >> 38)::INTEGER AS split, (m.cell_id & 16777215)::INTEGER AS team_node,
            (m.cell_id >> 24) & 16383 AS period,
            m.people - CASE WHEN f.cumulative THEN coalesce(b.people, 0) ELSE 0 END AS people
        FROM team_cells AS m
        JOIN dc_families AS f ON (m.cell_id >> 38) BETWEEN f.lo AND f.hi
        LEFT JOIN team_cells AS b ON b.cell_id = m.cell_id - (1 << 24)
    )
    WHERE people <> 0
)
SELECT DISTINCT f.family, coalesce(n.period, o.period) AS period
FROM dc_people AS n
FULL JOIN marked AS o ON o.split = n.split AND o.team_node = n.team_node AND o.period = n.period
JOIN dc_families AS f ON coalesce(n.split, o.split) BETWEEN f.lo AND f.hi
WHERE n.people IS DISTINCT FROM o.people;

CREATE OR REPLACE TEMP TABLE dc_span AS  -- as far as training reaches: the last quarter with training or a level
SELECT max(year(quarter) * 4 + quarter(quarter) - 1) AS last
FROM (SELECT quarter FROM mart_training_quarter UNION ALL SELECT quarter FROM team_quarter_levels);

CREATE OR REPLACE TEMP TABLE dc_redo AS  -- family × period rebuilt, and the slices (split × period) in it
WITH built AS (  -- the last period the marks' running sums reach
    SELECT f.family, max(year(m.period) * 4 + quarter(m.period) - 1) AS last
    FROM mart_disclosure AS m JOIN dc_families AS f ON m.split BETWEEN f.lo AND f.hi
    WHERE f.cumulative GROUP BY f.family
),
sums AS (  -- running sums: from the first changed period, or past the end of the shorter span
    SELECT f.family, least(
            (SELECT min(c.period) FROM dc_changed AS c WHERE c.family = f.family),
            CASE WHEN b.last <> span.last THEN least(b.last, span.last) + 1 END
        ) AS first, greatest(b.last, span.last) AS last
    FROM dc_families AS f CROSS JOIN dc_span AS span LEFT JOIN built AS b USING (family)
    WHERE f.cumulative
),
redo AS (
    SELECT family, unnest(range(first, last + 1)) AS period FROM sums WHERE first IS NOT NULL
    UNION
    SELECT c.family, c.period FROM dc_changed AS c JOIN dc_families AS f USING (family) WHERE NOT f.cumulative
)
SELECT r.family, r.period, (s.split::BIGINT << 14) + r.period AS slice
FROM redo AS r JOIN mart_disclosure_splits AS s USING (family);

DELETE FROM mart_disclosure WHERE cell_id >> 24 IN (SELECT slice FROM dc_redo);

-- Every level's sums in the periods rebuilt; the labor-partner split of each level above the team
-- from the 'all' rows.
CREATE OR REPLACE TEMP TABLE dc_sums AS
WITH people AS (
    SELECT p.* FROM dc_people AS p SEMI JOIN dc_redo AS r ON r.family = p.family AND r.period = p.period
)
SELECT p.split, p.period, n.node, sum(p.people) AS people
FROM people AS p JOIN dc_team_nodes AS n USING (team_id)
WHERE p.family <> 'partnership_training' OR n.is_team
GROUP BY ALL
UNION ALL
SELECT s.split, p.period, n.node, sum(p.people)
FROM people AS p
JOIN dc_team_nodes AS n USING (team_id)
JOIN mart_disclosure_splits AS s ON s.family = p.family AND s.split_by = 'labor_partner' AND s.split_value = n.labor_partner
WHERE p.split_by = 'all' AND NOT n.is_team
GROUP BY ALL;

-- The cells rebuilt. Training is as of each quarter's end: running sums from the marks' sums of the
-- period before the first one rebuilt (none in a full build), over every quarter from a cell's
-- first to the last one with training or a level (the report asks for any assessed quarter). A
-- cell's id orders it by split, period, level and group.
CREATE OR REPLACE TEMP TABLE dc_cells AS
WITH summed AS (SELECT * FROM dc_sums JOIN dc_families AS f ON dc_sums.split BETWEEN f.lo AND f.hi),
base AS (  -- the marks' running sums in the period before the first one rebuilt
    SELECT m.split, m.node, r.first, m.people
    FROM mart_disclosure AS m
    JOIN dc_families AS f ON m.split BETWEEN f.lo AND f.hi
    JOIN (SELECT family, min(period) AS first FROM dc_redo GROUP BY family) AS r USING (family)
    WHERE f.cumulative AND year(m.period) * 4 + quarter(m.period) - 1 = r.first - 1
),
firsts AS (
    SELECT split, node, min(first) AS first FROM (
        SELECT split, node, first FROM base UNION ALL SELECT split, node, period FROM summed WHERE cumulative
    )
    GROUP BY ALL
),
grid AS (
    SELECT f.split, f.node, q.period
    FROM firsts AS f, dc_span AS span, LATERAL (SELECT unnest(range(f.first, span.last + 1)) AS period) AS q
),
cells AS (
    SELECT g.split, g.period, g.node, coalesce(b.people, 0)
        + sum(coalesce(s.people, 0)) OVER (PARTITION BY g.split, g.node ORDER BY g.period) AS people
    FROM grid AS g LEFT JOIN summed AS s USING (split, node, period) LEFT JOIN base AS b USING (split, node)
    UNION ALL
    SELECT split, period, node, people FROM summed WHERE NOT cumulative
)
SELECT (split::BIGINT << 38) + (period::BIGINT << 24) + node AS cell_id, split,
    make_date(period // 4, period % 4 * 3 + 1, 1) AS period, node, people::INTEGER AS people,
    people >= getvariable('min_group_size') AS shown,
    CASE WHEN people < getvariable('min_group_size') THEN 'small' END AS reason
FROM cells;

-- Partitions: a parent cell into child cells, numbered parent cell_id × 8 + kind. Kind 0
-- (hierarchy): a cell into the same split of the groups one level down (a department's labor-partner
-- part into that partner's teams); kinds 1–4: a cell into its parts by labor partner, role, labor
-- group (disjoint) or course (a person holds several courses, so course parts overlap). A parent's
-- id is its child's with the node or split replaced. Each edge carries the child's people and its
-- order for "smallest" (people, then cell_id).
CREATE OR REPLACE TEMP TABLE dc_edges AS
WITH split_parents AS (  -- each split's 'all' split of the same family
    SELECT s.split, s.split_by, a.split AS whole,
        list_position(['labor_partner', 'role', 'labor_group', 'course'], s.split_by) AS kind
    FROM mart_disclosure_splits AS s JOIN mart_disclosure_splits AS a ON a.family = s.family AND a.split_by = 'all'
),
team_parts AS (  -- each team's labor-partner split, per 'all' split
    SELECT t.node, a.split, p.split AS part
    FROM (SELECT node, labor_partner FROM dc_team_nodes WHERE is_team) AS t
    JOIN mart_disclosure_splits AS p ON p.split_by = 'labor_partner' AND p.split_value = t.labor_partner
    JOIN mart_disclosure_splits AS a ON a.family = p.family AND a.split_by = 'all'
)
SELECT (c.cell_id - c.node + up.parent) * 8 AS part, c.cell_id AS child_id, true AS disjoint,
    c.people AS child_people, (c.people::HUGEINT << 64) + c.cell_id AS child_order
FROM dc_cells AS c JOIN dc_parents AS up USING (node)
UNION ALL
SELECT (c.cell_id - c.node + up.parent + (t.part - c.split)::BIGINT * 274877906944) * 8, c.cell_id, true,
    c.people, (c.people::HUGEINT << 64) + c.cell_id
FROM dc_cells AS c JOIN team_parts AS t USING (node, split) JOIN dc_parents AS up USING (node)
UNION ALL
SELECT (c.cell_id + (s.whole - c.split)::BIGINT * 274877906944) * 8 + s.kind, c.cell_id, s.split_by <> 'course',
    c.people, (c.people::HUGEINT << 64) + c.cell_id
FROM dc_cells AS c JOIN split_parents AS s USING (split)
WHERE s.split_by <> 'all';

-- Secondary suppression, repeated until no cell changes. A partition is an equation, parent = sum
-- of its children (in counts of assignments and respondents), so a hidden cell in it follows by
-- subtraction unless: with the parent shown, its hidden children are none, or at least two that
-- rest on at least min_group_size people together (their sum when disjoint; for courses, which
-- overlap, the lower bound max(largest hidden course, parent − shown courses)); with the parent
-- hidden, at least one child is hidden too (else the parent is the sum of shown children). A
-- partition that breaks this hides its smallest shown child (ties: lowest cell_id), or its parent
-- when no child is left to hide.
CREATE OR REPLACE TEMP TABLE dc_fix AS SELECT cell_id FROM dc_cells WHERE NOT shown;
-- Each round looks only at the partitions holding a cell the round before hid (first: the primary ones).
-- repeat until unchanged
CREATE OR REPLACE TEMP TABLE dc_todo AS
SELECT DISTINCT part FROM (
    SELECT part FROM dc_edges SEMI JOIN dc_fix ON dc_fix.cell_id = dc_edges.child_id
    UNION ALL
    SELECT part FROM dc_edges SEMI JOIN dc_fix ON dc_fix.cell_id = dc_edges.part // 8
);
CREATE OR REPLACE TEMP TABLE dc_fix AS
SELECT DISTINCT coalesce(s.smallest, s.part // 8) AS cell_id
FROM (
    SELECT e.part, bool_and(e.disjoint) AS disjoint,
        count(*) FILTER (NOT c.shown) AS hidden,
        sum(e.child_people) FILTER (NOT c.shown) AS hidden_people,
        max(e.child_people) FILTER (NOT c.shown) AS largest_hidden,
        coalesce(sum(e.child_people) FILTER (c.shown), 0) AS shown_people,
        arg_min(e.child_id, e.child_order) FILTER (c.shown) AS smallest
    FROM dc_edges AS e
    SEMI JOIN dc_todo AS t ON t.part = e.part
    JOIN dc_cells AS c ON c.cell_id = e.child_id
    GROUP BY e.part
) AS s
JOIN dc_cells AS p ON p.cell_id = s.part // 8
WHERE CASE WHEN p.shown THEN s.hidden = 1 OR (s.hidden > 1 AND getvariable('min_group_size') > CASE
        WHEN s.disjoint THEN s.hidden_people
        ELSE greatest(s.largest_hidden, p.people - s.shown_people) END)
    ELSE s.hidden = 0 END;
UPDATE dc_cells SET shown = false, reason = 'complement' WHERE cell_id IN (SELECT cell_id FROM dc_fix);
-- end repeat

INSERT INTO mart_disclosure FROM dc_cells;
