// Package auth holds passwords, sessions, tokens, lockout and the Actor: who is calling and
// which organisation subtrees their roles cover. Services ask the Actor; handlers only carry it.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters (RFC 9106's second recommended option, with less memory so a 2-core
// server can take a burst of sign-ins): 64 MiB would be stronger but slower on small boxes.
const (
	argonTime    = 3
	argonMemory  = 32 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the usual PHC string form.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches an argon2id hash made by HashPassword (with any
// parameters, so they can be raised later without breaking old hashes).
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// PasswordProblem returns the message key of what is wrong with a new password, or "":
// at least 8 characters and 3 of the 4 classes (lower, upper, digit, other).
func PasswordProblem(pw string) string {
	if len([]rune(pw)) < 8 {
		return "err.password.short"
	}
	if len(pw) > 256 {
		return "err.password.long"
	}
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other < 3 {
		return "err.password.classes"
	}
	return ""
}
