-- Named views a subgroup saved to reopen later. One row per page × view name.
-- query is the page's URL query string (e.g. 'measure=mean_level&by=region&region=Colorado'),
-- so reopening a view is opening that URL.
CREATE TABLE saved_views (
    page       VARCHAR NOT NULL,
    name       VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    query      VARCHAR NOT NULL,
    saved_by   VARCHAR,
    saved_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (page, name)
);
