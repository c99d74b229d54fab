package store

import (
	"strings"

	"gorm.io/gorm"
)

// escapeLike escapes LIKE metacharacters for a backslash escape.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// limit caps page sizes.
func limit(n int) int {
	if n <= 0 || n > 1000 {
		return 1000
	}
	return n
}

// ListFilter selects a page of an account's users, groups or roles.
type ListFilter struct {
	AccountID  string
	PathPrefix string
	Search     string // substring of the name, case-insensitive
	// Sort is "name" (default), "created" or, for roles, "last-used";
	// a leading "-" reverses it.
	Sort   string
	Offset int
	Limit  int
}

// UserFilter, GroupFilter and RoleFilter select pages of their entities.
type (
	UserFilter  = ListFilter
	GroupFilter = ListFilter
	RoleFilter  = ListFilter
)

// orderBy is the ORDER BY clause of f's Sort: "name", "created" or, with
// lastUsed (roles), "last-used"; "-" before one reverses it, and any other
// sorts by name.
func (f ListFilter) orderBy(d dialect, lastUsed bool) string {
	key, desc := strings.CutPrefix(f.Sort, "-")
	switch {
	case key == "name" && desc:
		return d.foldOrder("name") + " DESC"
	case key == "created" && desc:
		return "created_at DESC"
	case key == "created":
		return "created_at"
	// Roles never used sort first, as SQLite orders NULLs first ascending
	// (PostgreSQL orders them last): spelled out, every dialect agrees.
	case key == "last-used" && lastUsed && desc:
		return "last_used_at DESC NULLS LAST"
	case key == "last-used" && lastUsed:
		return "last_used_at NULLS FIRST"
	}
	return d.foldOrder("name")
}

// where restricts db to the filter's account, path prefix and search. Both
// match ignoring case, the path prefix too, as SQLite's LIKE always has.
func (f ListFilter) where(db *gorm.DB, d dialect) *gorm.DB {
	db = db.Where("account_id = ?", f.AccountID)
	if f.PathPrefix != "" && f.PathPrefix != "/" {
		db = db.Where(d.foldLike("path"), escapeLike(f.PathPrefix)+"%")
	}
	if f.Search != "" {
		db = db.Where(d.foldLike("name"), "%"+escapeLike(f.Search)+"%")
	}
	return db
}

// page orders db by the filter's sort and takes its page.
func page(db *gorm.DB, d dialect, f ListFilter, lastUsed bool) *gorm.DB {
	return db.Order(f.orderBy(d, lastUsed)).Offset(f.Offset).Limit(limit(f.Limit))
}

// countedPage lists one page of model rows per f, with the total that match.
func countedPage[T any](q *Q, model any, f ListFilter, what string) ([]T, int64, error) {
	db := f.where(q.db.Model(model), q.d)
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, mapErr("store: count "+what, err)
	}
	var rows []T
	err := page(db, q.d, f, false).Find(&rows).Error
	return rows, total, mapErr("store: list "+what, err)
}
