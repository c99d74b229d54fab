package store

import (
	"time"
)

// Role is an IAM role. TrustPolicy is stored as written, with principals that
// name a user or role bound to their unique IDs.
type Role struct {
	ID                 string `gorm:"primaryKey"`
	AccountID          string
	Name               string
	Path               string
	Description        string
	TrustPolicy        string
	MaxSessionDuration int
	BoundaryARN        *string
	LastUsedAt         *time.Time
	LastUsedRegion     *string
	CreatedAt          time.Time
}

// TableName implements gorm's tabler.
func (Role) TableName() string { return "roles" }

// CreateRole inserts r.
func (q *Q) CreateRole(r *Role) error {
	return mapErr("store: create role "+r.Name, q.db.Create(r).Error)
}

// RoleByName finds a role by name, case-insensitively.
func (q *Q) RoleByName(accountID, name string) (*Role, error) {
	var r Role
	err := q.db.Where("account_id = ? AND "+q.d.foldEq("name"), accountID, name).Take(&r).Error
	return &r, mapErr("store: role "+name, err)
}

// RoleByID finds a role by unique ID.
func (q *Q) RoleByID(id string) (*Role, error) {
	var r Role
	err := q.db.Where("id = ?", id).Take(&r).Error
	return &r, mapErr("store: role "+id, err)
}

// EntityRef names a user or role for building its ARN.
type EntityRef struct {
	ID, Type, AccountID, Path, Name string
}

// EntityARNParts finds the users and roles with the given unique IDs, in one
// query; IDs of deleted entities are simply absent.
func (q *Q) EntityARNParts(userIDs, roleIDs []string) ([]EntityRef, error) {
	var out []EntityRef
	if len(userIDs)+len(roleIDs) == 0 {
		return out, nil
	}
	if userIDs == nil {
		userIDs = []string{""}
	}
	if roleIDs == nil {
		roleIDs = []string{""}
	}
	err := q.db.Raw(`SELECT id, 'user' AS type, account_id, path, name FROM users WHERE id IN ?
		UNION ALL SELECT id, 'role' AS type, account_id, path, name FROM roles WHERE id IN ?`, userIDs, roleIDs).Scan(&out).Error
	return out, mapErr("store: entity arns", err)
}

// Roles lists one page of roles per f, in one query on the name index.
func (q *Q) Roles(f RoleFilter) ([]Role, error) {
	var rs []Role
	err := page(f.where(q.db.Model(&Role{}), q.d), q.d, f, true).Find(&rs).Error
	return rs, mapErr("store: list roles", err)
}

// CountRoles counts the roles that match f (Offset and Limit aside).
func (q *Q) CountRoles(f RoleFilter) (int64, error) {
	var n int64
	err := f.where(q.db.Model(&Role{}), q.d).Count(&n).Error
	return n, mapErr("store: count roles", err)
}

// UpdateRole saves the mutable columns of r.
func (q *Q) UpdateRole(r *Role) error {
	return mapErr("store: update role "+r.Name, q.db.Select("*").Omit("id", "account_id", "created_at").Updates(r).Error)
}

// DeleteRole removes a role and its tags; callers have checked AWS's
// DeleteConflict rules.
func (q *Q) DeleteRole(id string) error {
	if err := q.db.Where("entity_type = 'role' AND entity_id = ?", id).Delete(&Tag{}).Error; err != nil {
		return mapErr("store: delete role tags", err)
	}
	return mapErr("store: delete role", q.db.Where("id = ?", id).Delete(&Role{}).Error)
}

// AllRoles lists every role of an account in name order (case-insensitive).
func (q *Q) AllRoles(accountID string) ([]Role, error) {
	var rs []Role
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&rs).Error
	return rs, mapErr("store: all roles", err)
}
