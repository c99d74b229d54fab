package store

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// PasswordPolicy is an account's password policy (one row per account
// that has one). MaxPasswordAge and ReusePrevention 0 mean unset.
type PasswordPolicy struct {
	AccountID          string `gorm:"primaryKey"`
	MinimumLength      int
	RequireSymbols     bool
	RequireNumbers     bool
	RequireUppercase   bool
	RequireLowercase   bool
	AllowUsersToChange bool
	MaxPasswordAge     int
	ReusePrevention    int
	HardExpiry         bool
}

// TableName implements gorm's tabler.
func (PasswordPolicy) TableName() string { return "password_policies" }

// PasswordPolicyOf reads an account's password policy; ErrNotFound when
// it has none.
func (q *Q) PasswordPolicyOf(accountID string) (*PasswordPolicy, error) {
	var p PasswordPolicy
	err := q.db.Where("account_id = ?", accountID).Take(&p).Error
	return &p, mapErr("store: password policy", err)
}

// PutPasswordPolicy creates or replaces an account's password policy.
func (q *Q) PutPasswordPolicy(p *PasswordPolicy) error {
	err := q.db.Where("account_id = ?", p.AccountID).Delete(&PasswordPolicy{}).Error
	if err == nil {
		err = q.db.Create(p).Error
	}
	return mapErr("store: put password policy", err)
}

// DeletePasswordPolicy removes an account's password policy; ErrNotFound
// when it has none.
func (q *Q) DeletePasswordPolicy(accountID string) error {
	res := q.db.Where("account_id = ?", accountID).Delete(&PasswordPolicy{})
	if res.Error == nil && res.RowsAffected == 0 {
		return mapErr("store: delete password policy", gorm.ErrRecordNotFound)
	}
	return mapErr("store: delete password policy", res.Error)
}

