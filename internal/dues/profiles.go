package dues

import (
	"context"
	"database/sql"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// ProfileInput sets a member's dues category and monthly base (fen) from a month on. The base
// is the regular monthly income after tax; fixed-amount categories may leave it 0.
type ProfileInput struct {
	Category  string `json:"category"`
	BaseFen   int64  `json:"base_fen"`
	FromMonth string `json:"from_month"`
	Note      string `json:"note"`
}

// validate checks the input; the field names are the API's.
func (in *ProfileInput) validate() error {
	var v domain.Validation
	if in.Category == "" {
		v.Add("category", "err.required")
	} else if !domain.ValidDuesCategory(in.Category) {
		v.Add("category", "err.dues.category")
	}
	if in.BaseFen < 0 || in.BaseFen > domain.MaxDuesBaseFen {
		v.Add("base_fen", "err.dues.base")
	}
	checkMonth(&v, "from_month", in.FromMonth)
	note, err := text(in.Note, 200, false)
	if err != nil {
		v.Add("note", err.Error())
	}
	in.Note = note
	return v.Err()
}

// ProfileView is a member's dues profile: the one in force this month (nil when none) with its
// monthly amount, and the whole history, latest first.
type ProfileView struct {
	MemberID   int64                `json:"member_id,string"`
	MemberName string               `json:"member_name"`
	JoinedOn   domain.Date          `json:"joined_on"`
	Current    *domain.DuesProfile  `json:"current"`
	History    []domain.DuesProfile `json:"history"`
	// BilledFrom is the first month a bill may be made: the month of admission (probationary
	// members pay from the branch meeting that accepted them); "" when unknown.
	BilledFrom string `json:"billed_from"`
}

// SetProfile records the member's category and base from in.FromMonth on (replacing a row of
// the same month; earlier rows stay as history) and reprices the member's bills of that month
// and later (until the next profile) that nothing has been paid on yet. Audited as
// dues.profile.set. Who: dues.manage over the member's organisation. Errors: ENotFound (member
// not visible), EForbidden, EInvalid (category, base_fen, from_month, note).
func (s *Service) SetProfile(ctx context.Context, a *auth.Actor, memberID int64, in ProfileInput) (*domain.DuesProfile, error) {
	m, err := loadMember(ctx, s.DB.Read(), memberID)
	if err != nil {
		return nil, err
	}
	if !canReadMember(a, m) && !a.Can(auth.MemberRead, m.OrgPath) {
		return nil, domain.NotFound("member")
	}
	if !a.Can(auth.DuesManage, m.OrgPath) {
		return nil, domain.Forbidden()
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	p := &domain.DuesProfile{MemberID: m.ID, Category: domain.DuesCategory(in.Category), BaseFen: in.BaseFen,
		FromMonth: in.FromMonth, Note: in.Note, CreatedBy: a.UserID(), CreatedByName: a.Name()}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		return s.setProfileTx(ctx, q, a, m, p)
	})
	if err != nil {
		return nil, err
	}
	s.fillAmount(ctx, m.OrgPath, p)
	return p, nil
}

// setProfileTx saves p and reprices the open bills it covers, in the caller's transaction.
func (s *Service) setProfileTx(ctx context.Context, q *store.Q, a *auth.Actor, m *store.MemberRecord, p *domain.DuesProfile) error {
	before, err := q.SaveDuesProfile(ctx, p)
	if err != nil {
		return err
	}
	n, err := s.repriceFrom(ctx, q, m, p.FromMonth)
	if err != nil {
		return err
	}
	after := map[string]any{"member_id": m.ID, "category": p.Category, "base_fen": p.BaseFen, "from_month": p.FromMonth,
		"note": p.Note, "bills_repriced": n}
	var b any
	if before != nil {
		b = map[string]any{"category": before.Category, "base_fen": before.BaseFen, "from_month": before.FromMonth, "note": before.Note}
	}
	return record(ctx, q, a, "dues.profile.set", "member", m.ID, m.OrgPath, b, after)
}

