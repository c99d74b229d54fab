package store

import "time"

// Account is an AWS account: 12-digit ID, optional alias, root user.
type Account struct {
	ID               string `gorm:"primaryKey"`
	Alias            *string
	Name             string
	RootEmail        string
	RootPasswordHash string
	Management       bool
	CreatedAt        time.Time
}

// TableName implements gorm's tabler.
func (Account) TableName() string { return "accounts" }

// CreateAccount inserts a.
func (q *Q) CreateAccount(a *Account) error {
	return mapErr("store: create account "+a.ID, q.db.Create(a).Error)
}

// Account finds an account by ID.
func (q *Q) Account(id string) (*Account, error) {
	var a Account
	err := q.db.Where("id = ?", id).Take(&a).Error
	return &a, mapErr("store: account "+id, err)
}

// AccountByAlias finds an account by its alias.
func (q *Q) AccountByAlias(alias string) (*Account, error) {
	var a Account
	err := q.db.Where("alias = ?", alias).Take(&a).Error
	return &a, mapErr("store: account alias "+alias, err)
}

// AccountByRootEmail finds an account by its root user's email (case-insensitive).
func (q *Q) AccountByRootEmail(email string) (*Account, error) {
	var a Account
	err := q.db.Where(q.d.foldEq("root_email"), email).Take(&a).Error
	return &a, mapErr("store: account by root email", err)
}

// Accounts lists all accounts, management first, then by creation.
func (q *Q) Accounts() ([]Account, error) {
	var as []Account
	err := q.db.Order("management DESC, created_at, id").Find(&as).Error
	return as, mapErr("store: list accounts", err)
}

// ManagementAccount returns the organization's management account.
func (q *Q) ManagementAccount() (*Account, error) {
	var a Account
	err := q.db.Where("management = ?", true).Take(&a).Error
	return &a, mapErr("store: management account", err)
}

// SetAccountAlias sets (or with nil clears) an account's alias.
func (q *Q) SetAccountAlias(id string, alias *string) error {
	return mapErr("store: set alias", q.db.Model(&Account{}).Where("id = ?", id).Update("alias", alias).Error)
}

// SetRootPassword replaces the root user's password hash.
func (q *Q) SetRootPassword(id, hash string) error {
	return mapErr("store: set root password", q.db.Model(&Account{}).Where("id = ?", id).Update("root_password_hash", hash).Error)
}

// AccountRoles lists every role of an account, by name.
func (q *Q) AccountRoles(accountID string) ([]Role, error) {
	var rs []Role
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&rs).Error
	return rs, mapErr("store: account roles", err)
}

// AccountPolicies lists every customer managed policy of an account, by name.
func (q *Q) AccountPolicies(accountID string) ([]Policy, error) {
	var ps []Policy
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&ps).Error
	return ps, mapErr("store: account policies", err)
}

// AccountPolicyVersions lists every version of an account's customer managed policies.
func (q *Q) AccountPolicyVersions(accountID string) ([]PolicyVersion, error) {
	var vs []PolicyVersion
	err := q.db.Joins("JOIN policies p ON p.id = policy_versions.policy_id").Where("p.account_id = ?", accountID).
		Order("policy_versions.policy_id, policy_versions.created_at DESC").Find(&vs).Error
	return vs, mapErr("store: account policy versions", err)
}

// AccountAttachments lists every managed-policy attachment in an account.
func (q *Q) AccountAttachments(accountID string) ([]Attachment, error) {
	var as []Attachment
	err := q.db.Where("account_id = ?", accountID).Order("entity_type, entity_id, policy_arn").Find(&as).Error
	return as, mapErr("store: account attachments", err)
}

// AccountTags lists the tags of every entity of one type in an account.
func (q *Q) AccountTags(entityType string, entityIDs []string) ([]Tag, error) {
	var ts []Tag
	if len(entityIDs) == 0 {
		return nil, nil
	}
	err := q.db.Where("entity_type = ? AND entity_id IN ?", entityType, entityIDs).Order("entity_id, " + q.d.foldOrder("key")).Find(&ts).Error
	return ts, mapErr("store: account tags", err)
}

// RenameAccountRole renames a role created with a new member account.
func (q *Q) RenameAccountRole(roleID, name string) error {
	return mapErr("store: rename role", q.db.Model(&Role{}).Where("id = ?", roleID).Update("name", name).Error)
}
