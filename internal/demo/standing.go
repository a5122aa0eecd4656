package demo

import (
	"context"
	"fmt"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// A handful of standing changes (党籍状态), through the member service, each with its day
// and reason: a member out of contact for over six months suspended, one studying abroad
// retained, one back from abroad restored (this month), and in the district a member
// flagged out of contact since the roster was taken on, suspended.

func (lc *lifecycle) standing(ctx context.Context, ent []*orgPlan, dist *orgPlan) (int, error) {
	n := 0
	change := func(p *person, action string, days int, reason string) error {
		_, err := lc.set.Members.ChangeStanding(ctx, lc.actor, p.ID, member.StandingInput{Action: action,
			On: lc.daysAgo(days).String(), Reason: reason})
		if err != nil {
			return fmt.Errorf("demo: %s %s: %w", action, p.Name, err)
		}
		n++
		return nil
	}
	lost, _ := lc.pickFrom(ent)
	if _, err := lc.set.Members.SetLostContact(ctx, lc.actor, lost.ID, true, lc.daysAgo(lc.g.between(230, 260)).String(),
		"离职后去向不明，电话、微信、原住址多次联系未果"); err != nil {
		return n, fmt.Errorf("demo: lost contact %s: %w", lost.Name, err)
	}
	n++
	if err := change(lost, member.ActionSuspend, lc.g.between(10, 25),
		"与党组织失去联系超过六个月，经支部大会讨论、党委批准，停止党籍"); err != nil {
		return n, err
	}
	abroad, _ := lc.pickFrom(ent)
	if err := change(abroad, member.ActionRetain, lc.g.between(80, 100),
		"赴德国攻读博士学位，出国（境）学习超过六个月，经本人申请、党委批准保留党籍"); err != nil {
		return n, err
	}
	back, _ := lc.pickFrom(ent)
	if err := change(back, member.ActionRetain, lc.g.between(400, 450),
		"赴新加坡从事博士后研究两年，经本人申请、党委批准保留党籍"); err != nil {
		return n, err
	}
	if err := change(back, member.ActionRestore, lc.backThisMonth(5),
		"回国后向党组织报到，经支部审查，恢复组织生活"); err != nil {
		return n, err
	}
	var gone *person
	dist.walk(func(o, _ *orgPlan) {
		for _, p := range o.members {
			if gone == nil && p.LostContact && p.Standing == domain.StandingNormal && len(p.Positions) == 0 && !lc.used[p] {
				gone = p
			}
		}
	})
	if gone != nil {
		lc.used[gone] = true
		if err := change(gone, member.ActionSuspend, lc.g.between(40, 70),
			"外出务工失联超过六个月，经支部大会讨论、上级党委批准，停止党籍"); err != nil {
			return n, err
		}
	}
	return n, nil
}
