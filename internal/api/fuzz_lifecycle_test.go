package api_test

import (
	"bytes"
	"testing"

	"dangjian/internal/api"
)

var lifecycleSeeds = append([]string{
	`{"step":"talk","done_on":"2023-01-20","people":[{"member_id":"3"},{"name":"团支书"}]}`,
	`{"people":[{"member_id":true}]}`, `{"people":[{"member_id":"x"}]}`, `{"people":{}}`, `{"votes_for":"3"}`,
	`{"member_id":"3","to_org_id":"5","reason":"x","dues_paid_through":"2026-10","valid_days":30}`,
	`{"member_id":null}`, `{"to_org_id":-2}`, `{"valid_days":1e3}`,
	`{"name":"钱八","id_number":"11010520000505001X","org_id":"3","applied_on":"2023-01-10"}`,
}, fuzzSeeds...)

func fuzzLifecycle(f *testing.F, decode func(*bytes.Reader) error) {
	for _, s := range lifecycleSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { fuzzDecode(t, decode, body) })
}

func FuzzStepRequest(f *testing.F) {
	fuzzLifecycle(f, func(r *bytes.Reader) error { return api.DecodeStepRequest(r) })
}

func FuzzTransferRequest(f *testing.F) {
	fuzzLifecycle(f, func(r *bytes.Reader) error { return api.DecodeTransferRequest(r) })
}

func FuzzApplicantRequest(f *testing.F) {
	fuzzLifecycle(f, func(r *bytes.Reader) error { return api.DecodeApplicantRequest(r) })
}
