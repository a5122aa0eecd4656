package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Points for the demo (issue 4): the district's "points for stars" catalogue of seed 004
// (58 organisation and 48 member indicators), the enterprise's "1 + X" catalogue of seed 001
// (the committee's required items and a few of each branch's own), both for last year and
// copied to this year; and a year of points for every member and branch — last year whole,
// this year up to today — written through the bulk path with the same running balances,
// totals and accounts the posting path keeps, so `dangjian points verify` finds no breach.
// For benchmarks the synthetic region gets its own small catalogue and as many entries of
// last year as asked (Options.PointEntries: 20,000,000 for 1,000,000 members).

// pointsSeed keeps the points draw apart from the rest of the demo.
const pointsSeed = 400_000

// indicatorSpec is a catalogue item to create: a count item worth Points per unit.
type indicatorSpec struct {
	code, name, category, subject string
	points                        int64 // whole points per unit
}

// district (seed 004): 58 organisation indicators and 48 member indicators, built from the
// themes of "积分评星、记实考核" — each done in the first or the second half of the year.
var districtOrgThemes = []struct {
	name, category string
	points         int64
}{
	{"按期召开支部党员大会", "experience", 3}, {"按月召开支委会", "experience", 2}, {"党小组会按月开展", "experience", 2},
	{"书记讲党课", "experience", 3}, {"主题党日活动", "activity", 2}, {"组织生活会和民主评议党员", "experience", 4},
	{"谈心谈话全覆盖", "experience", 2}, {"党费按时足额收缴", "contribution", 2}, {"发展党员计划落实", "contribution", 4},
	{"入党积极分子培养考察", "contribution", 3}, {"流动党员管理服务", "experience", 2}, {"党员信息库及时更新", "experience", 1},
	{"党建阵地规范化建设", "contribution", 4}, {"党务公开", "activity", 2}, {"党建工作写入企业章程", "contribution", 5},
	{"双向进入、交叉任职", "contribution", 4}, {"党建指导员联系指导", "experience", 2}, {"示范岗（店、窗口）创建", "contribution", 4},
	{"三亮三比三评活动", "activity", 3}, {"志愿服务活动", "activity", 3}, {"结对帮建未建党组织企业", "contribution", 5},
	{"红色 1+3 结对共建", "activity", 3}, {"线上学习平台使用率", "activity", 2}, {"党建工作台账记实", "experience", 2},
	{"按期换届", "experience", 3}, {"党建经费保障到位", "contribution", 3}, {"群团组织建设", "contribution", 2},
	{"服务职工群众实事", "activity", 3}, {"党建品牌创建", "contribution", 5},
}

var districtMemberThemes = []struct {
	name, category string
	points         int64
}{
	{"参加支部党员大会", "experience", 2}, {"参加党小组会", "experience", 1}, {"参加主题党日", "activity", 2},
	{"听党课", "experience", 2}, {"在线学习达标", "activity", 2}, {"学习心得分享", "activity", 1},
	{"按时交纳党费", "contribution", 1}, {"参加组织生活会", "experience", 2}, {"亮身份承诺践诺", "activity", 2},
	{"志愿服务", "contribution", 3}, {"岗位技能比武获奖", "contribution", 4}, {"合理化建议被采纳", "contribution", 3},
	{"结对帮扶困难群众", "contribution", 3}, {"示范岗履职", "contribution", 2}, {"联系服务群众", "activity", 2},
	{"参加集中培训", "experience", 2}, {"宣传党的政策", "activity", 1}, {"红色教育活动", "experience", 2},
	{"发展对象培养联系", "contribution", 2}, {"应急突击任务", "contribution", 4}, {"社区报到服务", "activity", 2},
	{"廉洁自律承诺", "experience", 1}, {"读书活动", "activity", 1}, {"主题征文演讲", "activity", 2},
}

