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
	err := q.db.Where("account_id = ? AND "+q.d.foldEq("name"), accountID, name).Take(&g).Error
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
		Where("m.user_id = ?", userID).Order(q.d.foldOrder("groups.name")).Find(&gs).Error
	return gs, mapErr("store: groups for user", err)
}

// Groups lists groups per f and the total that match.
func (q *Q) Groups(f GroupFilter) ([]Group, int64, error) {
	return countedPage[Group](q, &Group{}, f, "groups")
}

// UpdateGroup saves a group's name and path.
func (q *Q) UpdateGroup(g *Group) error {
	err := q.db.Model(&Group{}).Where("id = ?", g.ID).Updates(map[string]any{"name": g.Name, "path": g.Path}).Error
	return mapErr("store: update group "+g.Name, err)
}

// DeleteGroup removes a group row; callers have checked AWS's DeleteConflict rules.
func (q *Q) DeleteGroup(id string) error {
	return mapErr("store: delete group", q.db.Where("id = ?", id).Delete(&Group{}).Error)
}

// RemoveGroupMember removes a user from a group; ErrNotFound if not a member.
func (q *Q) RemoveGroupMember(groupID, userID string) error {
	res := q.db.Where("group_id = ? AND user_id = ?", groupID, userID).Delete(&GroupMember{})
	if res.Error == nil && res.RowsAffected == 0 {
		return mapErr("store: remove group member", ErrNotFound)
	}
	return mapErr("store: remove group member", res.Error)
}

// GroupMembers lists a group's users, by name.
func (q *Q) GroupMembers(groupID string) ([]User, error) {
	var us []User
	err := q.db.Joins("JOIN group_members m ON m.user_id = users.id").
		Where("m.group_id = ?", groupID).Order(q.d.foldOrder("users.name")).Find(&us).Error
	return us, mapErr("store: group members", err)
}

// AccountGroups lists every group of an account, by name.
func (q *Q) AccountGroups(accountID string) ([]Group, error) {
	var gs []Group
	err := q.db.Where("account_id = ?", accountID).Order(q.d.foldOrder("name")).Find(&gs).Error
	return gs, mapErr("store: account groups", err)
}

// AccountGroupMembers lists every membership in an account's groups.
func (q *Q) AccountGroupMembers(accountID string) ([]GroupMember, error) {
	var ms []GroupMember
	err := q.db.Joins("JOIN groups g ON g.id = group_members.group_id").Where("g.account_id = ?", accountID).Find(&ms).Error
	return ms, mapErr("store: account group members", err)
}
