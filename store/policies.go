package store

import "time"

// Policy is a customer managed policy.
type Policy struct {
	ID               string `gorm:"primaryKey"`
	AccountID        string
	Name             string
	Path             string
	ARN              string `gorm:"column:arn"`
	Description      string
	DefaultVersionID string
	NextVersion      int
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// TableName implements gorm's tabler.
func (Policy) TableName() string { return "policies" }

// PolicyVersion is one version of a customer managed policy.
type PolicyVersion struct {
	PolicyID  string `gorm:"primaryKey"`
	VersionID string `gorm:"primaryKey"`
	Document  string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (PolicyVersion) TableName() string { return "policy_versions" }

// Attachment attaches a managed policy (customer or AWS) to a user, group or role.
type Attachment struct {
	AccountID  string
	EntityType string `gorm:"primaryKey"`
	EntityID   string `gorm:"primaryKey"`
	PolicyARN  string `gorm:"primaryKey;column:policy_arn"`
	CreatedAt  time.Time
}

// TableName implements gorm's tabler.
func (Attachment) TableName() string { return "attachments" }

// InlinePolicy is a policy embedded in a user, group or role.
type InlinePolicy struct {
	EntityType string `gorm:"primaryKey"`
	EntityID   string `gorm:"primaryKey"`
	Name       string `gorm:"primaryKey"`
	Document   string
	CreatedAt  time.Time
}

// TableName implements gorm's tabler.
func (InlinePolicy) TableName() string { return "inline_policies" }

// Tag is a key/value tag on an entity.
type Tag struct {
	EntityType string `gorm:"primaryKey"`
	EntityID   string `gorm:"primaryKey"`
	Key        string `gorm:"primaryKey"`
	Value      string
}

// TableName implements gorm's tabler.
func (Tag) TableName() string { return "tags" }

// CreatePolicy inserts a customer managed policy and its first version.
func (q *Q) CreatePolicy(p *Policy, v *PolicyVersion) error {
	if err := q.db.Create(p).Error; err != nil {
		return mapErr("store: create policy "+p.Name, err)
	}
	return mapErr("store: create policy version", q.db.Create(v).Error)
}

// PolicyByARN finds a customer managed policy by ARN.
func (q *Q) PolicyByARN(policyARN string) (*Policy, error) {
	var p Policy
	err := q.db.Where("arn = ?", policyARN).Take(&p).Error
	return &p, mapErr("store: policy "+policyARN, err)
}

// PolicyVersion finds one version of a policy.
func (q *Q) PolicyVersion(policyID, versionID string) (*PolicyVersion, error) {
	var v PolicyVersion
	err := q.db.Where("policy_id = ? AND version_id = ?", policyID, versionID).Take(&v).Error
	return &v, mapErr("store: policy version", err)
}

// Attach attaches a managed policy to an entity.
func (q *Q) Attach(a *Attachment) error {
	return mapErr("store: attach policy", q.db.Create(a).Error)
}

// AttachedPolicies lists the policy ARNs attached to an entity.
func (q *Q) AttachedPolicies(entityType, entityID string) ([]Attachment, error) {
	var as []Attachment
	err := q.db.Where("entity_type = ? AND entity_id = ?", entityType, entityID).Order("policy_arn").Find(&as).Error
	return as, mapErr("store: attached policies", err)
}

// AttachedPoliciesMany lists the attachments of many entities of one type.
func (q *Q) AttachedPoliciesMany(entityType string, entityIDs []string) ([]Attachment, error) {
	var as []Attachment
	if len(entityIDs) == 0 {
		return nil, nil
	}
	err := q.db.Where("entity_type = ? AND entity_id IN ?", entityType, entityIDs).Order("entity_id, policy_arn").Find(&as).Error
	return as, mapErr("store: attached policies", err)
}

// PutInlinePolicy creates or replaces an inline policy.
func (q *Q) PutInlinePolicy(p *InlinePolicy) error {
	err := q.db.Exec(`INSERT INTO inline_policies (entity_type, entity_id, name, document, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (entity_type, entity_id, name) DO UPDATE SET document = excluded.document`,
		p.EntityType, p.EntityID, p.Name, p.Document, p.CreatedAt).Error
	return mapErr("store: put inline policy", err)
}

// InlinePolicies lists the inline policies of entities of one type.
func (q *Q) InlinePolicies(entityType string, entityIDs ...string) ([]InlinePolicy, error) {
	var ps []InlinePolicy
	if len(entityIDs) == 0 {
		return nil, nil
	}
	err := q.db.Where("entity_type = ? AND entity_id IN ?", entityType, entityIDs).Order("entity_id, name COLLATE NOCASE").Find(&ps).Error
	return ps, mapErr("store: inline policies", err)
}

// DefaultDocuments returns, for customer managed policy ARNs, their default
// version's document keyed by ARN.
func (q *Q) DefaultDocuments(arns []string) (map[string]string, error) {
	out := map[string]string{}
	if len(arns) == 0 {
		return out, nil
	}
	var rows []struct {
		ARN      string `gorm:"column:arn"`
		Document string
	}
	err := q.db.Raw(`SELECT p.arn AS arn, v.document AS document FROM policies p
		JOIN policy_versions v ON v.policy_id = p.id AND v.version_id = p.default_version_id
		WHERE p.arn IN ?`, arns).Scan(&rows).Error
	for _, r := range rows {
		out[r.ARN] = r.Document
	}
	return out, mapErr("store: default documents", err)
}

// Tags lists an entity's tags, by key.
func (q *Q) Tags(entityType, entityID string) ([]Tag, error) {
	var ts []Tag
	err := q.db.Where("entity_type = ? AND entity_id = ?", entityType, entityID).Order("key COLLATE NOCASE").Find(&ts).Error
	return ts, mapErr("store: tags", err)
}

// PutTags upserts tags (keys case-insensitive, case preserved from the newest write).
func (q *Q) PutTags(ts []Tag) error {
	for _, t := range ts {
		err := q.db.Exec(`INSERT INTO tags (entity_type, entity_id, key, value) VALUES (?, ?, ?, ?)
			ON CONFLICT (entity_type, entity_id, key) DO UPDATE SET key = excluded.key, value = excluded.value`,
			t.EntityType, t.EntityID, t.Key, t.Value).Error
		if err != nil {
			return mapErr("store: put tag", err)
		}
	}
	return nil
}
