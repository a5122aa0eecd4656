package transfer_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"regexp"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

var ctx = context.Background()

type env struct {
	f                      *testutil.Fixture
	svc                    *transfer.Service
	sys, secA, secA2, secB *auth.Actor
	adminA, auditorA       *auth.Actor
	m                      *domain.Member // a full member of BranchA
}

func newEnv(t *testing.T, db *store.DB) *env {
	f := testutil.NewFixture(t, db)
	e := &env{f: f, svc: transfer.NewService(db, f.Set.Members), sys: auth.SystemActor()}
	e.setToday("2024-03-01")
	e.secA = f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
	e.secA2 = f.User(t, "sec_a2", 0, testutil.Grant(domain.RoleSecretary, f.BranchA2.ID))
	e.secB = f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
	e.adminA = f.User(t, "admin_a", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
	e.auditorA = f.User(t, "auditor_a", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
	e.m = f.Member(t, f.BranchA.ID, "刘洋", "19850315")
	return e
}

func (e *env) setToday(day string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" 09:00", time.FixedZone("CST", 8*3600))
	if err != nil {
		panic(err)
	}
	e.svc.Now = func() time.Time { return t }
}

func (e *env) kinds(t *testing.T, memberID int64) []string {
	t.Helper()
	events, err := e.f.Set.Members.Events(ctx, e.sys, memberID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(events) - 1; i >= 0; i-- {
		out = append(out, events[i].Kind)
	}
	return out
}

func (e *env) orgOf(t *testing.T, memberID int64) int64 {
	t.Helper()
	m, err := e.f.Set.Members.Get(ctx, e.sys, memberID, false)
	if err != nil {
		t.Fatal(err)
	}
	return m.OrgID
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestInternalTransferMovesAtOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchA2.ID, Reason: "工作调动"}
		_, err := e.svc.Create(ctx, e.secA, in) // a branch secretary cannot place members in the sister branch
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.svc.Create(ctx, e.secB, in) // a member outside B's scope: a write answers 403
		testutil.WantCode(t, err, domain.EForbidden)
		tr, err := e.svc.Create(ctx, e.adminA, in)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Kind != domain.TransferInternal || tr.Status != domain.TransferCompleted || e.orgOf(t, e.m.ID) != e.f.BranchA2.ID ||
			tr.LetterNo != "" || tr.FromOrgName != "甲一支部" || tr.ToOrgName != "甲二支部" {
			t.Fatalf("internal transfer %+v", tr)
		}
		if got := e.kinds(t, e.m.ID); !equal(got, []string{"created", "transfer_internal"}) {
			t.Fatalf("events %v", got)
		}
		_, err = e.svc.Create(ctx, e.adminA, transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchA2.ID, Reason: "x"})
		testutil.WantField(t, err, domain.EInvalid, "to_org_id", "err.transfer.same_org")
	})
}

