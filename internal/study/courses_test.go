package study_test

import (
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

func TestHeartbeatsCompletionAndRates(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := study.CourseInput{OrgID: e.f.CommitteeA.ID, Title: "学习党章", Kind: domain.CourseArticle, Body: "正文",
			MinSeconds: 120, Assignments: []study.AssignmentInput{{OrgID: e.f.CommitteeA.ID, Required: true, DueOn: "2024-07-01"}}}
		if _, err := e.s.CreateCourse(e.ctx, e.secA, in); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("branch secretary creating for the committee: %v", err)
		}
		c, err := e.s.CreateCourse(e.ctx, e.comA, in)
		if err != nil {
			t.Fatal(err)
		}
		if testutil.AuditCount(t, db, "study.course.create") != 1 {
			t.Error("course creation not audited")
		}

		beat := func(d time.Duration, claim, wantCredited, wantTotal int) *study.ProgressResult {
			t.Helper()
			e.advance(d)
			r, err := e.s.Progress(e.ctx, e.memA, c.ID, claim)
			if err != nil {
				t.Fatal(err)
			}
			if r.Credited != wantCredited || r.Seconds != wantTotal {
				t.Fatalf("after %v claiming %d: credited %d total %d, want %d %d", d, claim, r.Credited, r.Seconds, wantCredited, wantTotal)
			}
			return r
		}
		beat(0, 3600, 0, 0)                // the first heartbeat opens a session
		beat(30*time.Second, 3600, 35, 35) // an hour claimed in one call: 30 s elapsed + 5 s tolerance
		beat(30*time.Second, 20, 20, 55)   // less than elapsed: as claimed
		beat(10*time.Minute, 60, 0, 55)    // after a long pause: a new session, nothing counted
		beat(30*time.Second, 30, 30, 85)
		if r := beat(30*time.Second, 30, 30, 115); r.Completed {
			t.Fatal("completed below the minimum")
		}
		r := beat(30*time.Second, 30, 30, 145)
		if !r.Completed || r.CompletedAt == nil {
			t.Fatalf("not completed at %d s: %+v", r.Seconds, r)
		}
		beat(30*time.Second, 30, 30, 175)
		if n := testutil.AuditCount(t, db, "study.course.complete"); n != 1 {
			t.Errorf("completion audited %d times", n)
		}
		if _, err := e.s.Progress(e.ctx, e.memA, c.ID, -1); domain.ErrorCode(err) != domain.EInvalid {
			t.Errorf("negative seconds: %v", err)
		}

		// Rates: BranchA 1 of 3 (mA, mA2, mA3), BranchA2 0 of 1.
		rates, err := e.s.CourseRates(e.ctx, e.comA, c.ID, e.f.CommitteeA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rates.Total.Expected != 4 || rates.Total.Completed != 1 || len(rates.Items) != 2 {
			t.Fatalf("rates: %+v", rates)
		}
		for _, it := range rates.Items {
			switch it.OrgID {
			case e.f.BranchA.ID:
				if it.Expected != 3 || it.Completed != 1 || it.OrgName != "甲一支部" {
					t.Errorf("BranchA: %+v", it)
				}
			case e.f.BranchA2.ID:
				if it.Expected != 1 || it.Completed != 0 || it.Rate != 0 {
					t.Errorf("BranchA2: %+v", it)
				}
			}
		}
		// A whole region asked: only the required subtree is expected.
		if rates, err = e.s.CourseRates(e.ctx, e.admin, c.ID, e.f.Region.ID); err != nil || rates.Total.Expected != 4 {
			t.Fatalf("region rates: %+v %v", rates, err)
		}
		// The branch secretary sees their branch, not the committee.
		if rates, err = e.s.CourseRates(e.ctx, e.secA, c.ID, e.f.BranchA.ID); err != nil || rates.Total.Expected != 3 || rates.Total.Completed != 1 {
			t.Fatalf("branch rates: %+v %v", rates, err)
		}
		if _, err := e.s.CourseRates(e.ctx, e.secA, c.ID, e.f.CommitteeA.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("secretary reading the committee: %v", err)
		}
		// An optional course expects nobody.
		opt, err := e.s.CreateCourse(e.ctx, e.secA, study.CourseInput{OrgID: e.f.BranchA.ID, Title: "选学视频", Kind: domain.CourseVideo,
			URL: "https://example.org/v.mp4", MinSeconds: 60, Assignments: []study.AssignmentInput{{OrgID: e.f.BranchA.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		if rates, err = e.s.CourseRates(e.ctx, e.secA, opt.ID, e.f.BranchA.ID); err != nil || rates.Total.Expected != 0 {
			t.Fatalf("optional rates: %+v %v", rates, err)
		}

		// The member's list shows the required course with its due date and progress.
		list, err := e.s.Courses(e.ctx, e.memA)
		if err != nil || len(list) != 2 {
			t.Fatalf("member list: %d %v", len(list), err)
		}
		for _, it := range list {
			if it.ID == c.ID && (!it.Required || it.DueOn.String() != "2024-07-01" || it.Progress == nil || it.Progress.Seconds != 175) {
				t.Errorf("required item: %+v", it)
			}
			if it.ID == opt.ID && it.Required {
				t.Errorf("optional item required")
			}
		}
	})
}

// A member of another branch cannot see, study or list a course assigned elsewhere.
func TestCourseVisibility(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c, err := e.s.CreateCourse(e.ctx, e.secA, study.CourseInput{OrgID: e.f.BranchA.ID, Title: "支部学习", Kind: domain.CourseDocument,
			URL: "https://example.org/doc.pdf", MinSeconds: 60, Assignments: []study.AssignmentInput{{OrgID: e.f.BranchA.ID, Required: true}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Course(e.ctx, e.memB, c.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("other branch reads: %v", err)
		}
		if _, err := e.s.Progress(e.ctx, e.memB, c.ID, 10); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("other branch studies: %v", err)
		}
		if list, err := e.s.Courses(e.ctx, e.memB); err != nil || len(list) != 0 {
			t.Errorf("other branch lists: %d %v", len(list), err)
		}
		if _, err := e.s.Course(e.ctx, e.secB, c.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("other secretary reads: %v", err)
		}
		if _, err := e.s.Course(e.ctx, e.memA, c.ID); err != nil {
			t.Errorf("own branch reads: %v", err)
		}
		if _, err := e.s.Assign(e.ctx, e.secA, c.ID, study.AssignmentInput{OrgID: e.f.BranchB.ID}); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("assign outside scope: %v", err)
		}
		// Once the region assigns it to BranchB too, BranchB's member sees it.
		if _, err := e.s.Assign(e.ctx, e.admin, c.ID, study.AssignmentInput{OrgID: e.f.BranchB.ID, Required: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Course(e.ctx, e.memB, c.ID); err != nil {
			t.Errorf("after assignment: %v", err)
		}
		if _, err := e.s.CreateCourse(e.ctx, e.memA, study.CourseInput{OrgID: e.f.BranchA.ID, Title: "x", Kind: domain.CourseArticle,
			Body: "x", MinSeconds: 1}); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("member creates: %v", err)
		}
		_, err = e.s.CreateCourse(e.ctx, e.secA, study.CourseInput{OrgID: e.f.BranchA.ID, Title: "", Kind: "podcast", URL: "ftp://x", MinSeconds: 0})
		if de, ok := domain.AsError(err); !ok || de.Fields["title"] == "" || de.Fields["kind"] == "" || de.Fields["min_seconds"] == "" {
			t.Errorf("validation: %v", err)
		}
	})
}
