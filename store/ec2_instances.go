package store

import (
	"time"
)

// EC2Instance is a simulated EC2 instance. State is the state it entered at
// StateAt; when NextAt is set, it moves to NextState then (pending to
// running, stopping to stopped, shutting-down to terminated) without a
// write: readers compute the state at their time. A terminated instance
// is listed until GoneAt.
type EC2Instance struct {
	Seq              int64 `gorm:"primaryKey;autoIncrement"`
	ID               string
	AccountID        string
	Region           string
	ReservationID    string
	ImageID          string
	InstanceType     string
	KeyName          string
	LaunchIndex      int
	AvailabilityZone string
	SubnetID         string
	VpcID            string
	PrivateIP        string `gorm:"column:private_ip"`
	PublicIP         string `gorm:"column:public_ip"`
	ClientToken      string
	RequesterARN     string `gorm:"column:requester_arn"`
	State            string
	StateAt          time.Time
	NextState        string
	NextAt           *time.Time
	TransitionReason string
	StateReason      string
	LaunchTime       time.Time
	GoneAt           *time.Time
}

// TableName implements gorm's tabler.
func (EC2Instance) TableName() string { return "ec2_instances" }

// EC2Tag is a tag of an EC2 resource.
type EC2Tag struct {
	ResourceID   string `gorm:"primaryKey"`
	AccountID    string
	Region       string
	ResourceType string
	Key          string `gorm:"primaryKey"`
	Value        string
}

// TableName implements gorm's tabler.
func (EC2Tag) TableName() string { return "ec2_tags" }

// CreateEC2Instances inserts instances with their tags.
func (q *Q) CreateEC2Instances(is []EC2Instance, tags []EC2Tag) error {
	if len(is) > 0 {
		if err := q.db.Create(&is).Error; err != nil {
			return mapErr("store: create instances", err)
		}
	}
	return q.PutEC2Tags(tags)
}

// EC2InstanceFilter selects an account's instances of a region visible at
// Now: those with IDs (all when empty), after AfterSeq, at most Limit (0:
// no limit).
type EC2InstanceFilter struct {
	AccountID, Region string
	Now               time.Time
	IDs               []string
	AfterSeq          int64
	Limit             int
}

// EC2Instances lists instances in launch order.
func (q *Q) EC2Instances(f EC2InstanceFilter) ([]EC2Instance, error) {
	db := q.db.Where("account_id = ? AND region = ? AND (gone_at IS NULL OR gone_at > ?)", f.AccountID, f.Region, f.Now)
	if len(f.IDs) > 0 {
		db = db.Where("id IN ?", f.IDs)
	}
	if f.AfterSeq > 0 {
		db = db.Where("seq > ?", f.AfterSeq)
	}
	if f.Limit > 0 {
		db = db.Limit(f.Limit)
	}
	var is []EC2Instance
	err := db.Order("seq").Find(&is).Error
	return is, mapErr("store: instances", err)
}

// UpdateEC2Instance stores an instance's state.
func (q *Q) UpdateEC2Instance(i *EC2Instance) error {
	return mapErr("store: update instance "+i.ID, q.db.Save(i).Error)
}

// EC2Tags lists the tags of resources (all of the account's in the region
// when ids is empty), by resource and key.
func (q *Q) EC2Tags(accountID, region string, ids []string) ([]EC2Tag, error) {
	db := q.db.Where("account_id = ? AND region = ?", accountID, region)
	if len(ids) > 0 {
		db = db.Where("resource_id IN ?", ids)
	}
	var ts []EC2Tag
	err := db.Order("resource_id, key").Find(&ts).Error
	return ts, mapErr("store: tags", err)
}

// PutEC2Tags adds or replaces tags.
func (q *Q) PutEC2Tags(tags []EC2Tag) error {
	for _, t := range tags {
		err := q.db.Exec(`INSERT INTO ec2_tags (resource_id, account_id, region, resource_type, key, value) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value`, t.ResourceID, t.AccountID, t.Region, t.ResourceType, t.Key, t.Value).Error
		if err != nil {
			return mapErr("store: put tag", err)
		}
	}
	return nil
}

// DeleteEC2Tag removes a resource's tag by key, and only if it has value
// when value is not nil.
func (q *Q) DeleteEC2Tag(resourceID, key string, value *string) error {
	if value != nil {
		return mapErr("store: delete tag", q.db.Exec(`DELETE FROM ec2_tags WHERE resource_id = ? AND key = ? AND value = ?`, resourceID, key, *value).Error)
	}
	return mapErr("store: delete tag", q.db.Exec(`DELETE FROM ec2_tags WHERE resource_id = ? AND key = ?`, resourceID, key).Error)
}

// DeleteEC2ResourceTags removes every tag of resources.
func (q *Q) DeleteEC2ResourceTags(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return mapErr("store: delete tags", q.db.Exec(`DELETE FROM ec2_tags WHERE resource_id IN ?`, ids).Error)
}

// PurgeEC2Instances deletes instances gone before now, with their tags.
func (q *Q) PurgeEC2Instances(accountID, region string, now time.Time) error {
	err := q.db.Exec(`DELETE FROM ec2_tags WHERE resource_id IN (SELECT id FROM ec2_instances WHERE account_id = ? AND region = ? AND gone_at IS NOT NULL AND gone_at <= ?)`,
		accountID, region, now).Error
	if err == nil {
		err = q.db.Exec(`DELETE FROM ec2_instances WHERE account_id = ? AND region = ? AND gone_at IS NOT NULL AND gone_at <= ?`, accountID, region, now).Error
	}
	return mapErr("store: purge instances", err)
}
