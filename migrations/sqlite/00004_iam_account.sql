-- +goose Up
-- The account's password policy, the passwords users had (for reuse
-- prevention), instance profiles with their roles, and managed policies'
-- case-sensitive tags.

CREATE TABLE password_policies (
    account_id            TEXT PRIMARY KEY REFERENCES accounts(id),
    minimum_length        INTEGER NOT NULL DEFAULT 6,
    require_symbols       INTEGER NOT NULL DEFAULT 0,
    require_numbers       INTEGER NOT NULL DEFAULT 0,
    require_uppercase     INTEGER NOT NULL DEFAULT 0,
    require_lowercase     INTEGER NOT NULL DEFAULT 0,
    allow_users_to_change INTEGER NOT NULL DEFAULT 0,
    max_password_age      INTEGER NOT NULL DEFAULT 0,
    reuse_prevention      INTEGER NOT NULL DEFAULT 0,
    hard_expiry           INTEGER NOT NULL DEFAULT 0
);

-- A user's previous password hashes, newest last; at most 24 are kept.
CREATE TABLE password_history (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, created_at);

CREATE TABLE instance_profiles (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name       TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '/',
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX instance_profiles_account_name ON instance_profiles(account_id, name COLLATE NOCASE);

-- An instance profile holds at most one role (IAM's quota).
CREATE TABLE instance_profile_roles (
    profile_id TEXT NOT NULL REFERENCES instance_profiles(id) ON DELETE CASCADE,
    role_id    TEXT NOT NULL REFERENCES roles(id),
    PRIMARY KEY (profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles(role_id);

-- A managed policy's tags: IAM compares their keys case-sensitively, as
-- it does no other entity's, so they have a table of their own.
CREATE TABLE policy_tags (
    policy_id TEXT NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (policy_id, key)
);
INSERT INTO policy_tags (policy_id, key, value) SELECT entity_id, key, value FROM tags WHERE entity_type = 'policy';
DELETE FROM tags WHERE entity_type = 'policy';

-- +goose Down
INSERT INTO tags (entity_type, entity_id, key, value) SELECT 'policy', policy_id, key, value FROM policy_tags WHERE true
    ON CONFLICT DO NOTHING;
DROP TABLE policy_tags;
DROP TABLE instance_profile_roles;
DROP TABLE instance_profiles;
DROP TABLE password_history;
DROP TABLE password_policies;
