-- Entity resolution: match runs with the model they used, golden records of persons with stable ids, which source
-- record belongs to which golden record, each golden attribute with the rule that chose it and its sources, the
-- clerical review queue, people's decisions (which every later run obeys), and the log of creations, merges and splits.
-- A record is named by its content (feed, record key, slot), never by its row id, so that decisions and golden ids
-- survive a record being loaded again in a new version.

CREATE TABLE match_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    mode TEXT NOT NULL,
    run_by TEXT NOT NULL,
    settings TEXT NOT NULL,
    model TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    candidate_pairs INTEGER NOT NULL DEFAULT 0,
    golden_records INTEGER NOT NULL DEFAULT 0,
    review_items INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    merged INTEGER NOT NULL DEFAULT 0,
    split INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0,
    report TEXT
);

CREATE TABLE golden_records (
    id INTEGER PRIMARY KEY,
    created_run_id INTEGER NOT NULL,
    updated_run_id INTEGER NOT NULL,
    retired_run_id INTEGER,
    members INTEGER NOT NULL,
    forename TEXT,
    middle_names TEXT,
    surname TEXT,
    date_of_birth TEXT,
    sex TEXT,
    nhs_number TEXT,
    upn TEXT,
    nino TEXT,
    ethnicity TEXT,
    address TEXT,
    postcode TEXT,
    uprn INTEGER
);
CREATE INDEX golden_records_nhs_number ON golden_records (nhs_number) WHERE retired_run_id IS NULL;

CREATE TABLE golden_members (
    feed TEXT NOT NULL,
    record_key TEXT NOT NULL,
    slot TEXT NOT NULL,
    golden_id INTEGER NOT NULL,
    person_record_id INTEGER NOT NULL,
    run_id INTEGER NOT NULL,
    PRIMARY KEY (feed, record_key, slot)
);
CREATE INDEX golden_members_by_golden ON golden_members (golden_id);
CREATE INDEX golden_members_by_person_record ON golden_members (person_record_id);

CREATE TABLE golden_attributes (
    golden_id INTEGER NOT NULL,
    attribute TEXT NOT NULL,
    value TEXT NOT NULL,
    rule TEXT NOT NULL,
    alternatives INTEGER NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (golden_id, attribute)
);

CREATE TABLE match_review (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    left_key TEXT NOT NULL,
    right_key TEXT NOT NULL,
    left_golden_id INTEGER NOT NULL,
    right_golden_id INTEGER NOT NULL,
    probability REAL NOT NULL,
    weight REAL NOT NULL,
    reason TEXT NOT NULL,
    pairs_between INTEGER NOT NULL
);
CREATE INDEX match_review_by_run ON match_review (run_id);

CREATE TABLE match_decisions (
    id INTEGER PRIMARY KEY,
    left_key TEXT NOT NULL,
    right_key TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    revoked_by TEXT,
    revoked_at TEXT
);

CREATE TABLE golden_events (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    golden_id INTEGER NOT NULL,
    other_ids TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX golden_events_by_golden ON golden_events (golden_id);
