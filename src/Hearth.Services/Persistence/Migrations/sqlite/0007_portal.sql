-- The portal: users (Identity over our own tables), their scopes, conflict-of-interest exclusions, sensitive-record
-- flags, break-glass access, the data protection key ring, and the append-only, hash-chained audit log.
-- Authenticator keys are stored encrypted (data protection) and recovery codes as SHA-256 hashes, never in clear.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    normalized_user_name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT,
    security_stamp TEXT NOT NULL,
    concurrency_stamp TEXT NOT NULL,
    authenticator_key TEXT,
    two_factor_enabled INTEGER NOT NULL DEFAULT 0,
    last_totp_step INTEGER,
    lockout_enabled INTEGER NOT NULL DEFAULT 1,
    lockout_end TEXT,
    access_failed_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE user_recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);

-- What a user may see beyond their role: schools (LAESTAB), early years settings (provider URN), allocated people
-- (golden ids) and, once households exist, families (group ids).
CREATE TABLE user_scopes (
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, value)
);

-- A user kept away from a person or family (a relative, a neighbour): beats every grant, break-glass included.
CREATE TABLE access_exclusions (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    target_kind TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_by TEXT,
    revoked_at TEXT
);
CREATE INDEX access_exclusions_by_user ON access_exclusions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE sensitive_flags (
    id INTEGER PRIMARY KEY,
    golden_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    removed_by TEXT,
    removed_at TEXT
);
CREATE INDEX sensitive_flags_by_golden ON sensitive_flags (golden_id) WHERE removed_at IS NULL;

CREATE TABLE break_glass (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    golden_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    review_note TEXT
);
CREATE INDEX break_glass_by_user ON break_glass (user_id, expires_at);

CREATE TABLE data_protection_keys (
    name TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- id is the entry's sequence in the chain (1, 2, 3 with no gaps); hash = SHA-256 over previous_hash and the entry.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    address TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_target ON audit_log (target_kind, target_id);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);

-- Append-only: the store refuses to change or delete an entry. (Someone with the database file can drop these
-- triggers; the hash chain and its head outside the database are what detect that.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
