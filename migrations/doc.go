// Package migrations embeds the numbered SQL migrations of the database
// schema, one directory per SQL dialect: sqlite/00001_init.sql, … (a
// postgres/ directory joins it with PostgreSQL). Each directory holds the
// same schema in its dialect's SQL, version for version; store runs the
// directory of the database it opens with goose at start, and nothing else
// changes the schema. A migration, once released, never changes: databases
// record only its version.
//
// It imports only embed.
package migrations
