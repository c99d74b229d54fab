package store

import "time"

// SignInFailure is the recent sign-in failures under one throttling key.
type SignInFailure struct {
	Key          string `gorm:"primaryKey"`
	Failures     int
	LastFailedAt time.Time
}

// TableName implements gorm's tabler.
func (SignInFailure) TableName() string { return "signin_failures" }

// SignInFailures lists the failures recorded under keys whose last failure
// is at since or later; older ones no longer count.
func (q *Q) SignInFailures(keys []string, since time.Time) ([]SignInFailure, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	var fs []SignInFailure
	err := q.db.Where("key IN ? AND last_failed_at >= ?", keys, since).Find(&fs).Error
	return fs, mapErr("store: sign-in failures", err)
}

// sqlAddSignInFailure counts one failure more under a key; a count whose
// last failure is older than the window starts over.
const sqlAddSignInFailure = `INSERT INTO signin_failures (key, failures, last_failed_at) VALUES (?, 1, ?)
	ON CONFLICT (key) DO UPDATE SET
		failures = CASE WHEN signin_failures.last_failed_at < ? THEN 1 ELSE signin_failures.failures + 1 END,
		last_failed_at = excluded.last_failed_at`

// AddSignInFailures counts one failure more under each key at now; counts
// whose last failure is before since start over at one.
func (q *Q) AddSignInFailures(keys []string, now, since time.Time) error {
	for _, k := range keys {
		if err := q.db.Exec(sqlAddSignInFailure, k, now, since).Error; err != nil {
			return mapErr("store: add sign-in failure", err)
		}
	}
	return nil
}

// ClearSignInFailures forgets the failures under keys.
func (q *Q) ClearSignInFailures(keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return mapErr("store: clear sign-in failures", q.db.Where("key IN ?", keys).Delete(&SignInFailure{}).Error)
}

// DeleteSignInFailuresBefore drops the keys whose last failure is before t.
func (q *Q) DeleteSignInFailuresBefore(t time.Time) (int64, error) {
	res := q.db.Where("last_failed_at < ?", t).Delete(&SignInFailure{})
	return res.RowsAffected, mapErr("store: prune sign-in failures", res.Error)
}
