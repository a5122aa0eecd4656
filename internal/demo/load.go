package demo

import (
	"context"
	"encoding/json"
	"fmt"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/org"
	"dangjian/internal/services"
	"dangjian/internal/store"
)

// loader writes plans into the database as the system actor.
type loader struct {
	set      *services.Set
	actor    *auth.Actor
	today    domain.Date
	progress func(done, total int)
	done     int
	total    int
}

// membersPerTx is how many members go into one write transaction: large enough that
// commits cost nothing, small enough that progress shows and the WAL stays modest.
const membersPerTx = 5000

// orgsViaService creates the plan's organisations through org.Service, parents first, so
// each is validated and audited like one created in the console.
func (l *loader) orgsViaService(ctx context.Context, root *orgPlan) error {
	var err error
	root.walk(func(o, parent *orgPlan) {
		if err != nil {
			return
		}
		in := org.Input{Name: &o.Name, Type: ptr(string(o.Type)), Code: &o.Code, UnitName: &o.UnitName,
			UnitCreditCode: &o.UnitCreditCode, EstablishedOn: ptr(o.EstablishedOn.String()),
			TermStartedOn: ptr(o.TermStartedOn.String()), TermEndsOn: ptr(o.TermEndsOn.String()),
			DemonstrationLevel: &o.DemonstrationLevel}
		if parent != nil {
			in.ParentID = &parent.ID
		}
		var v *org.View
		if v, err = l.set.Orgs.Create(ctx, l.actor, in); err != nil {
			err = fmt.Errorf("demo: org %s: %w", o.Name, err)
			return
		}
		o.ID, o.Path, o.ParentID, o.Depth = v.ID, v.Path, v.ParentID, v.Depth
	})
	return err
}

// orgsBulk writes a large plan's organisations in one transaction with the store's
// helpers, after checking each with the services' validators. One audit entry records the
// whole batch: a synthetic load of thousands of organisations would otherwise bury the log.
func (l *loader) orgsBulk(ctx context.Context, root *orgPlan) error {
	var first, last int64
	return l.set.DB.WriteTx(ctx, func(q *store.Q) error {
		var err error
		root.walk(func(o, parent *orgPlan) {
			if err != nil {
				return
			}
			if err = checkOrg(o, parent, l.today); err != nil {
				return
			}
			parentPath := ""
			if parent != nil {
				o.ParentID, parentPath = parent.ID, parent.Path
			}
			if err = q.InsertOrg(ctx, &o.Org, parentPath); err != nil {
				return
			}
			if first == 0 {
				first = o.ID
			}
			last = o.ID
		})
		if err != nil {
			return err
		}
		n, _ := root.counts()
		return audit.Record(ctx, q, l.actor, "org.bulk_create", "org", root.ID, root.Path, nil,
			map[string]any{"count": n, "first_id": first, "last_id": last, "source": "demo"})
	})
}

// members writes the members of every branch under root in batched transactions. Each
// member gets its "created" history entry; each transaction gets one audit entry naming
// the range of members it created (again so that a bulk load does not bury the log). With
// release, written members are dropped from the plan to keep a large load's memory flat.
func (l *loader) members(ctx context.Context, root *orgPlan, release bool) error {
	var batch []*person
	var branches []*orgPlan
	var err error
	root.walk(func(o, _ *orgPlan) {
		if err != nil || !o.Type.IsBranch() {
			return
		}
		o.materialise()
		for _, p := range o.members {
			p.OrgID, p.OrgPath, p.OrgName = o.ID, o.Path, o.Name
			if p.group != nil {
				p.GroupID = p.group.ID
			}
			if err = checkMember(p, o, l.today); err != nil {
				return
			}
			batch = append(batch, p)
			branches = append(branches, o)
		}
		if len(batch) >= membersPerTx {
			err = l.writeMembers(ctx, root, batch)
			batch, branches = batch[:0], branches[:0]
		}
		if release {
			o.members = nil // the batch still holds the unwritten ones
		}
	})
	if err == nil && len(batch) > 0 {
		err = l.writeMembers(ctx, root, batch)
	}
	return err
}

func (l *loader) writeMembers(ctx context.Context, root *orgPlan, batch []*person) error {
	box := l.set.Members.Box
	recs := make([]*store.MemberRecord, len(batch))
	for i, p := range batch {
		r := &store.MemberRecord{Member: p.Member}
		r.IDNumberEnc, r.IDNumberHash, r.IDNumberMasked = box.Seal(p.IDNumber), box.Hash(p.IDNumber), domain.MaskIDNumber(p.IDNumber)
		if p.Phone != "" {
			r.PhoneEnc, r.PhoneHash, r.PhoneMasked = box.Seal(p.Phone), box.Hash(p.Phone), domain.MaskPhone(p.Phone)
		}
		r.IDNumber, r.Phone = "", "" // never stored in clear
		recs[i] = r
	}
	err := l.set.DB.WriteTx(ctx, func(q *store.Q) error {
		if err := q.InsertMembersBulk(ctx, recs); err != nil {
			return err
		}
		var positions []store.PositionRow
		events := make([]domain.MemberEvent, len(recs))
		for i, r := range recs {
			batch[i].ID = r.ID
			for _, pos := range r.Positions {
				positions = append(positions, store.PositionRow{MemberID: r.ID, OrgID: r.OrgID, Position: pos})
			}
			data, _ := json.Marshal(map[string]any{"before": nil, "after": createdEvent(r)})
			events[i] = domain.MemberEvent{MemberID: r.ID, Kind: "created", Actor: l.actor.Name(), Data: string(data)}
		}
		if err := q.InsertPositionsBulk(ctx, positions); err != nil {
			return err
		}
		if err := q.InsertMemberEventsBulk(ctx, events); err != nil {
			return err
		}
		return audit.Record(ctx, q, l.actor, "member.bulk_create", "member", 0, root.Path, nil,
			map[string]any{"count": len(recs), "first_id": recs[0].ID, "last_id": recs[len(recs)-1].ID, "source": "demo"})
	})
	if err != nil {
		return fmt.Errorf("demo: members: %w", err)
	}
	l.done += len(batch)
	if l.progress != nil {
		l.progress(l.done, l.total)
	}
	return nil
}

// createdEvent is what a member's "created" history entry shows, in the shape the member
// service writes: the personal numbers masked, with a few hash characters.
func createdEvent(r *store.MemberRecord) map[string]any {
	return map[string]any{"name": r.Name, "gender": r.Gender, "ethnicity": r.Ethnicity, "birth_date": r.BirthDate.String(),
		"id_number": r.IDNumberMasked + "#" + r.IDNumberHash[:8], "phone": r.PhoneMasked, "education": r.Education,
		"org_id": r.OrgID, "group_id": r.GroupID, "category": r.Category, "standing": r.Standing,
		"floating": r.Floating, "lost_contact": r.LostContact, "joined_on": r.JoinedOn.String(),
		"full_member_on": r.FullMemberOn.String(), "job_title": r.JobTitle}
}

func ptr[T any](v T) *T { return &v }
