package funds_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/funds"
	"dangjian/internal/i18n"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A single voluntary payment of 100000 fen or more is marked for remittance (99999 is not);
// the remittance is an approved spending entry that takes it off the list and out of the
// balance; a rule with another threshold from a day on applies to payments from that day
// only.
func TestVoluntaryThreshold(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		vol := func(fen int64, date string) *domain.FundEntry {
			return e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: domain.FundSourceVoluntary,
				AmountFen: fen, Date: date, PayerMemberID: e.memberA.ID, Description: "自愿多交党费"})
		}
		below, at := vol(99999, "2025-02-01"), vol(100000, "2025-02-02")
		if below.RemitRequired || !at.RemitRequired {
			t.Fatalf("99999 marked %v, 100000 marked %v", below.RemitRequired, at.RemitRequired)
		}
		if at.PayerName != "王小红" || at.MemberID != e.memberA.ID {
			t.Errorf("payer: %q %d", at.PayerName, at.MemberID)
		}
		r := e.report(e.secA, 2025)
		if len(r.ToRemit) != 1 || r.ToRemit[0].ID != at.ID || r.ToRemitFen != 100000 {
			t.Fatalf("to remit: %+v (%d)", r.ToRemit, r.ToRemitFen)
		}
		_, err := e.s.Remit(e.ctx, e.secA, below.ID, funds.RemitInput{})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Remit(e.ctx, e.secA2, at.ID, funds.RemitInput{})
		testutil.WantCode(t, err, domain.EForbidden)
		rem, err := e.s.Remit(e.ctx, e.secA, at.ID, funds.RemitInput{Date: "2025-03-01", Note: "回单 0301"})
		if err != nil {
			t.Fatal(err)
		}
		if rem.Kind != domain.FundSpending || rem.Category != domain.FundPurposeRemittance || rem.AmountFen != 100000 ||
			rem.Status != domain.FundApproved || rem.RemitsID != at.ID {
			t.Fatalf("remittance: %+v", rem)
		}
		_, err = e.s.Remit(e.ctx, e.secA, at.ID, funds.RemitInput{})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Reverse(e.ctx, e.secA, at.ID, funds.ReverseInput{Reason: "x"})
		testutil.WantCode(t, err, domain.EConflict) // remitted: reverse the remittance first
		got, _ := e.s.Get(e.ctx, e.secA, at.ID)
		if got.RemittedByID != rem.ID || got.RemittedOn.String() != "2025-03-01" {
			t.Errorf("remitted by %d on %s", got.RemittedByID, got.RemittedOn)
		}
		r = e.report(e.secA, 2025)
		if len(r.ToRemit) != 0 || r.IncomeFen != 199999 || r.SpendingFen != 100000 || lineOf(r.Spending, "remittance").AmountFen != 100000 {
			t.Fatalf("after remitting: to remit %d, income %d, spending %d", len(r.ToRemit), r.IncomeFen, r.SpendingFen)
		}
		e.checkAccount(e.f.BranchA.ID, 99999)
		// Reversing the remittance puts the payment back on the list.
		if _, err := e.s.Reverse(e.ctx, e.secA, rem.ID, funds.ReverseInput{Reason: "银行退回"}); err != nil {
			t.Fatal(err)
		}
		if r = e.report(e.secA, 2025); len(r.ToRemit) != 1 {
			t.Fatalf("after the remittance was reversed: %d to remit", len(r.ToRemit))
		}
		// A lower threshold from 1 May applies from then on; April keeps the old one.
		err = db.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, domain.RuleFundRemitting, 0, domain.FundRemitRule{ThresholdFen: 50000}, domain.NewDate(2025, 5, 1), "test", "test")
		})
		if err != nil {
			t.Fatal(err)
		}
		if vol(60000, "2025-04-30").RemitRequired || !vol(60000, "2025-05-01").RemitRequired {
			t.Error("the threshold rule did not apply by date")
		}
	})
}

