package store

import (
	"time"
)

// DDBTable is a simulated DynamoDB table. AttributeDefinitions is the JSON
// list of the table's attribute definitions.
type DDBTable struct {
	ID                   int64 `gorm:"primaryKey;autoIncrement"`
	AccountID            string
	Region               string
	Name                 string
	TableID              string
	HashKey, HashType    string
	RangeKey, RangeType  string
	AttributeDefinitions string
	BillingMode          string
	ReadCapacity         int64
	WriteCapacity        int64
	TableClass           string
	DeletionProtection   bool
	CreatedAt            time.Time
}

// TableName implements gorm's tabler.
func (DDBTable) TableName() string { return "ddb_tables" }

// DDBTag is a tag of a table.
type DDBTag struct {
	TableID    int64 `gorm:"primaryKey"`
	Key, Value string
}

// TableName implements gorm's tabler.
func (DDBTag) TableName() string { return "ddb_tags" }

// CreateDDBTable inserts t with its tags; a name the account already has
// in the region is ErrDuplicate.
func (q *Q) CreateDDBTable(t *DDBTable, tags []DDBTag) error {
	if err := q.db.Create(t).Error; err != nil {
		return mapErr("store: create table "+t.Name, err)
	}
	for i := range tags {
		tags[i].TableID = t.ID
	}
	return q.PutDDBTags(t.ID, tags)
}

// DDBTable finds a table by name.
func (q *Q) DDBTable(accountID, region, name string) (*DDBTable, error) {
	var t DDBTable
	err := q.db.Where("account_id = ? AND region = ? AND name = ?", accountID, region, name).Take(&t).Error
	return &t, mapErr("store: table "+name, err)
}

// DDBTables lists an account's tables of a region by name, after the
// name after (exclusive), at most limit.
func (q *Q) DDBTables(accountID, region, after string, limit int) ([]DDBTable, error) {
	var ts []DDBTable
	db := q.db.Where("account_id = ? AND region = ?", accountID, region)
	if after != "" {
		db = db.Where("name > ?", after)
	}
	err := db.Order("name").Limit(limit).Find(&ts).Error
	return ts, mapErr("store: tables", err)
}

// UpdateDDBTable stores t's settings.
func (q *Q) UpdateDDBTable(t *DDBTable) error {
	return mapErr("store: update table "+t.Name, q.db.Save(t).Error)
}

// DeleteDDBTable deletes a table with its items and tags.
func (q *Q) DeleteDDBTable(id int64) error {
	if err := q.db.Exec(`DELETE FROM ddb_items WHERE table_id = ?`, id).Error; err != nil {
		return mapErr("store: delete table items", err)
	}
	if err := q.db.Exec(`DELETE FROM ddb_tags WHERE table_id = ?`, id).Error; err != nil {
		return mapErr("store: delete table tags", err)
	}
	return mapErr("store: delete table", q.db.Exec(`DELETE FROM ddb_tables WHERE id = ?`, id).Error)
}

// DDBTableStats counts a table's items and their bytes.
func (q *Q) DDBTableStats(id int64) (count, size int64, err error) {
	var row struct{ N, S int64 }
	err = q.db.Raw(`SELECT count(*) AS n, COALESCE(sum(size), 0) AS s FROM ddb_items WHERE table_id = ?`, id).Scan(&row).Error
	return row.N, row.S, mapErr("store: table stats", err)
}

// DDBTags lists a table's tags by key.
func (q *Q) DDBTags(id int64) ([]DDBTag, error) {
	var ts []DDBTag
	err := q.db.Where("table_id = ?", id).Order("key").Find(&ts).Error
	return ts, mapErr("store: table tags", err)
}

// PutDDBTags adds or replaces tags of a table.
func (q *Q) PutDDBTags(id int64, tags []DDBTag) error {
	for _, t := range tags {
		err := q.db.Exec(`INSERT INTO ddb_tags (table_id, key, value) VALUES (?, ?, ?)
			ON CONFLICT (table_id, key) DO UPDATE SET value = excluded.value`, id, t.Key, t.Value).Error
		if err != nil {
			return mapErr("store: put table tag", err)
		}
	}
	return nil
}

// DeleteDDBTags removes tags of a table by key.
func (q *Q) DeleteDDBTags(id int64, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return mapErr("store: delete table tags", q.db.Exec(`DELETE FROM ddb_tags WHERE table_id = ? AND key IN ?`, id, keys).Error)
}
