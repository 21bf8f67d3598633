-- Contract tables, exactly as in shared/data-contract.md.
-- Relationships (team_id, person_id, course_id, dimension_id) are enforced by the import validator and
-- the `check` data tests rather than DuckDB foreign keys: DuckDB cannot upsert a key that is referenced.
CREATE TABLE teams (
    team_id      VARCHAR PRIMARY KEY,
    team_name    VARCHAR NOT NULL,
    department   VARCHAR NOT NULL,
    facility     VARCHAR NOT NULL,
    service_area VARCHAR NOT NULL,
    region       VARCHAR NOT NULL,
    labor_partner VARCHAR NOT NULL CHECK (labor_partner IN ('Coalition', 'Alliance', 'Both')),
    formed_on    DATE NOT NULL,
    closed_on    DATE,
    CHECK (closed_on IS NULL OR closed_on >= formed_on)
);

CREATE TABLE dimensions (
    dimension_id   VARCHAR PRIMARY KEY,
    dimension_name VARCHAR NOT NULL,
    family         VARCHAR NOT NULL CHECK (family IN ('performance', 'leadership', 'engagement')),
    sort_order     INTEGER NOT NULL
);

CREATE TABLE team_quarter_levels (
    team_id     VARCHAR NOT NULL,
    quarter     DATE NOT NULL CHECK (quarter = date_trunc('quarter', quarter)),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    assessed_on DATE,
    PRIMARY KEY (team_id, quarter)
);

CREATE TABLE team_quarter_scores (
    team_id      VARCHAR NOT NULL,
    quarter      DATE NOT NULL CHECK (quarter = date_trunc('quarter', quarter)),
    dimension_id VARCHAR NOT NULL,
    score        DOUBLE NOT NULL CHECK (score BETWEEN 1.0 AND 5.0),
    PRIMARY KEY (team_id, quarter, dimension_id)
);

CREATE TABLE staff (
    person_id   VARCHAR PRIMARY KEY,
    team_id     VARCHAR NOT NULL,
    role        VARCHAR NOT NULL CHECK (role IN ('employee', 'manager', 'physician')),
    union_local VARCHAR,
    labor_group VARCHAR NOT NULL CHECK (labor_group IN ('Coalition', 'Alliance', 'Non-represented'))
);

CREATE TABLE courses (
    course_id       VARCHAR PRIMARY KEY,
    course_title    VARCHAR NOT NULL,
    audience        VARCHAR NOT NULL CHECK (audience IN ('all', 'co-leads', 'managers', 'employees')),
    required        BOOLEAN NOT NULL,
    due_within_days INTEGER NOT NULL CHECK (due_within_days > 0)
);

CREATE TABLE training_records (
    person_id        VARCHAR NOT NULL,
    course_id        VARCHAR NOT NULL,
    assigned_on      DATE NOT NULL,
    due_on           DATE NOT NULL,
    completed_on     DATE,
    assessment_score DOUBLE CHECK (assessment_score BETWEEN 0 AND 100),
    PRIMARY KEY (person_id, course_id, assigned_on),
    CHECK (due_on >= assigned_on)
);

CREATE TABLE survey_results (
    team_id     VARCHAR NOT NULL,
    survey_year INTEGER NOT NULL CHECK (survey_year BETWEEN 1990 AND 2100),
    index_name  VARCHAR NOT NULL CHECK (index_name IN ('engagement', 'just_culture', 'speak_up')),
    score       DOUBLE NOT NULL CHECK (score BETWEEN 0 AND 100),
    respondents INTEGER NOT NULL CHECK (respondents >= 0),
    PRIMARY KEY (team_id, survey_year, index_name)
);

CREATE TABLE ubt_projects (
    project_id              VARCHAR PRIMARY KEY,
    team_id                 VARCHAR NOT NULL,
    title                   VARCHAR NOT NULL,
    topic                   VARCHAR NOT NULL,
    started_on              DATE NOT NULL,
    completed_on            DATE,
    metric_name             VARCHAR,
    baseline                DOUBLE,
    result                  DOUBLE,
    higher_is_better        BOOLEAN,
    adapted_from_project_id VARCHAR
);

CREATE TABLE import_log (
    import_id     BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    source_name   VARCHAR NOT NULL,
    sha256        VARCHAR,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'rejected', 'unchanged')),
    rows_in       BIGINT NOT NULL DEFAULT 0,
    rows_inserted BIGINT NOT NULL DEFAULT 0,
    rows_updated  BIGINT NOT NULL DEFAULT 0,
    error_count   BIGINT NOT NULL DEFAULT 0
);
