package demo

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/transfer"
)

// Transfers in every state, through the transfer service: moves between the enterprise's
// branches (internal, done at once), letters to a district organisation (awaiting
// acceptance; accepted with the receipt missing; completed; rejected), letters to
// organisations outside the system (one overdue, one completed) and letters received from
// outside. The outside organisations are made up.

// transferStep is what happens to a letter after it is issued, days before today.
type transferStep struct {
	accept, receipt, reject int // days ago; 0: not (yet)
	reason                  string
}

func (lc *lifecycle) transfers(ctx context.Context, ent, dist []*orgPlan) (int, error) {
	n := 0
	// Internal moves: a change of job inside the company.
	for _, days := range []int{130, 64, 21, 6} {
		p, from := lc.pickFrom(ent)
		to := pick(lc.g, ent)
		for to == from {
			to = pick(lc.g, ent)
		}
		reason := "岗位调整，调入" + strings.TrimSuffix(to.Name, "党支部")
		if _, err := lc.transfer(ctx, p, transfer.CreateInput{ToOrgID: to.ID, Reason: reason}, days, transferStep{}); err != nil {
			return n, err
		}
		n++
	}
	// Letters in the system, between the enterprise and the district.
	toDist := []struct {
		issued int
		step   transferStep
	}{
		{issued: 5}, // awaiting acceptance
		{issued: 45, step: transferStep{accept: 36}},              // accepted; the receipt is missing
		{issued: 80, step: transferStep{accept: 71, receipt: 60}}, // completed
	}
	for _, x := range toDist {
		p, _ := lc.pickFrom(ent)
		to := pick(lc.g, dist)
		in := transfer.CreateInput{ToOrgID: to.ID, Reason: "工作调动，入职重庆市永川区" + to.UnitName}
		if to.UnitName == "" {
			in.Reason = "工作调动，迁往重庆市永川区工作"
		}
		if _, err := lc.transfer(ctx, p, in, x.issued, x.step); err != nil {
			return n, err
		}
		n++
	}
	for _, x := range []struct {
		issued int
		step   transferStep
	}{
		{issued: 28, step: transferStep{reject: 24, reason: "经核实该同志尚未与我公司签订劳动合同，请核实工作单位后重新开具"}},
		{issued: 150, step: transferStep{accept: 146, receipt: 139}},
	} {
		p, _ := lc.pickFrom(dist)
		to := pick(lc.g, ent)
		in := transfer.CreateInput{ToOrgID: to.ID, Reason: "应聘入职" + enterpriseUnit}
		if _, err := lc.transfer(ctx, p, in, x.issued, x.step); err != nil {
			return n, err
		}
		n++
	}
	// Letters to organisations outside the system: one not reported within its validity.
	for _, x := range []struct {
		issued int
		to     string
		step   transferStep
	}{
		{issued: 52, to: "中共深圳市鹏远智能科技有限公司委员会"},
		{issued: 120, to: "中共上海市浦江新材料有限公司支部委员会", step: transferStep{receipt: 103}},
	} {
		p, _ := lc.pickFrom(ent)
		in := transfer.CreateInput{ToExternalName: x.to, Reason: "辞职后到外省市工作，组织关系随转"}
		if _, err := lc.transfer(ctx, p, in, x.issued, x.step); err != nil {
			return n, err
		}
		if x.step.receipt > 0 {
			lc.left++ // the receipt came back: the member left the roster that day
		}
		n++
	}
	// Letters received from outside: one just reported, one whose receipt went back.
	for i, x := range []struct {
		b               *orgPlan
		from            string
		issued, reports int
		receipt         int
	}{
		{b: pick(lc.g, ent), from: "中共宁波市北仑区港城精工机械有限公司支部委员会", issued: 12, reports: 7},
		{b: pick(lc.g, dist), from: "中共四川省泸州市龙马潭区明德商贸有限公司支部委员会", issued: 75, reports: 70, receipt: 66},
	} {
		t, err := lc.incoming(ctx, x.b, x.from, x.issued, x.reports, i == 0)
		if err != nil {
			return n, err
		}
		if x.receipt > 0 {
			if _, err := lc.set.Transfers.Receipt(ctx, lc.actor, t.ID, transfer.StepInput{On: lc.daysAgo(x.receipt).String()}); err != nil {
				return n, fmt.Errorf("demo: receipt of transfer %d: %w", t.ID, err)
			}
		}
		n++
	}
	return n, nil
}