// districtCatalogue is the 58 + 48 items: each theme for the first and the second half year.
func districtCatalogue() []indicatorSpec {
	var out []indicatorSpec
	half := []string{"（上半年）", "（下半年）"}
	for h, suffix := range half {
		for i, t := range districtOrgThemes {
			out = append(out, indicatorSpec{fmt.Sprintf("YC-O%02d", h*len(districtOrgThemes)+i+1), t.name + suffix, t.category, domain.SubjectOrg, t.points})
		}
		for i, t := range districtMemberThemes {
			out = append(out, indicatorSpec{fmt.Sprintf("YC-M%02d", h*len(districtMemberThemes)+i+1), t.name + suffix, t.category, domain.SubjectMember, t.points})
		}
	}
	return out
}

// enterpriseBase is the "1" of seed 001: what every branch and member of the committee does.
var enterpriseBase = []indicatorSpec{
	{"JG-ATTEND", "参加三会一课", "experience", domain.SubjectMember, 2},
	{"JG-STUDY", "在线学习", "activity", domain.SubjectMember, 1},
	{"JG-DUES", "按时交纳党费", "contribution", domain.SubjectMember, 1},
	{"JG-TASK", "认领支部项目任务", "contribution", domain.SubjectMember, 3},
	{"JG-SHARE", "分享党建内容", "activity", domain.SubjectMember, 1},
	{"JG-TRAIN", "参加党性教育培训", "experience", domain.SubjectMember, 2},
	{"JG-CLAIM", "认领党委年度活动", "activity", domain.SubjectOrg, 5},
	{"JG-MEET", "按期召开组织生活", "experience", domain.SubjectOrg, 3},
	{"JG-PROJECT", "支部项目化攻坚", "contribution", domain.SubjectOrg, 6},
}

// enterpriseX are items a branch may add for itself (the "X"); each branch takes two.
var enterpriseX = []indicatorSpec{
	{"X-PATENT", "专利与技术攻关", "contribution", domain.SubjectMember, 4},
	{"X-CUSTOMER", "客户现场服务", "contribution", domain.SubjectMember, 2},
	{"X-SAFETY", "安全生产标兵", "contribution", domain.SubjectMember, 3},
	{"X-MENTOR", "传帮带新员工", "activity", domain.SubjectMember, 2},
	{"X-QUALITY", "质量改进提案", "contribution", domain.SubjectMember, 2},
	{"X-CULTURE", "企业文化宣讲", "activity", domain.SubjectMember, 1},
}

// duesOnTime is the item paying dues on time scores (rule dues.on_time names its code; the
// payment service awards it once per bill). Its de-duplication template keeps a hand award
// to once a member and month, and keeps the bulk points below from drawing it.
var duesOnTime = indicatorSpec{"DUES-ON-TIME", "按月按时交纳党费（缴费自动计分）", "contribution", domain.SubjectMember, 1}

// duesOnTimeItem adds the dues item to the committee's catalogue of year, in force from today:
// the committee takes it up the day the demo is loaded, so the payments recorded from then on
// score it (dues.go records this month's first ones) and earlier ones, made before it existed,
// do not — as the payment service itself would have done.
func (l *loader) duesOnTimeItem(ctx context.Context, orgID int64, year int) error {
	code := duesOnTime.code
	var rule struct {
		IndicatorCode string `json:"indicator_code"`
	}
	if ok, err := l.set.DB.Read().Rule(ctx, "dues.on_time", "", l.today, &rule); err != nil {
		return err
	} else if ok && rule.IndicatorCode != "" {
		code = rule.IndicatorCode
	}
	from := l.today
	if from.Time().Year() != year {
		from = domain.NewDate(year, time.January, 1)
	}
	_, err := l.points().CreateIndicator(ctx, l.actor, points.IndicatorInput{OrgID: orgID, Year: year, Code: code,
		Name: duesOnTime.name, Category: duesOnTime.category, Subject: duesOnTime.subject,
		Points: domain.Whole(duesOnTime.points), Unit: domain.UnitCount, DedupTemplate: "{code}:{subject}:{month}",
		ValidFrom: from.String()})
	if err != nil {
		return fmt.Errorf("demo: indicator %s: %w", code, err)
	}
	return nil
}