func TestSystemTransferAcceptAndReceipt(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tr, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchB.ID,
			Reason: "调往乙单位工作", DuesPaidThrough: "2024-02"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Kind != domain.TransferSystem || tr.Status != domain.TransferPending || tr.ValidDays != 30 ||
			tr.IssuedOn.String() != "2024-03-01" || tr.ExpiresOn.String() != "2024-03-31" || tr.LetterNo == "" ||
			tr.Particulars.Name != "刘洋" || tr.Particulars.IDMasked == "" || e.orgOf(t, e.m.ID) != e.f.BranchA.ID {
			t.Fatalf("letter %+v", tr)
		}
		// Both ends see it; a third branch does not.
		if _, err := e.svc.Get(ctx, e.secB, tr.ID); err != nil {
			t.Fatalf("receiver: %v", err)
		}
		_, err = e.svc.Get(ctx, e.secA2, tr.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToExternalName: "某外省党委", Reason: "x", DuesPaidThrough: "2024-02"})
		testutil.WantCode(t, err, domain.EConflict)
		// Overdue from the day after the validity.
		e.setToday("2024-03-31")
		if got, _ := e.svc.Get(ctx, e.secA, tr.ID); got.LetterOverdue {
			t.Fatal("overdue on the last valid day")
		}
		e.setToday("2024-04-01")
		if got, _ := e.svc.Get(ctx, e.secA, tr.ID); !got.LetterOverdue || got.ReceiptMissing {
			t.Fatalf("day after: %+v", got)
		}
		flagged, _, err := e.svc.List(ctx, e.secA, transfer.Filter{FlaggedOnly: true})
		if err != nil || len(flagged) != 1 {
			t.Fatalf("flagged list %v %v", flagged, err)
		}
		// The sender cannot accept for the receiver.
		_, err = e.svc.Accept(ctx, e.secA, tr.ID, transfer.StepInput{On: "2024-03-20"})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.svc.Accept(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-02-29"})
		testutil.WantField(t, err, domain.EInvalid, "on", "err.transfer.before_issue")
		got, err := e.svc.Accept(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-03-20"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.TransferAccepted || got.ReportedOn.String() != "2024-03-20" || e.orgOf(t, e.m.ID) != e.f.BranchB.ID ||
			got.LetterOverdue || !got.ReceiptMissing {
			t.Fatalf("accepted %+v", got)
		}
		// The member now belongs to B: A's secretary no longer reads the member, but still the transfer.
		if _, err := e.f.Set.Members.Get(ctx, e.secA, e.m.ID, false); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("old branch reads the member: %v", err)
		}
		_, err = e.svc.Accept(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-03-21"})
		testutil.WantCode(t, err, domain.EConflict)
		got, err = e.svc.Receipt(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-03-22"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.TransferCompleted || got.ReceiptOn.String() != "2024-03-22" || got.ReceiptMissing || got.LetterOverdue {
			t.Fatalf("completed %+v", got)
		}
		if k := e.kinds(t, e.m.ID); !equal(k, []string{"created", "transfer_out", "moved", "transfer_accepted", "transfer_receipt"}) {
			t.Fatalf("events %v", k)
		}
		if n := testutil.AuditCount(t, db, "transfer.receipt"); n != 1 {
			t.Fatalf("%d receipt audits", n)
		}
	})
}

