package demo

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/duespay"
	"dangjian/internal/store"
)

// Party dues for the demo (issue 6): every member on the roster gets a dues profile —
// mostly in service with bases in all four brackets, retirees by age (and the district's
// retirees' branches), a few farmers, students, unemployed members and members on relief
// outside the enterprise — from a month in the past, some with a pay rise in the year (a
// second profile). Then the bills of the last twelve months up to the current one, priced
// by the rule as the generator prices them (dues.Service.Generate run for each month finds
// every bill made: the demo test checks it), with their payments: most months paid on time —
// by the branch in one cash or transfer payment a month, or online by the member through
// the test provider (with its notification) —, some paid late together with a later month,
// members in arrears for the last months, members who lost contact unpaid for six to eleven
// months so the self-withdrawal flag shows, and the current month mostly unpaid so a
// secretary can record payments. In the enterprise, one member is exempt and one pays a
// reduced amount (approved hardship applications, through the service, with a third one
// waiting for the branch), two members are flagged, the demo member owes last month and
// this one, and this month's early payers are recorded through the payment service today,
// scoring the DUES-ON-TIME item of the "1 + X" catalogue (points.go). Earlier payments
// predate that item and score nothing, as the payment service would have done.
//
// The bills and payments are written in bulk (store.BulkDuesBills …): the same rows the
// generator and the payment service write, one transaction per 5,000 members with one audit
// entry per kind. A synthetic region gets Options.DuesMonths months (default 3: a year is
// some 23 rows a member, more than the member takes to load) — 100,000 members in seconds.

// duesSeed keeps the dues draw apart from the rest of the demo.
const duesSeed = 700_000

// duesChunk is how many members one write transaction of the dues load covers.
const duesChunk = 5000

// duesStyle is how one region's members pay their dues.
type duesStyle struct {
	root       *orgPlan
	enterprise bool    // the Hangzhou company's staff: in service or retired, higher pay
	online     float64 // share of members who pay online themselves rather than to the branch
	transfer   float64 // share of branches collecting by bank transfer rather than in cash
	// viaService: this month's payments are recorded through the payment service today
	// (points for paying on time) rather than written in bulk, dated earlier this month.
	viaService bool
	months     []string // the months billed, oldest first, up to the current one
}

// In-service bases in yuan by bracket (RULES.md: ≤ 3,000, ≤ 5,000, ≤ 10,000, above), and
// pensions of retirees (≤ 5,000, above).
var (
	enterpriseBases = newWeighted[[2]int]([2]int{1800, 3000}, 5, [2]int{3001, 5000}, 15, [2]int{5001, 10000}, 50,
		[2]int{10001, 30000}, 30)
	districtBases = newWeighted[[2]int]([2]int{1500, 3000}, 30, [2]int{3001, 5000}, 40, [2]int{5001, 10000}, 25,
		[2]int{10001, 20000}, 5)
	pensionBases = newWeighted[[2]int]([2]int{2000, 5000}, 70, [2]int{5001, 9000}, 30)
)

// Parts some enterprise members play.
type duesRole int

const (
	roleNone      duesRole = iota
	roleSecretary          // the demo secretary: pays this month too
	roleAccount            // the demo member: owes last month and this one, pays online
	roleFlagged            // unpaid for six months and more
	roleHardship           // exempt or reduced for some months: otherwise pays on time
)

// duesLoad is the state of one dues load.
type duesLoad struct {
	l      *loader
	g      *rng
	months []string // the months billed, oldest first; the last is the current month
	cur    string
	today  domain.Date
	clock  func() time.Time
	price  *duesPricer
	grace  *duesGrace
	roles  map[int64]duesRole
	method map[int64]string // a branch's way of collecting: cash or transfer
	// viaService payments: bill ids per branch, branches in order.
	todayPay   map[int64][]int64
	todayOrder []int64
	bills      int
	payments   int
}

