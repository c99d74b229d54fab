-- +goose Up
-- Training labs: the classes an instructor runs, their learners, the
-- sandboxes (a lab's organization made for one learner) and their progress;
-- the same schema as sqlite/00005_labs.sql in PostgreSQL's SQL. A
-- sandbox's accounts are ordinary accounts; these tables say which.

CREATE TABLE lab_classes (
    id          TEXT COLLATE "C" PRIMARY KEY,
    lab_id      TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    code_hash   TEXT COLLATE "C" NOT NULL UNIQUE, -- SHA-256 of the join code
    code_sealed BYTEA NOT NULL,                   -- the join code, to show the instructor
    created_by  TEXT COLLATE "C" NOT NULL,        -- the instructor's ARN
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE lab_learners (
    id          TEXT COLLATE "C" PRIMARY KEY,
    class_id    TEXT COLLATE "C" NOT NULL REFERENCES lab_classes(id) ON DELETE CASCADE,
    name        TEXT COLLATE "C" NOT NULL,
    email       TEXT COLLATE "C" NOT NULL DEFAULT '',
    code_hash   TEXT COLLATE "C" NOT NULL UNIQUE, -- SHA-256 of the learner's own code
    code_sealed BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX lab_learners_class_name ON lab_learners (class_id, lower(name));

CREATE TABLE lab_sandboxes (
    id         TEXT COLLATE "C" PRIMARY KEY,
    lab_id     TEXT COLLATE "C" NOT NULL,
    lab_digest TEXT COLLATE "C" NOT NULL,
    learner_id TEXT COLLATE "C" UNIQUE REFERENCES lab_learners(id) ON DELETE SET NULL,
    accounts   TEXT COLLATE "C" NOT NULL,         -- JSON: the lab's account keys → account IDs
    secrets    BYTEA NOT NULL,                    -- sealed JSON: passwords, access keys, the lab's secrets
    start_seq  BIGINT NOT NULL DEFAULT 0,         -- events up to this one predate the current start
    created_at TIMESTAMPTZ NOT NULL,
    reset_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE lab_sandbox_accounts (
    account_id TEXT COLLATE "C" PRIMARY KEY REFERENCES accounts(id),
    sandbox_id TEXT COLLATE "C" NOT NULL REFERENCES lab_sandboxes(id) ON DELETE CASCADE
);
CREATE INDEX lab_sandbox_accounts_sandbox ON lab_sandbox_accounts (sandbox_id);

CREATE TABLE lab_progress (
    sandbox_id TEXT COLLATE "C" NOT NULL REFERENCES lab_sandboxes(id) ON DELETE CASCADE,
    task_id    TEXT COLLATE "C" NOT NULL,
    hints      INTEGER NOT NULL DEFAULT 0,          -- hints revealed
    answer     TEXT COLLATE "C" NOT NULL DEFAULT '', -- the last answer submitted
    done_at    TIMESTAMPTZ,
    PRIMARY KEY (sandbox_id, task_id)
);

-- +goose Down
DROP TABLE lab_progress;
DROP TABLE lab_sandbox_accounts;
DROP TABLE lab_sandboxes;
DROP TABLE lab_learners;
DROP TABLE lab_classes;
