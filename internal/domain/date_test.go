package domain_test

import (
	"encoding/json"
	"testing"
	"time"

	"dangjian/internal/domain"
)

func TestDateJSON(t *testing.T) {
	type doc struct {
		D domain.Date  `json:"d"`
		P *domain.Date `json:"p,omitempty"`
	}
	b, err := json.Marshal(doc{D: domain.NewDate(2024, 2, 29)})
	if err != nil || string(b) != `{"d":"2024-02-29"}` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil || back.D != domain.NewDate(2024, 2, 29) {
		t.Fatalf("unmarshal: %+v %v", back, err)
	}
	if b, _ := json.Marshal(doc{}); string(b) != `{"d":null}` {
		t.Fatalf("zero date: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"d":null}`), &back); err != nil || !back.D.IsZero() {
		t.Fatalf("null: %+v %v", back, err)
	}
	for _, bad := range []string{`{"d":"2023-02-29"}`, `{"d":"2024/01/01"}`, `{"d":20240101}`, `{"d":"2024-1-1"}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestDateSQL(t *testing.T) {
	d := domain.NewDate(1999, 12, 31)
	v, err := d.Value()
	if err != nil || v != "1999-12-31" {
		t.Fatalf("value %v %v", v, err)
	}
	if v, _ := (domain.Date{}).Value(); v != nil {
		t.Fatalf("zero value %v", v)
	}
	shanghai := time.FixedZone("CST", 8*3600)
	for _, src := range []any{"1999-12-31", []byte("1999-12-31"), "1999-12-31 00:00:00+00:00",
		time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1999, 12, 31, 23, 30, 0, 0, shanghai)} {
		var got domain.Date
		if err := got.Scan(src); err != nil || got != d {
			t.Errorf("scan %#v: %s %v", src, got, err)
		}
	}
	var got = d
	if err := got.Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("scan nil: %s %v", got, err)
	}
	if err := got.Scan(42); err == nil {
		t.Error("scan int accepted")
	}
	if err := got.Scan("not a date"); err == nil {
		t.Error("scan garbage accepted")
	}
}

func TestYearsSince(t *testing.T) {
	birth := domain.NewDate(2006, 7, 1)
	cases := []struct {
		on   domain.Date
		want int
	}{
		{domain.NewDate(2024, 7, 1), 18},  // birthday today
		{domain.NewDate(2024, 6, 30), 17}, // birthday tomorrow
		{domain.NewDate(2024, 12, 31), 18},
		{domain.NewDate(2006, 7, 1), 0},
	}
	for _, c := range cases {
		if got := birth.YearsSince(c.on); got != c.want {
			t.Errorf("%s → %s: %d, want %d", birth, c.on, got, c.want)
		}
	}
	leap := domain.NewDate(2004, 2, 29)
	if got := leap.YearsSince(domain.NewDate(2022, 2, 28)); got != 17 {
		t.Errorf("Feb 29 on Feb 28: %d", got)
	}
	if got := leap.YearsSince(domain.NewDate(2022, 3, 1)); got != 18 {
		t.Errorf("Feb 29 on Mar 1: %d", got)
	}
	if got := leap.YearsSince(domain.NewDate(2024, 2, 29)); got != 20 {
		t.Errorf("Feb 29 on Feb 29: %d", got)
	}
}

func TestParseDate(t *testing.T) {
	if d, err := domain.ParseDate(""); err != nil || !d.IsZero() || d.String() != "" {
		t.Fatalf("empty: %v %v", d, err)
	}
	if _, err := domain.ParseDate("2024-13-01"); err == nil {
		t.Fatal("month 13 accepted")
	}
	d := domain.DateOf(time.Date(2024, 6, 30, 23, 0, 0, 0, time.UTC).In(time.FixedZone("CST", 8*3600)))
	if d.String() != "2024-07-01" {
		t.Fatalf("DateOf uses the time's own zone: %s", d)
	}
}
