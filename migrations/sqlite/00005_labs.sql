-- +goose Up
-- Training labs: the classes an instructor runs, their learners, the
-- sandboxes (a lab's organization made for one learner) and their progress.
-- A sandbox's accounts are ordinary accounts; these tables say which.

CREATE TABLE lab_classes (
    id          TEXT PRIMARY KEY,
    lab_id      TEXT NOT NULL,
    name        TEXT NOT NULL,
    code_hash   TEXT NOT NULL UNIQUE, -- SHA-256 of the join code
    code_sealed BLOB NOT NULL,        -- the join code, to show the instructor
    created_by  TEXT NOT NULL,        -- the instructor's ARN
    created_at  DATETIME NOT NULL
);

CREATE TABLE lab_learners (
    id          TEXT PRIMARY KEY,
    class_id    TEXT NOT NULL REFERENCES lab_classes(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    code_hash   TEXT NOT NULL UNIQUE, -- SHA-256 of the learner's own code
    code_sealed BLOB NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX lab_learners_class_name ON lab_learners(class_id, name COLLATE NOCASE);

CREATE TABLE lab_sandboxes (
    id         TEXT PRIMARY KEY,
    lab_id     TEXT NOT NULL,
    lab_digest TEXT NOT NULL,
    learner_id TEXT UNIQUE REFERENCES lab_learners(id) ON DELETE SET NULL,
    accounts   TEXT NOT NULL,          -- JSON: the lab's account keys → account IDs
    secrets    BLOB NOT NULL,          -- sealed JSON: passwords, access keys, the lab's secrets
    start_seq  INTEGER NOT NULL DEFAULT 0, -- events up to this one predate the current start
    created_at DATETIME NOT NULL,
    reset_at   DATETIME NOT NULL
);

CREATE TABLE lab_sandbox_accounts (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    sandbox_id TEXT NOT NULL REFERENCES lab_sandboxes(id) ON DELETE CASCADE
);
CREATE INDEX lab_sandbox_accounts_sandbox ON lab_sandbox_accounts(sandbox_id);

CREATE TABLE lab_progress (
    sandbox_id TEXT NOT NULL REFERENCES lab_sandboxes(id) ON DELETE CASCADE,
    task_id    TEXT NOT NULL,
    hints      INTEGER NOT NULL DEFAULT 0, -- hints revealed
    answer     TEXT NOT NULL DEFAULT '',   -- the last answer submitted
    done_at    DATETIME,
    PRIMARY KEY (sandbox_id, task_id)
);

-- +goose Down
DROP TABLE lab_progress;
DROP TABLE lab_sandbox_accounts;
DROP TABLE lab_sandboxes;
DROP TABLE lab_learners;
DROP TABLE lab_classes;