// Spending is approved by the organisation's secretary or an officer above it, never by the one
// who filed it; outside the scope the approval is refused; a decided request is not decided
// again; the pool cannot pay out more than it holds.
func TestApprovalFlow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.income("union_fees", 100000, "2025-01-10")
		req := func(a *auth.Actor, fen int64) *domain.FundEntry {
			return e.post(a, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "activities",
				AmountFen: fen, Date: "2025-02-01", Description: "红色教育活动"})
		}
		mine := req(e.secA, 60000)
		_, err := e.s.Approve(e.ctx, e.secA, mine.ID)
		testutil.WantCode(t, err, domain.EForbidden) // own request
		_, err = e.s.Approve(e.ctx, e.secA2, mine.ID)
		testutil.WantCode(t, err, domain.EForbidden) // another branch's secretary
		_, err = e.s.Approve(e.ctx, e.auditor, mine.ID)
		testutil.WantCode(t, err, domain.EForbidden) // reads, never decides
		_, err = e.s.Approve(e.ctx, e.plain, mine.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Approve(e.ctx, e.upper, 999999)
		testutil.WantCode(t, err, domain.ENotFound)
		// The approvals list of the secretary leaves out their own request; the upper
		// officer's holds it.
		if l, _ := e.s.Approvals(e.ctx, e.secA, 0); len(l) != 0 {
			t.Errorf("secretary's approvals: %d", len(l))
		}
		if l, _ := e.s.Approvals(e.ctx, e.upper, 0); len(l) != 1 || l[0].ID != mine.ID {
			t.Errorf("upper officer's approvals: %+v", l)
		}
		_, err = e.s.Approvals(e.ctx, e.auditor, 0)
		testutil.WantCode(t, err, domain.EForbidden)
		ok, err := e.s.Approve(e.ctx, e.upper, mine.ID)
		if err != nil || ok.Status != domain.FundApproved || ok.DecidedByName != "upper" {
			t.Fatalf("approve: %+v %v", ok, err)
		}
		_, err = e.s.Approve(e.ctx, e.upper, mine.ID)
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Return(e.ctx, e.upper, mine.ID, "晚了")
		testutil.WantCode(t, err, domain.EConflict)
		// The secretary of A decides a request the upper officer filed for A.
		theirs := req(e.upper, 30000)
		if _, err := e.s.Approve(e.ctx, e.secA, theirs.ID); err != nil {
			t.Fatal(err)
		}
		// 10000 left: a request of 20000 cannot be approved, but can be returned.
		big := req(e.secA, 20000)
		_, err = e.s.Approve(e.ctx, e.upper, big.ID)
		testutil.WantCode(t, err, domain.EInsufficientBalance)
		_, err = e.s.Return(e.ctx, e.upper, big.ID, "")
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		if _, err := e.s.Return(e.ctx, e.upper, big.ID, "超出结余"); err != nil {
			t.Fatal(err)
		}
		// Income is not a request.
		inc := e.income("other", 1, "2025-02-02")
		_, err = e.s.Approve(e.ctx, e.upper, inc.ID)
		testutil.WantCode(t, err, domain.EConflict)
		e.checkAccount(e.f.BranchA.ID, 10001)
		if n := testutil.AuditCount(t, db, "funds.spending.approve"); n != 2 {
			t.Errorf("audited approvals: %d", n)
		}
		if n := testutil.AuditCount(t, db, "funds.spending.return"); n != 1 {
			t.Errorf("audited returns: %d", n)
		}
	})
}

// Files go in with the entry and later, and come back byte for byte to readers of the
// organisation; outside the scope they are not found.
func TestAttachmentsRoundTrip(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		invoice := bytes.Repeat([]byte{0x25, 0x50, 0x44, 0x46, 0x00, 0xff}, 1000)
		x := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "materials", AmountFen: 3000,
			Description: "党建读物", Files: []funds.File{{Name: "发票.pdf", ContentType: "application/pdf", Content: invoice}}})
		photo := []byte("\x89PNG\r\n\x1a\nphoto")
		att, err := e.s.AddAttachment(e.ctx, e.secA, x.ID, funds.File{Name: "现场照片.png", ContentType: "image/png", Content: photo})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Get(e.ctx, e.auditor, x.ID)
		if len(got.Attachments) != 2 || got.Attachments[0].FileName != "发票.pdf" || got.Attachments[1].Size != len(photo) {
			t.Fatalf("attachments: %+v", got.Attachments)
		}
		f, content, err := e.s.Attachment(e.ctx, e.upper, x.ID, got.Attachments[0].ID)
		if err != nil || !bytes.Equal(content, invoice) || f.ContentType != "application/pdf" {
			t.Fatalf("invoice back: %v, %d bytes", err, len(content))
		}
		if _, content, _ := e.s.Attachment(e.ctx, e.secA, x.ID, att.ID); !bytes.Equal(content, photo) {
			t.Error("photo differs")
		}
		_, _, err = e.s.Attachment(e.ctx, e.secA2, x.ID, att.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, _, err = e.s.Attachment(e.ctx, e.plain, x.ID, att.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, _, err = e.s.Attachment(e.ctx, e.secA, x.ID, 999999)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.AddAttachment(e.ctx, e.secA2, x.ID, funds.File{Name: "a.png", Content: photo})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.AddAttachment(e.ctx, e.secA, x.ID, funds.File{Name: "big.bin", Content: make([]byte, domain.MaxFundAttachmentSize+1)})
		testutil.WantField(t, err, domain.EInvalid, "file", "err.funds.file_size")
	})
}

