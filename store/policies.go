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
		ON CONFLICT (entity_type, entity_id, `+q.d.foldKey("name")+`) DO UPDATE SET document = excluded.document`,
		p.EntityType, p.EntityID, p.Name, p.Document, p.CreatedAt).Error
	return mapErr("store: put inline policy", err)
}

// InlinePolicies lists the inline policies of entities of one type.
func (q *Q) InlinePolicies(entityType string, entityIDs ...string) ([]InlinePolicy, error) {
	var ps []InlinePolicy
	if len(entityIDs) == 0 {
		return nil, nil
	}
	err := q.db.Where("entity_type = ? AND entity_id IN ?", entityType, entityIDs).Order("entity_id, " + q.d.foldOrder("name")).Find(&ps).Error
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
	err := q.db.Where("entity_type = ? AND entity_id = ?", entityType, entityID).Order(q.d.foldOrder("key")).Find(&ts).Error
	return ts, mapErr("store: tags", err)
}

// PutTags upserts tags (keys case-insensitive, case preserved from the newest write).
func (q *Q) PutTags(ts []Tag) error {
	for _, t := range ts {
		err := q.db.Exec(`INSERT INTO tags (entity_type, entity_id, key, value) VALUES (?, ?, ?, ?)
			ON CONFLICT (entity_type, entity_id, `+q.d.foldKey("key")+`) DO UPDATE SET key = excluded.key, value = excluded.value`,
			t.EntityType, t.EntityID, t.Key, t.Value).Error
		if err != nil {
			return mapErr("store: put tag", err)
		}
	}
	return nil
}

// Policies lists an account's customer managed policies by name.
func (q *Q) Policies(accountID string) ([]Policy, error) {
	var ps []Policy
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&ps).Error
	return ps, mapErr("store: list policies", err)
}

// UpdatePolicy saves the mutable columns of p.
func (q *Q) UpdatePolicy(p *Policy) error {
	return mapErr("store: update policy", q.db.Select("default_version_id", "next_version", "description", "updated_at").Updates(p).Error)
}

// DeletePolicy removes a customer managed policy, its versions and tags.
func (q *Q) DeletePolicy(id string) error {
	if err := q.db.Where("policy_id = ?", id).Delete(&PolicyVersion{}).Error; err != nil {
		return mapErr("store: delete policy versions", err)
	}
	if err := q.db.Where("entity_type = 'policy' AND entity_id = ?", id).Delete(&Tag{}).Error; err != nil {
		return mapErr("store: delete policy tags", err)
	}
	if err := q.db.Where("policy_id = ?", id).Delete(&PolicyTag{}).Error; err != nil {
		return mapErr("store: delete policy tags", err)
	}
	return mapErr("store: delete policy", q.db.Where("id = ?", id).Delete(&Policy{}).Error)
}

// PolicyVersions lists a policy's versions, newest first.
func (q *Q) PolicyVersions(policyID string) ([]PolicyVersion, error) {
	var vs []PolicyVersion
	err := q.db.Where("policy_id = ?", policyID).Order("created_at DESC, length(version_id) DESC, version_id DESC").Find(&vs).Error
	return vs, mapErr("store: policy versions", err)
}

// CreatePolicyVersion inserts a version.
func (q *Q) CreatePolicyVersion(v *PolicyVersion) error {
	return mapErr("store: create policy version", q.db.Create(v).Error)
}

// DeletePolicyVersion removes one version.
func (q *Q) DeletePolicyVersion(policyID, versionID string) error {
	return mapErr("store: delete policy version", q.db.Where("policy_id = ? AND version_id = ?", policyID, versionID).Delete(&PolicyVersion{}).Error)
}

// Detach removes an attachment and reports whether there was one.
func (q *Q) Detach(entityType, entityID, policyARN string) (bool, error) {
	res := q.db.Where("entity_type = ? AND entity_id = ? AND policy_arn = ?", entityType, entityID, policyARN).Delete(&Attachment{})
	return res.RowsAffected > 0, mapErr("store: detach policy", res.Error)
}

// AttachmentCounts counts, per policy ARN, the attachments in an account.
func (q *Q) AttachmentCounts(accountID string) (map[string]int, error) {
	var rows []struct {
		ARN string `gorm:"column:policy_arn"`
		N   int
	}
	err := q.db.Raw(`SELECT policy_arn, count(*) AS n FROM attachments WHERE account_id = ? GROUP BY policy_arn`, accountID).Scan(&rows).Error
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.ARN] = r.N
	}
	return out, mapErr("store: attachment counts", err)
}

// PolicyEntity is an entity a policy is attached to.
type PolicyEntity struct {
	Type, ID, Name, Path string
}

// EntitiesForPolicy lists, by type and name, the users, groups and roles of an
// account that a policy is attached to.
func (q *Q) EntitiesForPolicy(accountID, policyARN string) ([]PolicyEntity, error) {
	var out []PolicyEntity
	err := q.db.Raw(`SELECT a.entity_type AS type, a.entity_id AS id, COALESCE(u.name, g.name, r.name) AS name,
			COALESCE(u.path, g.path, r.path) AS path
		FROM attachments a
		LEFT JOIN users u ON a.entity_type = 'user' AND u.id = a.entity_id
		LEFT JOIN groups g ON a.entity_type = 'group' AND g.id = a.entity_id
		LEFT JOIN roles r ON a.entity_type = 'role' AND r.id = a.entity_id
		WHERE a.account_id = ? AND a.policy_arn = ?
		ORDER BY a.entity_type, `+q.d.foldOrder("COALESCE(u.name, g.name, r.name)"), accountID, policyARN).Scan(&out).Error
	return out, mapErr("store: entities for policy", err)
}

// InlinePolicy finds one inline policy by name, case-insensitively.
func (q *Q) InlinePolicy(entityType, entityID, name string) (*InlinePolicy, error) {
	var p InlinePolicy
	err := q.db.Where("entity_type = ? AND entity_id = ? AND "+q.d.foldEq("name"), entityType, entityID, name).Take(&p).Error
	return &p, mapErr("store: inline policy "+name, err)
}

// DeleteInlinePolicy removes an inline policy and reports whether it existed.
func (q *Q) DeleteInlinePolicy(entityType, entityID, name string) (bool, error) {
	res := q.db.Where("entity_type = ? AND entity_id = ? AND "+q.d.foldEq("name"), entityType, entityID, name).Delete(&InlinePolicy{})
	return res.RowsAffected > 0, mapErr("store: delete inline policy", res.Error)
}

// DeleteEntityTags removes the given tag keys (case-insensitive) of an
// entity; it is DeleteUserTags, which serves every entity type.
func (q *Q) DeleteEntityTags(entityType, entityID string, keys []string) error {
	return q.DeleteUserTags(entityType, entityID, keys)
}