// transfer issues a transfer of p, days ago, and takes its later steps.
func (lc *lifecycle) transfer(ctx context.Context, p *person, in transfer.CreateInput, days int, st transferStep) (*domain.Transfer, error) {
	issued := lc.daysAgo(days)
	// Dues paid up to the month of the letter (an internal move carries none: ignored).
	in.MemberID, in.IssuedOn, in.DuesPaidThrough = p.ID, issued.String(), month(issued)
	t, err := lc.set.Transfers.Create(ctx, lc.actor, in)
	if err != nil {
		return nil, fmt.Errorf("demo: transfer of %s: %w", p.Name, err)
	}
	steps := []struct {
		days int
		do   func(id int64, in transfer.StepInput) (*domain.Transfer, error)
	}{
		{st.accept, func(id int64, in transfer.StepInput) (*domain.Transfer, error) {
			return lc.set.Transfers.Accept(ctx, lc.actor, id, in)
		}},
		{st.reject, func(id int64, in transfer.StepInput) (*domain.Transfer, error) {
			return lc.set.Transfers.Reject(ctx, lc.actor, id, in)
		}},
		{st.receipt, func(id int64, in transfer.StepInput) (*domain.Transfer, error) {
			return lc.set.Transfers.Receipt(ctx, lc.actor, id, in)
		}},
	}
	for _, s := range steps {
		if s.days == 0 {
			continue
		}
		if t, err = s.do(t.ID, transfer.StepInput{On: lc.daysAgo(s.days).String(), Reason: st.reason}); err != nil {
			return nil, fmt.Errorf("demo: transfer of %s: %w", p.Name, err)
		}
	}
	return t, nil
}

// incoming registers a member transferred in from outside: a full member of some years,
// reported days ago.
func (lc *lifecycle) incoming(ctx context.Context, b *orgPlan, from string, issued, reported int, enterprise bool) (*domain.Transfer, error) {
	g := lc.g
	pop := &districtStaff
	if enterprise {
		pop = &enterpriseStaff
	}
	female := g.chance(0.4)
	birth := g.dateBetween(lc.daysAgo(45*365), lc.daysAgo(27*365))
	joined := g.dateBetween(birth.AddDate(20, 0, 0), lc.daysAgo(2*365))
	m := member.Input{Name: ptr(personName(g, female)), IDNumber: ptr(lc.ids.next(g, pop.birthplace(g), birth, female)),
		OrgID: &b.ID, Category: ptr(domain.CategoryFull), JoinedOn: ptr(joined.String()),
		FullMemberOn: ptr(joined.AddDate(1, 0, 0).String()), Phone: ptr(phoneNumber(g)), Ethnicity: ptr("汉族"),
		Education: ptr(pop.educations.draw(g)), JobTitle: ptr(pick(g, pop.jobs))}
	t, err := lc.set.Transfers.Incoming(ctx, lc.actor, transfer.IncomingInput{Member: m, FromExternalName: from,
		LetterNo: fmt.Sprintf("%d%06d", lc.daysAgo(issued).Time().Year(), g.between(100, 999999)),
		IssuedOn: lc.daysAgo(issued).String(), DuesPaidThrough: month(lc.daysAgo(issued)),
		ReportedOn: lc.daysAgo(reported).String(), Reason: "工作调动"})
	if err != nil {
		return nil, fmt.Errorf("demo: transfer in to %s: %w", b.Name, err)
	}
	lc.added++
	return t, nil
}
