package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"

	"iamconsole/iam"
	"iamconsole/store"
)

// keyFileUsage describes --key-file.
const keyFileUsage = "encryption key file; default: iamconsole.key beside an SQLite database, none for PostgreSQL (env IAMCONSOLE_KEY_FILE; or the key itself, 64 hex digits, in IAMCONSOLE_KEY)"

// errSharedKey refuses a PostgreSQL database without a key given: instances
// that each made their own key could not open each other's secrets.
var errSharedKey = errors.New("a PostgreSQL database is shared by every instance, and so is its encryption key: " +
	"give it with --key-file FILE or IAMCONSOLE_KEY (64 hex digits), the same on every instance")

// loadKey reads the instance's key: IAMCONSOLE_KEY, else the key file,
// which for an SQLite database defaults to iamconsole.key beside it and is
// made on first use.
func loadKey(db, keyFile string) ([]byte, error) {
	envKey := os.Getenv("IAMCONSOLE_KEY")
	if keyFile == "" {
		if store.IsURL(db) {
			if envKey == "" {
				return nil, errSharedKey
			}
		} else {
			keyFile = filepath.Join(filepath.Dir(db), "iamconsole.key")
		}
	}
	return iam.LoadKey(envKey, keyFile)
}

// keyCheckValue is what the database records of the key, so that an
// instance started with another key is refused: a digest that tells keys
// apart and reveals nothing of them (an HMAC under the key, of a purpose
// no other derivation uses).
func keyCheckValue(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("iamconsole key check value"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
