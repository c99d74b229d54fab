package migrations

import "embed"

// FS holds the numbered SQL migrations, one directory per SQL dialect
// (sqlite/), each applied in order by goose. A dialect's directory is the
// root goose reads: a migration's version is its number, not its path.
//
//go:embed sqlite/*.sql
var FS embed.FS
