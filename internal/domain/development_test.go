package domain

import "testing"

func d(s string) Date {
	x, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"}, // leap year
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-02-29", 12, "2025-02-28"}, // a year after 29 February
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-08-31", 6, "2025-02-28"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-12-15", 1, "2025-01-15"},
		{"2024-05-31", 1, "2024-06-30"},
	}
	for _, c := range cases {
		if got := AddMonths(d(c.from), c.n).String(); got != c.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	if !AddMonths(Date{}, 3).IsZero() {
		t.Error("zero date moved")
	}
}

func TestCheckApplicantAge(t *testing.T) {
	tm := DefaultDevTimers
	today := d("2030-01-01")
	cases := []struct{ birth, applied, want string }{
		{"2004-06-10", "2022-06-09", "err.development.under_age"}, // the day before the 18th birthday
		{"2004-06-10", "2022-06-10", ""},                          // on it
		{"2004-02-29", "2022-02-28", "err.development.under_age"}, // born on 29 February
		{"2004-02-29", "2022-03-01", ""},
		{"2000-01-01", "2031-01-01", "err.date_future"},
	}
	for _, c := range cases {
		if got := tm.CheckApplicant(d(c.birth), d(c.applied), today)["applied_on"]; got != c.want {
			t.Errorf("born %s applied %s: %q, want %q", c.birth, c.applied, got, c.want)
		}
	}
}

// rec builds a state with the steps done on the given days (in order).
func state(applied string, steps ...[2]string) DevState {
	s := DevState{AppliedOn: d(applied)}
	s.Records = append(s.Records, DevRecord{Step: StepApplication, DoneOn: d(applied)})
	for _, x := range steps {
		s.Records = append(s.Records, DevRecord{Step: x[0], DoneOn: d(x[1]), People: 2, VotesDue: 3, VotesFor: 2, TrainingDays: 3})
	}
	return s
}

func status(t *testing.T, s DevState, today, code string) DevStepStatus {
	t.Helper()
	for _, st := range DefaultDevTimers.Schedule(s, d(today)) {
		if st.Code == code {
			return st
		}
	}
	t.Fatalf("no step %s", code)
	return DevStepStatus{}
}

func TestTalkDueBoundaries(t *testing.T) {
	for _, c := range []struct{ applied, due string }{
		{"2024-03-15", "2024-04-15"}, {"2024-01-31", "2024-02-29"}, {"2023-01-31", "2023-02-28"}, {"2024-02-29", "2024-03-29"},
	} {
		s := state(c.applied)
		due := d(c.due)
		if st := status(t, s, due.AddDate(0, 0, -1).String(), StepTalk); st.DueOn != due || st.Overdue {
			t.Errorf("applied %s, day before due: %+v", c.applied, st)
		}
		if st := status(t, s, c.due, StepTalk); st.Overdue {
			t.Errorf("applied %s: overdue on the due day", c.applied)
		}
		if st := status(t, s, due.AddDate(0, 0, 1).String(), StepTalk); !st.Overdue {
			t.Errorf("applied %s: not overdue the day after %s", c.applied, c.due)
		}
		done := state(c.applied, [2]string{StepTalk, due.AddDate(0, 0, 5).String()})
		if st := status(t, done, "2030-01-01", StepTalk); st.Overdue {
			t.Errorf("applied %s: a talk done late still shows overdue", c.applied)
		}
	}
}

func TestReviewEverySixMonths(t *testing.T) {
	s := state("2022-01-10", [2]string{StepTalk, "2022-02-01"}, [2]string{StepActivistChosen, "2022-08-31"})
	if st := status(t, s, "2023-02-28", StepActivistReview); st.DueOn != d("2023-02-28") || st.Overdue {
		t.Fatalf("first review: %+v", st)
	}
	if st := status(t, s, "2023-03-01", StepActivistReview); !st.Overdue {
		t.Fatal("review not overdue the day after")
	}
	s.Records = append(s.Records, DevRecord{Step: StepActivistReview, DoneOn: d("2023-02-20")})
	if st := status(t, s, "2023-03-01", StepActivistReview); st.DueOn != d("2023-08-20") || st.Overdue {
		t.Fatalf("after a review: %+v", st)
	}
	s.Records = append(s.Records, DevRecord{Step: StepActivistFiled, DoneOn: d("2022-09-01")},
		DevRecord{Step: StepContacts, DoneOn: d("2022-09-01"), People: 1},
		DevRecord{Step: StepCandidateChosen, DoneOn: d("2023-08-31")})
	if st := status(t, s, "2025-01-01", StepActivistReview); !st.DueOn.IsZero() || st.Overdue {
		t.Fatalf("reviews still due after the candidate was chosen: %+v", st)
	}
}

