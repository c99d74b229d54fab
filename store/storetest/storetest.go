package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvPostgres names the test PostgreSQL server's URL.
const EnvPostgres = "IAMCONSOLE_TEST_POSTGRES"

// EnvDialect chooses Fresh's dialect: sqlite (the default) or postgres.
const EnvDialect = "IAMCONSOLE_TEST_DIALECT"

// Dialect is one dialect of the store with how to make a fresh database.
type Dialect struct {
	Name string
	// Fresh returns the store target of a new, empty database.
	Fresh func(t testing.TB) string
}

// Dialects are the store's dialects.
var Dialects = []Dialect{{"sqlite", SQLite}, {"postgres", Postgres}}

// SQLite returns the path of a new SQLite file in the test's temporary
// directory.
func SQLite(t testing.TB) string { return filepath.Join(t.TempDir(), "test.db") }

// Fresh returns a new, empty database of the dialect EnvDialect names.
func Fresh(t testing.TB) string {
	t.Helper()
	switch d := os.Getenv(EnvDialect); d {
	case "", "sqlite":
		return SQLite(t)
	case "postgres":
		return Postgres(t)
	default:
		t.Fatalf("%s=%q: want sqlite or postgres", EnvDialect, d)
		return ""
	}
}

// Server returns the test PostgreSQL server's URL, skipping the test when
// there is none (failing it under CI=true).
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests", EnvPostgres)
		}
		t.Skipf("no PostgreSQL server: set %s=postgres://… to run this test", EnvPostgres)
	}
	return u
}

// Postgres returns the URL of a new, empty schema in the test server,
// which is dropped when the test ends: the URL selects it with
// search_path, so that a store opened on it sees only its own tables.
func Postgres(t testing.TB) string {
	t.Helper()
	server := Server(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvPostgres, err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { Drop(t, server, schema) })
	return WithSchema(t, server, schema)
}

// WithSchema returns the server URL with its search_path set to schema.
func WithSchema(t testing.TB, server, schema string) string {
	t.Helper()
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	v := u.Query()
	v.Set("search_path", schema)
	u.RawQuery = v.Encode()
	return u.String()
}

// Drop drops a schema made by Postgres, with everything in it.
func Drop(t testing.TB, server, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Errorf("drop schema %s: %v", schema, err)
		return
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
		t.Errorf("drop schema %s: %v", schema, err)
	}
}
