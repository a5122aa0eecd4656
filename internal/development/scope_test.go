package development_test

import (
	"testing"

	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestWriteOutsideScopeIsForbidden: API.md answers a write to a resource outside the
// caller's scope with 403 and a read with 404; the service itself says so, for every
// caller (API, web console, CLI). Only an applicant that does not exist is ENotFound.
func TestWriteOutsideScopeIsForbidden(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b, err := e.svc.Create(ctx, e.sys, development.CreateInput{Name: "乙申请人", IDNumber: testutil.IDNumber("19990101", 201),
			OrgID: e.f.BranchB.ID, AppliedOn: "2022-01-10"})
		if err != nil {
			t.Fatal(err)
		}
		const missing = 999999
		writes := map[string]func(id int64) error{
			"RecordStep": func(id int64) error {
				_, err := e.svc.RecordStep(ctx, e.secA, id, e.input(domain.StepTalk, "2022-02-01"))
				return err
			},
			"ExtendProbation": func(id int64) error {
				_, err := e.svc.ExtendProbation(ctx, e.secA, id, development.ExtendInput{Months: 6, DecidedOn: "2022-02-01", Reason: "x"})
				return err
			},
			"Close": func(id int64) error {
				_, err := e.svc.Close(ctx, e.secA, id, development.CloseInput{On: "2022-02-01", Reason: "x"})
				return err
			},
		}
		for name, write := range writes {
			if got := domain.ErrorCode(write(b.ID)); got != domain.EForbidden {
				t.Errorf("%s on branch B's applicant by secretary A: %q, want forbidden", name, got)
			}
			if got := domain.ErrorCode(write(missing)); got != domain.ENotFound {
				t.Errorf("%s on a missing applicant: %q, want not_found", name, got)
			}
		}
		// Reads keep 404: secretary A learns nothing of B's applicant.
		_, err = e.svc.Get(ctx, e.secA, b.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.Create(ctx, e.secA, development.CreateInput{Name: "丙申请人", IDNumber: testutil.IDNumber("19990101", 203),
			OrgID: e.f.BranchB.ID, AppliedOn: "2022-01-10"})
		testutil.WantCode(t, err, domain.EForbidden)
		// Nothing was written by the refused calls.
		got, err := e.svc.Get(ctx, e.sys, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.ApplicantActive || len(step(got, domain.StepTalk).Records) != 0 {
			t.Fatalf("branch B's applicant changed: %s, talk %+v", got.Status, step(got, domain.StepTalk).Records)
		}
		if n := testutil.AuditCount(t, db, "applicant.step") + testutil.AuditCount(t, db, "applicant.close"); n != 0 {
			t.Fatalf("%d audit entries of refused writes", n)
		}
	})
}
