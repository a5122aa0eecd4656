package api_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"dangjian/internal/api"
	"dangjian/internal/domain"
)

// fuzzDecode feeds arbitrary bytes to a create request's decode+validate step (no service,
// no database): it must never panic, and must refuse with 400 or 422 whatever is not a JSON
// object of the right shape.
func fuzzDecode(t *testing.T, decode func(*bytes.Reader) error, body []byte) {
	err := decode(bytes.NewReader(body))
	if err == nil {
		trimmed := bytes.TrimLeft(body, " \t\r\n")
		if !json.Valid(body) || len(trimmed) == 0 || trimmed[0] != '{' {
			t.Fatalf("accepted a body that is not a JSON object: %q", body)
		}
		return
	}
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("not a domain error: %v", err)
	}
	if status := api.StatusOf(e.Code); status != 400 && status != 422 {
		t.Fatalf("%q → %s (%d), want 400 or 422", body, e.Code, status)
	}
	if e.Code == domain.EInvalid && len(e.Fields) == 0 {
		t.Fatalf("%q → invalid without fields", body)
	}
}

var fuzzSeeds = []string{
	``, `{}`, `[]`, `null`, `"x"`, `{"name":`, `{"name":"x"} {}`, `{"name":"a\u0000b"}`, `{"name":"\\u0000"}`,
	`{"name":5}`, `{"parent_id":true}`, `{"parent_id":"abc"}`, `{"parent_id":-1}`, `{"parent_id":1.5}`,
	`{"parent_id":99999999999999999999}`, `{"org_id":"12"}`, `{"org_id":12}`, `{"org_id":null}`, `{"org_id":""}`,
	`{"group_id":{}}`, `{"positions":["secretary",1]}`, `{"floating":"yes"}`, `{"unknown":1}`,
	`{"grants":[{"role":"member","org_id":"1"}]}`, `{"grants":[{"role":"member","org_id":[]}]}`, `{"grants":{}}`,
	`{"name":"党支部","type":"branch","parent_id":"2","unit_credit_code":"91110105MA01234567"}`,
	`{"name":"张三","id_number":"11010519800101003X","org_id":"3","category":"full","joined_on":"2010-07-01"}`,
	`{"username":"u1","password":"Dangjian-2024","member_id":"4"}`,
	"\xff\xfe{}", `{"name":"\ud800"}`, `{"a":` + string(bytes.Repeat([]byte("["), 10000)),
}

func FuzzCreateOrgRequest(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, func(r *bytes.Reader) error { return api.DecodeOrgRequest(r) }, body)
	})
}

func FuzzCreateMemberRequest(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, func(r *bytes.Reader) error { return api.DecodeMemberRequest(r) }, body)
	})
}

func FuzzCreateUserRequest(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzDecode(t, func(r *bytes.Reader) error { return api.DecodeUserRequest(r) }, body)
	})
}