// Publishing records who and when, closes the year (and those before it) to postings and
// decisions, and opens the report to the organisation's members (totals only); requests still
// waiting block it; members of other branches and unpublished years stay hidden.
func TestPublish(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.income("union_fees", 200000, "2024-05-01")
		e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: domain.FundSourceVoluntary,
			AmountFen: 150000, Date: "2024-07-01", PayerName: "李明", Description: "自愿多交党费"})
		wait := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "education", AmountFen: 1000,
			Date: "2024-11-01", Description: "培训"})
		_, err := e.s.Report(e.ctx, e.plain, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.ENotFound) // not published yet
		_, err = e.s.Publish(e.ctx, e.upper, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.EConflict) // a request waits
		if _, err := e.s.Approve(e.ctx, e.upper, wait.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Publish(e.ctx, e.secA2, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Publish(e.ctx, e.auditor, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Publish(e.ctx, e.secA, e.f.BranchA.ID, 2026)
		testutil.WantField(t, err, domain.EInvalid, "year", "err.funds.year_future")
		pub, err := e.s.Publish(e.ctx, e.secA, e.f.BranchA.ID, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if !pub.Published || pub.PublishedByName != "sec_a" || pub.PublishedAt.IsZero() || pub.ClosingFen != 349000 {
			t.Fatalf("published: %+v", pub.FundReport)
		}
		_, err = e.s.Publish(e.ctx, e.secA, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.EConflict)
		// The member reads it, as totals: no payers' names, nothing pending.
		m, err := e.s.Report(e.ctx, e.plain, e.f.BranchA.ID, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if m.Officer || m.ClosingFen != 349000 || len(m.ToRemit) != 0 || m.ToRemitFen != 150000 {
			t.Fatalf("member's view: officer %v closing %d to remit %d/%d", m.Officer, m.ClosingFen, len(m.ToRemit), m.ToRemitFen)
		}
		// Readers above see it in full; a member of another branch does not see it at all.
		if r := e.report(e.upper, 2024); len(r.ToRemit) != 1 || r.ToRemit[0].PayerName != "李明" {
			t.Errorf("officer's to-remit list: %+v", r.ToRemit)
		}
		om := e.f.Member(t, e.f.BranchA2.ID, "赵强", "19850101")
		other := e.f.User(t, "other", om.ID, testutil.Grant(domain.RoleMember, e.f.BranchA2.ID))
		_, err = e.s.Report(e.ctx, other, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.Report(e.ctx, e.plain, e.f.BranchA.ID, 2025)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.Report(e.ctx, e.secA2, e.f.BranchA.ID, 2024)
		testutil.WantCode(t, err, domain.ENotFound)
		if ys, err := e.s.Published(e.ctx, e.plain, e.f.BranchA.ID); err != nil || len(ys) != 1 || ys[0] != 2024 {
			t.Errorf("published years: %v %v", ys, err)
		}
		// 2024 and 2023 are closed; 2025 is open, and the remittance of a 2024 payment goes there.
		_, err = e.s.Create(e.ctx, e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "other",
			AmountFen: 1, Date: "2024-12-31", Description: "补记"})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Create(e.ctx, e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "other",
			AmountFen: 1, Date: "2023-06-30", Description: "补记"})
		testutil.WantCode(t, err, domain.EConflict)
		e.income("other", 1, "2025-01-01")
		pending := e.report(e.secA, 2024).ToRemit[0]
		_, err = e.s.Remit(e.ctx, e.secA, pending.ID, funds.RemitInput{Date: "2024-12-31"})
		testutil.WantCode(t, err, domain.EConflict)
		if _, err := e.s.Remit(e.ctx, e.secA, pending.ID, funds.RemitInput{Date: "2025-01-05"}); err != nil {
			t.Fatal(err)
		}
		if r := e.report(e.secA, 2024); r.ClosingFen != 349000 {
			t.Errorf("the published year changed: closing %d", r.ClosingFen)
		}
		if r := e.report(e.secA, 2025); r.OpeningFen != 349000 || r.ClosingFen != 199001 {
			t.Errorf("2025: %d → %d", r.OpeningFen, r.ClosingFen)
		}
		if n := testutil.AuditCount(t, db, "funds.report.publish"); n != 1 {
			t.Errorf("audited publications: %d", n)
		}
		pdf, err := e.s.PDF(e.ctx, e.plain, e.f.BranchA.ID, 2024, i18n.MustLoad())
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("member's PDF: %v", err)
		}
	})
}

