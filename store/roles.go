package store

import "time"

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
	err := q.db.Where("account_id = ? AND name = ? COLLATE NOCASE", accountID, name).Take(&r).Error
	return &r, mapErr("store: role "+name, err)
}

// RoleByID finds a role by unique ID.
func (q *Q) RoleByID(id string) (*Role, error) {
	var r Role
	err := q.db.Where("id = ?", id).Take(&r).Error
	return &r, mapErr("store: role "+id, err)
}
