-- +goose Up
-- Simulated DynamoDB tables and items, and simulated EC2 instances and
-- their tags. Items are stored as DynamoDB's wire JSON under their key
-- attributes' order-preserving encodings (hk, rk), so that a Query is one
-- range scan of the primary key.

CREATE TABLE ddb_tables (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id            TEXT NOT NULL REFERENCES accounts(id),
    region                TEXT NOT NULL,
    name                  TEXT NOT NULL,
    table_id              TEXT NOT NULL,
    hash_key              TEXT NOT NULL,
    hash_type             TEXT NOT NULL,
    range_key             TEXT NOT NULL DEFAULT '',
    range_type            TEXT NOT NULL DEFAULT '',
    attribute_definitions TEXT NOT NULL,
    billing_mode          TEXT NOT NULL,
    read_capacity         INTEGER NOT NULL DEFAULT 0,
    write_capacity        INTEGER NOT NULL DEFAULT 0,
    table_class           TEXT NOT NULL DEFAULT 'STANDARD',
    deletion_protection   INTEGER NOT NULL DEFAULT 0,
    created_at            DATETIME NOT NULL
);
CREATE UNIQUE INDEX ddb_tables_name ON ddb_tables(account_id, region, name);

CREATE TABLE ddb_items (
    table_id INTEGER NOT NULL REFERENCES ddb_tables(id) ON DELETE CASCADE,
    hk       BLOB NOT NULL,
    rk       BLOB NOT NULL,
    size     INTEGER NOT NULL,
    item     BLOB NOT NULL,
    PRIMARY KEY (table_id, hk, rk)
) WITHOUT ROWID;

CREATE TABLE ddb_tags (
    table_id INTEGER NOT NULL REFERENCES ddb_tables(id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (table_id, key)
);

CREATE TABLE ec2_instances (
    seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
    id                   TEXT NOT NULL UNIQUE,
    account_id           TEXT NOT NULL REFERENCES accounts(id),
    region               TEXT NOT NULL,
    reservation_id       TEXT NOT NULL,
    image_id             TEXT NOT NULL,
    instance_type        TEXT NOT NULL,
    key_name             TEXT NOT NULL DEFAULT '',
    launch_index         INTEGER NOT NULL DEFAULT 0,
    availability_zone    TEXT NOT NULL,
    subnet_id            TEXT NOT NULL,
    vpc_id               TEXT NOT NULL,
    private_ip           TEXT NOT NULL,
    public_ip            TEXT NOT NULL DEFAULT '',
    client_token         TEXT NOT NULL DEFAULT '',
    requester_arn        TEXT NOT NULL DEFAULT '',
    state                TEXT NOT NULL,
    state_at             DATETIME NOT NULL,
    next_state           TEXT NOT NULL DEFAULT '',
    next_at              DATETIME,
    transition_reason    TEXT NOT NULL DEFAULT '',
    state_reason         TEXT NOT NULL DEFAULT '',
    launch_time          DATETIME NOT NULL,
    gone_at              DATETIME
);
CREATE INDEX ec2_instances_account ON ec2_instances(account_id, region, seq);

CREATE TABLE ec2_tags (
    resource_id   TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (resource_id, key)
);
CREATE INDEX ec2_tags_account ON ec2_tags(account_id, region, key);

-- +goose Down
DROP TABLE ec2_tags;
DROP TABLE ec2_instances;
DROP TABLE ddb_tags;
DROP TABLE ddb_items;
DROP TABLE ddb_tables;
