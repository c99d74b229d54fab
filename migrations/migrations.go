package migrations

import "embed"

// FS holds the numbered SQL migrations, applied in order by goose.
//
//go:embed *.sql
var FS embed.FS