// Concurrent postings and approvals keep the totals exact: every income lands once, and of
// 20 requests of 10000 fen against a pool of 100000 exactly ten are approved.
func TestConcurrentPostings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.s.Create(e.ctx, e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "union_fees",
					AmountFen: 5000, Date: "2025-03-01", Description: fmt.Sprintf("第%d笔", i%10), IdempotencyKey: fmt.Sprintf("inc-%d", i%10)})
				errs <- err
			}()
		}
		wg.Wait()
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		e.checkAccount(e.f.BranchA.ID, 50000) // ten distinct keys, each once
		e.income("league_fees", 50000, "2025-03-02")
		var ids []int64
		for range n {
			ids = append(ids, e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundSpending, Purpose: "activities",
				AmountFen: 10000, Date: "2025-03-03", Description: "活动"}).ID)
		}
		var mu sync.Mutex
		approved, refused := 0, 0
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.s.Approve(e.ctx, e.upper, id)
				mu.Lock()
				defer mu.Unlock()
				switch domain.ErrorCode(err) {
				case "":
					approved++
				case domain.EInsufficientBalance:
					refused++
				default:
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if approved != 10 || refused != 10 {
			t.Fatalf("approved %d, refused %d; want 10 and 10", approved, refused)
		}
		e.checkAccount(e.f.BranchA.ID, 0)
		r := e.report(e.secA, 2025)
		if r.IncomeFen != 100000 || r.SpendingFen != 100000 || r.ClosingFen != 0 || r.PendingCount != 10 {
			t.Fatalf("report: %d − %d = %d, %d pending", r.IncomeFen, r.SpendingFen, r.ClosingFen, r.PendingCount)
		}
	})
}

