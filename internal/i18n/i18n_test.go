package i18n

import (
	"sort"
	"testing"
)

// Every key in one language must exist in the other: English is complete, not a fallback.
func TestLocaleKeyParity(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	zh, en := c.Keys(ZH), c.Keys(EN)
	var missing []string
	for k := range zh {
		if !en[k] {
			missing = append(missing, "en-US lacks "+k)
		}
	}
	for k := range en {
		if !zh[k] {
			missing = append(missing, "zh-CN lacks "+k)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
	if len(zh) < 50 {
		t.Errorf("only %d keys: catalogues not loaded?", len(zh))
	}
}

func TestPick(t *testing.T) {
	cases := []struct{ explicit, accept, want string }{
		{"", "", ZH}, {"", "en-US,en;q=0.9", EN}, {"", "en", EN}, {"", "zh-TW", ZH},
		{"en-US", "zh-CN", EN}, {"fr-FR", "fr", ZH}, {"", "garbage;;;", ZH},
	}
	for _, c := range cases {
		if got := Pick(c.explicit, c.accept); got != c.want {
			t.Errorf("Pick(%q, %q) = %s, want %s", c.explicit, c.accept, got, c.want)
		}
	}
}