// PasswordHistory is one password a user had.
type PasswordHistory struct {
	UserID    string
	Hash      string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (PasswordHistory) TableName() string { return "password_history" }

// maxPasswordHistory is the most passwords remembered per user (IAM's
// PasswordReusePrevention is at most 24).
const maxPasswordHistory = 24

// PreviousPasswords lists a user's last n password hashes, newest first.
func (q *Q) PreviousPasswords(userID string, n int) ([]string, error) {
	var hs []string
	err := q.db.Model(&PasswordHistory{}).Where("user_id = ?", userID).Order("created_at DESC").Limit(n).Pluck("hash", &hs).Error
	return hs, mapErr("store: password history", err)
}

// RememberPassword adds a hash to a user's history, keeping the newest 24.
func (q *Q) RememberPassword(userID, hash string, at time.Time) error {
	if err := q.db.Create(&PasswordHistory{UserID: userID, Hash: hash, CreatedAt: at}).Error; err != nil {
		return mapErr("store: remember password", err)
	}
	var old []time.Time
	err := q.db.Model(&PasswordHistory{}).Where("user_id = ?", userID).Order("created_at DESC").Offset(maxPasswordHistory).Pluck("created_at", &old).Error
	if err == nil && len(old) > 0 {
		err = q.db.Where("user_id = ? AND created_at <= ?", userID, old[0]).Delete(&PasswordHistory{}).Error
	}
	return mapErr("store: trim password history", err)
}

// InstanceProfile is an IAM instance profile.
type InstanceProfile struct {
	ID        string `gorm:"primaryKey"`
	AccountID string
	Name      string
	Path      string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (InstanceProfile) TableName() string { return "instance_profiles" }

// InstanceProfileRole puts a role in an instance profile.
type InstanceProfileRole struct {
	ProfileID string `gorm:"primaryKey"`
	RoleID    string `gorm:"primaryKey"`
}

// TableName implements gorm's tabler.
func (InstanceProfileRole) TableName() string { return "instance_profile_roles" }

// CreateInstanceProfile inserts p; ErrDuplicate when the name is taken.
func (q *Q) CreateInstanceProfile(p *InstanceProfile) error {
	return mapErr("store: create instance profile "+p.Name, q.db.Create(p).Error)
}

// InstanceProfileByName finds an instance profile by name, case-insensitively.
func (q *Q) InstanceProfileByName(accountID, name string) (*InstanceProfile, error) {
	var p InstanceProfile
	err := q.db.Where("account_id = ? AND "+q.d.foldEq("name"), accountID, name).Take(&p).Error
	return &p, mapErr("store: instance profile "+name, err)
}

// InstanceProfiles lists an account's instance profiles by name.
func (q *Q) InstanceProfiles(accountID string) ([]InstanceProfile, error) {
	var ps []InstanceProfile
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&ps).Error
	return ps, mapErr("store: instance profiles", err)
}

// DeleteInstanceProfile removes an instance profile.
func (q *Q) DeleteInstanceProfile(id string) error {
	err := q.db.Where("entity_type = 'instance-profile' AND entity_id = ?", id).Delete(&Tag{}).Error
	if err == nil {
		err = q.db.Where("id = ?", id).Delete(&InstanceProfile{}).Error
	}
	return mapErr("store: delete instance profile", err)
}

// InstanceProfileRoles maps each of an account's instance profile IDs to
// the IDs of its roles.
func (q *Q) InstanceProfileRoles(accountID string) (map[string][]string, error) {
	var rs []InstanceProfileRole
	err := q.db.Raw(`SELECT r.profile_id, r.role_id FROM instance_profile_roles r
		JOIN instance_profiles p ON p.id = r.profile_id WHERE p.account_id = ?`, accountID).Scan(&rs).Error
	out := map[string][]string{}
	for _, r := range rs {
		out[r.ProfileID] = append(out[r.ProfileID], r.RoleID)
	}
	return out, mapErr("store: instance profile roles", err)
}

// AddRoleToInstanceProfile puts a role in a profile.
func (q *Q) AddRoleToInstanceProfile(profileID, roleID string) error {
	return mapErr("store: add role to instance profile", q.db.Create(&InstanceProfileRole{ProfileID: profileID, RoleID: roleID}).Error)
}

// RemoveRoleFromInstanceProfile takes a role out of a profile; false when
// it was not in it.
func (q *Q) RemoveRoleFromInstanceProfile(profileID, roleID string) (bool, error) {
	res := q.db.Where("profile_id = ? AND role_id = ?", profileID, roleID).Delete(&InstanceProfileRole{})
	return res.RowsAffected > 0, mapErr("store: remove role from instance profile", res.Error)
}

// InstanceProfilesForRole lists the profiles a role is in.
func (q *Q) InstanceProfilesForRole(roleID string) ([]InstanceProfile, error) {
	var ps []InstanceProfile
	err := q.db.Raw(`SELECT p.* FROM instance_profiles p JOIN instance_profile_roles r ON r.profile_id = p.id
		WHERE r.role_id = ? ORDER BY p.name`, roleID).Scan(&ps).Error
	return ps, mapErr("store: instance profiles for role", err)
}

// CountRows counts the rows of table whose account_id is accountID (for
// the account summary); table is one of this package's names.
func (q *Q) CountRows(table, accountID string) (int64, error) {
	allowed := map[string]bool{"users": true, "groups": true, "roles": true, "policies": true, "instance_profiles": true, "mfa_devices": true}
	if !allowed[table] {
		return 0, errors.New("store: count rows of " + table)
	}
	var n int64
	err := q.db.Table(table).Where("account_id = ?", accountID).Count(&n).Error
	return n, mapErr("store: count "+table, err)
}

// PolicyTag is a tag of a customer managed policy; keys are compared
// case-sensitively, as IAM compares a managed policy's.
type PolicyTag struct {
	PolicyID string `gorm:"primaryKey"`
	Key      string `gorm:"primaryKey"`
	Value    string
}

// TableName implements gorm's tabler.
func (PolicyTag) TableName() string { return "policy_tags" }

// PolicyTags lists a managed policy's tags by key.
func (q *Q) PolicyTags(policyID string) ([]PolicyTag, error) {
	var ts []PolicyTag
	err := q.db.Where("policy_id = ?", policyID).Order("key").Find(&ts).Error
	return ts, mapErr("store: policy tags", err)
}

// PutPolicyTags upserts a managed policy's tags.
func (q *Q) PutPolicyTags(ts []PolicyTag) error {
	for _, t := range ts {
		err := q.db.Exec(`INSERT INTO policy_tags (policy_id, key, value) VALUES (?, ?, ?)
			ON CONFLICT (policy_id, key) DO UPDATE SET value = excluded.value`, t.PolicyID, t.Key, t.Value).Error
		if err != nil {
			return mapErr("store: put policy tag", err)
		}
	}
	return nil
}

// DeletePolicyTags removes a managed policy's tags by exact key.
func (q *Q) DeletePolicyTags(policyID string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return mapErr("store: delete policy tags", q.db.Where("policy_id = ? AND key IN ?", policyID, keys).Delete(&PolicyTag{}).Error)
}