// syntheticCatalogue is the synthetic region's catalogue: three items per category.
var syntheticCatalogue = []indicatorSpec{
	{"SY-A1", "主题党日", "activity", domain.SubjectMember, 2}, {"SY-A2", "在线学习", "activity", domain.SubjectMember, 1},
	{"SY-A3", "分享党建内容", "activity", domain.SubjectMember, 1}, {"SY-E1", "参加三会一课", "experience", domain.SubjectMember, 2},
	{"SY-E2", "集中培训", "experience", domain.SubjectMember, 3}, {"SY-E3", "组织生活会", "experience", domain.SubjectMember, 2},
	{"SY-C1", "志愿服务", "contribution", domain.SubjectMember, 3}, {"SY-C2", "合理化建议", "contribution", domain.SubjectMember, 2},
	{"SY-C3", "按时交纳党费", "contribution", domain.SubjectMember, 1},
}

// points is the points service of the set, or one over its database when the set has none
// (sets built for older tests).
func (l *loader) points() *points.Service {
	if l.set.Points == nil {
		l.set.Points = points.NewService(l.set.DB)
	}
	return l.set.Points
}

// catalogue creates specs for orgID and year through the points service (validated and
// audited like any catalogue edit), without approval: the demo's awards are direct.
func (l *loader) catalogue(ctx context.Context, orgID int64, year int, specs []indicatorSpec) error {
	for _, sp := range specs {
		_, err := l.points().CreateIndicator(ctx, l.actor, points.IndicatorInput{OrgID: orgID, Year: year, Code: sp.code,
			Name: sp.name, Category: sp.category, Subject: sp.subject, Points: domain.Whole(sp.points), Unit: domain.UnitCount,
			ValidFrom: fmt.Sprintf("%d-01-01", year)})
		if err != nil {
			return fmt.Errorf("demo: indicator %s: %w", sp.code, err)
		}
	}
	return nil
}

// demoPoints creates the seeds' catalogues for last year and this year and a year of points
// for the enterprise and the district.
func (l *loader) demoPoints(ctx context.Context, ent, dist *orgPlan) error {
	this := l.today.Time().Year()
	last := this - 1
	if err := l.catalogue(ctx, dist.ID, last, districtCatalogue()); err != nil {
		return err
	}
	if err := l.catalogue(ctx, ent.ID, last, enterpriseBase); err != nil {
		return err
	}
	for i, br := range ent.children {
		x := []indicatorSpec{enterpriseX[i%len(enterpriseX)], enterpriseX[(i+1)%len(enterpriseX)]}
		if err := l.catalogue(ctx, br.ID, last, x); err != nil {
			return err
		}
	}
	owners := []int64{dist.ID, ent.ID}
	for _, br := range ent.children {
		owners = append(owners, br.ID)
	}
	for _, id := range owners {
		if _, err := l.points().CopyCatalogue(ctx, l.actor, id, last, this); err != nil {
			return fmt.Errorf("demo: copy catalogue: %w", err)
		}
	}
	if err := l.duesOnTimeItem(ctx, ent.ID, this); err != nil {
		return err
	}
	g := newRNG(pointsSeed)
	yearEnd := domain.NewDate(last, time.December, 31)
	for _, root := range []*orgPlan{ent, dist} {
		for _, y := range []struct {
			year                 int
			until                domain.Date
			perMember, perBranch int
		}{{last, yearEnd, 12, 15}, {this, l.today, 3, 4}} {
			gen := &pointsGen{l: l, g: g, year: y.year, until: y.until}
			if err := gen.run(ctx, root.Path, y.perMember, y.perBranch); err != nil {
				return err
			}
		}
	}
	return nil
}

