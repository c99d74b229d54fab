// Package migrations embeds the numbered SQL migrations of the database
// schema (00001_init.sql, …). store runs them with goose at start; nothing
// else changes the schema.
package migrations
