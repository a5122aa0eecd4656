package api_test

import (
	"bytes"
	"strings"
	"testing"

	"dangjian/internal/api"
	"dangjian/internal/domain"
)

var pointsSeeds = append(append([]string{}, fuzzSeeds...),
	`{"indicator_id":"1","subject_type":"member","subject_id":"2","quantity":1.5,"occurred_on":"2024-01-01"}`,
	`{"quantity":1.25}`, `{"quantity":1e1}`, `{"quantity":"1"}`, `{"quantity":-0.5}`, `{"quantity":null}`,
	`{"quantity":99999999999999999999}`, `{"points":0.10}`, `{"caps":{"day":1.05}}`, `{"grades":[{"grade":60,"points":6.25}]}`,
	`{"org_id":"1","year":2024,"code":"X","name":"x","category":"activity","subject":"member","points":1,"unit":"count"}`,
	`{"evidence":[{}]}`, `{"ids":["1"]}`,
)

func FuzzAwardRequest(f *testing.F) {
	for _, s := range pointsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, func(r *bytes.Reader) error { return api.DecodeAwardRequest(r) }, body)
	})
}

func FuzzClaimRequest(f *testing.F) {
	for _, s := range pointsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, func(r *bytes.Reader) error { return api.DecodeClaimRequest(r) }, body)
	})
}

func FuzzIndicatorRequest(f *testing.F) {
	for _, s := range pointsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, func(r *bytes.Reader) error { return api.DecodeIndicatorRequest(r) }, body)
	})
}

// Points are exact to 0.1: more decimals or an exponent are invalid (422) naming the field,
// never rounded; a string is the wrong type (400).
func TestPointsDecodeExact(t *testing.T) {
	award := func(qty string) string {
		return `{"indicator_id":"1","subject_type":"member","subject_id":"2","occurred_on":"2024-01-01","quantity":` + qty + `}`
	}
	for qty, want := range map[string]string{"1.25": domain.EInvalid, "1e1": domain.EInvalid, "0.05": domain.EInvalid,
		`"1"`: domain.EBadRequest, "true": domain.EBadRequest, "1.5": "", "1.50": "", "-0.5": "", "12": ""} {
		err := api.DecodeAwardRequest(strings.NewReader(award(qty)))
		if got := domain.ErrorCode(err); got != want {
			t.Errorf("quantity %s: %v, want %q", qty, err, want)
			continue
		}
		if e, ok := domain.AsError(err); ok && e.Fields["quantity"] == "" {
			t.Errorf("quantity %s: the error does not name the field: %v", qty, err)
		}
	}
}

// The ledger's specific conflicts answer 409 and keep their own code (API.md).
func TestLedgerConflictCodes(t *testing.T) {
	for _, code := range []string{domain.EInsufficientBalance, "out_of_stock", "limit_reached", domain.EConflict} {
		if s := api.StatusOf(code); s != 409 {
			t.Errorf("%s → %d, want 409", code, s)
		}
	}
}
