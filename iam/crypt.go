package iam

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Sealer encrypts secrets at rest (secret access keys, MFA seeds) with AES-256-GCM.
type Sealer struct{ aead cipher.AEAD }

// NewSealer builds a Sealer from a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("iam: encryption key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext; ad binds the ciphertext to its owner (e.g. the key ID).
func (s *Sealer) Seal(plaintext []byte, ad string) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plaintext, []byte(ad))
}

// Open decrypts what Seal produced with the same ad.
func (s *Sealer) Open(sealed []byte, ad string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("iam: sealed value too short")
	}
	return s.aead.Open(nil, sealed[:n], sealed[n:], []byte(ad))
}

// LoadKey reads a hex-encoded 32-byte key from envValue if set, else from the
// file at path, generating the file (mode 0600) when it does not exist.
func LoadKey(envValue, path string) ([]byte, error) {
	if envValue != "" {
		return decodeKey(envValue, "IAMCONSOLE_KEY")
	}
	b, err := os.ReadFile(path)
	if err == nil {
		return decodeKey(string(b), path)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("iam: read key file: %w", err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("iam: create key file: %w", err)
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("iam: create key file: %w", err)
	}
	return key, nil
}

func decodeKey(s, from string) ([]byte, error) {
	key, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("iam: the encryption key in %s must be 64 hex digits", from)
	}
	return key, nil
}