// syntheticPoints gives the synthetic region a catalogue for last year and entries of last
// year, entries in all, spread evenly over its members.
func (l *loader) syntheticPoints(ctx context.Context, syn *orgPlan, entries int, members int) error {
	last := l.today.Time().Year() - 1
	if err := l.catalogue(ctx, syn.ID, last, syntheticCatalogue); err != nil {
		return err
	}
	per := max(1, entries/max(1, members))
	gen := &pointsGen{l: l, g: newRNG(pointsSeed + 1), year: last, until: domain.NewDate(last, time.December, 31)}
	if err := gen.run(ctx, syn.Path, per, 0); err != nil {
		return err
	}
	return l.set.DB.WriteTx(ctx, func(q *store.Q) error { return q.Analyze(ctx) })
}

// pointsGen writes a year of points for the subjects of a subtree in batches.
type pointsGen struct {
	l     *loader
	g     *rng
	year  int
	until domain.Date // the last day entries may fall on

	byPath   map[string][]*domain.Indicator // applicable count items by subject type and org path
	all      []domain.Indicator
	seriesOf map[int64]int64
}

// applicable returns the count items (not welfare, deduction or veto) a subject of the type
// in the organisation at path can earn: the catalogues of the organisation and its ancestors.
func (p *pointsGen) applicable(typ, path string) []*domain.Indicator {
	key := typ + path
	if list, ok := p.byPath[key]; ok {
		return list
	}
	var list []*domain.Indicator
	for i := range p.all {
		ind := &p.all[i]
		if ind.SubjectType == typ && strings.HasPrefix(path, ind.OrgPath) {
			list = append(list, ind)
		}
	}
	p.byPath[key] = list
	return list
}

func (p *pointsGen) load(ctx context.Context, rootPath string) error {
	p.byPath, p.seriesOf = map[string][]*domain.Indicator{}, map[int64]int64{}
	q := p.l.set.DB.Read()
	// The catalogues of the root's ancestors and of every organisation in its subtree.
	above, err := q.Indicators(ctx, store.IndicatorFilter{OwnerIDs: domain.PathIDs(rootPath), Year: p.year, Open: true})
	if err != nil {
		return err
	}
	below, err := q.Indicators(ctx, store.IndicatorFilter{Under: rootPath, Year: p.year, Open: true})
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, ind := range append(above, below...) {
		if seen[ind.ID] || ind.Unit != domain.UnitCount || ind.Welfare || ind.Deduction || ind.Veto || ind.Caps.Any() ||
			ind.DedupTemplate != "" {
			continue
		}
		seen[ind.ID] = true
		p.all = append(p.all, ind)
		p.seriesOf[ind.ID] = ind.SeriesID
	}
	sort.Slice(p.all, func(i, j int) bool { return p.all[i].ID < p.all[j].ID })
	return nil
}

