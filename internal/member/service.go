// Package member owns the roster: members' particulars (personal numbers sealed at rest),
// positions, and the append-only history of every change.
package member

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/secret"
	"dangjian/internal/store"
)

// Service is the member capability.
type Service struct {
	DB  *store.DB
	Box *secret.Box
	Now func() time.Time
}

// NewService returns a Service with the real clock.
func NewService(db *store.DB, box *secret.Box) *Service {
	return &Service{DB: db, Box: box, Now: time.Now}
}

var shanghai = domain.Shanghai

func (s *Service) today() domain.Date { return domain.DateOf(s.Now().In(shanghai)) }

// view turns a stored record into what the caller may see: masked numbers unless revealed.
func (s *Service) view(r *store.MemberRecord, reveal bool) (domain.Member, error) {
	m := r.Member
	m.IDNumber, m.Phone = r.IDNumberMasked, r.PhoneMasked
	if reveal {
		var err error
		if m.IDNumber, err = s.Box.Open(r.IDNumberEnc); err != nil {
			return m, err
		}
		if m.Phone, err = s.Box.Open(r.PhoneEnc); err != nil {
			return m, err
		}
		m.Revealed = true
	}
	return m, nil
}

// canRead reports whether the actor may read the member: readers of its org, or the member
// themself through a linked account.
func canRead(a *auth.Actor, r *store.MemberRecord) bool {
	return a.Can(auth.MemberRead, r.OrgPath) || (a.MemberID() != 0 && a.MemberID() == r.ID)
}

// Get returns one member; with reveal the personal numbers come back in clear and the reveal
// is audited. Who: readers of the member's org, and the member themself (who may reveal their
// own numbers); reveal needs member.reveal otherwise. Errors: ENotFound, EForbidden (reveal).
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64, reveal bool) (*domain.Member, error) {
	r, err := s.DB.Read().Member(ctx, id)
	if err == sql.ErrNoRows || (err == nil && !canRead(a, r)) {
		return nil, domain.NotFound("member")
	}
	if err != nil {
		return nil, err
	}
	if reveal {
		if !a.Can(auth.MemberReveal, r.OrgPath) && a.MemberID() != r.ID {
			return nil, domain.Forbidden()
		}
		if err := s.auditReveal(ctx, a, []int64{r.ID}, r.OrgPath); err != nil {
			return nil, err
		}
	}
	m, err := s.view(r, reveal)
	return &m, err
}

func (s *Service) auditReveal(ctx context.Context, a *auth.Actor, ids []int64, path string) error {
	var entity int64
	if len(ids) == 1 {
		entity = ids[0]
	}
	return s.DB.WriteTx(ctx, func(q *store.Q) error {
		return audit.Record(ctx, q, a, "member.reveal", "member", entity, path, nil, map[string]any{"member_ids": ids})
	})
}

// Filter selects members for List.
type Filter struct {
	OrgID    int64
	Subtree  bool
	GroupID  int64
	Query    string // name; or an exact ID number or phone
	Category string
	Standing string
	Left     string // "": on the roster; domain.LeftOnly, domain.LeftInclude (any other value: "")
	AfterID  int64
	Limit    int
	Reveal   bool
}

// ListResult is a page of members.
type ListResult struct {
	Items  []domain.Member
	NextID int64 // cursor for the next page, 0 at the end
	Total  int   // only when asked (Count)
}