func activist(chosen string) DevState {
	return state("2019-01-10", [2]string{StepTalk, "2019-02-01"}, [2]string{StepActivistChosen, chosen},
		[2]string{StepActivistFiled, chosen}, [2]string{StepContacts, chosen})
}

func TestCandidateAfterOneYear(t *testing.T) {
	for _, c := range []struct{ chosen, dayBefore, earliest string }{
		{"2022-03-01", "2023-02-28", "2023-03-01"},
		{"2020-02-29", "2021-02-27", "2021-02-28"}, // a year after 29 February
		{"2021-02-28", "2022-02-27", "2022-02-28"},
	} {
		s := activist(c.chosen)
		today := d("2030-01-01")
		p := DefaultDevTimers.CheckStep(s, DevRecord{Step: StepCandidateChosen, DoneOn: d(c.dayBefore)}, today)
		if p["done_on"] != "err.development.activist_too_recent" {
			t.Errorf("activist %s, candidate %s: %v", c.chosen, c.dayBefore, p)
		}
		if p := DefaultDevTimers.CheckStep(s, DevRecord{Step: StepCandidateChosen, DoneOn: d(c.earliest)}, today); len(p) != 0 {
			t.Errorf("activist %s, candidate %s: %v", c.chosen, c.earliest, p)
		}
		if st := status(t, s, "2030-01-01", StepCandidateChosen); st.EarliestOn != d(c.earliest) {
			t.Errorf("earliest %s, want %s", st.EarliestOn, c.earliest)
		}
	}
}

func TestTrainingMinimum(t *testing.T) {
	s := activist("2020-01-01")
	s.Records = append(s.Records, DevRecord{Step: StepCandidateChosen, DoneOn: d("2021-01-01")})
	today := d("2030-01-01")
	for _, c := range []struct {
		days, hours int
		ok          bool
	}{{2, 23, false}, {0, 0, false}, {3, 0, true}, {0, 24, true}, {2, 24, true}} {
		p := DefaultDevTimers.CheckStep(s, DevRecord{Step: StepTraining, DoneOn: d("2021-02-01"), TrainingDays: c.days, TrainingHours: c.hours}, today)
		if (len(p) == 0) != c.ok {
			t.Errorf("%d days %d hours: %v", c.days, c.hours, p)
		}
	}
}

func admitted(meeting string) DevState {
	s := activist("2019-03-01")
	for _, st := range []string{StepCandidateChosen, StepCandidateFiled, StepSponsors, StepPoliticalReview, StepTraining,
		StepCommitteeReview, StepUpperPrereview, StepApplicationForm} {
		s.Records = append(s.Records, DevRecord{Step: st, DoneOn: d("2020-03-01")})
	}
	s.Records = append(s.Records, DevRecord{Step: StepAdmissionMeeting, DoneOn: d(meeting)},
		DevRecord{Step: StepUpperTalk, DoneOn: d(meeting)})
	return s
}

func TestApprovalWithinThreeMonths(t *testing.T) {
	today := d("2030-01-01")
	for _, c := range []struct {
		meeting, onTime, late, specialLast string
	}{
		{"2023-05-01", "2023-08-01", "2023-08-02", "2023-11-01"},
		{"2023-11-30", "2024-02-29", "2024-03-01", "2024-05-30"}, // month ends, leap February
	} {
		s := admitted(c.meeting)
		check := func(day string, special bool) string {
			return DefaultDevTimers.CheckStep(s, DevRecord{Step: StepAdmissionApprove, DoneOn: d(day), Special: special}, today)["done_on"]
		}
		if got := check(c.onTime, false); got != "" {
			t.Errorf("meeting %s, approval %s: %s", c.meeting, c.onTime, got)
		}
		if got := check(c.late, false); got != "err.development.approval_late" {
			t.Errorf("meeting %s, approval %s: %q", c.meeting, c.late, got)
		}
		if got := check(c.late, true); got != "" {
			t.Errorf("meeting %s, special approval %s: %s", c.meeting, c.late, got)
		}
		if got := check(c.specialLast, true); got != "" {
			t.Errorf("meeting %s, special approval %s: %s", c.meeting, c.specialLast, got)
		}
		if got := check(d(c.specialLast).AddDate(0, 0, 1).String(), true); got != "err.development.approval_late_special" {
			t.Errorf("meeting %s, special approval after 6 months: %q", c.meeting, got)
		}
		st := status(t, s, c.onTime, StepAdmissionApprove)
		if st.DueOn != d(c.onTime) || st.Overdue {
			t.Errorf("due %s overdue %v", st.DueOn, st.Overdue)
		}
		if !status(t, s, c.late, StepAdmissionApprove).Overdue {
			t.Error("approval not overdue the day after")
		}
	}
}