// demoDues loads the dues of the enterprise, the district and the synthetic region (nil
// when not asked for; synMonths months of it, none when 0). It needs the dues service;
// without one (sets of older tests) it loads nothing.
func (l *loader) demoDues(ctx context.Context, ent, dist, syn *orgPlan, synMonths int) (bills, payments int, err error) {
	if l.set.Dues == nil {
		return 0, 0, nil
	}
	d := &duesLoad{l: l, g: newRNG(duesSeed), today: l.today, clock: l.set.Dues.Now, roles: map[int64]duesRole{},
		method: map[int64]string{}, todayPay: map[int64][]int64{}}
	if d.clock == nil {
		d.clock = time.Now
	}
	d.cur = domain.DuesMonthOf(l.today)
	for i := 11; i >= 0; i-- {
		d.months = append(d.months, domain.DuesMonthAdd(d.cur, -i))
	}
	if d.price, err = newDuesPricer(ctx, l.set.Dues, d.months); err != nil {
		return 0, 0, err
	}
	if d.grace, err = newDuesGrace(ctx, l.set.DB.Read()); err != nil {
		return 0, 0, err
	}
	if err := d.enterpriseParts(ctx, ent); err != nil {
		return 0, 0, err
	}
	styles := []*duesStyle{
		{root: ent, enterprise: true, online: 0.35, transfer: 0.7, viaService: true, months: d.months},
		{root: dist, online: 0.2, transfer: 0.3, months: d.months},
	}
	if syn != nil && synMonths > 0 {
		styles = append(styles, &duesStyle{root: syn, online: 0.02, transfer: 0.3, months: d.months[len(d.months)-synMonths:]})
	}
	for _, st := range styles {
		if err := d.region(ctx, st); err != nil {
			return 0, 0, err
		}
	}
	if err := d.payToday(ctx); err != nil {
		return 0, 0, err
	}
	if l.set.DuesStats != nil { // the daily reminders job, so the home pages show them at once
		if _, _, err := l.set.DuesStats.Remind(ctx, l.today); err != nil {
			return 0, 0, fmt.Errorf("demo: dues reminders: %w", err)
		}
	}
	return d.bills, d.payments, nil
}

// enterpriseParts chooses the enterprise members with a part (the demo accounts' branch
// keeps its people, see lifecycle) and files the hardship applications through the service:
// an exemption and a reduction approved, one more waiting for the branch.
func (d *duesLoad) enterpriseParts(ctx context.Context, ent *orgPlan) error {
	branch := ent.children[6]
	d.roles[holder(branch, "secretary").ID] = roleSecretary
	d.roles[holder(branch, "").ID] = roleAccount
	read := d.l.set.DB.Read()
	// candidates are members of b without a position, full, in normal standing, in contact,
	// on the roster and still in b, floating ones first when asked.
	candidates := func(b *orgPlan, floatingFirst bool) ([]int64, error) {
		var first, rest []int64
		for _, p := range b.members {
			if len(p.Positions) > 0 || p.Category != domain.CategoryFull || p.Standing != domain.StandingNormal ||
				p.LostContact || d.roles[p.ID] != roleNone {
				continue
			}
			m, err := read.Member(ctx, p.ID)
			if err != nil {
				return nil, err
			}
			if m.HasLeft() || m.OrgID != b.ID || m.Standing != domain.StandingNormal {
				continue
			}
			if floatingFirst && m.Floating {
				first = append(first, p.ID)
			} else {
				rest = append(rest, p.ID)
			}
		}
		return append(first, rest...), nil
	}
	home, err := candidates(branch, true)
	if err != nil {
		return err
	}
	away, err := candidates(ent.children[11], true) // a sales region: many work away
	if err != nil {
		return err
	}
	if len(home) < 4 || len(away) < 1 {
		return fmt.Errorf("demo: dues: too few members for the parts (%d, %d)", len(home), len(away))
	}
	d.roles[home[0]], d.roles[away[0]] = roleFlagged, roleFlagged
	s := d.l.set.Dues
	for i, h := range []dues.HardshipInput{
		{MemberID: home[1], Kind: domain.HardshipExempt, FromMonth: domain.DuesMonthAdd(d.cur, -3),
			ToMonth: domain.DuesMonthAdd(d.cur, 2), Reason: "本人患重病长期住院治疗，停发工资，家庭经济十分困难，申请免交党费。"},
		{MemberID: home[2], Kind: domain.HardshipReduce, AmountFen: 1000, FromMonth: domain.DuesMonthAdd(d.cur, -5),
			ToMonth: domain.DuesMonthAdd(d.cur, 6), Reason: "配偶失业，子女上学，赡养两位患病老人，家庭收入锐减，申请每月少交党费至10元。"},
		{MemberID: home[3], Kind: domain.HardshipReduce, AmountFen: 500, FromMonth: d.cur,
			ToMonth: domain.DuesMonthAdd(d.cur, 5), Reason: "家中遭遇火灾，房屋受损严重，申请半年内每月少交党费至5元。"},
	} {
		d.roles[h.MemberID] = roleHardship
		a, err := s.ApplyHardship(ctx, d.l.actor, h)
		if err != nil {
			return fmt.Errorf("demo: hardship application: %w", err)
		}
		if i == 2 { // waits for the branch: the demo secretary decides it
			continue
		}
		if _, err := s.AgreeHardship(ctx, d.l.actor, a.ID, dues.DecideInput{Note: "经支部委员会研究，情况属实，同意。"}); err != nil {
			return fmt.Errorf("demo: hardship agreement: %w", err)
		}
		if _, err := s.ApproveHardship(ctx, d.l.actor, a.ID, dues.DecideInput{Note: "经党委审核，同意。"}); err != nil {
			return fmt.Errorf("demo: hardship approval: %w", err)
		}
	}
	return nil
}