// List returns a page of members in the caller's scope, id order. A member without read
// rights sees only themself. Who: readers; reveal as in Get. Errors: ENotFound (org out of
// scope), EForbidden (reveal).
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter, count bool) (*ListResult, error) {
	sf, err := s.storeFilter(ctx, a, f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	sf.Limit = limit + 1
	q := s.DB.Read()
	recs, err := q.Members(ctx, sf)
	if err != nil {
		return nil, err
	}
	res := &ListResult{Items: []domain.Member{}}
	if len(recs) > limit {
		recs = recs[:limit]
		res.NextID = recs[limit-1].ID
	}
	if f.Reveal && len(recs) > 0 {
		var ids []int64
		for _, r := range recs {
			if !a.Can(auth.MemberReveal, r.OrgPath) && a.MemberID() != r.ID {
				return nil, domain.Forbidden()
			}
			ids = append(ids, r.ID)
		}
		if err := s.auditReveal(ctx, a, ids, commonPath(recs)); err != nil {
			return nil, err
		}
	}
	for i := range recs {
		m, err := s.view(&recs[i], f.Reveal)
		if err != nil {
			return nil, err
		}
		res.Items = append(res.Items, m)
	}
	if count {
		if res.Total, err = q.CountMembers(ctx, sf); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// commonPath is the deepest path that holds every record, so a reveal of a list shows in the
// audit log of whoever oversees all of it.
func commonPath(recs []store.MemberRecord) string {
	p := recs[0].OrgPath
	for _, r := range recs[1:] {
		for !strings.HasPrefix(r.OrgPath, p) {
			p = strings.TrimSuffix(p, "/")
			p = p[:strings.LastIndex(p, "/")+1]
		}
	}
	return p
}

func (s *Service) storeFilter(ctx context.Context, a *auth.Actor, f Filter) (store.MemberFilter, error) {
	sf := store.MemberFilter{Scopes: a.Scopes(auth.MemberRead), GroupID: f.GroupID, Category: f.Category,
		Standing: f.Standing, AfterID: f.AfterID, Subtree: f.Subtree}
	if f.Left == domain.LeftOnly || f.Left == domain.LeftInclude {
		sf.Left = f.Left
	}
	if len(sf.Scopes) == 0 && a.MemberID() != 0 {
		// A plain member sees their own record only, also after leaving the roster.
		sf.Left = domain.LeftInclude
		r, err := s.DB.Read().Member(ctx, a.MemberID())
		if err != nil {
			return sf, err
		}
		sf.Scopes, sf.MemberID = []string{r.OrgPath}, r.ID
	}
	if f.OrgID != 0 {
		o, err := s.DB.Read().Org(ctx, f.OrgID)
		if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, o.Path) && sf.MemberID == 0) {
			return sf, domain.NotFound("org")
		}
		if err != nil {
			return sf, err
		}
		sf.OrgID, sf.OrgPath = o.ID, o.Path
		if !o.Type.IsBranch() {
			sf.Subtree = true // a committee's own list is the members of its subtree
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		sf.Query = q
		if id := domain.NormalizeIDNumber(q); len(id) == 18 {
			sf.QueryHashes = append(sf.QueryHashes, s.Box.Hash(id))
		}
		if ph := domain.NormalizePhone(q); domain.CheckPhone(ph) == "" {
			sf.QueryHashes = append(sf.QueryHashes, s.Box.Hash(ph))
		}
	}
	return sf, nil
}

// Input carries a member's fields for create and patch; nil means "not given".
type Input struct {
	Name         *string
	Gender       *string
	Ethnicity    *string
	BirthDate    *string
	IDNumber     *string
	Phone        *string
	Education    *string
	OrgID        *int64
	GroupID      *int64
	Category     *string
	Standing     *string
	Floating     *bool
	LostContact  *bool
	JoinedOn     *string
	FullMemberOn *string
	JobTitle     *string
	Positions    *[]string
}

// Create adds a member to a branch in the caller's scope.
// Who: admin, org_admin, secretary. Errors: EInvalid (fields), EForbidden, EConflict (the ID
// number is already on the roster).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*domain.Member, error) {
	if len(a.Scopes(auth.MemberWrite)) == 0 {
		return nil, domain.Forbidden() // before validation: a read-only caller learns nothing from the body
	}
	v := &domain.Validation{}
	for field, given := range map[string]bool{"name": in.Name != nil, "id_number": in.IDNumber != nil,
		"org_id": in.OrgID != nil, "category": in.Category != nil, "joined_on": in.JoinedOn != nil} {
		if !given {
			v.Add(field, "err.required")
		}
	}
	r := &store.MemberRecord{}
	r.Standing = domain.StandingNormal
	r.Positions = []string{}
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		if err := s.apply(ctx, q, a, r, in, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.checkUniqueID(ctx, q, r); err != nil {
			return err
		}
		if err := q.InsertMember(ctx, r); err != nil {
			return err
		}
		id = r.ID
		if err := q.SetPositions(ctx, r.ID, r.OrgID, r.Positions); err != nil {
			return err
		}
		after := memberAudit(r)
		if err := s.event(ctx, q, a, r.ID, "created", nil, after); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "member.create", "member", r.ID, r.OrgPath, nil, after)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id, false)
}