// run writes perMember entries for every member of the subtree and perBranch for every
// branch, in batches of 2,000 subjects, each batch one transaction.
func (p *pointsGen) run(ctx context.Context, rootPath string, perMember, perBranch int) error {
	if err := p.load(ctx, rootPath); err != nil {
		return err
	}
	if len(p.all) == 0 {
		return nil
	}
	q := p.l.set.DB.Read()
	if perBranch > 0 {
		branches, err := q.BranchOrgs(ctx, rootPath)
		if err != nil {
			return err
		}
		for start := 0; start < len(branches); start += 2000 {
			if err := p.write(ctx, domain.SubjectOrg, branches[start:min(start+2000, len(branches))], perBranch); err != nil {
				return err
			}
		}
	}
	var after int64
	for {
		batch, err := q.MembersAfter(ctx, rootPath, after, 2000)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := p.write(ctx, domain.SubjectMember, batch, perMember); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}

// write books n entries of the year for each subject of a batch, in one transaction. A
// subject's first year gets its account row; a later year continues the account's reward
// balance and counters. Subjects that already hold totals for the year are left alone.
func (p *pointsGen) write(ctx context.Context, typ string, subjects []store.PointSubject, n int) error {
	start := domain.NewDate(p.year, time.January, 1)
	days := int(p.until.Time().Sub(start.Time()).Hours()/24) + 1
	at := time.Now().UTC().Truncate(time.Microsecond)
	return p.l.set.DB.WriteTx(ctx, func(q *store.Q) error {
		next, err := q.NextPointEntryID(ctx)
		if err != nil {
			return err
		}
		var entries []domain.PointEntry
		var totals []store.BulkTotal
		var fresh []store.PointAccount
		for _, s := range subjects {
			inds := p.applicable(typ, s.OrgPath)
			if len(inds) == 0 {
				continue
			}
			acc, err := q.PointAccount(ctx, typ, s.ID)
			switch {
			case err == store.ErrNoRows:
				acc = nil
			case err != nil:
				return err
			default:
				had, _, err := q.PointTotals(ctx, typ, s.ID, p.year)
				if err != nil {
					return err
				}
				if len(had) > 0 {
					continue
				}
			}
			var reward domain.Points
			if acc != nil {
				reward = acc.RewardBalance
			}
			byCat := map[string]*store.BulkTotal{}
			var year domain.Points
			for range n {
				ind := inds[p.g.intn(len(inds))]
				qty := domain.Whole(int64(1 + p.g.intn(3)))
				pts := domain.MulQuantity(ind.Points, qty)
				year += pts
				reward += pts
				entries = append(entries, domain.PointEntry{ID: next, SubjectType: typ, SubjectID: s.ID, OrgID: s.OrgID,
					OrgPath: s.OrgPath, Year: p.year, Category: ind.Category, IndicatorID: ind.ID, Source: domain.SourceAward,
					Quantity: qty, Requested: pts, Points: pts, Appraisal: pts, Reward: pts, AppraisalAfter: year,
					RewardAfter: reward, OccurredOn: start.AddDate(0, 0, p.g.intn(days)), AwardedByName: "demo",
					ApprovedByName: "demo", CreatedAt: at})
				next++
				t := byCat[ind.Category]
				if t == nil {
					t = &store.BulkTotal{SubjectType: typ, SubjectID: s.ID, Year: p.year, Category: ind.Category,
						OrgID: s.OrgID, OrgPath: s.OrgPath, UpdatedAt: at}
					byCat[ind.Category] = t
				}
				t.Points += pts
				t.Entries++
			}
			cats := make([]string, 0, len(byCat))
			for c := range byCat {
				cats = append(cats, c)
			}
			sort.Strings(cats)
			for _, c := range cats {
				totals = append(totals, *byCat[c])
			}
			if acc == nil {
				fresh = append(fresh, store.PointAccount{SubjectType: typ, SubjectID: s.ID, OrgID: s.OrgID, OrgPath: s.OrgPath,
					RewardBalance: reward, Entries: int64(n), LastEntryID: next - 1, Version: int64(n), UpdatedAt: at})
				continue
			}
			acc.RewardBalance, acc.Entries, acc.LastEntryID = reward, acc.Entries+int64(n), next-1
			acc.Version += int64(n) - 1 // SavePointAccount adds the last one
			acc.OrgID, acc.OrgPath = s.OrgID, s.OrgPath
			if err := q.SavePointAccount(ctx, acc); err != nil {
				return err
			}
		}
		if err := q.BulkPointEntries(ctx, entries, p.seriesOf); err != nil {
			return err
		}
		if err := q.BulkPointTotals(ctx, totals); err != nil {
			return err
		}
		if err := q.BulkPointAccounts(ctx, fresh); err != nil {
			return err
		}
		return q.SyncPointEntryIDs(ctx)
	})
}