func TestSystemTransferRejected(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tr, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchB.ID,
			Reason: "调动", DuesPaidThrough: "2024-02", ValidDays: 90, IssuedOn: "2024-02-20"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.ExpiresOn.String() != "2024-05-20" {
			t.Fatalf("90 days from 20 February: %s", tr.ExpiresOn)
		}
		_, err = e.svc.Reject(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-02-25"})
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		got, err := e.svc.Reject(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-02-25", Reason: "接收单位信息有误"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.TransferRejected || got.RejectReason != "接收单位信息有误" || e.orgOf(t, e.m.ID) != e.f.BranchA.ID {
			t.Fatalf("rejected %+v", got)
		}
		_, err = e.svc.Accept(ctx, e.secB, tr.ID, transfer.StepInput{})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.svc.Receipt(ctx, e.secA, tr.ID, transfer.StepInput{})
		testutil.WantCode(t, err, domain.EConflict)
		e.setToday("2025-01-01")
		if got, _ := e.svc.Get(ctx, e.secA, tr.ID); got.LetterOverdue || got.ReceiptMissing {
			t.Fatal("a rejected letter is flagged")
		}
		// A new transfer may start once the old one is settled.
		if _, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchB.ID,
			Reason: "再次转接", DuesPaidThrough: "2024-12"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOutsideTransferAndLetter(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		bad := transfer.CreateInput{MemberID: e.m.ID, Reason: " ", DuesPaidThrough: "2024-13", ValidDays: 91}
		_, err := e.svc.Create(ctx, e.secA, bad)
		for field, key := range map[string]string{"to_org_id": "err.transfer.one_destination", "reason": "err.required",
			"dues_paid_through": "err.month_yyyy_mm", "valid_days": "err.transfer.valid_days"} {
			testutil.WantField(t, err, domain.EInvalid, field, key)
		}
		tr, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToExternalName: "中共上海市浦东新区某街道工委",
			Reason: "随配偶迁居上海", DuesPaidThrough: "2024-02", ValidDays: 60})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Kind != domain.TransferOutside || tr.ExpiresOn.String() != "2024-04-30" {
			t.Fatalf("outside %+v", tr)
		}
		pdfBytes, err := e.svc.Letter(ctx, e.secA, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdfBytes, []byte("%PDF-")) || len(pdfBytes) < 10000 {
			t.Fatalf("letter of %d bytes", len(pdfBytes))
		}
		for _, r := range "刘洋" { // drawn as UTF-16BE code points of the embedded font
			if !bytes.Contains(pdfBytes, []byte{byte(r >> 8), byte(r)}) && !containsInflated(pdfBytes, []byte{byte(r >> 8), byte(r)}) {
				t.Errorf("%c not in the letter", r)
			}
		}
		if a := testutil.LastAudit(t, db); a.Action != "transfer.letter" {
			t.Fatalf("letter not audited: %s", a.Action)
		}
		_, err = e.svc.Letter(ctx, e.auditorA, tr.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.svc.Letter(ctx, e.secB, tr.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		e.setToday("2024-05-01")
		got, _ := e.svc.Get(ctx, e.secA, tr.ID)
		if !got.LetterOverdue || !got.ReceiptMissing {
			t.Fatalf("no receipt after the validity: %+v", got)
		}
		_, err = e.svc.Accept(ctx, e.secA, tr.ID, transfer.StepInput{})
		testutil.WantCode(t, err, domain.EConflict) // no receiving branch in the system: nobody may ever accept it
		got, err = e.svc.Receipt(ctx, e.secA, tr.ID, transfer.StepInput{On: "2024-04-28"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.TransferCompleted || got.ReportedOn.String() != "2024-04-28" || got.LetterOverdue || got.ReceiptMissing {
			t.Fatalf("receipt %+v", got)
		}
	})
}

func TestIncomingFromOutside(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := e.f.MemberInput(e.f.BranchA2.ID, "陈静", "19900720")
		letter := transfer.IncomingInput{Member: in, FromExternalName: "中共某市某局机关委员会", LetterNo: "外2024-15",
			IssuedOn: "2024-02-10", ValidDays: 30, DuesPaidThrough: "2024-01", ReportedOn: "2024-02-15"}
		_, err := e.svc.Incoming(ctx, e.secA, letter)
		testutil.WantCode(t, err, domain.EForbidden)
		tr, err := e.svc.Incoming(ctx, e.secA2, letter)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Kind != domain.TransferIn || tr.Status != domain.TransferAccepted || tr.ToOrgID != e.f.BranchA2.ID || tr.MemberID == 0 {
			t.Fatalf("incoming %+v", tr)
		}
		if k := e.kinds(t, tr.MemberID); !equal(k, []string{"transfer_in"}) {
			t.Fatalf("events %v", k)
		}
		e.setToday("2024-03-12")
		if got, _ := e.svc.Get(ctx, e.secA2, tr.ID); !got.ReceiptMissing {
			t.Fatal("receipt not flagged as missing after the validity")
		}
		got, err := e.svc.Receipt(ctx, e.secA2, tr.ID, transfer.StepInput{On: "2024-03-12"})
		if err != nil || got.Status != domain.TransferCompleted {
			t.Fatalf("receipt: %v %+v", err, got)
		}
		// The same ID number cannot come in twice.
		letter.LetterNo = "外2024-16"
		_, err = e.svc.Incoming(ctx, e.secA2, letter)
		testutil.WantCode(t, err, domain.EConflict)
	})
}