func (s *Service) checkUniqueID(ctx context.Context, q *store.Q, r *store.MemberRecord) error {
	other, err := q.MemberIDByHash(ctx, r.IDNumberHash)
	if err != nil {
		return err
	}
	if other == 0 || other == r.ID {
		return nil
	}
	key := "err.member.duplicate_id_number"
	if o, err := q.Member(ctx, other); err != nil {
		return err
	} else if o.HasLeft() {
		// Someone who left the roster comes back by a process of its own (a transfer in, a
		// new admission), not by a second record with the same number.
		key = "err.member.left_id_number"
	}
	return &domain.Error{Code: domain.EConflict, Message: key, Fields: map[string]string{"id_number": key}}
}

// Update changes the given fields and records what changed in the history.
// Who: admin, org_admin, secretary of the member's org (and of the target org on a move).
// Errors: ENotFound, EForbidden (also outside the caller's scope: API.md answers writes
// with 403), EInvalid, EConflict (also a member who has left the roster: err.member.left).
func (s *Service) Update(ctx context.Context, a *auth.Actor, id int64, in Input) (*domain.Member, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := q.Member(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("member")
		}
		if err != nil {
			return err
		}
		if !a.Can(auth.MemberWrite, r.OrgPath) {
			return domain.Forbidden()
		}
		if r.HasLeft() {
			return ErrLeft()
		}
		before := memberAudit(r)
		oldOrg := r.OrgID
		v := &domain.Validation{}
		if err := s.apply(ctx, q, a, r, in, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.checkUniqueID(ctx, q, r); err != nil {
			return err
		}
		after := memberAudit(r)
		changedBefore, changedAfter := diff(before, after)
		if len(changedAfter) == 0 {
			return nil
		}
		if err := q.UpdateMember(ctx, r); err != nil {
			return err
		}
		if in.Positions != nil || r.OrgID != oldOrg {
			if err := q.SetPositions(ctx, r.ID, r.OrgID, r.Positions); err != nil {
				return err
			}
		}
		kind := "updated"
		if r.OrgID != oldOrg {
			kind = "moved"
		}
		if err := s.event(ctx, q, a, r.ID, kind, changedBefore, changedAfter); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "member.update", "member", r.ID, r.OrgPath, changedBefore, changedAfter)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id, false)
}

// Events returns the member's history, newest first. Who: as Get. Errors: ENotFound.
func (s *Service) Events(ctx context.Context, a *auth.Actor, id, beforeID int64, limit int) ([]domain.MemberEvent, error) {
	if _, err := s.Get(ctx, a, id, false); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return s.DB.Read().MemberEvents(ctx, id, beforeID, limit)
}

func (s *Service) event(ctx context.Context, q *store.Q, a *auth.Actor, memberID int64, kind string, before, after map[string]any) error {
	data, _ := json.Marshal(map[string]any{"before": before, "after": after})
	return q.AddMemberEvent(ctx, &domain.MemberEvent{MemberID: memberID, Kind: kind, ActorID: a.UserID(), Actor: a.Name(), Data: string(data)})
}

