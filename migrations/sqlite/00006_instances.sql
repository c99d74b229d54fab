-- +goose Up
-- What instances sharing one database keep there rather than in memory;
-- an SQLite file has one process, which keeps the same tables unused, so
-- that both dialects' schemas stay alike version for version.

-- The generation of the IAM configuration: every change moves it, and an
-- instance that finds it moved drops what it cached.
CREATE TABLE generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO generation (id, n) VALUES (1, 0);

-- Recent sign-in failures per throttling key (account and user, root
-- email, source address, MFA step of a session).
CREATE TABLE signin_failures (
    key            TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at DATETIME NOT NULL
);
CREATE INDEX signin_failures_last ON signin_failures(last_failed_at);

-- +goose Down
DROP TABLE signin_failures;
DROP TABLE generation;
