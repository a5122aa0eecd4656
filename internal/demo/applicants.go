package demo

import (
	"context"
	"fmt"

	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// Applicants at every stage of development (发展党员), recorded step by step through the
// development service, which checks every timer against today. Each applicant's story is
// drawn from anchors — the application, the choice as activist, as candidate, the admitting
// meeting, the full-membership meeting — that keep the rules' distances (a year as activist,
// approval within three months, a year's probation), then cut at the step the profile stops
// at and at today. A cut never leaves anything overdue, since every step is dated on or
// before its due date and after what it depends on; the two overdue cases are made on
// purpose by leaving a step out.

// profile is one kind of applicant: how far they got, and where their anchors lie.
type profile struct {
	name  string
	count int
	upTo  int // the last step number recorded (the application is step 1)
	// anchor sets the anchors relative to today; the others are drawn from them.
	anchor    func(lc *lifecycle, a *anchors)
	noReviews bool // leave the activist reviews out (the overdue review)
	after     func(ctx context.Context, lc *lifecycle, id int64, a *anchors) error
}

// anchors are the dates an applicant's story hangs on (zero: drawn from the others).
type anchors struct {
	applied, activist, candidate, meeting, fullMeeting domain.Date
}

var profiles = []profile{
	{name: "awaiting the talk", count: 5, upTo: 1, anchor: func(lc *lifecycle, a *anchors) { a.applied = lc.daysAgo(lc.g.between(2, 24)) }},
	{name: "talk overdue", count: 1, upTo: 1, anchor: func(lc *lifecycle, a *anchors) { a.applied = lc.daysAgo(lc.g.between(40, 55)) }},
	{name: "talked to", count: 4, upTo: 2, anchor: func(lc *lifecycle, a *anchors) { a.applied = lc.daysAgo(lc.g.between(30, 110)) }},
	{name: "new activist", count: 7, upTo: 6, anchor: func(lc *lifecycle, a *anchors) { a.activist = lc.daysAgo(lc.g.between(15, 170)) }},
	{name: "reviewed activist", count: 5, upTo: 6, anchor: func(lc *lifecycle, a *anchors) { a.activist = lc.daysAgo(lc.g.between(190, 340)) }},
	{name: "review overdue", count: 1, upTo: 6, noReviews: true, anchor: func(lc *lifecycle, a *anchors) {
		a.activist = domain.AddMonths(lc.today, -7).AddDate(0, 0, -lc.g.between(0, 20))
	}},
	{name: "review due this month", count: 1, upTo: 6, noReviews: true, anchor: func(lc *lifecycle, a *anchors) {
		a.activist = lc.monthsBefore(lc.laterThisMonth(10), 6)
	}},
	{name: "activist of over a year", count: 2, upTo: 6, anchor: func(lc *lifecycle, a *anchors) { a.activist = lc.daysAgo(lc.g.between(380, 480)) }},
	{name: "candidate from this month", count: 1, upTo: 6, anchor: func(lc *lifecycle, a *anchors) {
		a.activist = lc.monthsBefore(lc.laterThisMonth(12), 12)
	}},
	{name: "candidate", count: 7, upTo: 11, anchor: func(lc *lifecycle, a *anchors) { a.candidate = lc.daysAgo(lc.g.between(5, 85)) }},
	{name: "before the admitting meeting", count: 3, upTo: 14, anchor: func(lc *lifecycle, a *anchors) {
		a.meeting = lc.today.AddDate(0, 0, lc.g.between(3, 20))
	}},
	{name: "just admitted", count: 5, upTo: 21, anchor: func(lc *lifecycle, a *anchors) { a.meeting = lc.daysAgo(lc.g.between(3, 50)) }},
	{name: "on probation", count: 5, upTo: 21, anchor: func(lc *lifecycle, a *anchors) { a.meeting = lc.daysAgo(lc.g.between(70, 300)) }},
	{name: "full meeting due this month", count: 2, upTo: 22, anchor: func(lc *lifecycle, a *anchors) {
		// Probation ends this month: from today on if a day maps there, else (29 February)
		// earlier this month, with the application for full membership made in time.
		a.meeting = lc.monthsBefore(lc.laterThisMonth(12), 12)
		if month(domain.AddMonths(a.meeting, 12)) != month(lc.today) {
			a.meeting = domain.AddMonths(lc.today, -12)
		}
	}},
	{name: "full meeting held", count: 1, upTo: 23, anchor: func(lc *lifecycle, a *anchors) {
		a.meeting = domain.AddMonths(lc.today, -12).AddDate(0, 0, -lc.g.between(20, 40))
		a.fullMeeting = domain.AddMonths(a.meeting, 12).AddDate(0, 0, lc.g.between(2, 10))
	}},
	{name: "probation extended", count: 1, upTo: 22, after: extend, anchor: func(lc *lifecycle, a *anchors) {
		a.meeting = domain.AddMonths(lc.today, -12).AddDate(0, 0, -lc.g.between(25, 60))
	}},
	{name: "full member", count: 3, upTo: 25, anchor: func(lc *lifecycle, a *anchors) {
		a.meeting = domain.AddMonths(lc.today, -12).AddDate(0, 0, -lc.g.between(110, 300))
	}},
	{name: "withdrawn", count: 1, upTo: 6, after: withdraw, anchor: func(lc *lifecycle, a *anchors) { a.activist = lc.daysAgo(lc.g.between(100, 150)) }},
}

// cancelledProfile is a probationary member whose status was cancelled a few weeks ago. It is
// loaded after the rest of the lifecycle (cancelled), so that the draws of everything else
// stay what they were before it existed.
var cancelledProfile = profile{name: "probation cancelled", count: 1, upTo: 21, after: cancelProbation,
	anchor: func(lc *lifecycle, a *anchors) {
		a.meeting = domain.AddMonths(lc.today, -12).AddDate(0, 0, -lc.g.between(20, 40))
	}}

// cancelled loads cancelledProfile's applicant in one of the district's branches.
func (lc *lifecycle) cancelled(ctx context.Context, dist []*orgPlan) (int, error) {
	b := dist[len(dist)/2]
	if err := lc.applicant(ctx, b, cancelledProfile, false); err != nil {
		return 0, fmt.Errorf("demo: applicant (%s) in %s: %w", cancelledProfile.name, b.Name, err)
	}
	return 1, nil
}

// applicants loads the profiles' applicants, spread over the branches (the demo
// secretary's among them, so signing in as her shows some).
func (lc *lifecycle) applicants(ctx context.Context, ent, dist []*orgPlan) (int, error) {
	branches := append(append([]*orgPlan(nil), ent...), dist...)
	n := 0
	for _, pr := range profiles {
		for i := 0; i < pr.count; i++ {
			b := branches[(n*7)%len(branches)] // 7 is prime to the 19 branches: every branch gets some
			if err := lc.applicant(ctx, b, pr, inList(ent, b)); err != nil {
				return n, fmt.Errorf("demo: applicant (%s) in %s: %w", pr.name, b.Name, err)
			}
			n++
		}
	}
	return n, nil
}

func inList(list []*orgPlan, b *orgPlan) bool {
	for _, x := range list {
		if x == b {
			return true
		}
	}
	return false
}

// drawAnchors fills the anchors the profile did not set: earlier ones back from the given
// one, later ones forward, keeping each rule's distance with some days to spare.
func (lc *lifecycle) drawAnchors(a *anchors) {
	g := lc.g
	if !a.fullMeeting.IsZero() && a.meeting.IsZero() {
		a.meeting = domain.AddMonths(a.fullMeeting, -12).AddDate(0, 0, -g.between(0, 20))
	}
	if !a.meeting.IsZero() && a.candidate.IsZero() {
		a.candidate = a.meeting.AddDate(0, 0, -g.between(100, 160))
	}
	if !a.candidate.IsZero() && a.activist.IsZero() {
		a.activist = domain.AddMonths(a.candidate, -12).AddDate(0, 0, -g.between(3, 60))
	}
	if !a.activist.IsZero() && a.applied.IsZero() {
		a.applied = a.activist.AddDate(0, 0, -g.between(60, 150))
	}
	if a.activist.IsZero() {
		a.activist = a.applied.AddDate(0, 0, g.between(60, 150))
	}
	if a.candidate.IsZero() {
		a.candidate = domain.AddMonths(a.activist, 12).AddDate(0, 0, g.between(3, 60))
	}
	if a.meeting.IsZero() {
		a.meeting = a.candidate.AddDate(0, 0, g.between(100, 160))
	}
	if a.fullMeeting.IsZero() {
		a.fullMeeting = domain.AddMonths(a.meeting, 12).AddDate(0, 0, g.between(0, 20))
	}
}

// plannedStep is a step to record.
type plannedStep struct {
	on domain.Date
	in development.StepInput
}

// applicant creates one applicant and records their steps.
func (lc *lifecycle) applicant(ctx context.Context, b *orgPlan, pr profile, enterprise bool) error {
	g := lc.g
	var a anchors
	pr.anchor(lc, &a)
	lc.drawAnchors(&a)
	age := g.between(20, 30)
	region := yongchuanBirthplaces.draw(g)
	if enterprise {
		region = hangzhouBirthplaces.draw(g)
	} else {
		age = g.between(22, 42)
	}
	latest := a.applied.AddDate(-age, 0, 0)
	birth := g.dateBetween(latest.AddDate(-1, 0, 1), latest)
	female := g.chance(0.4)
	name := personName(g, female)
	v, err := lc.set.Development.Create(ctx, lc.actor, development.CreateInput{Name: name,
		IDNumber: lc.ids.next(g, region, birth, female), OrgID: b.ID, AppliedOn: a.applied.String()})
	if err != nil {
		return err
	}
	var memberID int64
	for _, s := range lc.story(b, a, pr, age, enterprise) {
		if s.on.After(lc.today) || stepNo(s.in.Step) > pr.upTo {
			continue
		}
		s.in.DoneOn = s.on.String()
		got, err := lc.set.Development.RecordStep(ctx, lc.actor, v.ID, s.in)
		if err != nil {
			return fmt.Errorf("step %s on %s: %w", s.in.Step, s.on, err)
		}
		memberID = got.MemberID
		if s.in.Step == domain.StepAdmissionMeeting {
			lc.added++
		}
		if s.in.Step == domain.StepAssigned {
			if err := lc.assignGroup(ctx, b, memberID); err != nil {
				return err
			}
		}
	}
	if pr.after != nil {
		return pr.after(ctx, lc, v.ID, &a)
	}
	return nil
}

func stepNo(code string) int {
	s, _ := domain.DevStepByCode(code)
	return s.No
}

// assignGroup puts a newly admitted member into one of the branch's party groups, as the
// "assigned" step says.
func (lc *lifecycle) assignGroup(ctx context.Context, b *orgPlan, memberID int64) error {
	var groups []*orgPlan
	for _, c := range b.children {
		if c.Type == domain.OrgGroup {
			groups = append(groups, c)
		}
	}
	if len(groups) == 0 || memberID == 0 {
		return nil
	}
	gid := pick(lc.g, groups).ID
	_, err := lc.set.Members.Update(ctx, lc.actor, memberID, member.Input{GroupID: &gid})
	return err
}

// story draws every step of an applicant's development from the anchors, in step order
// (every step's prerequisites come earlier in that order, and are dated no later).
func (lc *lifecycle) story(b *orgPlan, a anchors, pr profile, age int, enterprise bool) []plannedStep {
	g := lc.g
	var out []plannedStep
	// add appends a step and returns it for the figures some steps need; the pointer is
	// used at once, before the next add can move the slice.
	add := func(code string, on domain.Date, note string, people ...*person) *development.StepInput {
		in := development.StepInput{Step: code, Note: note, People: []domain.DevPerson{}}
		for _, p := range people {
			in.People = append(in.People, domain.DevPerson{MemberID: p.ID})
		}
		out = append(out, plannedStep{on: on, in: in})
		return &out[len(out)-1].in
	}
	// officer is someone of the upper committee, not on this roster: named only.
	officer := func() []domain.DevPerson { return []domain.DevPerson{{Name: personName(g, g.chance(0.4))}} }
	upper := "企业党委"
	if !enterprise {
		upper = "上级党委"
	}
	secretary := holder(b, "secretary")
	full := fullMembers(b)
	contacts := lc.contacts(full, secretary, g.between(1, 2))

	add(domain.StepTalk, a.applied.AddDate(0, 0, g.between(7, 25)), "支部书记谈话，了解入党动机和对党的认识", secretary)
	chosenNote := "党员推荐，支部委员会研究确定"
	if age < 28 {
		chosenNote = "团组织推优，支部委员会研究确定"
	}
	add(domain.StepActivistChosen, a.activist, chosenNote)
	add(domain.StepActivistFiled, a.activist.AddDate(0, 0, g.between(3, 10)), "报"+upper+"备案")
	add(domain.StepContacts, a.activist.AddDate(0, 0, g.between(1, 7)), "", contacts...)
	if !pr.noReviews {
		// Reviews every six months, a few days early, until chosen as candidate (when the
		// story gets that far by today) or until today: the next one is never overdue.
		until := lc.today
		if pr.upTo >= stepNo(domain.StepCandidateChosen) && !a.candidate.After(lc.today) {
			until = a.candidate.AddDate(0, 0, -1)
		}
		for r := a.activist; ; {
			next := domain.AddMonths(r, 6).AddDate(0, 0, -g.between(3, 20))
			if next.After(until) {
				break
			}
			add(domain.StepActivistReview, next, pick(g, reviewNotes), contacts...)
			r = next
		}
	}
	add(domain.StepCandidateChosen, a.candidate, "听取党小组、培养联系人和党员群众意见，支部委员会讨论确定")
	add(domain.StepCandidateFiled, a.candidate.AddDate(0, 0, g.between(3, 10)), "报"+upper+"备案")
	add(domain.StepSponsors, a.candidate.AddDate(0, 0, g.between(1, 10)), "", lc.sponsors(full, contacts)...)
	add(domain.StepPoliticalReview, a.candidate.AddDate(0, 0, g.between(10, 40)), "查阅档案、函调，政治审查合格")
	tr := add(domain.StepTraining, a.candidate.AddDate(0, 0, g.between(15, 60)), pick(g, trainingNotes))
	if g.chance(0.5) {
		tr.TrainingDays = g.between(3, 5)
	} else {
		tr.TrainingHours = pick(g, []int{24, 28, 32, 40})
	}
	m := a.meeting
	add(domain.StepCommitteeReview, m.AddDate(0, 0, -g.between(20, 25)), "支部委员会审查，同意提交支部大会讨论", secretary)
	add(domain.StepUpperPrereview, m.AddDate(0, 0, -g.between(12, 18)), upper+"组织委员预审").People = officer()
	add(domain.StepApplicationForm, m.AddDate(0, 0, -g.between(3, 10)), "在入党介绍人指导下填写入党志愿书")
	due := len(full)
	meeting := add(domain.StepAdmissionMeeting, m, "支部大会无记名投票表决，同意接收为预备党员")
	meeting.VotesDue, meeting.VotesFor = due, due-g.between(0, min(2, (due-1)/2))
	approval := m.AddDate(0, 0, g.between(25, 60)) // within three months
	add(domain.StepUpperTalk, m.AddDate(0, 0, g.between(5, 20)), upper+"派人谈话").People = officer()
	add(domain.StepAdmissionApprove, approval, upper+"委员会审批，同意接收为预备党员")
	add(domain.StepAdmissionFiled, approval.AddDate(0, 0, g.between(3, 14)), "报上级党委组织部门备案")
	add(domain.StepAssigned, approval.AddDate(0, 0, g.between(1, 7)), "编入党支部和党小组")
	add(domain.StepOath, approval.AddDate(0, 0, g.between(5, 30)), "在党旗下进行入党宣誓")
	end := domain.AddMonths(m, 12)
	fullApp := end.AddDate(0, 0, -g.between(10, 30))
	for r := m; ; {
		next := domain.AddMonths(r, 3).AddDate(0, 0, -g.between(0, 10))
		if !next.Before(fullApp) || next.After(lc.today) {
			break
		}
		add(domain.StepProbationReview, next, pick(g, probationNotes), contacts...)
		r = next
	}
	add(domain.StepFullApplication, fullApp, "本人向党支部提出书面转正申请")
	fm := add(domain.StepFullMeeting, a.fullMeeting, "支部大会讨论，同意按期转为正式党员")
	fm.VotesDue, fm.VotesFor = due, due-g.between(0, min(2, (due-1)/2))
	fullApproval := a.fullMeeting.AddDate(0, 0, g.between(10, 60))
	add(domain.StepFullApproval, fullApproval, upper+"委员会审批，同意转为正式党员")
	add(domain.StepArchived, fullApproval.AddDate(0, 0, g.between(5, 20)), "入党材料归入本人档案")
	return out
}

// contacts picks n full members as contacts (培养联系人), not the secretary, and keeps them
// from being moved or changed later.
func (lc *lifecycle) contacts(full []*person, secretary *person, n int) []*person {
	var out []*person
	for _, i := range lc.g.r.Perm(len(full)) {
		if p := full[i]; p != secretary && len(out) < n {
			out = append(out, p)
			lc.used[p] = true
		}
	}
	return out
}

// sponsors are two full members (入党介绍人): the contacts, and another when there was one.
func (lc *lifecycle) sponsors(full, contacts []*person) []*person {
	out := append([]*person(nil), contacts...)
	for _, i := range lc.g.r.Perm(len(full)) {
		if len(out) == 2 {
			break
		}
		if p := full[i]; p != out[0] {
			out = append(out, p)
			lc.used[p] = true
		}
	}
	return out
}

var reviewNotes = []string{"半年考察：工作积极主动，理论学习认真，表现良好", "半年考察：参加党课学习，完成思想汇报，群众评价好",
	"半年考察：在项目攻关中发挥骨干作用，继续培养", "半年考察：按时提交思想汇报，参加志愿服务活动"}

var trainingNotes = []string{"参加党委组织的发展对象集中培训并结业", "参加区委党校发展对象培训班，考试合格",
	"参加线上线下结合的发展对象培训，考核合格"}

var probationNotes = []string{"预备期考察：按时参加组织生活，按期交纳党费", "预备期考察：提交思想汇报，工作表现突出",
	"预备期考察：参加党员志愿服务，群众反映良好"}

// extend extends the probation by six months, decided a few days after it ended.
func extend(ctx context.Context, lc *lifecycle, id int64, a *anchors) error {
	on := domain.AddMonths(a.meeting, 12).AddDate(0, 0, lc.g.between(3, 10))
	_, err := lc.set.Development.ExtendProbation(ctx, lc.actor, id, development.ExtendInput{Months: 6, DecidedOn: on.String(),
		Reason: "预备期内参加组织生活不够经常，经支部大会讨论、党委审批，延长预备期六个月"})
	return err
}

// cancelProbation cancels the status of a probationary member whose probation ended a few
// weeks ago (取消预备党员资格): they leave the roster from the day of the decision.
func cancelProbation(ctx context.Context, lc *lifecycle, id int64, a *anchors) error {
	on := domain.AddMonths(a.meeting, 12).AddDate(0, 0, lc.g.between(3, 10))
	_, err := lc.set.Development.Close(ctx, lc.actor, id, development.CloseInput{On: on.String(),
		Reason: "预备期内不履行党员义务，经支部大会讨论、党委审批，取消预备党员资格"})
	if err == nil {
		lc.left++
	}
	return err
}

// withdraw ends an activist's process at their own request.
func withdraw(ctx context.Context, lc *lifecycle, id int64, a *anchors) error {
	_, err := lc.set.Development.Close(ctx, lc.actor, id, development.CloseInput{On: lc.daysAgo(lc.g.between(5, 30)).String(),
		Reason: "本人因工作调离申请终止培养"})
	return err
}
