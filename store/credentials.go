package store

import "time"

// AccessKey is a long-term access key; the secret is sealed.
type AccessKey struct {
	ID              string `gorm:"primaryKey"`
	AccountID       string
	UserID          string
	SecretSealed    []byte
	Status          string
	CreatedAt       time.Time
	LastUsedAt      *time.Time
	LastUsedService *string
	LastUsedRegion  *string
}

// TableName implements gorm's tabler.
func (AccessKey) TableName() string { return "access_keys" }

// MFADevice is a virtual MFA device; the seed is sealed.
type MFADevice struct {
	Serial       string `gorm:"primaryKey"`
	AccountID    string
	Name         string
	Path         string
	UserID       *string
	Root         bool
	SeedSealed   []byte
	EnabledAt    *time.Time
	LastUsedStep int64
	CreatedAt    time.Time
}

// TableName implements gorm's tabler.
func (MFADevice) TableName() string { return "mfa_devices" }

// CreateAccessKey inserts k.
func (q *Q) CreateAccessKey(k *AccessKey) error {
	return mapErr("store: create access key", q.db.Create(k).Error)
}

// AccessKey finds an access key by ID.
func (q *Q) AccessKey(id string) (*AccessKey, error) {
	var k AccessKey
	err := q.db.Where("id = ?", id).Take(&k).Error
	return &k, mapErr("store: access key", err)
}

// AccessKeysForUser lists a user's access keys, oldest first.
func (q *Q) AccessKeysForUser(userID string) ([]AccessKey, error) {
	var ks []AccessKey
	err := q.db.Where("user_id = ?", userID).Order("created_at, id").Find(&ks).Error
	return ks, mapErr("store: access keys", err)
}

// AccountAccessKeys lists the access keys of every user of an account,
// oldest first, without their sealed secrets (SecretSealed is nil): a
// report of the keys needs none.
func (q *Q) AccountAccessKeys(accountID string) ([]AccessKey, error) {
	var ks []AccessKey
	err := q.db.Select("id", "account_id", "user_id", "status", "created_at", "last_used_at", "last_used_service", "last_used_region").
		Where("account_id = ?", accountID).Order("created_at, id").Find(&ks).Error
	return ks, mapErr("store: account access keys", err)
}

// EnabledMFAForUser returns the user's enabled MFA devices.
func (q *Q) EnabledMFAForUser(userID string) ([]MFADevice, error) {
	var ds []MFADevice
	err := q.db.Where("user_id = ? AND enabled_at IS NOT NULL", userID).Order("enabled_at").Find(&ds).Error
	return ds, mapErr("store: mfa devices", err)
}

// EnabledMFAForRoot returns the root user's enabled MFA devices.
func (q *Q) EnabledMFAForRoot(accountID string) ([]MFADevice, error) {
	var ds []MFADevice
	err := q.db.Where("account_id = ? AND root = ? AND enabled_at IS NOT NULL", accountID, true).Order("enabled_at").Find(&ds).Error
	return ds, mapErr("store: mfa devices", err)
}

// UseMFAStep records that a TOTP time step was accepted, only if it is newer
// than the last accepted one: it reports false for a replayed code.
func (q *Q) UseMFAStep(serial string, step int64) (bool, error) {
	res := q.db.Model(&MFADevice{}).Where("serial = ? AND last_used_step < ?", serial, step).Update("last_used_step", step)
	return res.RowsAffected == 1, mapErr("store: use mfa step", res.Error)
}

// UpdateAccessKeyStatus sets an access key's status (Active or Inactive).
func (q *Q) UpdateAccessKeyStatus(id, status string) error {
	return mapErr("store: update access key", q.db.Model(&AccessKey{}).Where("id = ?", id).Update("status", status).Error)
}

// DeleteAccessKey removes an access key.
func (q *Q) DeleteAccessKey(id string) error {
	return mapErr("store: delete access key", q.db.Where("id = ?", id).Delete(&AccessKey{}).Error)
}

// CreateMFADevice inserts a virtual MFA device.
func (q *Q) CreateMFADevice(d *MFADevice) error {
	return mapErr("store: create mfa device", q.db.Create(d).Error)
}

// MFADevice finds a virtual MFA device by serial number.
func (q *Q) MFADevice(serial string) (*MFADevice, error) {
	var d MFADevice
	err := q.db.Where("serial = ?", serial).Take(&d).Error
	return &d, mapErr("store: mfa device", err)
}

// MFADevicesForUser lists every device assigned to a user, enabled or not.
func (q *Q) MFADevicesForUser(userID string) ([]MFADevice, error) {
	var ds []MFADevice
	err := q.db.Where("user_id = ?", userID).Order("created_at, serial").Find(&ds).Error
	return ds, mapErr("store: mfa devices", err)
}

// VirtualMFADevices lists an account's devices: assignment "Assigned",
// "Unassigned" or "" (any).
func (q *Q) VirtualMFADevices(accountID, assignment string) ([]MFADevice, error) {
	db := q.db.Where("account_id = ?", accountID)
	switch assignment {
	case "Assigned":
		db = db.Where("enabled_at IS NOT NULL")
	case "Unassigned":
		db = db.Where("enabled_at IS NULL")
	}
	var ds []MFADevice
	err := db.Order("serial").Find(&ds).Error
	return ds, mapErr("store: virtual mfa devices", err)
}

// UpdateMFADevice saves a device's assignment and enablement.
func (q *Q) UpdateMFADevice(d *MFADevice) error {
	err := q.db.Model(&MFADevice{}).Where("serial = ?", d.Serial).Updates(map[string]any{
		"user_id": d.UserID, "root": d.Root, "enabled_at": d.EnabledAt, "last_used_step": d.LastUsedStep}).Error
	return mapErr("store: update mfa device", err)
}

// DeleteMFADevice removes a virtual MFA device.
func (q *Q) DeleteMFADevice(serial string) error {
	return mapErr("store: delete mfa device", q.db.Where("serial = ?", serial).Delete(&MFADevice{}).Error)
}

// TouchAccessKey records when, for which service and in which region an
// access key was last used.
func (q *Q) TouchAccessKey(id string, at time.Time, service, region string) error {
	return mapErr("store: touch access key", q.db.Model(&AccessKey{}).Where("id = ?", id).
		Updates(map[string]any{"last_used_at": at, "last_used_service": service, "last_used_region": region}).Error)
}