// region loads the dues of one region's members, duesChunk members a transaction. A
// goroutine reads and plans the next chunk while this one is written (as the generator does):
// the bills and payments are numbered from the ids the region starts at, and each
// transaction checks that nobody else numbered any meanwhile.
func (d *duesLoad) region(ctx context.Context, st *duesStyle) error {
	nextBill, nextPay, err := d.l.set.DB.Read().NextDuesIDs(ctx)
	if err != nil {
		return err
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *duesBatch, 1)
	go func() {
		defer close(batches)
		read := d.l.set.DB.Read()
		var after int64
		for {
			rows, err := read.DuesRosterAfter(rctx, st.root.Path, after, duesChunk)
			if err == nil && len(rows) == 0 {
				return
			}
			var b *duesBatch
			if err == nil {
				after = rows[len(rows)-1].ID
				b, err = d.build(rctx, st, rows, nextBill, nextPay)
			}
			if err != nil {
				b = &duesBatch{err: err}
			} else {
				nextBill, nextPay = b.nextBill, b.nextPay
			}
			select {
			case batches <- b:
			case <-rctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for b := range batches {
		if b.err == nil {
			b.err = d.write(ctx, st, b)
		}
		if b.err != nil {
			return fmt.Errorf("demo: dues: %w", b.err)
		}
	}
	return nil
}

// memberDues is one member's plan: profiles (oldest first), the month from which they stop
// paying ("" for none), whether they often pay late, whether online.
type memberDues struct {
	row      *store.DuesRosterRow
	role     duesRole
	profiles []domain.DuesProfile
	stop     string
	late     bool
	online   bool
}

// profileAt is the profile in force for month, nil when none.
func (md *memberDues) profileAt(month string) *domain.DuesProfile {
	var p *domain.DuesProfile
	for i := range md.profiles {
		if md.profiles[i].FromMonth <= month {
			p = &md.profiles[i]
		}
	}
	return p
}

// payDraft is a payment being put together: a branch's collection of a month or a member's
// own online payment.
type payDraft struct {
	p     domain.DuesPayment
	bills []int // indexes into the chunk's bills, ascending
}

type payKey struct {
	org, member int64 // member 0: the branch's collection
	month       string
}

// duesBatch is one chunk of members' dues, planned and numbered, ready to write: bills
// firstBill..nextBill-1 and payments firstPay..nextPay-1.
type duesBatch struct {
	lo, hi              int64 // the members' ids
	profiles            []domain.DuesProfile
	bills               []domain.DuesBill
	payments            []domain.DuesPayment
	items               []domain.DuesPaymentItem
	notes               []store.DuesNotification
	firstBill, nextBill int64
	firstPay, nextPay   int64
	err                 error
}

// build plans the dues of a chunk of members, numbering bills from nextBill and payments
// from nextPay.
func (d *duesLoad) build(ctx context.Context, st *duesStyle, rows []store.DuesRosterRow, nextBill, nextPay int64) (*duesBatch, error) {
	lo, hi := rows[0].ID, rows[len(rows)-1].ID
	hardships := map[string]map[int64]store.DuesHardshipRow{}
	for _, m := range st.months {
		h, err := d.l.set.DB.Read().ApprovedHardshipsInRange(ctx, lo, hi, m)
		if err != nil {
			return nil, err
		}
		hardships[m] = h
	}
	first := domain.DuesMonthStart(st.months[0]).AddDate(0, 1, 0)
	var plans []*memberDues
	var profiles []domain.DuesProfile
	for i := range rows {
		r := &rows[i]
		if !r.LeftOn.IsZero() && r.LeftOn.Before(first) {
			continue // left before the first month billed: never due here
		}
		md := d.plan(st, r)
		plans = append(plans, md)
		profiles = append(profiles, md.profiles...)
	}
	firstBill, firstPay := nextBill, nextPay
	bills := make([]domain.DuesBill, 0, len(plans)*len(st.months))
	drafts := map[payKey]*payDraft{}
	var order []*payDraft
	// Branch by branch and month by month, so that a branch's collection of a month pays
	// bills with consecutive ids and every index grows in few places at a time.
	var groups [][]*memberDues
	at := map[int64]int{}
	for _, md := range plans {
		i, ok := at[md.row.OrgID]
		if !ok {
			i = len(groups)
			at[md.row.OrgID] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], md)
	}
	for _, grp := range groups {
		for _, month := range st.months {
			next := domain.DuesMonthStart(month).AddDate(0, 1, 0)
			created := d.cap(d.at(month, 1, 8, 0, 0))
			for _, md := range grp {
				r := md.row
				if r.Standing != domain.StandingNormal || (!r.JoinedOn.IsZero() && !r.JoinedOn.Before(next)) ||
					(!r.LeftOn.IsZero() && r.LeftOn.Before(next)) {
					continue // as the generator: not due, or not on the roster at the month's end
				}
				prof := md.profileAt(month)
				if prof == nil {
					continue
				}
				a, err := d.price.standard(ctx, r.OrgPath, month, string(prof.Category), prof.BaseFen)
				if err != nil {
					return nil, err
				}
				b := domain.DuesBill{ID: nextBill, MemberID: r.ID, OrgID: r.OrgID, OrgPath: r.OrgPath, Month: month,
					Category: prof.Category, BaseFen: prof.BaseFen, StandardFen: a.AmountFen, AmountFen: a.AmountFen,
					RuleRef: a.RuleRef, Status: domain.DuesUnpaid, CreatedAt: created, UpdatedAt: created}
				if h, ok := hardships[month][r.ID]; ok {
					hs := domain.DuesHardship{Kind: h.Kind, AmountFen: h.AmountFen}
					b.AmountFen, b.Status = hs.Apply(a.AmountFen)
					b.HardshipID = h.ID
				}
				nextBill++
				bills = append(bills, b)
				if b.Status != domain.DuesUnpaid || b.AmountFen <= 0 {
					continue
				}
				pay, ok := d.payMonth(st, md, month)
				if !ok {
					continue
				}
				if st.viaService && pay == d.cur {
					if _, seen := d.todayPay[r.OrgID]; !seen {
						d.todayOrder = append(d.todayOrder, r.OrgID)
						d.method[r.OrgID] = d.branchMethod(st, r.OrgID)
					}
					d.todayPay[r.OrgID] = append(d.todayPay[r.OrgID], b.ID)
					continue
				}
				key := payKey{org: r.OrgID, month: pay}
				if md.online {
					key = payKey{member: r.ID, month: pay}
				}
				dr := drafts[key]
				if dr == nil {
					dr = d.draft(st, md, key, nextPay)
					nextPay++
					drafts[key] = dr
					order = append(order, dr)
				}
				dr.bills = append(dr.bills, len(bills)-1)
			}
		}
	}
	payments := make([]domain.DuesPayment, 0, len(order))
	var items []domain.DuesPaymentItem
	var notes []store.DuesNotification
	for _, dr := range order {
		p := &dr.p
		paidOn := domain.Today(p.PaidAt)
		for _, i := range dr.bills {
			b := &bills[i]
			p.AmountFen += b.AmountFen
			b.Status, b.PaidFen, b.PaidAt, b.PaymentID, b.UpdatedAt = domain.DuesPaid, b.AmountFen, p.PaidAt, p.ID, p.PaidAt
			grace, err := d.grace.days(ctx, b.OrgPath, paidOn)
			if err != nil {
				return nil, err
			}
			items = append(items, domain.DuesPaymentItem{PaymentID: p.ID, BillID: b.ID, MemberID: b.MemberID,
				OrgPath: b.OrgPath, Month: b.Month, AmountFen: b.AmountFen, Status: domain.ItemApplied,
				OnTime: domain.DuesPaidOnTime(b.Month, paidOn, grace)})
		}
		p.OrgID, p.OrgPath = bills[dr.bills[0]].OrgID, bills[dr.bills[0]].OrgPath
		if p.Method == domain.PayOnline {
			p.OrderNo = fmt.Sprintf("DJ%s%08X", p.CreatedAt.Format("20060102150405"), p.ID)
			notes = append(notes, store.DuesNotification{Provider: p.Provider, NotifyID: "ntf_" + d.hex(12),
				Nonce: d.hex(12), OrderNo: p.OrderNo, AmountFen: p.AmountFen, SentAt: p.PaidAt.Add(-2 * time.Second),
				ReceivedAt: p.PaidAt, Outcome: "paid", PaymentID: p.ID})
		}
		payments = append(payments, *p)
	}
	return &duesBatch{lo: lo, hi: hi, profiles: profiles, bills: bills, payments: payments, items: items, notes: notes,
		firstBill: firstBill, nextBill: nextBill, firstPay: firstPay, nextPay: nextPay}, nil
}

// write writes a batch in one transaction, with one audit entry per kind.
func (d *duesLoad) write(ctx context.Context, st *duesStyle, b *duesBatch) error {
	return d.l.set.DB.WriteTx(ctx, func(q *store.Q) error {
		bill, pay, err := q.NextDuesIDs(ctx)
		if err != nil {
			return err
		}
		if bill != b.firstBill || pay != b.firstPay {
			return fmt.Errorf("bills or payments written meanwhile (next ids %d, %d; numbered from %d, %d)", bill, pay,
				b.firstBill, b.firstPay)
		}
		profiles, bills, payments, items, notes := b.profiles, b.bills, b.payments, b.items, b.notes
		lo, hi, firstBill, nextBill, firstPay, nextPay := b.lo, b.hi, b.firstBill, b.nextBill, b.firstPay, b.nextPay
		if err := q.BulkDuesProfiles(ctx, profiles); err != nil {
			return err
		}
		if err := q.BulkDuesPayments(ctx, payments); err != nil {
			return err
		}
		if err := q.BulkDuesBills(ctx, bills); err != nil {
			return err
		}
		if err := q.BulkDuesPaymentItems(ctx, items); err != nil {
			return err
		}
		if err := q.BulkDuesNotifications(ctx, notes); err != nil {
			return err
		}
		if err := q.SyncDuesIDs(ctx); err != nil {
			return err
		}
		d.bills += len(bills)
		d.payments += len(payments)
		path := st.root.Path
		if len(profiles) > 0 {
			if err := audit.Record(ctx, q, d.l.actor, "dues.profile.bulk_set", "member", 0, path, nil,
				map[string]any{"count": len(profiles), "first_member_id": lo, "last_member_id": hi, "source": "demo"}); err != nil {
				return err
			}
		}
		if len(bills) > 0 {
			if err := audit.Record(ctx, q, d.l.actor, "dues.bills.bulk_create", "org", st.root.ID, path, nil,
				map[string]any{"count": len(bills), "from_month": st.months[0], "to_month": d.cur, "first_id": firstBill,
					"last_id": nextBill - 1, "source": "demo"}); err != nil {
				return err
			}
		}
		if len(payments) > 0 {
			return audit.Record(ctx, q, d.l.actor, "dues.payment.bulk_record", "dues_payment", 0, path, nil,
				map[string]any{"count": len(payments), "items": len(items), "first_id": firstPay, "last_id": nextPay - 1,
					"source": "demo"})
		}
		return nil
	})
}

// plan draws a member's dues: category and base, the profiles, how they pay.
func (d *duesLoad) plan(st *duesStyle, r *store.DuesRosterRow) *memberDues {
	g := d.g
	md := &memberDues{row: r}
	if st.enterprise {
		md.role = d.roles[r.ID]
	}
	cat, base, note := d.category(st, r)
	from := domain.DuesMonthAdd(d.months[0], -g.between(0, 30))
	if join := domain.DuesMonthOf(r.JoinedOn); !r.JoinedOn.IsZero() && join > from {
		from, note = join, "入党（预备党员）当月起交纳，"+note
	}
	md.profiles = []domain.DuesProfile{{MemberID: r.ID, Category: cat, BaseFen: base, FromMonth: from, Note: note,
		CreatedAt: d.cap(d.at(from, 1, 7, 30, 0))}}
	if cat == domain.DuesInService && from < d.months[1] && g.chance(0.06) { // a pay rise within the year
		m := domain.DuesMonthAdd(d.cur, -g.between(1, 10))
		raised := (base*int64(g.between(103, 118))/100 + 999) / 1000 * 1000 // to 10 yuan
		md.profiles = append(md.profiles, domain.DuesProfile{MemberID: r.ID, Category: cat, BaseFen: raised, FromMonth: m,
			Note: monthCN(m) + "起调整工资，按新的月工资收入（税后）核定", CreatedAt: d.cap(d.at(m, 1, 7, 30, 0))})
	}
	md.online = g.chance(st.online)
	switch {
	case md.role == roleFlagged: // stopped paying seven or eight months ago
		md.stop = domain.DuesMonthAdd(d.cur, -g.between(7, 8))
	case r.LostContact: // stopped paying six to eleven months ago
		md.stop = domain.DuesMonthAdd(d.cur, -g.between(6, 11))
	case md.role == roleAccount: // owes last month and this one, and pays online
		md.stop, md.online = domain.DuesMonthAdd(d.cur, -1), true
	case md.role != roleNone: // pays regularly
	default:
		switch n := g.intn(100); {
		case n < 3: // in arrears for the last months
			md.stop = domain.DuesMonthAdd(d.cur, -g.between(1, 3))
		case n < 12:
			md.late = true
		}
	}
	return md
}

// category draws a member's dues category, monthly base (fen) and the profile's note.
func (d *duesLoad) category(st *duesStyle, r *store.DuesRosterRow) (domain.DuesCategory, int64, string) {
	g := d.g
	age := d.today.Time().Year() - r.BirthDate.Time().Year()
	if d.today.Time().YearDay() < r.BirthDate.Time().YearDay() {
		age--
	}
	pensioner := age >= 60 || (r.Gender == "female" && age >= 55)
	if strings.Contains(r.OrgName, "离退休") || (pensioner && g.chance(0.85)) {
		return domain.DuesRetired, yuanBase(g, pensionBases), "按月离退休费（税后）核定"
	}
	if !st.enterprise {
		switch n := g.intn(1000); {
		case n < 25:
			return domain.DuesFarmer, 0, "农民党员，按规定标准交纳"
		case n < 40:
			return domain.DuesUnemployed, 0, "下岗失业党员，按规定标准交纳"
		case n < 48:
			return domain.DuesRelief, 0, "领取最低生活保障，按规定标准交纳"
		case n < 60 && age <= 26:
			return domain.DuesStudent, 0, "在读学生党员，按规定标准交纳"
		}
	}
	bases := districtBases
	if st.enterprise {
		bases = enterpriseBases
	}
	return domain.DuesInService, yuanBase(g, bases), "按月工资收入（税后）核定"
}

// yuanBase draws a base in fen from brackets of yuan; a few fall exactly on a bracket's upper
// bound (the boundaries RULES.md names), some have fen.
func yuanBase(g *rng, brackets weighted[[2]int]) int64 {
	b := brackets.draw(g)
	if g.chance(0.03) {
		return int64(b[1]) * 100
	}
	fen := int64(g.between(b[0], b[1])) * 100
	if g.chance(0.3) && fen/100 < int64(b[1]) {
		fen += int64(g.between(1, 99))
	}
	return fen
}

// payMonth decides when a member pays a bill of month: the month itself (on time), a month or
// two later (late), or not yet (false). This month's payments are dated before today, or
// recorded today through the service (viaService).
func (d *duesLoad) payMonth(st *duesStyle, md *memberDues, month string) (string, bool) {
	g := d.g
	if md.stop != "" && month >= md.stop {
		return "", false
	}
	canNow := st.viaService || d.today.Time().Day() > 1
	if month == d.cur {
		if canNow && (md.role == roleSecretary || g.chance(0.25)) {
			return month, true
		}
		return "", false
	}
	if md.late && g.chance(0.4) {
		pay := min(domain.DuesMonthAdd(month, g.between(1, 2)), d.cur)
		if pay == d.cur && (!canNow || !g.chance(0.5)) {
			return "", false // still owed
		}
		return pay, true
	}
	return month, true
}

// draft starts a payment of key: paid on a day of its month (before today in the current
// month), by the branch or online by the member.
func (d *duesLoad) draft(st *duesStyle, md *memberDues, key payKey, id int64) *payDraft {
	g := d.g
	last := domain.DuesMonthStart(key.month).AddDate(0, 1, -1).Time().Day()
	lo, hi := 5, 25
	if key.member != 0 {
		lo, hi = 1, last
	}
	if key.month == d.cur {
		lo, hi = 1, d.today.Time().Day()-1
	}
	day := g.between(lo, max(lo, hi))
	dr := &payDraft{}
	p := &dr.p
	p.ID, p.Status = id, domain.PaymentPaid
	if key.member == 0 {
		p.Method = d.branchMethod(st, key.org)
		p.PaidAt = d.at(key.month, day, g.between(9, 17), g.between(0, 59), g.between(0, 59))
		p.CreatedAt, p.UpdatedAt = p.PaidAt, p.PaidAt
		p.RecordedByName = d.l.actor.Name()
		p.Note = monthCN(key.month) + "党费，支部集中收缴"
		return dr
	}
	p.Method, p.Provider, p.ReturnURL = domain.PayOnline, duespay.TestProviderName, "/my/dues"
	p.PayerMemberID, p.PayerName, p.RecordedByName = md.row.ID, md.row.Name, md.row.Name
	p.CreatedAt = d.at(key.month, day, g.between(8, 21), g.between(0, 59), g.between(0, 59))
	p.PaidAt = p.CreatedAt.Add(time.Duration(g.between(20, 180)) * time.Second)
	p.UpdatedAt, p.ExpiresAt = p.PaidAt, p.CreatedAt.Add(2*time.Hour)
	p.ProviderTxn = "tp_" + d.hex(12)
	return dr
}

// branchMethod is how a branch collects dues: by transfer or in cash, the same every month.
func (d *duesLoad) branchMethod(st *duesStyle, org int64) string {
	m, ok := d.method[org]
	if !ok {
		m = domain.PayCash
		if d.g.chance(st.transfer) {
			m = domain.PayTransfer
		}
		d.method[org] = m
	}
	return m
}

// payToday records this month's payments of the branches that pay through the payment
// service, one cash or transfer payment a branch, as the system today: on-time payments
// score the DUES-ON-TIME item.
func (d *duesLoad) payToday(ctx context.Context) error {
	if len(d.todayOrder) == 0 {
		return nil
	}
	pay := d.l.set.DuesPay
	if pay == nil {
		pay = duespay.New(d.l.set.DB, d.l.points())
		d.l.set.DuesPay = pay
	}
	for _, org := range d.todayOrder {
		ids := d.todayPay[org]
		for start := 0; start < len(ids); start += duespay.MaxBills {
			_, err := pay.Pay(ctx, d.l.actor, duespay.PayInput{BillIDs: ids[start:min(start+duespay.MaxBills, len(ids))],
				Method: d.method[org], Note: monthCN(d.cur) + "党费，支部集中收缴"})
			if err != nil {
				return fmt.Errorf("demo: dues payment: %w", err)
			}
			d.payments++
		}
	}
	return nil
}

// at is a moment of a day of month in China, in UTC.
func (d *duesLoad) at(month string, day, hour, minute, second int) time.Time {
	s := domain.DuesMonthStart(month).Time()
	return time.Date(s.Year(), s.Month(), day, hour, minute, second, 0, domain.Shanghai).UTC()
}

// cap keeps a moment out of the future.
func (d *duesLoad) cap(t time.Time) time.Time {
	if now := d.clock().UTC().Truncate(time.Second); t.After(now) {
		return now
	}
	return t
}

// hex is n random bytes in hex, from the demo's draw (so every load is the same).
func (d *duesLoad) hex(n int) string {
	var b strings.Builder
	for range n {
		fmt.Fprintf(&b, "%02x", d.g.intn(256))
	}
	return b.String()
}

// monthCN writes a YYYY-MM month the Chinese way: 2026年3月.
func monthCN(month string) string {
	t := domain.DuesMonthStart(month).Time()
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

// duesPricer prices bills as the generator does: the rule dues.rates in force on each month's
// first day (the global row, or an organisation's own when there are such), remembered per
// category and base while the rule does not change.
type duesPricer struct {
	s      *dues.Service
	perOrg bool
	rates  map[string]domain.DuesRates
	group  map[string]int // month → the first month with the same rule
	cache  map[priceKey]domain.DuesAmount
}

type priceKey struct {
	path, month, category string
	group                 int
	base                  int64
}

func newDuesPricer(ctx context.Context, s *dues.Service, months []string) (*duesPricer, error) {
	p := &duesPricer{s: s, rates: map[string]domain.DuesRates{}, group: map[string]int{}, cache: map[priceKey]domain.DuesAmount{}}
	var err error
	if p.perOrg, err = s.DB.Read().HasOrgRule(ctx, dues.RuleRates); err != nil {
		return nil, err
	}
	for i, m := range months {
		if p.rates[m], err = s.Rates(ctx, m); err != nil {
			return nil, err
		}
		p.group[m] = i
		if i > 0 && reflect.DeepEqual(p.rates[m], p.rates[months[i-1]]) {
			p.group[m] = p.group[months[i-1]]
		}
	}
	return p, nil
}

// standard is the amount by the rule of a category and base for month in the organisation
// at path.
func (p *duesPricer) standard(ctx context.Context, path, month, category string, base int64) (domain.DuesAmount, error) {
	k := priceKey{category: category, base: base, group: p.group[month]}
	if p.perOrg {
		k.path, k.month = path, month
	}
	if a, ok := p.cache[k]; ok {
		return a, nil
	}
	var a domain.DuesAmount
	var err error
	if p.perOrg {
		a, err = p.s.CalculateFor(ctx, path, category, base, month)
	} else {
		a, err = domain.CalculateDues(p.rates[month], category, base)
	}
	if err != nil {
		return a, fmt.Errorf("price %s %d for %s: %w", category, base, month, err)
	}
	p.cache[k] = a
	return a, nil
}

// duesGrace reads the rule dues.on_time as the payment service does: the row in force on the
// day paid for the bill's organisation (the global one unless organisations have their own).
type duesGrace struct {
	q      *store.Q
	perOrg bool
	cache  map[string]int
}

func newDuesGrace(ctx context.Context, q *store.Q) (*duesGrace, error) {
	per, err := q.HasOrgRule(ctx, "dues.on_time")
	return &duesGrace{q: q, perOrg: per, cache: map[string]int{}}, err
}

func (g *duesGrace) days(ctx context.Context, path string, on domain.Date) (int, error) {
	if !g.perOrg {
		path = ""
	}
	key := path + "|" + on.String()
	if n, ok := g.cache[key]; ok {
		return n, nil
	}
	var r duespay.OnTimeRule // a zero value, as the service decodes it
	ok, err := g.q.Rule(ctx, "dues.on_time", path, on, &r)
	if err != nil {
		return 0, err
	}
	n := 0
	if ok && r.GraceDays > 0 {
		n = r.GraceDays
	}
	g.cache[key] = n
	return n, nil
}
