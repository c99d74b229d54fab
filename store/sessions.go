package store

import "time"

// ConsoleSession is a signed-in browser. IDHash is the SHA-256 of the random
// ID the cookie carries.
type ConsoleSession struct {
	IDHash           string `gorm:"primaryKey"`
	State            string
	AccountID        string
	Root             bool
	UserID           *string
	MFAAuthenticated bool       `gorm:"column:mfa_authenticated"`
	MFAAuthTime      *time.Time `gorm:"column:mfa_auth_time"`
	SourceIP         string     `gorm:"column:source_ip"`
	UserAgent        string
	RoleSessionID    *string
	CreatedAt        time.Time
	LastSeenAt       time.Time
	ExpiresAt        time.Time
}

// TableName implements gorm's tabler.
func (ConsoleSession) TableName() string { return "console_sessions" }

// RoleSession is an assumed-role session (console Switch Role or recorded AssumeRole).
type RoleSession struct {
	ID                string `gorm:"primaryKey"`
	RoleID            string
	AccountID         string
	RoleName          string
	RolePath          string
	SessionName       string
	SourceARN         string `gorm:"column:source_arn"`
	SourceID          string
	SourceAccountID   string
	DisplayName       string
	Color             string
	MFAAuthenticated  bool       `gorm:"column:mfa_authenticated"`
	MFAAuthTime       *time.Time `gorm:"column:mfa_auth_time"`
	SourceIdentity    string
	SessionPolicy     string
	SessionPolicyARNs string `gorm:"column:session_policy_arns"`
	Tags              string
	TransitiveTagKeys string
	ChainedFrom       string
	IssuedAt          time.Time
	ExpiresAt         time.Time
}

// TableName implements gorm's tabler.
func (RoleSession) TableName() string { return "role_sessions" }

// CreateConsoleSession inserts s.
func (q *Q) CreateConsoleSession(s *ConsoleSession) error {
	return mapErr("store: create console session", q.db.Create(s).Error)
}

// ConsoleSession finds a session by ID hash.
func (q *Q) ConsoleSession(idHash string) (*ConsoleSession, error) {
	var s ConsoleSession
	err := q.db.Where("id_hash = ?", idHash).Take(&s).Error
	return &s, mapErr("store: console session", err)
}

// TouchConsoleSession records activity.
func (q *Q) TouchConsoleSession(idHash string, at time.Time) error {
	return mapErr("store: touch session", q.db.Model(&ConsoleSession{}).Where("id_hash = ?", idHash).Update("last_seen_at", at).Error)
}

// UpdateConsoleSession saves all columns of s.
func (q *Q) UpdateConsoleSession(s *ConsoleSession) error {
	return mapErr("store: update console session", q.db.Select("*").Updates(s).Error)
}

// DeleteConsoleSession ends a session.
func (q *Q) DeleteConsoleSession(idHash string) error {
	return mapErr("store: delete console session", q.db.Where("id_hash = ?", idHash).Delete(&ConsoleSession{}).Error)
}

// DeleteExpiredConsoleSessions removes sessions past their absolute expiry.
func (q *Q) DeleteExpiredConsoleSessions(now time.Time) (int64, error) {
	res := q.db.Where("expires_at < ?", now).Delete(&ConsoleSession{})
	return res.RowsAffected, mapErr("store: delete expired sessions", res.Error)
}

// CreateRoleSession inserts s.
func (q *Q) CreateRoleSession(s *RoleSession) error {
	return mapErr("store: create role session", q.db.Create(s).Error)
}

// RoleSession finds a role session by ID.
func (q *Q) RoleSession(id string) (*RoleSession, error) {
	var s RoleSession
	err := q.db.Where("id = ?", id).Take(&s).Error
	return &s, mapErr("store: role session", err)
}

// RoleHistory is one remembered Switch Role target of a user.
type RoleHistory struct {
	UserID      string `gorm:"primaryKey"`
	Account     string `gorm:"primaryKey"`
	RoleName    string `gorm:"primaryKey"`
	DisplayName string
	Color       string
	UsedAt      time.Time
}

// TableName implements gorm's tabler.
func (RoleHistory) TableName() string { return "role_history" }

// FavoriteRole is a role published to a group's members.
type FavoriteRole struct {
	GroupID     string `gorm:"primaryKey"`
	Account     string `gorm:"primaryKey"`
	RoleName    string `gorm:"primaryKey"`
	DisplayName string
	Color       string
	CreatedAt   time.Time
}

// TableName implements gorm's tabler.
func (FavoriteRole) TableName() string { return "favorite_roles" }
