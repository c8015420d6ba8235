-- Ingestion: feeds, loads, every version of every source record with its raw row, the canonical people, events and
-- relationships each current record holds, reference data (gazetteer, schools), quarantine, and data quality.
-- Dates are ISO text (yyyy-MM-dd); timestamps are ISO 8601 UTC text; JSON is text.

CREATE TABLE feeds (
    name TEXT PRIMARY KEY,
    title TEXT,
    system TEXT NOT NULL,
    trust_rank INTEGER NOT NULL,
    extract_kind TEXT NOT NULL,
    lawful_basis TEXT NOT NULL,
    definition_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE loads (
    id INTEGER PRIMARY KEY,
    feed TEXT NOT NULL REFERENCES feeds (name),
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    file_bytes INTEGER NOT NULL,
    definition_hash TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_loaded INTEGER NOT NULL DEFAULT 0,
    rows_quarantined INTEGER NOT NULL DEFAULT 0,
    rows_new INTEGER NOT NULL DEFAULT 0,
    rows_changed INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    rows_removed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX loads_by_feed ON loads (feed, id);

-- Every version of every record: the raw row as received and its lineage. The current version has no retired_load_id.
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    feed TEXT NOT NULL,
    record_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    row_hash TEXT NOT NULL,
    load_id INTEGER NOT NULL REFERENCES loads (id),
    row_number INTEGER NOT NULL,
    raw TEXT NOT NULL,
    warnings TEXT,
    retired_load_id INTEGER REFERENCES loads (id)
);
CREATE UNIQUE INDEX records_current ON records (feed, record_key) WHERE retired_load_id IS NULL;
CREATE INDEX records_by_load ON records (load_id);

CREATE TABLE person_records (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id),
    feed TEXT NOT NULL,
    slot TEXT NOT NULL,
    is_current INTEGER NOT NULL,
    local_id TEXT,
    role TEXT,
    forename TEXT,
    middle_names TEXT,
    surname TEXT,
    forename_key TEXT,
    surname_key TEXT,
    preferred_forename TEXT,
    preferred_surname TEXT,
    initials TEXT,
    name_as_received TEXT,
    date_of_birth TEXT,
    date_of_birth_raw TEXT,
    sex TEXT,
    nhs_number TEXT,
    upn TEXT,
    uln TEXT,
    nino TEXT,
    invalid_identifiers TEXT,
    email TEXT,
    phone TEXT,
    ethnicity TEXT,
    address_line1 TEXT,
    address_line2 TEXT,
    sub_building TEXT,
    building_name TEXT,
    house_number TEXT,
    street TEXT,
    locality TEXT,
    town TEXT,
    postcode TEXT,
    postcode_raw TEXT,
    postcode_district TEXT,
    uprn INTEGER,
    uprn_source TEXT
);
CREATE INDEX person_records_by_record ON person_records (record_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id),
    feed TEXT NOT NULL,
    person_slot TEXT NOT NULL,
    is_current INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    event_date TEXT NOT NULL,
    event_time TEXT,
    end_date TEXT,
    attributes TEXT
);
CREATE INDEX events_by_record ON events (record_id);

CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id),
    feed TEXT NOT NULL,
    is_current INTEGER NOT NULL,
    relationship_type TEXT NOT NULL,
    from_slot TEXT NOT NULL,
    to_slot TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    attributes TEXT
);
CREATE INDEX relationships_by_record ON relationships (record_id);

-- The gazetteer: current properties only (their history is in records).
CREATE TABLE properties (
    uprn INTEGER PRIMARY KEY,
    parent_uprn INTEGER,
    usrn INTEGER,
    sub_building TEXT,
    primary_object TEXT,
    street TEXT,
    locality TEXT,
    town TEXT,
    postcode TEXT NOT NULL,
    easting INTEGER,
    northing INTEGER,
    classification TEXT,
    record_id INTEGER NOT NULL REFERENCES records (id)
);
CREATE INDEX properties_by_postcode ON properties (postcode);

CREATE TABLE schools (
    urn TEXT PRIMARY KEY,
    laestab TEXT,
    name TEXT NOT NULL,
    phase TEXT,
    school_type TEXT,
    postcode TEXT,
    uprn INTEGER,
    record_id INTEGER NOT NULL REFERENCES records (id)
);

CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    load_id INTEGER NOT NULL REFERENCES loads (id),
    feed TEXT NOT NULL,
    row_number INTEGER NOT NULL,
    record_key TEXT,
    raw TEXT NOT NULL,
    reasons TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX quarantine_by_load ON quarantine (load_id);

CREATE TABLE dq_attributes (
    load_id INTEGER NOT NULL REFERENCES loads (id),
    feed TEXT NOT NULL,
    attribute TEXT NOT NULL,
    total INTEGER NOT NULL,
    present INTEGER NOT NULL,
    valid INTEGER NOT NULL,
    PRIMARY KEY (load_id, attribute)
);

CREATE TABLE dq_reasons (
    load_id INTEGER NOT NULL REFERENCES loads (id),
    feed TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (load_id, kind, reason)
);
