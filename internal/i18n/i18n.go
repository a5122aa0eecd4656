// Package i18n holds the message catalogues (zh-CN first, en-US complete) and picks the
// caller's language. Catalogues are flat JSON files named LOCALE.AREA.json with dotted keys;
// the areas of one locale merge into one catalogue.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

// Locales supported, the default first.
const (
	ZH = "zh-CN"
	EN = "en-US"
)

var Locales = []string{ZH, EN}

//go:embed locales/*.json
var files embed.FS

// Catalog maps locale → key → message.
type Catalog struct{ messages map[string]map[string]string }

// Load reads the embedded catalogues.
func Load() (*Catalog, error) { return LoadFS(files) }

// LoadFS reads LOCALE.AREA.json files from fsys's locales/ folder.
func LoadFS(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]string{}}
	for _, l := range Locales {
		c.messages[l] = map[string]string{}
	}
	entries, err := fs.ReadDir(fsys, "locales")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		locale, _, ok := strings.Cut(e.Name(), ".")
		if _, known := c.messages[locale]; !ok || !known {
			return nil, fmt.Errorf("i18n: %s: file name must be LOCALE.AREA.json with a known locale", e.Name())
		}
		raw, err := fs.ReadFile(fsys, "locales/"+e.Name())
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", e.Name(), err)
		}
		for k, v := range m {
			if _, dup := c.messages[locale][k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", e.Name(), k)
			}
			c.messages[locale][k] = v
		}
	}
	return c, nil
}

// MustLoad is Load for start-up.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the keys of a locale (for the parity test).
func (c *Catalog) Keys(locale string) map[string]bool {
	out := map[string]bool{}
	for k := range c.messages[locale] {
		out[k] = true
	}
	return out
}

// T returns the message for key in locale, formatted with args; a missing key falls back to
// Chinese, then to the key itself, so an untranslated message is visible rather than blank.
func (c *Catalog) T(locale, key string, args ...any) string {
	msg, ok := c.messages[locale][key]
	if !ok {
		if msg, ok = c.messages[ZH][key]; !ok {
			msg = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists in locale.
func (c *Catalog) Has(locale, key string) bool { _, ok := c.messages[locale][key]; return ok }

var matcher = language.NewMatcher([]language.Tag{language.MustParse(ZH), language.MustParse(EN)})

// Pick chooses a locale: an explicit choice (cookie, user setting) if supported, otherwise
// Accept-Language, otherwise Chinese.
func Pick(explicit, acceptLanguage string) string {
	for _, l := range Locales {
		if explicit == l {
			return l
		}
	}
	if acceptLanguage == "" {
		return ZH
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return ZH
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return ZH
	}
	return Locales[idx]
}

// FromRequest picks the locale of a request: the "lang" cookie, then Accept-Language.
func FromRequest(r *http.Request) string {
	explicit := ""
	if c, err := r.Cookie("lang"); err == nil {
		explicit = c.Value
	}
	return Pick(explicit, r.Header.Get("Accept-Language"))
}