func probationer(meeting string) DevState {
	s := admitted(meeting)
	s.Records = append(s.Records, DevRecord{Step: StepAdmissionApprove, DoneOn: d(meeting)},
		DevRecord{Step: StepOath, DoneOn: d(meeting)}, DevRecord{Step: StepFullApplication, DoneOn: d(meeting)})
	return s
}

func TestProbationOneYearAndExtension(t *testing.T) {
	today := d("2030-01-01")
	tm := DefaultDevTimers
	for _, c := range []struct{ meeting, end string }{
		{"2023-05-01", "2024-05-01"},
		{"2024-02-29", "2025-02-28"},
	} {
		s := probationer(c.meeting)
		if got := tm.ProbationEnd(s); got != d(c.end) {
			t.Fatalf("probation from %s ends %s, want %s", c.meeting, got, c.end)
		}
		meeting := func(day string) string {
			return tm.CheckStep(s, DevRecord{Step: StepFullMeeting, DoneOn: d(day), VotesDue: 5, VotesFor: 3}, today)["done_on"]
		}
		if got := meeting(d(c.end).AddDate(0, 0, -1).String()); got != "err.development.probation_not_over" {
			t.Errorf("full meeting the day before the end: %q", got)
		}
		if got := meeting(c.end); got != "" {
			t.Errorf("full meeting on the end day: %q", got)
		}
		if st := status(t, s, c.end, StepFullMeeting); st.EarliestOn != d(c.end) {
			t.Errorf("earliest %s", st.EarliestOn)
		}
	}
	s := probationer("2023-05-01")
	ext := func(months int, on string) map[string]string { return tm.CheckExtension(s, months, d(on), today) }
	if p := ext(5, "2024-05-01"); p["months"] != "err.development.extension_range" {
		t.Errorf("5 months: %v", p)
	}
	if p := ext(13, "2024-05-01"); p["months"] != "err.development.extension_range" {
		t.Errorf("13 months: %v", p)
	}
	if p := ext(6, "2024-04-30"); p["decided_on"] != "err.development.probation_not_over" {
		t.Errorf("decided before the end: %v", p)
	}
	if p := ext(12, "2024-05-01"); len(p) != 0 {
		t.Errorf("12 months on the end day: %v", p)
	}
	s.ExtensionMonths = 6
	if got := tm.ProbationEnd(s); got != d("2024-11-01") {
		t.Errorf("extended end %s", got)
	}
	if p := ext(6, "2024-11-01"); p["months"] != "err.development.extended_once" {
		t.Errorf("second extension: %v", p)
	}
}

