package domain

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseAndFormatPoints(t *testing.T) {
	good := []struct {
		in   string
		want Points
		out  string
	}{
		{"12", 120, "12"}, {"12.5", 125, "12.5"}, {"-0.5", -5, "-0.5"}, {"+3", 30, "3"}, {"0", 0, "0"},
		{"1.50", 15, "1.5"}, {"0.1", 1, "0.1"}, {" 7.0 ", 70, "7"}, {"-12.3", -123, "-12.3"},
	}
	for _, c := range good {
		got, err := ParsePoints(c.in)
		if err != nil || got != c.want || got.String() != c.out {
			t.Errorf("ParsePoints(%q) = %d (%s), %v; want %d (%s)", c.in, got, got, err, c.want, c.out)
		}
	}
	for _, bad := range []string{"1.25", "", ".5", "1.", "1e3", "abc", "1,5", "--1", "0x10", "1.2.3", "9999999999999999"} {
		if p, err := ParsePoints(bad); err == nil {
			t.Errorf("ParsePoints(%q) = %d, want an error", bad, p)
		}
	}
}

func TestPointsJSONHasNoFloat(t *testing.T) {
	var v struct {
		P Points `json:"p"`
		Q Points `json:"q"`
	}
	// 0.1 + 0.2 is the classic float trap: as tenths it is exact.
	if err := json.Unmarshal([]byte(`{"p": 0.1, "q": "0.2"}`), &v); err != nil {
		t.Fatal(err)
	}
	sum := v.P + v.Q
	b, _ := json.Marshal(map[string]Points{"sum": sum})
	if string(b) != `{"sum":0.3}` {
		t.Fatalf("got %s", b)
	}
	if err := json.Unmarshal([]byte(`{"p": 1.25}`), &v); err == nil {
		t.Fatal("1.25 accepted")
	}
}

func TestMulQuantityRoundsHalfAway(t *testing.T) {
	cases := []struct{ per, qty, want Points }{
		{25, 15, 38},   // 2.5 × 1.5 = 3.75 → 3.8
		{10, 30, 30},   // 1 × 3 = 3
		{-25, 15, -38}, // symmetric for deductions
		{5, 1, 1},      // 0.5 × 0.1 = 0.05 → 0.1
		{4, 1, 0},      // 0.4 × 0.1 = 0.04 → 0
	}
	for _, c := range cases {
		if got := MulQuantity(c.per, c.qty); got != c.want {
			t.Errorf("MulQuantity(%s, %s) = %s, want %s", c.per, c.qty, got, c.want)
		}
	}
}

func TestPeriodBoundsChinaCalendar(t *testing.T) {
	d := func(s string) Date { v, _ := ParseDate(s); return v }
	cases := []struct{ kind, day, from, to string }{
		{PeriodDay, "2024-03-10", "2024-03-10", "2024-03-11"},
		{PeriodWeek, "2024-03-10", "2024-03-04", "2024-03-11"}, // a Sunday belongs to the week from Monday
		{PeriodWeek, "2024-03-11", "2024-03-11", "2024-03-18"}, // a Monday starts one
		{PeriodWeek, "2024-01-01", "2024-01-01", "2024-01-08"},
		{PeriodWeek, "2023-12-31", "2023-12-25", "2024-01-01"}, // weeks cross years
		{PeriodMonth, "2024-02-29", "2024-02-01", "2024-03-01"},
		{PeriodQuarter, "2024-03-31", "2024-01-01", "2024-04-01"},
		{PeriodQuarter, "2024-04-01", "2024-04-01", "2024-07-01"},
		{PeriodQuarter, "2024-12-31", "2024-10-01", "2025-01-01"},
		{PeriodYear, "2024-06-15", "2024-01-01", "2025-01-01"},
	}
	for _, c := range cases {
		from, to := PeriodBounds(c.kind, d(c.day))
		if from.String() != c.from || to.String() != c.to {
			t.Errorf("%s of %s = [%s, %s), want [%s, %s)", c.kind, c.day, from, to, c.from, c.to)
		}
	}
}

func TestApplyCaps(t *testing.T) {
	p := func(v int64) *Points { x := Whole(v); return &x }
	caps := Caps{Day: p(5), Week: p(8), Year: p(20)}
	cases := []struct {
		name      string
		requested Points
		used      map[string]Points
		given     Points
		capped    bool
	}{
		{"room", Whole(3), nil, Whole(3), false},
		{"day cap", Whole(7), nil, Whole(5), true},
		{"week cap", Whole(4), map[string]Points{PeriodWeek: Whole(6)}, Whole(2), true},
		{"full", Whole(4), map[string]Points{PeriodYear: Whole(20)}, 0, true},
		{"over already", Whole(1), map[string]Points{PeriodDay: Whole(9)}, 0, true},
		{"deduction capped by magnitude", -Whole(7), nil, -Whole(5), true},
		{"deduction room", -Whole(2), map[string]Points{PeriodDay: -Whole(2)}, -Whole(2), false},
		{"zero", 0, nil, 0, false},
	}
	for _, c := range cases {
		given, capped := ApplyCaps(caps, c.requested, c.used)
		if given != c.given || capped != c.capped {
			t.Errorf("%s: got %s capped %v, want %s capped %v", c.name, given, capped, c.given, c.capped)
		}
	}
	if given, capped := ApplyCaps(Caps{}, Whole(1000), nil); given != Whole(1000) || capped {
		t.Error("no caps must not cap")
	}
}