// memberAudit is the audited form of a member: personal numbers appear masked only, so the
// audit log does not become a second copy of them in clear.
func memberAudit(r *store.MemberRecord) map[string]any {
	return map[string]any{"name": r.Name, "gender": r.Gender, "ethnicity": r.Ethnicity, "birth_date": r.BirthDate.String(),
		"id_number": r.IDNumberMasked + "#" + short(r.IDNumberHash), "phone": r.PhoneMasked + "#" + short(r.PhoneHash),
		"education": r.Education, "org_id": r.OrgID, "group_id": r.GroupID, "category": r.Category, "standing": r.Standing,
		"floating": r.Floating, "lost_contact": r.LostContact, "joined_on": r.JoinedOn.String(),
		"full_member_on": r.FullMemberOn.String(), "job_title": r.JobTitle, "positions": strings.Join(r.Positions, ",")}
}

// short keeps a few hash characters so a change of number shows in the history even when the
// masked forms are equal.
func short(h string) string {
	if len(h) > 8 {
		return h[:8]
	}
	return h
}

func diff(before, after map[string]any) (map[string]any, map[string]any) {
	b, a := map[string]any{}, map[string]any{}
	for k, v := range after {
		if before[k] != v {
			b[k], a[k] = before[k], v
		}
	}
	return b, a
}

// tieToIDNumber fills birth date and gender from the ID number when they are not given, and
// flags them when they are given and disagree with it.
func tieToIDNumber(info domain.IDNumberInfo, in Input, r *store.MemberRecord, v *domain.Validation) {
	if in.BirthDate == nil || strings.TrimSpace(*in.BirthDate) == "" {
		r.BirthDate = info.Birth
	} else if !v.Has("birth_date") && r.BirthDate != info.Birth {
		v.Add("birth_date", "err.member.birth_date_mismatch")
	}
	gender := "male"
	if info.Female {
		gender = "female"
	}
	if r.Gender == "" || in.Gender == nil || strings.TrimSpace(*in.Gender) == "" {
		r.Gender = gender
	} else if r.Gender != gender && !v.Has("gender") {
		v.Add("gender", "err.member.gender_mismatch")
	}
}

