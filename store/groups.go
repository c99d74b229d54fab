package store

import "time"

// Group is an IAM group.
type Group struct {
	ID        string `gorm:"primaryKey"`
	AccountID string
	Name      string
	Path      string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (Group) TableName() string { return "groups" }

// GroupMember links a user to a group.
type GroupMember struct {
	GroupID   string `gorm:"primaryKey"`
	UserID    string `gorm:"primaryKey"`
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (GroupMember) TableName() string { return "group_members" }

// CreateGroup inserts g.
func (q *Q) CreateGroup(g *Group) error {
	return mapErr("store: create group "+g.Name, q.db.Create(g).Error)
}

// GroupByName finds a group by name, case-insensitively.
func (q *Q) GroupByName(accountID, name string) (*Group, error) {
	var g Group
	err := q.db.Where("account_id = ? AND name = ? COLLATE NOCASE", accountID, name).Take(&g).Error
	return &g, mapErr("store: group "+name, err)
}

// AddGroupMember adds a user to a group.
func (q *Q) AddGroupMember(groupID, userID string, at time.Time) error {
	return mapErr("store: add group member", q.db.Create(&GroupMember{GroupID: groupID, UserID: userID, CreatedAt: at}).Error)
}

// GroupsForUser lists the groups a user belongs to, by name.
func (q *Q) GroupsForUser(userID string) ([]Group, error) {
	var gs []Group
	err := q.db.Joins("JOIN group_members m ON m.group_id = groups.id").
		Where("m.user_id = ?", userID).Order("groups.name COLLATE NOCASE").Find(&gs).Error
	return gs, mapErr("store: groups for user", err)
}