// Seed 003: activity 50, experience 10, contribution 30 → 30 + 10 + 30 = 70.
func TestCompositeSeed003(t *testing.T) {
	raw := map[string]Points{CategoryActivity: Whole(50), CategoryExperience: Whole(10), CategoryContribution: Whole(30)}
	if got := DefaultCategoryRule.Composite(raw); got != Whole(70) {
		t.Fatalf("composite = %s, want 70", got)
	}
	cases := []struct {
		name string
		rule CategoryRule
		raw  map[string]Points
		want Points
	}{
		{"empty", DefaultCategoryRule, nil, 0},
		{"all full", DefaultCategoryRule, map[string]Points{CategoryActivity: Whole(99), CategoryExperience: Whole(99), CategoryContribution: Whole(99)}, Whole(100)},
		{"tenths", DefaultCategoryRule, map[string]Points{CategoryActivity: 125, CategoryExperience: 1}, 126},
		{"unknown category counts nothing", DefaultCategoryRule, map[string]Points{"other": Whole(50)}, 0},
		{"deduction lowers", DefaultCategoryRule, map[string]Points{CategoryActivity: -Whole(5), CategoryExperience: Whole(10)}, Whole(5)},
		{"scaled", CategoryRule{Mode: ModeScale, Categories: []CategoryShare{{Key: "a", Share: Whole(30), Full: Whole(200)},
			{Key: "b", Share: Whole(70), Full: Whole(70)}}}, map[string]Points{"a": Whole(100), "b": Whole(35)}, Whole(15 + 35)},
		{"scaled over full", CategoryRule{Mode: ModeScale, Categories: []CategoryShare{{Key: "a", Share: Whole(30), Full: Whole(60)}}},
			map[string]Points{"a": Whole(100)}, Whole(30)},
		{"scaled rounds", CategoryRule{Mode: ModeScale, Categories: []CategoryShare{{Key: "a", Share: Whole(10), Full: Whole(3)}}},
			map[string]Points{"a": Whole(1)}, 33}, // 10 × 1/3 = 3.33… → 3.3
	}
	for _, c := range cases {
		if got := c.rule.Composite(c.raw); got != c.want {
			t.Errorf("%s: composite = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestStarsWithVetoCap(t *testing.T) {
	r := DefaultStarRule
	cases := []struct {
		composite Points
		vetoes    int
		want      int
	}{
		{Whole(59), 0, 0}, {Whole(60), 0, 1}, {699, 0, 1}, {Whole(70), 0, 2}, {Whole(85), 0, 3},
		{Whole(90), 0, 4}, {Whole(95), 0, 5}, {Whole(100), 0, 5}, {Whole(100), 1, 0},
	}
	for _, c := range cases {
		if got := r.Stars(c.composite, c.vetoes); got != c.want {
			t.Errorf("Stars(%s, %d) = %d, want %d", c.composite, c.vetoes, got, c.want)
		}
	}
	r.VetoMaxStars = 2
	if got := r.Stars(Whole(96), 1); got != 2 {
		t.Errorf("veto cap 2: got %d", got)
	}
	if got := r.Stars(Whole(65), 1); got != 1 {
		t.Errorf("veto cap above the earned stars: got %d", got)
	}
}

// Seed 001: review grades 60/70/80/90 map to points; welfare hours beyond the 2-hour duty earn.
func TestIndicatorAmountSeed001(t *testing.T) {
	review := Indicator{Unit: UnitGrade, Grades: []GradeBand{{60, Whole(2)}, {70, Whole(4)}, {80, Whole(6)}, {90, Whole(10)}}}
	for grade, want := range map[int]Points{50: 0, 60: Whole(2), 69: Whole(2), 70: Whole(4), 85: Whole(6), 90: Whole(10), 100: Whole(10)} {
		if got := review.Amount(Whole(int64(grade)), 0, 0); got != want {
			t.Errorf("grade %d: %s, want %s", grade, got, want)
		}
	}
	welfare := Indicator{Unit: UnitHour, Points: Whole(1), Welfare: true}
	duty := DefaultWelfareRule.DutyHours
	cases := []struct{ before, hours, want Points }{
		{0, Whole(1), 0},               // inside the duty
		{0, Whole(3), Whole(1)},        // 3 hours: 1 beyond the duty
		{Whole(1), Whole(2), Whole(1)}, // crosses the duty
		{Whole(5), 15, 15},             // all beyond: 1.5 hours
	}
	for _, c := range cases {
		if got := welfare.Amount(c.hours, c.before, duty); got != c.want {
			t.Errorf("welfare %s after %s: %s, want %s", c.hours, c.before, got, c.want)
		}
	}
	ded := Indicator{Unit: UnitCount, Points: 25, Deduction: true}
	if got := ded.Amount(Whole(2), 0, 0); got != -Whole(5) {
		t.Errorf("deduction: %s", got)
	}
}

func TestExpandDedup(t *testing.T) {
	on := NewDate(2024, time.March, 10) // a Sunday in ISO week 10
	f := DedupFields{Code: "A1", SubjectType: SubjectMember, SubjectID: 7, On: on, Ref: "meeting:3"}
	cases := map[string]string{
		"":                         "",
		"{code}:{subject}:{date}":  "A1:member-7:2024-03-10",
		"{code}:{subject}:{week}":  "A1:member-7:2024-W10",
		"{quarter}/{month}/{year}": "2024-Q1/2024-03/2024",
		"{ref}:{unknown}":          "meeting:3:{unknown}",
	}
	for tmpl, want := range cases {
		if got := ExpandDedup(tmpl, f); got != want {
			t.Errorf("ExpandDedup(%q) = %q, want %q", tmpl, got, want)
		}
	}
}
