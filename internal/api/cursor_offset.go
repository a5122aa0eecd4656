package api

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Rankings and rating results page by position (a rank page cannot use a keyset: ties and
// several sort keys), and the services take the position as a decimal. The API keeps its
// cursors opaque all the same, so "o" + the position is wrapped like the keyset cursors.

// encodeOffset makes the opaque cursor of a service's position cursor ("" at the end).
func encodeOffset(pos string) string {
	if pos == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte("o" + pos))
}

// offsetCursor decodes ?cursor= of a positional list into the service's position ("" when
// absent).
func (p *params) offsetCursor() string {
	s := strings.TrimSpace(p.values.Get("cursor"))
	if s == "" {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(raw), "o") {
		p.problem("cursor", "api.param.cursor")
		return ""
	}
	n, err := strconv.Atoi(string(raw[1:]))
	if err != nil || n < 0 || n > 100_000_000 {
		p.problem("cursor", "api.param.cursor")
		return ""
	}
	return strconv.Itoa(n)
}
