package store

import "time"

// Event is one event-history record; Record is the full CloudTrail-shaped JSON.
// The table is append-only (triggers refuse UPDATE and DELETE).
type Event struct {
	Seq           int64 `gorm:"primaryKey;autoIncrement"`
	EventID       string
	AccountID     string
	EventTime     time.Time
	EventName     string
	EventSource   string
	ReadOnly      bool
	Username      string
	AccessKeyID   string
	ResourceType  string
	ResourceName  string
	ErrorCode     string
	SharedEventID string
	Record        string
}

// TableName implements gorm's tabler.
func (Event) TableName() string { return "events" }

// fromStore and toStore undo and do the escape of eventArgs, for Events
// and the export.
func (e *Event) fromStore(d dialect) {
	e.EventName, e.Username, e.ResourceType = unescKey(d, e.EventName), unescKey(d, e.Username), unescKey(d, e.ResourceType)
	e.ResourceName, e.ErrorCode = unescKey(d, e.ResourceName), unescKey(d, e.ErrorCode)
}

func (e *Event) toStore(d dialect) {
	e.EventName, e.Username, e.ResourceType = escKey(d, e.EventName), escKey(d, e.Username), escKey(d, e.ResourceType)
	e.ResourceName, e.ErrorCode = escKey(d, e.ResourceName), escKey(d, e.ErrorCode)
}

// InsertEvents appends events in one statement batch.
func (q *Q) InsertEvents(es []Event) error {
	if len(es) == 0 {
		return nil
	}
	return q.insertEvents(es)
}

// EventFilter selects events of one account: at most one attribute, a time range.
type EventFilter struct {
	AccountID    string
	Attribute    string // EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId
	Value        string
	Start, End   time.Time
	IncludeReads bool
	BeforeSeq    int64 // pagination: events older than this sequence number
	Limit        int
}

var eventColumns = map[string]string{
	"EventId": "event_id", "EventName": "event_name", "ReadOnly": "read_only", "Username": "username",
	"ResourceType": "resource_type", "ResourceName": "resource_name", "EventSource": "event_source",
	"AccessKeyId": "access_key_id",
}

// Events lists events newest first.
func (q *Q) Events(f EventFilter) ([]Event, error) {
	db := q.db.Where("account_id = ?", f.AccountID)
	if col, ok := eventColumns[f.Attribute]; ok && f.Value != "" {
		if col == "read_only" {
			db = db.Where("read_only = ?", f.Value == "true")
		} else {
			db = db.Where(col+" = ?", escKey(q.d, f.Value))
		}
	} else if !f.IncludeReads {
		db = db.Where("read_only = ?", false)
	}
	if !f.Start.IsZero() {
		db = db.Where("event_time >= ?", f.Start)
	}
	if !f.End.IsZero() {
		db = db.Where("event_time <= ?", f.End)
	}
	if f.BeforeSeq > 0 {
		db = db.Where("seq < ?", f.BeforeSeq)
	}
	var es []Event
	err := db.Order("seq DESC").Limit(limit(f.Limit)).Find(&es).Error
	for i := range es {
		es[i].fromStore(q.d)
	}
	return es, mapErr("store: events", err)
}

// Setting reads a setting; ok is false when unset.
func (q *Q) Setting(key string) (string, bool, error) {
	var v []string
	err := q.db.Raw(`SELECT value FROM settings WHERE key = ?`, key).Scan(&v).Error
	if err != nil || len(v) == 0 {
		return "", false, mapErr("store: setting", err)
	}
	return v[0], true, nil
}

// SetSetting writes a setting.
func (q *Q) SetSetting(key, value string) error {
	return mapErr("store: set setting", q.db.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value).Error)
}
