package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"
)

// An export is the whole store as JSON lines, one database's rows moved to
// another of either dialect (an SQLite file to PostgreSQL): a header, one
// line per row, and a trailer with the rows counted per table, so that a
// cut-off export is refused. Rows are the store's models, every column of
// every table but goose's history (the destination has its own) and the
// generation row (a count of this database's own changes).

// exportFormat names the format in the header.
const exportFormat = "iamconsole-export"

// Setting is one row of the settings table.
type Setting struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

// TableName implements gorm's tabler.
func (Setting) TableName() string { return "settings" }

// exportHeader is an export's first line.
type exportHeader struct {
	Format     string    `json:"format"`
	Schema     int64     `json:"schema"`
	Dialect    string    `json:"dialect"`
	ExportedAt time.Time `json:"exported_at"`
}

// exportLine is a row (Table, Row) or the trailer (Counts).
type exportLine struct {
	Table  string           `json:"table,omitempty"`
	Row    json.RawMessage  `json:"row,omitempty"`
	Counts map[string]int64 `json:"counts,omitempty"`
}

// exportTable is one table of the export: how to read it in order and how
// to insert its rows.
type exportTable struct {
	name  string
	order string
	// batch is the rows of one INSERT of an import (0: importBatch); the
	// tables of bodies take few, each up to a chunk.
	batch int
	rows  func(db *gorm.DB, emit func(v any) error) error
	load  func(db *gorm.DB, raws []json.RawMessage) error
}

func tableOf[T any](name, order string) exportTable {
	return exportTable{name: name, order: order,
		rows: func(db *gorm.DB, emit func(any) error) error {
			d := dialectOf(db)
			rows, err := db.Model(new(T)).Order(order).Rows()
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var v T
				if err := db.ScanRows(rows, &v); err != nil {
					return err
				}
				fromStore(d, &v)
				if err := emit(&v); err != nil {
					return err
				}
			}
			return rows.Err()
		},
		load: func(db *gorm.DB, raws []json.RawMessage) error {
			d := dialectOf(db)
			vs := make([]T, len(raws))
			for i, raw := range raws {
				if err := json.Unmarshal(raw, &vs[i]); err != nil {
					return fmt.Errorf("a row of %s: %w", name, err)
				}
				toStore(d, &vs[i])
			}
			return db.Create(&vs).Error
		}}
}

// batchOf sets the rows of one INSERT of t's import.
func (t exportTable) batchOf(n int) exportTable { t.batch = n; return t }

// storedForm is a row whose export holds other values than a dialect
// stores (see export_resources.go): fromStore turns a row d read into its
// export's, toStore an export's row into what d stores.
type storedForm interface {
	fromStore(d dialect)
	toStore(d dialect)
}

func fromStore(d dialect, v any) {
	if f, ok := v.(storedForm); ok {
		f.fromStore(d)
	}
}

func toStore(d dialect, v any) {
	if f, ok := v.(storedForm); ok {
		f.toStore(d)
	}
}

// dialectOf is the dialect of a gorm connection of the store.
func dialectOf(db *gorm.DB) dialect {
	for _, d := range dialects {
		if d.name() == db.Dialector.Name() {
			return d
		}
	}
	return sqliteDialect{}
}

// exportTables are the tables of an export, each after those it refers to.
var exportTables = append([]exportTable{
	tableOf[Account]("accounts", "id"),
	tableOf[User]("users", "id"),
	tableOf[Group]("groups", "id"),
	tableOf[GroupMember]("group_members", "group_id, user_id"),
	tableOf[Role]("roles", "id"),
	tableOf[Policy]("policies", "id"),
	tableOf[PolicyVersion]("policy_versions", "policy_id, version_id"),
	tableOf[Attachment]("attachments", "entity_type, entity_id, policy_arn"),
	tableOf[InlinePolicy]("inline_policies", "entity_type, entity_id, name"),
	tableOf[Tag]("tags", "entity_type, entity_id, key"),
	tableOf[PolicyTag]("policy_tags", "policy_id, key"),
	tableOf[PasswordPolicy]("password_policies", "account_id"),
	tableOf[PasswordHistory]("password_history", "user_id, created_at, hash"),
	tableOf[InstanceProfile]("instance_profiles", "id"),
	tableOf[InstanceProfileRole]("instance_profile_roles", "profile_id, role_id"),
	tableOf[AccessKey]("access_keys", "id"),
	tableOf[MFADevice]("mfa_devices", "serial"),
	tableOf[RoleSession]("role_sessions", "id"),
	tableOf[ConsoleSession]("console_sessions", "id_hash"),
	tableOf[RoleHistory]("role_history", "user_id, account, role_name"),
	tableOf[FavoriteRole]("favorite_roles", "group_id, account, role_name"),
	tableOf[Event]("events", "seq"),
	tableOf[Setting]("settings", "key"),
	tableOf[SignInFailure]("signin_failures", "key"),
}, resourceExportTables...)

