-- Rules and profiling (issue 6): each run of `hearth score` evaluates every person rule set in config/rules against the
-- current golden records and their current events. scores holds the current result per subject and rule set, with
-- its reasons (JSON: the rules that fired, what they measured and the event ids they rest on); score_history gets a
-- row only when a score or band changes, so it reads as the subject's story; alerts are raised when a band gets worse
-- or a new event of a watched type arrives, once each (dedupe_key), and record who acknowledged them, when and why.
-- Scores are advisory: the portal shows them for a practitioner to weigh, never to decide.
-- Migration 0008 is issue 5's groups, written on another branch; the migrator allows the gap until it lands.

CREATE TABLE score_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    run_by TEXT NOT NULL,
    as_of TEXT NOT NULL,
    rule_sets TEXT NOT NULL,
    -- The highest events.id the run saw: the next run's new events are those above it.
    max_event_id INTEGER NOT NULL,
    subjects INTEGER NOT NULL DEFAULT 0,
    scored INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0,
    alerts INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE scores (
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    rule_set TEXT NOT NULL,
    rule_version TEXT NOT NULL,
    score REAL NOT NULL,
    band TEXT NOT NULL,
    reasons TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES score_runs (id),
    evaluated_at TEXT NOT NULL,
    PRIMARY KEY (subject_type, subject_id, rule_set)
);
CREATE INDEX scores_by_rule_set ON scores (rule_set, band);

-- A subject leaving a rule set's cohort (ageing out, or a golden record retired) gets a row with no score or band.
CREATE TABLE score_history (
    id INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    rule_set TEXT NOT NULL,
    rule_version TEXT NOT NULL,
    score REAL,
    band TEXT,
    previous_score REAL,
    previous_band TEXT,
    reasons TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES score_runs (id),
    evaluated_at TEXT NOT NULL
);
CREATE INDEX score_history_by_subject ON score_history (subject_type, subject_id, rule_set, id);

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    rule_set TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES score_runs (id),
    raised_at TEXT NOT NULL,
    detail TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    acknowledged_by TEXT,
    acknowledged_at TEXT,
    acknowledgement_reason TEXT
);
CREATE INDEX alerts_open ON alerts (subject_type, subject_id) WHERE acknowledged_at IS NULL;
