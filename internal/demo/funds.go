package demo

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// The party-fund pool for the demo (seed 000's 党建经费蓄水池, issue 6 part 6): the
// enterprise committee and the demo branch (智慧环保事业部党支部, where the demo secretary and
// member sign in) each get last year's ledger in full — dues retained, union and league fees,
// appraisal leftovers, the 8 % share of the staff-education funds, voluntary extra dues (one
// of 2,000 yuan remitted upward), spending on training, red tourism, holiday activities,
// condolences and materials with its approvals — published to the members, and this year's
// entries up to today with a request still waiting and one returned. Everything goes
// through funds.Service as the system, so it is validated and audited like the console's.

// fundsSeed keeps the fund draw apart from the rest of the demo.
const fundsSeed = 600_000

// fundPlan is one organisation's yearly pattern, in yuan.
type fundPlan struct {
	duesMonthly    [2]int // dues retained per month, lo..hi
	unionQuarterly int
	leagueTwice    int
	appraisalLeft  int
	educationBase  int // the quarter's staff-education funds; the pool keeps 8 %
	scale          int // spending multiplier
}

func (l *loader) demoFunds(ctx context.Context, ent *orgPlan) error {
	if l.set.Funds == nil {
		return nil
	}
	g := newRNG(fundsSeed)
	branch := ent.children[6]
	plans := []struct {
		org  *orgPlan
		plan fundPlan
	}{
		{ent, fundPlan{duesMonthly: [2]int{60000, 70000}, unionQuarterly: 30000, leagueTwice: 1500, appraisalLeft: 8000, educationBase: 400000, scale: 6}},
		{branch, fundPlan{duesMonthly: [2]int{4200, 5200}, unionQuarterly: 5000, leagueTwice: 300, appraisalLeft: 1200, educationBase: 60000, scale: 1}},
	}
	last := l.today.Time().Year() - 1
	for _, p := range plans {
		if err := l.fundYear(ctx, g, p.org, p.plan, last, true); err != nil {
			return err
		}
		if _, err := l.set.Funds.Publish(ctx, l.actor, p.org.ID, last); err != nil {
			return fmt.Errorf("demo: publish the fund report of %s: %w", p.org.Name, err)
		}
		if err := l.fundYear(ctx, g, p.org, p.plan, last+1, false); err != nil {
			return err
		}
		// This year's dues retained come from the dues bills, where there are any.
		if _, err := l.set.Funds.PostDues(ctx, l.actor, p.org.ID, last+1); err != nil {
			return fmt.Errorf("demo: book the dues of %s: %w", p.org.Name, err)
		}
	}
	return nil
}

