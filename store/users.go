package store

import "time"

// User is an IAM user. PasswordHash nil means no console password (no login profile).
type User struct {
	ID                    string `gorm:"primaryKey"`
	AccountID             string
	Name                  string
	Path                  string
	PasswordHash          *string
	PasswordResetRequired bool
	PasswordCreatedAt     *time.Time
	PasswordLastUsed      *time.Time
	BoundaryARN           *string
	CreatedAt             time.Time
}

// TableName implements gorm's tabler.
func (User) TableName() string { return "users" }

// CreateUser inserts u.
func (q *Q) CreateUser(u *User) error {
	return mapErr("store: create user "+u.Name, q.db.Create(u).Error)
}

// UserByName finds a user by name, case-insensitively, in an account.
func (q *Q) UserByName(accountID, name string) (*User, error) {
	var u User
	err := q.db.Where("account_id = ? AND "+q.d.foldEq("name"), accountID, name).Take(&u).Error
	return &u, mapErr("store: user "+name, err)
}

// UserByID finds a user by unique ID.
func (q *Q) UserByID(id string) (*User, error) {
	var u User
	err := q.db.Where("id = ?", id).Take(&u).Error
	return &u, mapErr("store: user "+id, err)
}

// Users lists users per f and the total that match.
func (q *Q) Users(f UserFilter) ([]User, int64, error) {
	return countedPage[User](q, &User{}, f, "users")
}

// UpdateUser saves the mutable columns of u.
func (q *Q) UpdateUser(u *User) error {
	return mapErr("store: update user "+u.Name, q.db.Select("*").Omit("id", "account_id", "created_at").Updates(u).Error)
}

// DeleteUser removes a user row; callers have checked AWS's DeleteConflict rules.
func (q *Q) DeleteUser(id string) error {
	q.forget("") // the user's console sessions go with it
	return mapErr("store: delete user", q.db.Where("id = ?", id).Delete(&User{}).Error)
}

// SetPasswordLastUsed records a console sign-in.
func (q *Q) SetPasswordLastUsed(userID string, at time.Time) error {
	return mapErr("store: password last used", q.db.Model(&User{}).Where("id = ?", userID).Update("password_last_used", at).Error)
}

// UsersByIDs returns the users with the given IDs, keyed by ID.
func (q *Q) UsersByIDs(ids []string) (map[string]User, error) {
	out := map[string]User{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []User
	err := q.db.Where("id IN ?", ids).Find(&us).Error
	for _, u := range us {
		out[u.ID] = u
	}
	return out, mapErr("store: users by id", err)
}

// AccountUsers lists every user of an account, by name.
func (q *Q) AccountUsers(accountID string) ([]User, error) {
	var us []User
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&us).Error
	return us, mapErr("store: account users", err)
}

// DeleteUserTags removes the named tag keys (case-insensitive) from an entity.
func (q *Q) DeleteUserTags(entityType, entityID string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	err := q.db.Where("entity_type = ? AND entity_id = ? AND "+q.d.foldIn("key"), entityType, entityID, keys).Delete(&Tag{}).Error
	return mapErr("store: delete tags", err)
}
