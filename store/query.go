package store

import (
	"strings"

	"gorm.io/gorm"
)

// escapeLike escapes LIKE metacharacters for ESCAPE '\'.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// order turns "name" / "-name" into an ORDER BY clause from allowed columns.
func order(sort string, cols map[string]string, def string) string {
	desc := strings.HasPrefix(sort, "-")
	col, ok := cols[strings.TrimPrefix(sort, "-")]
	if !ok {
		col, desc = cols[def], false
	}
	if desc {
		return col + " DESC"
	}
	return col
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

// nameOrCreated are the sort orders of users and groups.
var nameOrCreated = map[string]string{"name": "name COLLATE NOCASE", "created": "created_at"}

// roleSorts are the sort orders of roles.
var roleSorts = map[string]string{"name": "name COLLATE NOCASE", "created": "created_at", "last-used": "last_used_at"}

// where restricts db to the filter's account, path prefix and search.
func (f ListFilter) where(db *gorm.DB) *gorm.DB {
	db = db.Where("account_id = ?", f.AccountID)
	if f.PathPrefix != "" && f.PathPrefix != "/" {
		db = db.Where("path LIKE ? ESCAPE '\\'", escapeLike(f.PathPrefix)+"%")
	}
	if f.Search != "" {
		db = db.Where("name LIKE ? ESCAPE '\\'", "%"+escapeLike(f.Search)+"%")
	}
	return db
}

// page orders db by the filter's sort among sorts and takes its page.
func page(db *gorm.DB, f ListFilter, sorts map[string]string) *gorm.DB {
	return db.Order(order(f.Sort, sorts, "name")).Offset(f.Offset).Limit(limit(f.Limit))
}

// countedPage lists one page of model rows per f, with the total that match.
func countedPage[T any](db *gorm.DB, f ListFilter, sorts map[string]string, what string) ([]T, int64, error) {
	db = f.where(db)
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, mapErr("store: count "+what, err)
	}
	var rows []T
	err := page(db, f, sorts).Find(&rows).Error
	return rows, total, mapErr("store: list "+what, err)
}