// fundYear posts one year of an organisation's pool up to today; a whole past year decides
// every request, the current one leaves one waiting and one returned.
func (l *loader) fundYear(ctx context.Context, g *rng, o *orgPlan, p fundPlan, year int, whole bool) error {
	day := func(month, dom int) domain.Date {
		return domain.NewDate(year, time.Month(month), dom)
	}
	due := func(d domain.Date) bool { return !d.After(l.today) }
	income := func(d domain.Date, source string, yuan int, base int, desc, payer string) (*domain.FundEntry, error) {
		in := funds.EntryInput{OrgID: o.ID, Kind: domain.FundIncome, Source: source, AmountFen: int64(yuan) * 100,
			BaseFen: int64(base) * 100, Date: d.String(), Description: desc, PayerName: payer}
		if base > 0 {
			in.AmountFen = 0
		}
		r, err := l.set.Funds.Create(ctx, l.actor, in)
		if err != nil {
			return nil, fmt.Errorf("demo: fund income %s of %s: %w", desc, o.Name, err)
		}
		return r.Entry, nil
	}
	spend := func(d domain.Date, purpose string, yuan int, desc string, decide string) error {
		r, err := l.set.Funds.Create(ctx, l.actor, funds.EntryInput{OrgID: o.ID, Kind: domain.FundSpending, Purpose: purpose,
			AmountFen: int64(yuan) * 100, Date: d.String(), Description: desc,
			Files: []funds.File{{Name: "发票-" + d.String() + ".txt", ContentType: "text/plain; charset=utf-8",
				Content: []byte(fmt.Sprintf("%s\n%s\n金额：%d.00 元\n（演示用发票）\n", o.Name, desc, yuan))}}})
		if err != nil {
			return fmt.Errorf("demo: fund spending %s of %s: %w", desc, o.Name, err)
		}
		switch decide {
		case "approve":
			_, err = l.set.Funds.Approve(ctx, l.actor, r.Entry.ID)
			if domain.ErrorCode(err) == domain.EInsufficientBalance { // as a secretary would: wait for the money
				_, err = l.set.Funds.Return(ctx, l.actor, r.Entry.ID, "经费结余不足，暂缓支出")
			}
		case "return":
			_, err = l.set.Funds.Return(ctx, l.actor, r.Entry.ID, "请补充发票原件和活动签到表")
		}
		if err != nil {
			return fmt.Errorf("demo: decide %s of %s: %w", desc, o.Name, err)
		}
		return nil
	}
	if whole {
		if _, err := income(day(1, 2), "other", 5000*p.scale+g.between(0, 999), 0, fmt.Sprintf("%d年经费结转入账", year-1), ""); err != nil {
			return err
		}
	}
	type item struct {
		d   domain.Date
		run func() error
	}
	var items []item
	add := func(d domain.Date, run func() error) {
		if due(d) {
			items = append(items, item{d, run})
		}
	}
	for m := 1; m <= 12; m++ {
		d := day(m, 28)
		yuan := g.between(p.duesMonthly[0], p.duesMonthly[1])
		if whole {
			add(d, func() error {
				_, err := income(d, domain.FundSourceDues, yuan, 0, fmt.Sprintf("%d年%d月党费收缴留存", year, m), "")
				return err
			})
		}
	}
	for q := 0; q < 4; q++ {
		d := day(3*q+3, 20)
		base := p.educationBase + g.between(0, p.educationBase/10)
		union := p.unionQuarterly
		add(d, func() error {
			if _, err := income(d, "union_fees", union, 0, fmt.Sprintf("第%d季度工会经费划拨", q+1), ""); err != nil {
				return err
			}
			_, err := income(d, "education_share", 0, base, fmt.Sprintf("第%d季度职工教育经费按8%%提取", q+1), "")
			return err
		})
	}
	for _, m := range []int{5, 11} {
		d := day(m, 4)
		add(d, func() error {
			_, err := income(d, "league_fees", p.leagueTwice, 0, "团组织活动经费转入", "")
			return err
		})
	}
	add(day(1, 15), func() error {
		_, err := income(day(1, 15), "appraisal_leftover", p.appraisalLeft, 0, "上年度评优奖励结余转入", "")
		return err
	})
	// Voluntary extra dues: one kept, one of 2,000 yuan to remit upward (remitted a fortnight
	// later in a past year; still waiting in the current one).
	names := []string{"李建国", "王晓燕", "陈志强", "赵丽华"}
	add(day(7, 1), func() error {
		_, err := income(day(7, 1), domain.FundSourceVoluntary, 500, 0, "七一自愿多交党费", pick(g, names))
		return err
	})
	add(day(6, 18), func() error {
		e, err := income(day(6, 18), domain.FundSourceVoluntary, 2000, 0, "自愿多交党费", pick(g, names))
		if err != nil || !whole {
			return err
		}
		_, err = l.set.Funds.Remit(ctx, l.actor, e.ID, funds.RemitInput{Date: day(7, 2).String(), Note: "经上级党委转交"})
		return err
	})
	for m := 1; m <= 12; m++ {
		d := day(m, 10+g.between(0, 8))
		yuan := (600 + g.between(0, 1400)) * p.scale
		add(d, func() error {
			return spend(d, "education", yuan, fmt.Sprintf("%d月主题党日学习资料及专题培训", m), "approve")
		})
	}
	for _, t := range []struct {
		m, dom        int
		purpose, desc string
		yuan          int
	}{
		{4, 12, "activities", "清明节红色教育基地参观（红色旅游）", 5200},
		{6, 28, "activities", "七一建党节主题活动", 2800},
		{9, 20, "activities", "重走长征路红色旅游研学", 6400},
		{10, 8, "activities", "国庆主题党日活动", 1800},
		{5, 16, "hardship", "走访慰问优秀党员家属（慰问金）", 2000},
		{12, 18, "hardship", "困难党员年终慰问", 3000},
		{3, 6, "materials", "党建书籍和学习笔记本", 900},
		{8, 22, "materials", "党员活动室宣传展板", 1500},
	} {
		d := day(t.m, t.dom)
		yuan := t.yuan * p.scale
		add(d, func() error { return spend(d, t.purpose, yuan, t.desc, "approve") })
	}
	// Post in date order, so the running balance never goes below zero on the way.
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].d.Before(items[j-1].d); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	for _, it := range items {
		if err := it.run(); err != nil {
			return err
		}
	}
	if !whole {
		// The current year keeps a request waiting and one returned, dated today.
		if err := spend(l.today, "activities", 1200*p.scale, "策划主题党日活动（待审批）", ""); err != nil {
			return err
		}
		if err := spend(l.today, "materials", 300*p.scale, "购买活动用品", "return"); err != nil {
			return err
		}
	}
	return nil
}