// notExported are the tables an export leaves out, and why: see above.
var notExported = map[string]bool{"goose_db_version": true, "generation": true}

// ExportCounts is the rows an export or import moved, per table.
type ExportCounts map[string]int64

// Export writes the whole store to w, read in one snapshot, so that the
// console may keep serving meanwhile (on SQLite its writes wait until the
// export is read).
func (s *Store) Export(ctx context.Context, w io.Writer) (ExportCounts, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	hdr := exportHeader{Format: exportFormat, Schema: s.latest, Dialect: s.d.name(), ExportedAt: time.Now().UTC()}
	if err := enc.Encode(hdr); err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	counts := ExportCounts{}
	var opts *sql.TxOptions
	if s.d.shared() {
		// One snapshot of a database others write meanwhile.
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	err := s.r.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		for _, t := range exportTables {
			counts[t.name] = 0
			err := t.rows(db, func(v any) error {
				raw, err := json.Marshal(v)
				if err != nil {
					return err
				}
				counts[t.name]++
				return enc.Encode(exportLine{Table: t.name, Row: raw})
			})
			if err != nil {
				return fmt.Errorf("table %s: %w", t.name, err)
			}
		}
		return nil
	}, opts)
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	if err := enc.Encode(exportLine{Counts: counts}); err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	return counts, nil
}

// ErrNotEmpty means an import's destination already holds data.
var ErrNotEmpty = errors.New("store: the database is not empty")

// importBatch is the rows of one INSERT of an import.
const importBatch = 200

// Import reads an export made by Export (of the same schema version, from
// either dialect) into this store, which must be empty: all of it in one
// transaction, or nothing. It returns the rows imported per table.
func (s *Store) Import(ctx context.Context, r io.Reader) (ExportCounts, error) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	var hdr exportHeader
	if err := dec.Decode(&hdr); err != nil || hdr.Format != exportFormat {
		return nil, errors.New("store: import: the input is not an iamconsole export")
	}
	if hdr.Schema != s.latest {
		return nil, fmt.Errorf("store: import: the export is of schema version %d, this version of iamconsole has %d: export and import with one version", hdr.Schema, s.latest)
	}
	tables := map[string]exportTable{}
	for _, t := range exportTables {
		tables[t.name] = t
	}
	counts := ExportCounts{}
	err := s.Tx(ctx, func(q *Q) error {
		for _, t := range exportTables {
			var n int64
			if err := q.db.Table(t.name).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%w: table %s has %d rows (import into a new database)", ErrNotEmpty, t.name, n)
			}
		}
		var pending []json.RawMessage
		var table string
		flush := func() error {
			if len(pending) == 0 {
				return nil
			}
			if err := tables[table].load(q.db, pending); err != nil {
				return mapErr("store: import "+table, err)
			}
			counts[table] += int64(len(pending))
			pending = pending[:0]
			return nil
		}
		seen := map[string]bool{}
		for {
			var line exportLine
			if err := dec.Decode(&line); err != nil {
				if errors.Is(err, io.EOF) {
					return errors.New("the export ends before its trailer: it was cut off")
				}
				return fmt.Errorf("read the export: %w", err)
			}
			if line.Counts != nil {
				if err := flush(); err != nil {
					return err
				}
				for _, t := range exportTables {
					if line.Counts[t.name] != counts[t.name] {
						return fmt.Errorf("table %s: the export counts %d rows, %d were read", t.name, line.Counts[t.name], counts[t.name])
					}
				}
				return s.d.imported(q.db)
			}
			if _, ok := tables[line.Table]; !ok {
				return fmt.Errorf("the export has a table %q this version does not know", line.Table)
			}
			if line.Table != table {
				if err := flush(); err != nil {
					return err
				}
				if seen[line.Table] {
					return fmt.Errorf("the rows of table %s are not together", line.Table)
				}
				seen[line.Table], table = true, line.Table
			}
			pending = append(pending, line.Row)
			if n := tables[table].batch; len(pending) == importBatch || n > 0 && len(pending) >= n {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	})
	if err != nil {
		if errors.Is(err, ErrNotEmpty) || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrConflict) {
			return nil, err
		}
		return nil, fmt.Errorf("store: import: %w", err)
	}
	return counts, nil
}
