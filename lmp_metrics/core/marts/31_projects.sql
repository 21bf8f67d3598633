-- one row per UBT project, with hierarchy columns, signed improvement, status and how its adaptations did.
-- improvement = (result - baseline) / |baseline|, sign flipped when lower is better, so positive = better;
-- NULL when there is no result yet, no baseline, a baseline of 0 or no direction (result_note says which).
-- change = the same signed difference in the metric's own units (defined for a baseline of 0 too).
-- Adaptations: every project reachable through adapted_from_project_id (children, grandchildren, …);
-- a project already on the path is not visited again, so cycles end.
-- key: project_id
CREATE OR REPLACE TABLE mart_projects AS
WITH RECURSIVE measured AS (
    SELECT
        p.*,
        CASE WHEN p.higher_is_better THEN 1 ELSE -1 END AS direction,
        CASE
            WHEN p.result IS NULL THEN 'no result yet'
            WHEN p.baseline IS NULL THEN 'no baseline'
            WHEN p.higher_is_better IS NULL THEN 'direction unknown'
            WHEN p.baseline = 0 THEN 'baseline 0: no relative change'
        END AS result_note
    FROM ubt_projects AS p
),
scored AS (
    SELECT
        *,
        CASE WHEN higher_is_better IS NOT NULL THEN (result - baseline) * direction END AS change,
        CASE WHEN result_note IS NULL THEN (result - baseline) / abs(baseline) * direction END AS improvement
    FROM measured
),
descendants (root_id, project_id, depth, path) AS (
    SELECT adapted_from_project_id, project_id, 1, [adapted_from_project_id, project_id]
    FROM ubt_projects
    WHERE adapted_from_project_id IS NOT NULL AND adapted_from_project_id <> project_id
    UNION ALL
    SELECT d.root_id, c.project_id, d.depth + 1, list_append(d.path, c.project_id)
    FROM descendants AS d
    JOIN ubt_projects AS c ON c.adapted_from_project_id = d.project_id
    WHERE NOT list_contains(d.path, c.project_id)
),
adaptations AS (
    SELECT
        d.root_id AS project_id,
        count(DISTINCT d.project_id) FILTER (WHERE d.depth = 1) AS adaptations_direct,
        count(DISTINCT d.project_id) AS adaptations_total,
        max(d.depth) AS chain_depth,
        count(DISTINCT a.team_id) FILTER (WHERE a.team_id <> r.team_id) AS adapting_teams,
        count(DISTINCT d.project_id) FILTER (WHERE a.change IS NOT NULL) AS adaptations_with_result,
        count(DISTINCT d.project_id) FILTER (WHERE a.change > 0) AS adaptations_improved,
        median(a.improvement) AS adaptations_median_improvement
    FROM descendants AS d
    JOIN scored AS a ON a.project_id = d.project_id
    JOIN ubt_projects AS r ON r.project_id = d.root_id
    GROUP BY d.root_id
)
SELECT
    t.region,
    t.service_area,
    t.facility,
    t.department,
    t.labor_partner,
    s.team_id,
    t.team_name,
    s.project_id,
    s.title,
    s.topic,
    s.metric_name,
    s.started_on,
    s.completed_on,
    CASE WHEN s.completed_on IS NULL THEN 'in progress' ELSE 'completed' END AS status,
    s.baseline,
    s.result,
    s.higher_is_better,
    s.change,
    s.improvement,
    s.result_note,
    s.adapted_from_project_id,
    coalesce(ad.adaptations_direct, 0) AS adaptations_direct,
    coalesce(ad.adaptations_total, 0) AS adaptations_total,
    coalesce(ad.chain_depth, 0) AS chain_depth,
    coalesce(ad.adapting_teams, 0) AS adapting_teams,
    coalesce(ad.adaptations_with_result, 0) AS adaptations_with_result,
    coalesce(ad.adaptations_improved, 0) AS adaptations_improved,
    ad.adaptations_improved / nullif(ad.adaptations_with_result, 0) AS adaptations_improved_share,
    ad.adaptations_median_improvement,
    lower(concat_ws(' ', s.title, s.topic, s.metric_name)) AS search_text
FROM scored AS s
JOIN teams AS t ON t.team_id = s.team_id
LEFT JOIN adaptations AS ad ON ad.project_id = s.project_id;