// Booking the dues collected posts one entry per month for what the month's bills collected,
// and nothing more when run again; a late payment adds its difference.
func TestPostDues(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		bill := func(member *domain.Member, month string, paid int64) {
			t.Helper()
			now := time.Now().UTC()
			_, err := db.SQL().Exec(`INSERT INTO dues_bills (member_id, org_id, org_path, month, category, standard_fen, amount_fen,
				status, paid_fen, created_at, updated_at) VALUES ($1, $2, $3, $4, 'in_service', $5, $5, $6, $7, $8, $8)`,
				member.ID, member.OrgID, member.OrgPath, month, paid, map[bool]string{true: "paid", false: "unpaid"}[paid > 0], paid, now)
			if err != nil {
				t.Fatal(err)
			}
		}
		other := e.f.Member(t, e.f.BranchA.ID, "陈刚", "19800505")
		bill(e.memberA, "2025-01", 2000)
		bill(other, "2025-01", 3000)
		bill(e.memberA, "2025-02", 2000)
		bill(other, "2025-02", 0)
		res, err := e.s.PostDues(e.ctx, e.secA, e.f.BranchA.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 2 || res[0].PostedFen != 5000 || res[1].PostedFen != 2000 || res[0].EntryID == 0 {
			t.Fatalf("first run: %+v", res)
		}
		again, err := e.s.PostDues(e.ctx, e.secA, e.f.BranchA.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range again {
			if m.PostedFen != 0 {
				t.Fatalf("second run posted: %+v", again)
			}
		}
		if _, err := db.SQL().Exec(`UPDATE dues_bills SET paid_fen = 3000, status = 'paid' WHERE member_id = $1 AND month = '2025-02'`, other.ID); err != nil {
			t.Fatal(err)
		}
		late, err := e.s.PostDues(e.ctx, e.secA, e.f.BranchA.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(late) != 2 || late[1].PostedFen != 3000 || late[1].BookedFen != 2000 {
			t.Fatalf("late payment: %+v", late)
		}
		r := e.report(e.secA, 2025)
		if l := lineOf(r.Income, domain.FundSourceDues); l.AmountFen != 10000 || l.Count != 3 {
			t.Errorf("dues line: %+v", l)
		}
		entry, _ := e.s.Get(e.ctx, e.secA, late[1].EntryID)
		if entry.Date.String() != "2025-02-28" || !strings.Contains(entry.Description, "2025年2月") {
			t.Errorf("late entry: %s %q", entry.Date, entry.Description)
		}
		_, err = e.s.PostDues(e.ctx, e.auditor, e.f.BranchA.ID, 2025)
		testutil.WantCode(t, err, domain.EForbidden)
		e.checkAccount(e.f.BranchA.ID, 10000)
	})
}

// An officer with funds.manage configures the sources of their organisation from a day;
// entries booked before keep their category; the threshold is an admin's.
func TestSetRules(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.income("union_fees", 100, "2025-02-01")
		src := []domain.FundCategory{{Code: "union_fees"}, {Code: "corporate", Name: "企业党建支持"}}
		r, err := e.s.SetRules(e.ctx, e.upper, funds.RulesInput{OrgID: e.f.CommitteeA.ID, ValidFrom: "2025-03-01", Sources: &src})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Sources) != 3 || r.Sources[1].Name != "企业党建支持" || r.Sources[2].Code != domain.FundSourceVoluntary {
			t.Fatalf("sources: %+v", r.Sources)
		}
		// A branch secretary (funds.manage) sets their own branch's list, not another's.
		_, err = e.s.SetRules(e.ctx, e.secA, funds.RulesInput{OrgID: e.f.BranchB.ID, ValidFrom: "2025-03-01", Sources: &src})
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.s.SetRules(e.ctx, e.secA, funds.RulesInput{OrgID: e.f.BranchA.ID, ValidFrom: "2025-04-01", Sources: &src}); err != nil {
			t.Fatalf("secretary sets the branch's sources: %v", err)
		}
		_, err = e.s.SetRules(e.ctx, e.auditor, funds.RulesInput{OrgID: e.f.BranchA.ID, ValidFrom: "2025-04-01", Sources: &src})
		testutil.WantCode(t, err, domain.EForbidden)
		th := int64(1)
		_, err = e.s.SetRules(e.ctx, e.upper, funds.RulesInput{OrgID: e.f.CommitteeA.ID, ValidFrom: "2025-03-01", ThresholdFen: &th})
		testutil.WantCode(t, err, domain.EForbidden)
		bad := []domain.FundCategory{{Code: "Bad Code"}}
		_, err = e.s.SetRules(e.ctx, e.upper, funds.RulesInput{OrgID: e.f.CommitteeA.ID, ValidFrom: "2025-03-01", Sources: &bad})
		testutil.WantField(t, err, domain.EInvalid, "sources", "err.funds.category_code")
		x := e.post(e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "corporate", AmountFen: 500,
			Date: "2025-03-02", Description: "企业支持"})
		if x.CategoryName != "企业党建支持" {
			t.Errorf("category name: %q", x.CategoryName)
		}
		_, err = e.s.Create(e.ctx, e.secA, funds.EntryInput{OrgID: e.f.BranchA.ID, Kind: domain.FundIncome, Source: "league_fees",
			AmountFen: 500, Date: "2025-03-02", Description: "x"})
		testutil.WantField(t, err, domain.EInvalid, "source", "err.funds.category")
		rep := e.report(e.secA, 2025)
		if got := codesOf(rep.Income); got != "union_fees=100 corporate=500 " {
			t.Errorf("income lines: %s", got)
		}
		// BranchB (another committee) keeps the defaults.
		if r, _ := e.s.Rules(e.ctx, e.sys, e.f.BranchB.ID, domain.NewDate(2025, 4, 1)); len(r.Sources) != 7 {
			t.Errorf("BranchB sources: %d", len(r.Sources))
		}
	})
}
