-- Accounts, API tokens and the audit log (issue 14).
--
-- A user has one role; a city bureau's user is bound to one city (GB/T 2260 code). Users are
-- disabled, never deleted, so that the audit log's names keep meaning something.
CREATE TABLE users (
    name          TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'province', 'city', 'policy')),
    city          TEXT CHECK ((role = 'city') = (city IS NOT NULL)),
    password_hash TEXT NOT NULL,            -- Argon2id, PHC string format
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL
);

CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN
    SELECT RAISE(ABORT, 'users are disabled, not deleted: the audit log names them');
END;

-- An API token acts as its user; only its SHA-256 is kept (the token is shown once).
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users(name),
    hash       TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT
);

-- One row per login, failed login, token use, write and SQL statement.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,               -- UTC, RFC 3339
    user_name TEXT,                        -- NULL: no account (the public)
    role      TEXT NOT NULL,
    address   TEXT NOT NULL,               -- the client's address, or 'cli'
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,               -- what it acted on
    outcome   TEXT NOT NULL                -- 'ok' or why it was refused
);

CREATE INDEX audit_by_user ON audit(user_name, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
