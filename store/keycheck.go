package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrKeyMismatch means the instance's encryption key is not the one the
// database's secrets were sealed with.
var ErrKeyMismatch = errors.New("store: the encryption key is not this database's")

// settingKeyCheck is the setting that holds the key check value.
const settingKeyCheck = "key_check"

// CheckKey compares check, the key check value of the instance's key (a
// digest that does not reveal the key), with the one recorded in the
// database, recording it first in a database that has none. Every instance
// of one database must use one key: sealed secrets and session tokens made
// by one are opened by the others. A different value is ErrKeyMismatch.
func (s *Store) CheckKey(ctx context.Context, check string) error {
	if check == "" {
		return errors.New("store: empty key check value")
	}
	var have string
	err := s.Tx(ctx, func(q *Q) error {
		// DO NOTHING: of instances starting together, the first one's stands.
		if err := q.db.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, settingKeyCheck, check).Error; err != nil {
			return mapErr("store: record the key check value", err)
		}
		v, _, err := q.Setting(settingKeyCheck)
		have = v
		return err
	})
	if err != nil {
		return err
	}
	if have != check {
		return fmt.Errorf("%w (the key's check value is %s, the database expects %s)", ErrKeyMismatch, check, have)
	}
	return nil
}
