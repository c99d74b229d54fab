package store

import (
	"time"

	"gorm.io/gorm"
)

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
	q.forget(s.IDHash)
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
	q.forget(idHash)
	return mapErr("store: touch session", q.db.Model(&ConsoleSession{}).Where("id_hash = ?", idHash).Update("last_seen_at", at).Error)
}

// UpdateConsoleSession saves all columns of s.
func (q *Q) UpdateConsoleSession(s *ConsoleSession) error {
	q.forget(s.IDHash)
	return mapErr("store: update console session", q.db.Select("*").Updates(s).Error)
}

// DeleteConsoleSession ends a session.
func (q *Q) DeleteConsoleSession(idHash string) error {
	q.forget(idHash)
	return mapErr("store: delete console session", q.db.Where("id_hash = ?", idHash).Delete(&ConsoleSession{}).Error)
}

// DeleteExpiredConsoleSessions removes sessions past their absolute expiry.
func (q *Q) DeleteExpiredConsoleSessions(now time.Time) (int64, error) {
	q.forget("")
	res := q.db.Where("expires_at < ?", now).Delete(&ConsoleSession{})
	return res.RowsAffected, mapErr("store: delete expired sessions", res.Error)
}

// CreateRoleSession inserts s.
func (q *Q) CreateRoleSession(s *RoleSession) error {
	if q.tx == nil {
		return mapErr("store: create role session", q.db.Create(s).Error)
	}
	// In the group commit: the prepared INSERT, with the columns and values
	// gorm's Create would bind.
	_, err := q.exec(sqlInsertRoleSession,
		s.ID, s.RoleID, s.AccountID, s.RoleName, s.RolePath, s.SessionName, s.SourceARN, s.SourceID, s.SourceAccountID,
		s.DisplayName, s.Color, s.MFAAuthenticated, s.MFAAuthTime, s.SourceIdentity, s.SessionPolicy, s.SessionPolicyARNs,
		s.Tags, s.TransitiveTagKeys, s.ChainedFrom, s.IssuedAt, s.ExpiresAt)
	return mapErr("store: create role session", err)
}

// sqlInsertRoleSession is CreateRoleSession's statement in the group commit.
const sqlInsertRoleSession = `INSERT INTO role_sessions (id, role_id, account_id, role_name, role_path, session_name,
	source_arn, source_id, source_account_id, display_name, color, mfa_authenticated, mfa_auth_time, source_identity,
	session_policy, session_policy_arns, tags, transitive_tag_keys, chained_from, issued_at, expires_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

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

// TouchRoleHistory remembers that userID switched to h's role now, keeping
// only the keep most recent entries of that user.
func (q *Q) TouchRoleHistory(h *RoleHistory, keep int) error {
	// A role switched to before is one UPDATE; only a new entry inserts
	// and prunes.
	n, err := q.exec(sqlTouchRoleHistory, h.DisplayName, h.Color, h.UsedAt, h.UserID, h.Account, h.RoleName)
	if err != nil {
		return mapErr("store: role history", err)
	}
	if n > 0 {
		return nil
	}
	err = q.db.Exec(`INSERT INTO role_history (user_id, account, role_name, display_name, color, used_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, account, role_name) DO UPDATE SET
			display_name = excluded.display_name, color = excluded.color, used_at = excluded.used_at`,
		h.UserID, h.Account, h.RoleName, h.DisplayName, h.Color, h.UsedAt).Error
	if err != nil {
		return mapErr("store: role history", err)
	}
	// The user's entries are told apart by the rest of the primary key.
	return mapErr("store: prune role history", q.db.Exec(`DELETE FROM role_history WHERE user_id = ? AND (account, role_name) NOT IN
		(SELECT account, role_name FROM role_history WHERE user_id = ? ORDER BY used_at DESC LIMIT ?)`, h.UserID, h.UserID, keep).Error)
}

// sqlTouchRoleHistory updates a role history entry (see TouchRoleHistory).
const sqlTouchRoleHistory = `UPDATE role_history SET display_name = ?, color = ?, used_at = ?
	WHERE user_id = ? AND account = ? AND role_name = ?`

// RoleHistoryFor lists a user's remembered roles, most recent first.
func (q *Q) RoleHistoryFor(userID string, n int) ([]RoleHistory, error) {
	var hs []RoleHistory
	err := q.db.Where("user_id = ?", userID).Order("used_at DESC").Limit(limit(n)).Find(&hs).Error
	return hs, mapErr("store: role history", err)
}

// PutFavoriteRole publishes (or updates) a favourite role for a group.
func (q *Q) PutFavoriteRole(f *FavoriteRole) error {
	return mapErr("store: put favorite role", q.db.Exec(`INSERT INTO favorite_roles (group_id, account, role_name, display_name, color, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (group_id, account, role_name) DO UPDATE SET display_name = excluded.display_name, color = excluded.color`,
		f.GroupID, f.Account, f.RoleName, f.DisplayName, f.Color, f.CreatedAt).Error)
}

// DeleteFavoriteRole unpublishes a favourite role; ErrNotFound when absent.
func (q *Q) DeleteFavoriteRole(groupID, account, roleName string) error {
	res := q.db.Where("group_id = ? AND account = ? AND role_name = ?", groupID, account, roleName).Delete(&FavoriteRole{})
	if res.Error == nil && res.RowsAffected == 0 {
		return mapErr("store: delete favorite role", gorm.ErrRecordNotFound)
	}
	return mapErr("store: delete favorite role", res.Error)
}

// FavoriteRolesForGroups lists the favourite roles of the given groups, by
// display order (account, role name).
func (q *Q) FavoriteRolesForGroups(groupIDs []string) ([]FavoriteRole, error) {
	if len(groupIDs) == 0 {
		return nil, nil
	}
	var fs []FavoriteRole
	err := q.db.Where("group_id IN ?", groupIDs).Order("account, role_name").Find(&fs).Error
	return fs, mapErr("store: favorite roles", err)
}
