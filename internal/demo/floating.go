package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// The floating-member registers (流动党员), through the transfer service: the enterprise's
// members working away (mostly its sales staff, seed 001's "大区流动党员") on the out-flow
// register with their yearly reports — one report missing, one member out of contact, one
// back home — and members of village branches elsewhere working here on the in-flow
// register. The villages are made up.

// Where the enterprise's people work away, by the sales region of their branch.
var awayPlaces = map[string][]string{
	"华东": {"上海市", "江苏省南京市", "江苏省苏州市", "安徽省合肥市"},
	"华北": {"北京市", "天津市", "山东省济南市", "河北省石家庄市"},
	"西南": {"四川省成都市", "重庆市", "云南省昆明市", "贵州省贵阳市"},
	"":   {"广东省深圳市", "广东省广州市", "湖北省武汉市", "陕西省西安市"},
}

// Where in-flow members come from: the county, and how the place is written.
var homeCounties = []struct{ county, place string }{
	{"安徽省阜阳市颍泉区", "安徽阜阳"}, {"河南省信阳市光山县", "河南信阳"}, {"江西省上饶市鄱阳县", "江西上饶"},
	{"四川省达州市渠县", "四川达州"}, {"贵州省毕节市大方县", "贵州毕节"}, {"湖南省邵阳市隆回县", "湖南邵阳"},
}

// outflowShape is what happens to an out-flow entry: since how many days, the last report
// days ago (0: none), and an ending or a loss of contact days ago.
type outflowShape struct {
	since, report, ended, lost int
}

func (lc *lifecycle) floating(ctx context.Context, away []*person, ent *orgPlan, dist []*orgPlan) (int, error) {
	var list []*person
	for _, p := range away {
		if len(p.Positions) == 0 && !p.LostContact && p.Standing == domain.StandingNormal && !lc.used[p] {
			list = append(list, p)
		}
	}
	// The sales regions first: they are the ones away.
	sort.SliceStable(list, func(i, j int) bool {
		return strings.Contains(list[i].OrgName, "营销") && !strings.Contains(list[j].OrgName, "营销")
	})
	list = list[:min(len(list), 12)]
	n := 0
	for i, p := range list {
		lc.used[p] = true
		sh := outflowShape{since: lc.g.between(60, 1200)}
		switch i {
		case 0: // the yearly report is two months late
			sh = outflowShape{since: 790, report: 425}
		case 1:
			sh = outflowShape{since: 550, report: 300, lost: 40}
		case 2:
			sh = outflowShape{since: 460, report: 120, ended: 20}
		default:
			if sh.since > 330 {
				sh.report = lc.g.between(15, min(300, sh.since))
			}
		}
		if err := lc.outflow(ctx, p, sh, true); err != nil {
			return n, err
		}
		n++
	}
	// Two of the district's members flagged as floating get their register entries too.
	k := 0
	for _, b := range dist {
		for _, p := range b.members {
			if k < 2 && p.Floating && !p.LostContact && p.Standing == domain.StandingNormal && len(p.Positions) == 0 && !lc.used[p] {
				lc.used[p] = true
				since := lc.g.between(40, 300)
				if err := lc.outflow(ctx, p, outflowShape{since: since, report: lc.g.between(1, since)}, false); err != nil {
					return n, err
				}
				k++
				n++
			}
		}
	}
	// In-flow: migrant workers on the production line and at district companies.
	hosts := []*orgPlan{ent.children[7], ent.children[7], ent.children[13], dist[0], dist[1]}
	for _, b := range hosts {
		if err := lc.inflow(ctx, b); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (lc *lifecycle) outflow(ctx context.Context, p *person, sh outflowShape, enterprise bool) error {
	g := lc.g
	region := ""
	for _, r := range []string{"华东", "华北", "西南"} {
		if strings.Contains(p.OrgName, r) {
			region = r
		}
	}
	place := pick(g, awayPlaces[region])
	var reason string
	switch {
	case !enterprise:
		reason = "外出务工，在" + place + "工作"
	case strings.Contains(p.OrgName, "营销"):
		reason = "常驻" + place + "，负责区域销售和客户服务"
	default:
		reason = "外派" + place + "项目现场，负责设备安装调试和运维"
	}
	contact := p.Phone
	if contact == "" {
		contact = phoneNumber(g)
	}
	since := lc.daysAgo(sh.since)
	f, err := lc.set.Transfers.RegisterFloating(ctx, lc.actor, transfer.FloatingInput{Direction: domain.FloatingOut,
		MemberID: p.ID, Place: place, Since: since.String(), Contact: contact, Reason: reason,
		CardNo: fmt.Sprintf("%s%d%04d", p.IDNumber[:6], since.Time().Year(), g.between(1, 9999))})
	if err != nil {
		return fmt.Errorf("demo: out-flow of %s: %w", p.Name, err)
	}
	steps := []struct {
		days int
		note string
		do   func(int64, transfer.FloatingStep) (*domain.Floating, error)
	}{
		{sh.report, "通过电话和网上党支部向党组织汇报思想和工作情况", func(id int64, in transfer.FloatingStep) (*domain.Floating, error) {
			return lc.set.Transfers.Report(ctx, lc.actor, id, in)
		}},
		{sh.lost, "多次电话、微信联系未果，原派驻项目已结束", func(id int64, in transfer.FloatingStep) (*domain.Floating, error) {
			return lc.set.Transfers.LostContact(ctx, lc.actor, id, in)
		}},
		{sh.ended, "结束外派，返回公司本部工作", func(id int64, in transfer.FloatingStep) (*domain.Floating, error) {
			return lc.set.Transfers.EndFloating(ctx, lc.actor, id, in)
		}},
	}
	for _, s := range steps {
		if s.days == 0 {
			continue
		}
		if _, err := s.do(f.ID, transfer.FloatingStep{On: lc.daysAgo(s.days).String(), Note: s.note}); err != nil {
			return fmt.Errorf("demo: out-flow of %s: %w", p.Name, err)
		}
	}
	return nil
}

// inflow registers a member of a village branch elsewhere, working at b, with a report to
// their home organisation within the last year.
func (lc *lifecycle) inflow(ctx context.Context, b *orgPlan) error {
	g := lc.g
	home := pick(g, homeCounties)
	village := string(pick(g, placeFirst)) + string(pick(g, placeSecond)) + "村"
	since := g.between(60, 700)
	f, err := lc.set.Transfers.RegisterFloating(ctx, lc.actor, transfer.FloatingInput{Direction: domain.FloatingIn,
		OrgID: b.ID, Name: personName(g, g.chance(0.3)), HomeOrgName: "中共" + home.county + village + "支部委员会",
		Place: home.place, Since: lc.daysAgo(since).String(), Contact: phoneNumber(g),
		Reason: pick(g, []string{"外出务工", "随施工队务工", "在企业从事生产一线工作"}),
		CardNo: fmt.Sprintf("LD%d%05d", lc.daysAgo(since).Time().Year(), g.between(1, 99999))})
	if err != nil {
		return fmt.Errorf("demo: in-flow at %s: %w", b.Name, err)
	}
	if since > 300 {
		_, err = lc.set.Transfers.Report(ctx, lc.actor, f.ID, transfer.FloatingStep{
			On: lc.daysAgo(g.between(10, 250)).String(), Note: "向流出地党组织汇报，流入地党支部出具参加组织生活情况证明"})
	}
	return err
}