// repriceFrom recomputes the member's open bills (nothing paid) from month on by the profile and
// approved hardship in force for each month; it returns how many changed.
func (s *Service) repriceFrom(ctx context.Context, q *store.Q, m *store.MemberRecord, from string) (int, error) {
	bills, err := q.OpenDuesBills(ctx, m.ID, from, "")
	if err != nil || len(bills) == 0 {
		return 0, err
	}
	return s.reprice(ctx, q, m, bills)
}

// reprice recomputes the given open bills of a member.
func (s *Service) reprice(ctx context.Context, q *store.Q, m *store.MemberRecord, bills []domain.DuesBill) (int, error) {
	n := 0
	for _, b := range bills {
		p, err := q.DuesProfileAt(ctx, m.ID, b.Month)
		if err == sql.ErrNoRows {
			continue // no profile for that month: the bill keeps what it was made with
		}
		if err != nil {
			return n, err
		}
		r, err := rates(ctx, q, b.OrgPath, b.Month)
		if err != nil {
			return n, err
		}
		hs, err := q.ApprovedHardshipsInRange(ctx, m.ID, m.ID, b.Month)
		if err != nil {
			return n, err
		}
		h := hs[m.ID]
		std, amount, status, ref, err := price(r, string(p.Category), p.BaseFen, h.Kind, h.AmountFen)
		if err != nil {
			return n, err
		}
		if std == b.StandardFen && amount == b.AmountFen && status == b.Status && ref == b.RuleRef &&
			string(p.Category) == string(b.Category) && p.BaseFen == b.BaseFen && h.ID == b.HardshipID {
			continue
		}
		ok, err := q.RepriceDuesBill(ctx, store.DuesBillReprice{BillID: b.ID, Category: string(p.Category), BaseFen: p.BaseFen,
			StandardFen: std, AmountFen: amount, RuleRef: ref, HardshipID: h.ID, Status: status})
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// fillAmount sets the profile's monthly amount by the rule in force for its first month.
func (s *Service) fillAmount(ctx context.Context, orgPath string, p *domain.DuesProfile) {
	a, err := s.CalculateFor(ctx, orgPath, string(p.Category), p.BaseFen, p.FromMonth)
	if err == nil {
		p.AmountFen, p.Rate, p.Rule = a.AmountFen, a.Rate, a.Rule
	}
}

// Profile returns a member's dues profile and its history. Who: dues readers of the member's
// organisation and the member themself. Errors: ENotFound.
func (s *Service) Profile(ctx context.Context, a *auth.Actor, memberID int64) (*ProfileView, error) {
	q := s.DB.Read()
	m, err := loadMember(ctx, q, memberID)
	if err != nil {
		return nil, err
	}
	if !canReadMember(a, m) {
		return nil, domain.NotFound("member")
	}
	hist, err := q.DuesProfiles(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	v := &ProfileView{MemberID: m.ID, MemberName: m.Name, JoinedOn: m.JoinedOn, History: []domain.DuesProfile{}}
	if !m.JoinedOn.IsZero() {
		v.BilledFrom = m.JoinedOn.Time().Format("2006-01")
	}
	month := s.thisMonth()
	for i := range hist {
		p := &hist[i]
		s.fillAmount(ctx, m.OrgPath, p)
		if v.Current == nil && p.FromMonth <= month {
			cur := *p
			if cur.FromMonth != month { // the amount this month, by this month's rule
				if a, err := s.CalculateFor(ctx, m.OrgPath, string(cur.Category), cur.BaseFen, month); err == nil {
					cur.AmountFen, cur.Rate, cur.Rule = a.AmountFen, a.Rate, a.Rule
				}
			}
			v.Current = &cur
		}
	}
	v.History = append(v.History, hist...)
	return v, nil
}
