// Package secret seals personal numbers (ID numbers, phones) at rest with AES-256-GCM and
// derives keyed hashes for exact lookups, so the database never holds them in clear.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Box seals and opens values with one master key.
type Box struct {
	aead    cipher.AEAD
	hashKey []byte
}

// New builds a Box from a 32-byte master key. The sealing and hashing keys are derived
// separately, so a leaked lookup hash says nothing about the sealing key.
func New(master []byte) (*Box, error) {
	if len(master) != 32 {
		return nil, fmt.Errorf("secret key must be 32 bytes, got %d", len(master))
	}
	block, err := aes.NewCipher(derive(master, "dangjian seal v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead, hashKey: derive(master, "dangjian lookup v1")}, nil
}

func derive(master []byte, label string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Seal encrypts s; the empty string seals to nil.
func (b *Box) Seal(s string) []byte {
	if s == "" {
		return nil
	}
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // the system's randomness failing is not something to carry on from
	}
	return b.aead.Seal(nonce, nonce, []byte(s), nil)
}

// Open decrypts what Seal produced.
func (b *Box) Open(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	n := b.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("secret: sealed value too short")
	}
	plain, err := b.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return "", errors.New("secret: cannot open value (wrong key?)")
	}
	return string(plain), nil
}

// Hash returns a keyed hash of s for equality lookups; "" hashes to "".
func (b *Box) Hash(s string) string {
	if s == "" {
		return ""
	}
	m := hmac.New(sha256.New, b.hashKey)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

// LoadKey returns the master key from a base64 string when given, otherwise from the key
// file, creating the file with a new random key (mode 0600) on first run. Several instances
// must share one key: give them the same DANGJIAN_SECRET_KEY or the same file.
func LoadKey(b64, file string) ([]byte, error) {
	if b64 != "" {
		return decodeKey(b64)
	}
	if raw, err := os.ReadFile(file); err == nil {
		return decodeKeyFile(file, raw)
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, err
	}
	// Write the key to a private temporary file and hard-link it into place: the link either
	// creates the key file complete or fails because another instance was first, so no
	// instance ever reads a half-written file (which O_EXCL + write allowed).
	tmp, err := os.CreateTemp(filepath.Dir(file), ".secret-*.tmp")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), file); os.IsExist(err) { // another instance made it first: use theirs
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		return decodeKeyFile(file, raw)
	} else if err != nil {
		return nil, err
	}
	return k, nil
}

func decodeKey(b64 string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(k) != 32 {
		return nil, errors.New("secret key: want 32 bytes in standard base64")
	}
	return k, nil
}

func decodeKeyFile(file string, raw []byte) ([]byte, error) {
	k, err := decodeKey(string(raw))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", file, err)
	}
	return k, nil
}
