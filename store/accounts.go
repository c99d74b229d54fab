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
	err := q.db.Where("root_email = ?", email).Take(&a).Error
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
	err := q.db.Where("management = 1").Take(&a).Error
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