func TestStepOrderAndVotes(t *testing.T) {
	today := d("2024-06-01")
	tm := DefaultDevTimers
	s := state("2024-01-10")
	if p := tm.CheckStep(s, DevRecord{Step: StepActivistChosen, DoneOn: d("2024-03-01")}, today); p["step"] != "err.development.step_order" {
		t.Errorf("activist before talk: %v", p)
	}
	if p := tm.CheckStep(s, DevRecord{Step: StepTalk, DoneOn: d("2024-01-09")}, today); p["done_on"] != "err.development.before_previous" {
		t.Errorf("talk before application: %v", p)
	}
	if p := tm.CheckStep(s, DevRecord{Step: StepTalk, DoneOn: d("2024-06-02")}, today); p["done_on"] != "err.date_future" {
		t.Errorf("talk tomorrow: %v", p)
	}
	if p := tm.CheckStep(s, DevRecord{Step: StepApplication, DoneOn: d("2024-02-01")}, today); p["step"] != "err.development.step_done" {
		t.Errorf("second application: %v", p)
	}
	if p := tm.CheckStep(s, DevRecord{Step: "coronation", DoneOn: d("2024-02-01")}, today); p["step"] != "err.choice" {
		t.Errorf("unknown step: %v", p)
	}
	a := admitted("2024-05-01")
	a.Records = a.Records[:len(a.Records)-2] // before the meeting
	vote := func(yes, due int) map[string]string {
		return tm.CheckStep(a, DevRecord{Step: StepAdmissionMeeting, DoneOn: d("2024-05-01"), VotesFor: yes, VotesDue: due}, today)
	}
	if p := vote(5, 10); p["votes_for"] != "err.development.votes_short" {
		t.Errorf("exactly half: %v", p)
	}
	if p := vote(6, 10); len(p) != 0 {
		t.Errorf("more than half: %v", p)
	}
	if p := vote(11, 10); p["votes_for"] != "err.development.votes_range" {
		t.Errorf("more yes than voters: %v", p)
	}
	if p := vote(0, 0); p["votes_due"] != "err.required" {
		t.Errorf("no vote: %v", p)
	}
	c := activist("2022-01-01")
	c.Records = append(c.Records, DevRecord{Step: StepCandidateChosen, DoneOn: d("2023-01-01")})
	if p := tm.CheckStep(c, DevRecord{Step: StepSponsors, DoneOn: d("2023-02-01"), People: 1}, today); p["people"] != "err.development.sponsors_count" {
		t.Errorf("one sponsor: %v", p)
	}
	if p := tm.CheckStep(activist("2022-01-01"), DevRecord{Step: StepActivistReview, DoneOn: d("2022-06-01")}, today); len(p) != 0 {
		t.Errorf("a review: %v", p)
	}
}

func TestDevStepsAreTwentyFiveInFiveStages(t *testing.T) {
	if len(DevSteps) != 25 {
		t.Fatalf("%d steps", len(DevSteps))
	}
	stage := 1
	for i, s := range DevSteps {
		if s.No != i+1 || s.Stage < stage || s.Stage > DevStages {
			t.Errorf("step %d: %+v", i+1, s)
		}
		stage = s.Stage
		for _, r := range s.Requires {
			req, ok := DevStepByCode(r)
			if !ok || req.No >= s.No {
				t.Errorf("step %s requires %s, which is not earlier", s.Code, r)
			}
		}
	}
}

func TestLetterAndFloatingDates(t *testing.T) {
	if got := LetterExpiry(d("2024-03-01"), 30); got != d("2024-03-31") {
		t.Errorf("expiry %s", got)
	}
	r := DefaultTransferRules
	for days, want := range map[int]string{0: "err.transfer.valid_days", 1: "", 90: "", 91: "err.transfer.valid_days"} {
		if got := r.CheckValidDays(days); got != want {
			t.Errorf("valid %d days: %q", days, got)
		}
	}
	tr := Transfer{Kind: TransferSystem, Status: TransferPending, ExpiresOn: d("2024-03-31")}
	tr.Flag(d("2024-03-31"))
	if tr.LetterOverdue {
		t.Error("overdue on the last valid day")
	}
	tr.Flag(d("2024-04-01"))
	if !tr.LetterOverdue || tr.ReceiptMissing {
		t.Errorf("day after: %+v", tr)
	}
	tr.Status = TransferAccepted
	tr.Flag(d("2024-04-01"))
	if tr.LetterOverdue || !tr.ReceiptMissing {
		t.Errorf("accepted without receipt: %+v", tr)
	}
	tr.Status = TransferCompleted
	tr.Flag(d("2024-04-01"))
	if tr.LetterOverdue || tr.ReceiptMissing {
		t.Errorf("completed: %+v", tr)
	}
	f := Floating{Since: d("2023-02-28")}
	f.FlagReport(r, d("2024-02-28"))
	if f.ReportDueOn != d("2024-02-28") || f.ReportOverdue {
		t.Errorf("on the due day: %+v", f)
	}
	f.FlagReport(r, d("2024-02-29"))
	if !f.ReportOverdue {
		t.Error("not overdue the day after")
	}
	f.LastReportOn = d("2024-02-29")
	f.FlagReport(r, d("2025-02-28"))
	if f.ReportDueOn != d("2025-02-28") || f.ReportOverdue {
		t.Errorf("after a report on 29 February: %+v", f)
	}
	for _, m := range []string{"2024-00", "2024-13", "24-01", "2024-1", ""} {
		if CheckMonth(m) == "" {
			t.Errorf("month %q accepted", m)
		}
	}
	if CheckMonth("2024-12") != "" {
		t.Error("2024-12 refused")
	}
}
