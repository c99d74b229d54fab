-- +goose Up
-- The whole identity model: accounts, principals, policies, credentials,
-- console and role sessions, and the append-only event history; the same
-- schema as sqlite/00001_init.sql in PostgreSQL's SQL.
--
-- Every text column is of the "C" collation, which orders by the bytes as
-- SQLite does, whatever the database's own collation. Names that IAM
-- compares ignoring case are unique on lower() of the column, and the
-- store compares and orders them by lower() too: under "C", lower() folds
-- ASCII letters only, so that is SQLite's NOCASE exactly.

CREATE TABLE accounts (
    id                 TEXT COLLATE "C" PRIMARY KEY CHECK (length(id) = 12),
    alias              TEXT COLLATE "C" UNIQUE,
    name               TEXT COLLATE "C" NOT NULL,
    root_email         TEXT COLLATE "C" NOT NULL,
    root_password_hash TEXT COLLATE "C" NOT NULL,
    management         BOOLEAN NOT NULL DEFAULT false,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX accounts_root_email ON accounts (lower(root_email));

CREATE TABLE users (
    id                      TEXT COLLATE "C" PRIMARY KEY,
    account_id              TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    name                    TEXT COLLATE "C" NOT NULL,
    path                    TEXT COLLATE "C" NOT NULL DEFAULT '/',
    password_hash           TEXT COLLATE "C",
    password_reset_required BOOLEAN NOT NULL DEFAULT false,
    password_created_at     TIMESTAMPTZ,
    password_last_used      TIMESTAMPTZ,
    boundary_arn            TEXT COLLATE "C",
    created_at              TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_account_name ON users (account_id, lower(name));

CREATE TABLE groups (
    id         TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    name       TEXT COLLATE "C" NOT NULL,
    path       TEXT COLLATE "C" NOT NULL DEFAULT '/',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX groups_account_name ON groups (account_id, lower(name));

CREATE TABLE group_members (
    group_id   TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    account_id           TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    name                 TEXT COLLATE "C" NOT NULL,
    path                 TEXT COLLATE "C" NOT NULL DEFAULT '/',
    description          TEXT COLLATE "C" NOT NULL DEFAULT '',
    trust_policy         TEXT COLLATE "C" NOT NULL,
    max_session_duration INTEGER NOT NULL DEFAULT 3600,
    boundary_arn         TEXT COLLATE "C",
    last_used_at         TIMESTAMPTZ,
    last_used_region     TEXT COLLATE "C",
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX roles_account_name ON roles (account_id, lower(name));

-- Customer managed policies; AWS managed ones are an embedded catalog and are
-- referenced by ARN from attachments.
CREATE TABLE policies (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    account_id         TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    name               TEXT COLLATE "C" NOT NULL,
    path               TEXT COLLATE "C" NOT NULL DEFAULT '/',
    arn                TEXT COLLATE "C" NOT NULL UNIQUE,
    description        TEXT COLLATE "C" NOT NULL DEFAULT '',
    default_version_id TEXT COLLATE "C" NOT NULL,
    next_version       INTEGER NOT NULL DEFAULT 2,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX policies_account_name ON policies (account_id, lower(name));

CREATE TABLE policy_versions (
    policy_id  TEXT COLLATE "C" NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    version_id TEXT COLLATE "C" NOT NULL,
    document   TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

-- entity_type is 'user', 'group' or 'role'; entity_id its unique ID.
CREATE TABLE attachments (
    account_id  TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    entity_type TEXT COLLATE "C" NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id   TEXT COLLATE "C" NOT NULL,
    policy_arn  TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (entity_type, entity_id, policy_arn)
);
CREATE INDEX attachments_policy ON attachments (policy_arn);

-- The key is the name ignoring case, as SQLite's NOCASE primary key.
CREATE TABLE inline_policies (
    entity_type TEXT COLLATE "C" NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id   TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    document    TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX inline_policies_key ON inline_policies (entity_type, entity_id, lower(name));

-- entity_type is 'user', 'role', 'policy', 'mfa' or 'account'; the key is
-- the tag key ignoring case.
CREATE TABLE tags (
    entity_type TEXT COLLATE "C" NOT NULL,
    entity_id   TEXT COLLATE "C" NOT NULL,
    key         TEXT COLLATE "C" NOT NULL,
    value       TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX tags_key ON tags (entity_type, entity_id, lower(key));

-- Long-term access keys; the secret is sealed with AES-GCM.
CREATE TABLE access_keys (
    id                TEXT COLLATE "C" PRIMARY KEY,
    account_id        TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    user_id           TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    secret_sealed     BYTEA NOT NULL,
    status            TEXT COLLATE "C" NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Inactive')),
    created_at        TIMESTAMPTZ NOT NULL,
    last_used_at      TIMESTAMPTZ,
    last_used_service TEXT COLLATE "C",
    last_used_region  TEXT COLLATE "C"
);
CREATE INDEX access_keys_user ON access_keys (user_id);

-- Virtual MFA devices. user_id NULL with root = false: created, not yet assigned.
CREATE TABLE mfa_devices (
    serial         TEXT COLLATE "C" PRIMARY KEY,
    account_id     TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    name           TEXT COLLATE "C" NOT NULL,
    path           TEXT COLLATE "C" NOT NULL DEFAULT '/',
    user_id        TEXT COLLATE "C" REFERENCES users(id),
    root           BOOLEAN NOT NULL DEFAULT false,
    seed_sealed    BYTEA NOT NULL,
    enabled_at     TIMESTAMPTZ,
    last_used_step BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX mfa_devices_user ON mfa_devices (user_id);

-- Role sessions created by Switch Role in the console, or by AssumeRole when
-- recorded. API sessions are self-contained in their session token.
CREATE TABLE role_sessions (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    role_id             TEXT COLLATE "C" NOT NULL,
    account_id          TEXT COLLATE "C" NOT NULL,
    role_name           TEXT COLLATE "C" NOT NULL,
    role_path           TEXT COLLATE "C" NOT NULL DEFAULT '/',
    session_name        TEXT COLLATE "C" NOT NULL,
    source_arn          TEXT COLLATE "C" NOT NULL,
    source_id           TEXT COLLATE "C" NOT NULL,
    source_account_id   TEXT COLLATE "C" NOT NULL,
    display_name        TEXT COLLATE "C" NOT NULL DEFAULT '',
    color               TEXT COLLATE "C" NOT NULL DEFAULT '',
    mfa_authenticated   BOOLEAN NOT NULL DEFAULT false,
    mfa_auth_time       TIMESTAMPTZ,
    source_identity     TEXT COLLATE "C" NOT NULL DEFAULT '',
    session_policy      TEXT COLLATE "C" NOT NULL DEFAULT '',
    session_policy_arns TEXT COLLATE "C" NOT NULL DEFAULT '',
    tags                TEXT COLLATE "C" NOT NULL DEFAULT '',
    transitive_tag_keys TEXT COLLATE "C" NOT NULL DEFAULT '',
    chained_from        TEXT COLLATE "C" NOT NULL DEFAULT '',
    issued_at           TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL
);

-- Console sessions: the cookie carries a random ID; the row is keyed by its
-- SHA-256 so a copy of the database does not yield live sessions.
CREATE TABLE console_sessions (
    id_hash           TEXT COLLATE "C" PRIMARY KEY,
    state             TEXT COLLATE "C" NOT NULL DEFAULT 'active' CHECK (state IN ('mfa', 'password', 'active')),
    account_id        TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    root              BOOLEAN NOT NULL DEFAULT false,
    user_id           TEXT COLLATE "C" REFERENCES users(id) ON DELETE CASCADE,
    mfa_authenticated BOOLEAN NOT NULL DEFAULT false,
    mfa_auth_time     TIMESTAMPTZ,
    source_ip         TEXT COLLATE "C" NOT NULL DEFAULT '',
    user_agent        TEXT COLLATE "C" NOT NULL DEFAULT '',
    role_session_id   TEXT COLLATE "C" REFERENCES role_sessions(id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    last_seen_at      TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_role_session ON console_sessions (role_session_id);

-- Server-side Switch Role history, per base identity (user ID).
CREATE TABLE role_history (
    user_id      TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account      TEXT COLLATE "C" NOT NULL,
    role_name    TEXT COLLATE "C" NOT NULL,
    display_name TEXT COLLATE "C" NOT NULL DEFAULT '',
    color        TEXT COLLATE "C" NOT NULL DEFAULT '',
    used_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, account, role_name)
);
CREATE INDEX role_history_recent ON role_history (user_id, used_at);

-- Roles an admin publishes to a group's members as favourites.
CREATE TABLE favorite_roles (
    group_id     TEXT COLLATE "C" NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    account      TEXT COLLATE "C" NOT NULL,
    role_name    TEXT COLLATE "C" NOT NULL,
    display_name TEXT COLLATE "C" NOT NULL DEFAULT '',
    color        TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, account, role_name)
);

-- The event history (CloudTrail-like). Append-only: triggers refuse changes.
CREATE TABLE events (
    seq             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_id        TEXT COLLATE "C" NOT NULL UNIQUE,
    account_id      TEXT COLLATE "C" NOT NULL,
    event_time      TIMESTAMPTZ NOT NULL,
    event_name      TEXT COLLATE "C" NOT NULL,
    event_source    TEXT COLLATE "C" NOT NULL,
    read_only       BOOLEAN NOT NULL DEFAULT false,
    username        TEXT COLLATE "C" NOT NULL DEFAULT '',
    access_key_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
    resource_type   TEXT COLLATE "C" NOT NULL DEFAULT '',
    resource_name   TEXT COLLATE "C" NOT NULL DEFAULT '',
    error_code      TEXT COLLATE "C" NOT NULL DEFAULT '',
    shared_event_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    record          TEXT COLLATE "C" NOT NULL
);
CREATE INDEX events_account_time ON events (account_id, event_time);

-- +goose StatementBegin
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- Small key/value settings (e.g. the demo organization marker).
CREATE TABLE settings (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE events;
DROP FUNCTION events_append_only();
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
