-- +goose Up
-- The whole identity model: accounts, principals, policies, credentials,
-- console and role sessions, and the append-only event history.

CREATE TABLE accounts (
    id                 TEXT PRIMARY KEY CHECK (length(id) = 12),
    alias              TEXT UNIQUE,
    name               TEXT NOT NULL,
    root_email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    root_password_hash TEXT NOT NULL,
    management         INTEGER NOT NULL DEFAULT 0,
    created_at         DATETIME NOT NULL
);

CREATE TABLE users (
    id                      TEXT PRIMARY KEY,
    account_id              TEXT NOT NULL REFERENCES accounts(id),
    name                    TEXT NOT NULL,
    path                    TEXT NOT NULL DEFAULT '/',
    password_hash           TEXT,
    password_reset_required INTEGER NOT NULL DEFAULT 0,
    password_created_at     DATETIME,
    password_last_used      DATETIME,
    boundary_arn            TEXT,
    created_at              DATETIME NOT NULL
);
CREATE UNIQUE INDEX users_account_name ON users(account_id, name COLLATE NOCASE);

CREATE TABLE groups (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '/',
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX groups_account_name ON groups(account_id, name COLLATE NOCASE);

CREATE TABLE group_members (
    group_id   TEXT NOT NULL REFERENCES groups(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    created_at DATETIME NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE roles (
    id                   TEXT PRIMARY KEY,
    account_id           TEXT NOT NULL REFERENCES accounts(id),
    name                 TEXT NOT NULL,
    path                 TEXT NOT NULL DEFAULT '/',
    description          TEXT NOT NULL DEFAULT '',
    trust_policy         TEXT NOT NULL,
    max_session_duration INTEGER NOT NULL DEFAULT 3600,
    boundary_arn         TEXT,
    last_used_at         DATETIME,
    last_used_region     TEXT,
    created_at           DATETIME NOT NULL
);
CREATE UNIQUE INDEX roles_account_name ON roles(account_id, name COLLATE NOCASE);

-- Customer managed policies; AWS managed ones are an embedded catalog and are
-- referenced by ARN from attachments.
CREATE TABLE policies (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL REFERENCES accounts(id),
    name               TEXT NOT NULL,
    path               TEXT NOT NULL DEFAULT '/',
    arn                TEXT NOT NULL UNIQUE,
    description        TEXT NOT NULL DEFAULT '',
    default_version_id TEXT NOT NULL,
    next_version       INTEGER NOT NULL DEFAULT 2,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX policies_account_name ON policies(account_id, name COLLATE NOCASE);

CREATE TABLE policy_versions (
    policy_id  TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    version_id TEXT NOT NULL,
    document   TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

-- entity_type is 'user', 'group' or 'role'; entity_id its unique ID.
CREATE TABLE attachments (
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    entity_type TEXT NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id   TEXT NOT NULL,
    policy_arn  TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    PRIMARY KEY (entity_type, entity_id, policy_arn)
);
CREATE INDEX attachments_policy ON attachments(policy_arn);

CREATE TABLE inline_policies (
    entity_type TEXT NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id   TEXT NOT NULL,
    name        TEXT NOT NULL COLLATE NOCASE,
    document    TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    PRIMARY KEY (entity_type, entity_id, name)
);

-- entity_type is 'user', 'role', 'policy', 'mfa' or 'account'.
CREATE TABLE tags (
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    key         TEXT NOT NULL COLLATE NOCASE,
    value       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entity_type, entity_id, key)
);

-- Long-term access keys; the secret is sealed with AES-GCM.
CREATE TABLE access_keys (
    id                TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL REFERENCES accounts(id),
    user_id           TEXT NOT NULL REFERENCES users(id),
    secret_sealed     BLOB NOT NULL,
    status            TEXT NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Inactive')),
    created_at        DATETIME NOT NULL,
    last_used_at      DATETIME,
    last_used_service TEXT,
    last_used_region  TEXT
);
CREATE INDEX access_keys_user ON access_keys(user_id);

-- Virtual MFA devices. user_id NULL with root = 0: created, not yet assigned.
CREATE TABLE mfa_devices (
    serial         TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    name           TEXT NOT NULL,
    path           TEXT NOT NULL DEFAULT '/',
    user_id        TEXT REFERENCES users(id),
    root           INTEGER NOT NULL DEFAULT 0,
    seed_sealed    BLOB NOT NULL,
    enabled_at     DATETIME,
    last_used_step INTEGER NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL
);
CREATE INDEX mfa_devices_user ON mfa_devices(user_id);

-- Role sessions created by Switch Role in the console, or by AssumeRole when
-- recorded. API sessions are self-contained in their session token.
CREATE TABLE role_sessions (
    id                  TEXT PRIMARY KEY,
    role_id             TEXT NOT NULL,
    account_id          TEXT NOT NULL,
    role_name           TEXT NOT NULL,
    role_path           TEXT NOT NULL DEFAULT '/',
    session_name        TEXT NOT NULL,
    source_arn          TEXT NOT NULL,
    source_id           TEXT NOT NULL,
    source_account_id   TEXT NOT NULL,
    display_name        TEXT NOT NULL DEFAULT '',
    color               TEXT NOT NULL DEFAULT '',
    mfa_authenticated   INTEGER NOT NULL DEFAULT 0,
    mfa_auth_time       DATETIME,
    source_identity     TEXT NOT NULL DEFAULT '',
    session_policy      TEXT NOT NULL DEFAULT '',
    session_policy_arns TEXT NOT NULL DEFAULT '',
    tags                TEXT NOT NULL DEFAULT '',
    transitive_tag_keys TEXT NOT NULL DEFAULT '',
    chained_from        TEXT NOT NULL DEFAULT '',
    issued_at           DATETIME NOT NULL,
    expires_at          DATETIME NOT NULL
);

-- Console sessions: the cookie carries a random ID; the row is keyed by its
-- SHA-256 so a copy of the database does not yield live sessions.
CREATE TABLE console_sessions (
    id_hash           TEXT PRIMARY KEY,
    state             TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('mfa', 'password', 'active')),
    account_id        TEXT NOT NULL REFERENCES accounts(id),
    root              INTEGER NOT NULL DEFAULT 0,
    user_id           TEXT REFERENCES users(id) ON DELETE CASCADE,
    mfa_authenticated INTEGER NOT NULL DEFAULT 0,
    mfa_auth_time     DATETIME,
    source_ip         TEXT NOT NULL DEFAULT '',
    user_agent        TEXT NOT NULL DEFAULT '',
    role_session_id   TEXT REFERENCES role_sessions(id) ON DELETE SET NULL,
    created_at        DATETIME NOT NULL,
    last_seen_at      DATETIME NOT NULL,
    expires_at        DATETIME NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions(user_id);

-- Server-side Switch Role history, per base identity (user ID).
CREATE TABLE role_history (
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account      TEXT NOT NULL,
    role_name    TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    color        TEXT NOT NULL DEFAULT '',
    used_at      DATETIME NOT NULL,
    PRIMARY KEY (user_id, account, role_name)
);
CREATE INDEX role_history_recent ON role_history(user_id, used_at);

-- Roles an admin publishes to a group's members as favourites.
CREATE TABLE favorite_roles (
    group_id     TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    account      TEXT NOT NULL,
    role_name    TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    color        TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    PRIMARY KEY (group_id, account, role_name)
);

-- The event history (CloudTrail-like). Append-only: triggers refuse changes.
CREATE TABLE events (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL UNIQUE,
    account_id      TEXT NOT NULL,
    event_time      DATETIME NOT NULL,
    event_name      TEXT NOT NULL,
    event_source    TEXT NOT NULL,
    read_only       INTEGER NOT NULL DEFAULT 0,
    username        TEXT NOT NULL DEFAULT '',
    access_key_id   TEXT NOT NULL DEFAULT '',
    resource_type   TEXT NOT NULL DEFAULT '',
    resource_name   TEXT NOT NULL DEFAULT '',
    error_code      TEXT NOT NULL DEFAULT '',
    shared_event_id TEXT NOT NULL DEFAULT '',
    record          TEXT NOT NULL
);
CREATE INDEX events_account_time ON events(account_id, event_time);

-- +goose StatementBegin
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
-- +goose StatementEnd

-- Small key/value settings (e.g. the demo organization marker).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE events;
DROP TABLE favorite_roles;
DROP TABLE role_history;
DROP TABLE console_sessions;
DROP TABLE role_sessions;
DROP TABLE mfa_devices;
DROP TABLE access_keys;
DROP TABLE tags;
DROP TABLE inline_policies;
DROP TABLE attachments;
DROP TABLE policy_versions;
DROP TABLE policies;
DROP TABLE roles;
DROP TABLE group_members;
DROP TABLE groups;
DROP TABLE users;
DROP TABLE accounts;
