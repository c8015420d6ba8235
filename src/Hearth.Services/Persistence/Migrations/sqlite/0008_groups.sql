-- Groups: the layers above the person. Each run of `hearth groups` derives, from the current golden records and their
-- source records, where each person lived (residences), the evidence that links two people (person_links), and the
-- groups of every configured layer (households, families, extended families, associations) with members and roles.
-- Residences and person links are derived data, replaced by each run. Groups keep stable ids across runs: a group
-- that no longer exists is retired, never deleted, and every membership has from/to dates and the runs that opened
-- and closed it, so a family's history can be read back. group_changes logs every join, leave and role change.

CREATE TABLE group_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    run_by TEXT NOT NULL,
    as_of TEXT NOT NULL,
    settings TEXT NOT NULL,
    report TEXT
);

CREATE TABLE residences (
    golden_id INTEGER NOT NULL,
    uprn INTEGER NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    is_current INTEGER NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX residences_by_golden ON residences (golden_id);
CREATE INDEX residences_by_uprn ON residences (uprn);

CREATE TABLE person_links (
    id INTEGER PRIMARY KEY,
    left_golden_id INTEGER NOT NULL,
    right_golden_id INTEGER NOT NULL,
    link_type TEXT NOT NULL,
    feed TEXT NOT NULL,
    from_date TEXT,
    to_date TEXT,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX person_links_by_left ON person_links (left_golden_id);
CREATE INDEX person_links_by_right ON person_links (right_golden_id);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    layer TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_run_id INTEGER NOT NULL,
    updated_run_id INTEGER NOT NULL,
    retired_run_id INTEGER,
    natural_key TEXT,
    uprn INTEGER,
    members INTEGER NOT NULL,
    detail TEXT
);
CREATE INDEX groups_by_layer ON groups (layer) WHERE retired_run_id IS NULL;

CREATE TABLE group_members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL,
    golden_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    from_date TEXT,
    to_date TEXT,
    from_run_id INTEGER NOT NULL,
    to_run_id INTEGER
);
CREATE INDEX group_members_by_group ON group_members (group_id);
CREATE INDEX group_members_by_golden ON group_members (golden_id);

CREATE TABLE group_edges (
    group_id INTEGER NOT NULL,
    left_golden_id INTEGER NOT NULL,
    right_golden_id INTEGER NOT NULL,
    weight REAL NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX group_edges_by_group ON group_edges (group_id);

CREATE TABLE group_changes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    golden_id INTEGER,
    change TEXT NOT NULL,
    role TEXT,
    detail TEXT
);
CREATE INDEX group_changes_by_group ON group_changes (group_id);
CREATE INDEX group_changes_by_golden ON group_changes (golden_id);
