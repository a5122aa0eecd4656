// Package compliance answers, for an organisation and a year, what the meeting rules require
// against what was held (issue 5 part 4). The judging is domain.EvaluateCompliance (pure);
// this package loads its inputs: the rule schedule ("meeting.requirements" rows over time)
// and the organisation with its party groups, and the meetings held (store.HeldMeetingsUnder).
// A party-group meeting counts for its group when it was held at the group org or planned by
// the branch with the group named (meetings.group_id, migration 00016).
package compliance

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Service is the compliance capability. Now is the clock that decides "today" (China
// calendar day) for ForOrg, RollUp and OrgReminders; nil means time.Now (tests pin it).
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// Today is the China calendar day of the service clock.
func (s *Service) Today() domain.Date {
	if s.Now != nil {
		return domain.Today(s.Now())
	}
	return domain.Today(time.Now())
}

// Schedule returns the meeting requirements in force for the organisation at orgPath over
// time: the global rows and the rows of organisations on its path, resolved day by day like
// store.Q.Rule. Days on which no row applies carry empty rules (nothing required); with no
// rows at all the schedule is empty and nothing is required (migration 00014 seeds the
// defaults, so that means someone removed them).
func (s *Service) Schedule(ctx context.Context, q *store.Q, orgPath string) (domain.ComplianceSchedule, error) {
	versions, err := q.RuleTimeline(ctx, domain.RuleMeetingRequirements, orgPath)
	if err != nil {
		return nil, err
	}
	sched := make(domain.ComplianceSchedule, 0, len(versions))
	for _, v := range versions {
		var r domain.ComplianceRules
		if v.Value != nil {
			if err := json.Unmarshal(v.Value, &r); err != nil {
				return nil, fmt.Errorf("rule %s from %s: %w", domain.RuleMeetingRequirements, v.From, err)
			}
		}
		sched = append(sched, domain.ComplianceVersion{From: v.From, Rules: r})
	}
	return sched, nil
}

// committeeAt is the smallest committee that counts as one: RULES.md has committees of 3 to 5;
// a small branch's secretary and deputy are not a committee.
const committeeAt = 3

// OrgInput describes an organisation and its party groups (its children of type group) for
// the engine. o.CommitteeSize must be filled by the caller when it matters.
func OrgInput(o *domain.Org, children []domain.Org) domain.ComplianceOrg {
	in := domain.ComplianceOrg{ID: o.ID, Type: o.Type, EstablishedOn: o.EstablishedOn, HasCommittee: o.CommitteeSize >= committeeAt}
	for _, c := range children {
		if c.Type == domain.OrgGroup && c.ParentID == o.ID {
			in.Groups = append(in.Groups, domain.ComplianceGroup{ID: c.ID, EstablishedOn: c.EstablishedOn})
		}
	}
	return in
}
