// Package store is the persistence layer: gorm models, one file per table,
// and the queries the service layer needs. Open applies the SQLite pragmas in
// a deliberate order, keeps one writer connection beside a reader pool, and
// runs the embedded migrations with goose; nothing calls AutoMigrate.
//
// Small writes from many requests share transactions through an ordered
// queue (Batch, RotateConsoleSessionLater); console sessions are cached in
// memory, write-through (CachedConsoleSession).
//
// Only this package imports gorm and the SQLite driver. Errors are wrapped
// with a "store:" prefix; ErrNotFound, ErrDuplicate and ErrConflict are the
// sentinels the service layer maps to its own error kinds.
package store
