package auth_test

import (
	"strings"
	"testing"

	"dangjian/internal/auth"
)

func TestHashPassword(t *testing.T) {
	h := auth.HashPassword("Correct-Horse-9")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=32768,t=3,p=2$") {
		t.Fatalf("hash form %q", h)
	}
	if strings.Contains(h, "Correct-Horse-9") {
		t.Fatal("clear password in hash")
	}
	if !auth.CheckPassword(h, "Correct-Horse-9") {
		t.Fatal("right password refused")
	}
	for _, wrong := range []string{"correct-horse-9", "Correct-Horse-9 ", "", "Correct-Horse-"} {
		if auth.CheckPassword(h, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	if h2 := auth.HashPassword("Correct-Horse-9"); h2 == h || !auth.CheckPassword(h2, "Correct-Horse-9") {
		t.Fatal("the salt must differ per hash")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=x$a$b", "$bcrypt$v=19$m=32768,t=3,p=2$c2FsdA$a2V5",
		strings.Replace(h, "$argon2id$", "$argon2i$", 1), h[:strings.LastIndex(h, "$")+1]} {
		if auth.CheckPassword(bad, "Correct-Horse-9") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestPasswordProblem(t *testing.T) {
	for pw, want := range map[string]string{
		"Ab1!":                    "err.password.short",
		"短密码Ab1":                  "err.password.short", // 6 runes
		"abcdefgh":                "err.password.classes",
		"abcdefg1":                "err.password.classes",
		"ABCDEFG1":                "err.password.classes",
		"abcdEFGH":                "err.password.classes",
		"abcdEFG1":                "",
		"abcdefg1!":               "",
		"党建平台党建平台1a":              "", // CJK counts as "other"
		"Dangjian-2024":           "",
		strings.Repeat("aA1", 90): "err.password.long",
	} {
		if got := auth.PasswordProblem(pw); got != want {
			t.Errorf("%q: got %q want %q", pw, got, want)
		}
	}
}