// apply validates the given fields against each other and the organisation, then copies them.
// q is a *store.Q, or an import's OrgCache (the same lookups, remembered for one pass).
func (s *Service) apply(ctx context.Context, q orgReader, a *auth.Actor, r *store.MemberRecord, in Input, v *domain.Validation) error {
	text := func(field string, p *string, dst *string, max int, required bool) {
		if p == nil {
			return
		}
		*dst = strings.TrimSpace(*p)
		switch {
		case required && *dst == "":
			v.Add(field, "err.required")
		case utf8.RuneCountInString(*dst) > max:
			v.Add(field, "err.too_long")
		}
	}
	choice := func(field string, p *string, dst *string, options []string, required bool) {
		if p == nil {
			return
		}
		*dst = strings.TrimSpace(*p)
		if *dst == "" && !required {
			return
		}
		if !domain.Contains(options, *dst) {
			v.Add(field, "err.choice")
		}
	}
	date := func(field string, p *string, dst *domain.Date) {
		if p == nil {
			return
		}
		d, err := domain.ParseDate(strings.TrimSpace(*p))
		if err != nil {
			v.Add(field, "err.date")
			return
		}
		*dst = d
	}
	text("name", in.Name, &r.Name, 50, true)
	text("ethnicity", in.Ethnicity, &r.Ethnicity, 20, false)
	text("job_title", in.JobTitle, &r.JobTitle, 100, false)
	choice("gender", in.Gender, &r.Gender, domain.Genders, false)
	choice("education", in.Education, &r.Education, domain.Educations, false)
	choice("category", in.Category, &r.Category, domain.Categories, true)
	choice("standing", in.Standing, &r.Standing, domain.Standings, true)
	date("birth_date", in.BirthDate, &r.BirthDate)
	date("joined_on", in.JoinedOn, &r.JoinedOn)
	if in.JoinedOn != nil && r.JoinedOn.IsZero() && !v.Has("joined_on") {
		v.Add("joined_on", "err.required") // every member has a joining date, on create and on edit
	}
	date("full_member_on", in.FullMemberOn, &r.FullMemberOn)
	if in.Floating != nil {
		r.Floating = *in.Floating
	}
	if in.LostContact != nil {
		r.LostContact = *in.LostContact
	}
	today := s.today()
	if in.IDNumber != nil {
		id := domain.NormalizeIDNumber(*in.IDNumber)
		info, problem := domain.ParseIDNumber(id, today)
		if problem != "" {
			v.Add("id_number", problem)
		} else {
			r.IDNumberEnc, r.IDNumberHash, r.IDNumberMasked = s.Box.Seal(id), s.Box.Hash(id), domain.MaskIDNumber(id)
			tieToIDNumber(info, in, r, v)
		}
	} else if (in.BirthDate != nil || in.Gender != nil) && len(r.IDNumberEnc) > 0 {
		// Birth date and gender are written in the stored ID number: a change of either one
		// alone must still agree with it.
		stored, err := s.Box.Open(r.IDNumberEnc)
		if err != nil {
			return err
		}
		if info, problem := domain.ParseIDNumber(stored, today); problem == "" {
			tieToIDNumber(info, in, r, v)
		}
	}
	if in.Phone != nil {
		ph := domain.NormalizePhone(*in.Phone)
		if ph == "" {
			r.PhoneEnc, r.PhoneHash, r.PhoneMasked = nil, "", ""
		} else if problem := domain.CheckPhone(ph); problem != "" {
			v.Add("phone", problem)
		} else {
			r.PhoneEnc, r.PhoneHash, r.PhoneMasked = s.Box.Seal(ph), s.Box.Hash(ph), domain.MaskPhone(ph)
		}
	}
	if !r.BirthDate.IsZero() && !r.JoinedOn.IsZero() && !v.Has("joined_on") {
		if r.BirthDate.YearsSince(r.JoinedOn) < 18 {
			v.Add("joined_on", "err.member.joined_under_18")
		}
	}
	if r.JoinedOn.After(today) && !v.Has("joined_on") {
		v.Add("joined_on", "err.date_future")
	}
	if r.Category == domain.CategoryFull && !r.FullMemberOn.IsZero() && !v.Has("full_member_on") {
		if r.FullMemberOn.Before(r.JoinedOn) {
			v.Add("full_member_on", "err.member.full_before_joined")
		} else if r.FullMemberOn.After(today) {
			v.Add("full_member_on", "err.date_future")
		}
	}
	if r.Category == domain.CategoryProbationary && !r.FullMemberOn.IsZero() && !v.Has("full_member_on") {
		v.Add("full_member_on", "err.member.probationary_full_date")
	}
	if in.Positions != nil {
		seen := map[string]bool{}
		r.Positions = []string{}
		for _, p := range *in.Positions {
			p = strings.TrimSpace(p)
			if p == "" || seen[p] {
				continue
			}
			if !domain.Contains(domain.Positions, p) {
				v.Add("positions", "err.choice")
				continue
			}
			seen[p] = true
			r.Positions = append(r.Positions, p)
		}
	}
	if in.OrgID != nil && *in.OrgID != r.OrgID {
		o, err := q.Org(ctx, *in.OrgID)
		switch {
		case err == sql.ErrNoRows:
			v.Add("org_id", "err.org.unknown")
		case err != nil:
			return err
		case !a.Can(auth.MemberWrite, o.Path):
			return domain.Forbidden()
		case !o.Type.IsBranch():
			v.Add("org_id", "err.member.org_not_branch")
		default:
			if r.OrgID != 0 {
				r.GroupID = 0 // a group belongs to the old branch
			}
			r.OrgID, r.OrgPath, r.OrgName = o.ID, o.Path, o.Name
		}
	}
	if in.GroupID != nil {
		r.GroupID = *in.GroupID
	}
	if r.GroupID != 0 && !v.Has("org_id") {
		g, err := q.Org(ctx, r.GroupID)
		if err == sql.ErrNoRows || (err == nil && (g.Type != domain.OrgGroup || g.ParentID != r.OrgID)) {
			v.Add("group_id", "err.member.group_not_in_org")
		} else if err != nil {
			return err
		}
	}
	return nil
}