func TestFloatingRegisters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		out := transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: e.m.ID, Place: "广东省深圳市",
			Since: "2023-02-28", Contact: "微信 liuyang", Reason: "外出务工", CardNo: "LD-2023-0088"}
		_, err := e.svc.RegisterFloating(ctx, e.secB, out)
		testutil.WantCode(t, err, domain.EForbidden)
		f, err := e.svc.RegisterFloating(ctx, e.secA, out)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := e.f.Set.Members.Get(ctx, e.sys, e.m.ID, false)
		if !m.Floating || f.Name != "刘洋" || f.OrgID != e.f.BranchA.ID || f.ReportDueOn.String() != "2024-02-28" || !f.ReportOverdue {
			t.Fatalf("out-flow %+v (member floating %v)", f, m.Floating)
		}
		_, err = e.svc.RegisterFloating(ctx, e.secA, out)
		testutil.WantCode(t, err, domain.EConflict)
		e.setToday("2024-02-28")
		if got, _ := e.svc.GetFloating(ctx, e.secA, f.ID); got.ReportOverdue {
			t.Fatal("overdue on the due day")
		}
		e.setToday("2024-02-29")
		list, _, err := e.svc.ListFloating(ctx, e.secA, transfer.FloatingFilter{OverdueOnly: true})
		if err != nil || len(list) != 1 || list[0].ID != f.ID {
			t.Fatalf("overdue list %v %v", list, err)
		}
		_, err = e.svc.Report(ctx, e.secA, f.ID, transfer.FloatingStep{On: "2023-02-27"})
		testutil.WantField(t, err, domain.EInvalid, "on", "err.floating.before_since")
		got, err := e.svc.Report(ctx, e.secA, f.ID, transfer.FloatingStep{On: "2024-02-29", Note: "电话汇报思想工作情况"})
		if err != nil {
			t.Fatal(err)
		}
		if got.LastReportOn.String() != "2024-02-29" || got.ReportDueOn.String() != "2025-02-28" || got.ReportOverdue {
			t.Fatalf("after report %+v", got)
		}
		// In-flow: someone else's member active in BranchA.
		inflow, err := e.svc.RegisterFloating(ctx, e.secA, transfer.FloatingInput{Direction: domain.FloatingIn, OrgID: e.f.BranchA.ID,
			Name: "黄河", HomeOrgName: "中共某县某镇委员会", Place: "某县某镇", Since: "2024-01-05", CardNo: "LD-2024-0102"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.GetFloating(ctx, e.secB, inflow.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.RegisterFloating(ctx, e.secA, transfer.FloatingInput{Direction: domain.FloatingIn, OrgID: e.f.BranchA.ID, Since: "2024-01-05"})
		for _, field := range []string{"name", "home_org_name", "place"} {
			testutil.WantField(t, err, domain.EInvalid, field, "err.required")
		}
		_, err = e.svc.LostContact(ctx, e.secA, inflow.ID, transfer.FloatingStep{On: "2024-02-01", Note: "联系不上"})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.svc.LostContact(ctx, e.secA, f.ID, transfer.FloatingStep{On: "2024-02-01"})
		testutil.WantField(t, err, domain.EInvalid, "note", "err.required")
		if _, err := e.svc.LostContact(ctx, e.secA, f.ID, transfer.FloatingStep{On: "2024-02-01", Note: "电话停机，多方联系不上"}); err != nil {
			t.Fatal(err)
		}
		m, _ = e.f.Set.Members.Get(ctx, e.sys, e.m.ID, false)
		if !m.LostContact {
			t.Fatal("lost contact not set on the member")
		}
		if _, err := e.svc.EndFloating(ctx, e.secA, f.ID, transfer.FloatingStep{On: "2024-02-29"}); err != nil {
			t.Fatal(err)
		}
		m, _ = e.f.Set.Members.Get(ctx, e.sys, e.m.ID, false)
		if m.Floating {
			t.Fatal("floating flag still set after the end")
		}
		_, err = e.svc.Report(ctx, e.secA, f.ID, transfer.FloatingStep{On: "2024-02-29"})
		testutil.WantCode(t, err, domain.EConflict)
		if k := e.kinds(t, e.m.ID); !equal(k, []string{"created", "floating_out", "floating_report", "lost_contact", "floating_ended"}) {
			t.Fatalf("events %v", k)
		}
	})
}

// containsInflated looks for b inside the PDF's compressed streams.
func containsInflated(pdf, b []byte) bool {
	return bytes.Contains(inflateAll(pdf), b)
}

var streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

func inflateAll(pdf []byte) []byte {
	var out []byte
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		if r, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			data, _ := io.ReadAll(r)
			out = append(out, data...)
		}
	}
	return out
}
