package roster

import (
	"context"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// A roster names branches and groups by code or name, and the same ones appear in
// thousands of rows. resolveOrgs looks up the cells of a batch that this pass has not seen
// yet in two queries (the branches, then the groups of those branches) and remembers the
// answers for the rest of the pass in r.orgs and r.groups; resolveOrg reads only those.
// Names outside the import's subtree or the importer's scope are "not found": the import
// reveals nothing about organisations the importer cannot see.

// orgLookup is a resolved cell: an organisation's ID, or a problem (a message key).
type orgLookup struct {
	id      int64
	problem string
}

func groupKey(branchID int64, cell string) string {
	return strconv.FormatInt(branchID, 10) + "\x00" + cell
}

// matches splits the candidates (in id order) for a cell: the first whose code is the
// cell, else every one whose name is.
func matches(cands []domain.Org, cell string) (byCode *domain.Org, byName []*domain.Org) {
	for i := range cands {
		if c := &cands[i]; c.Code != "" && c.Code == cell {
			return c, nil
		}
	}
	for i := range cands {
		if c := &cands[i]; c.Name == cell {
			byName = append(byName, c)
		}
	}
	return nil, byName
}

// resolveOrgs fills r.orgs and r.groups for the cells of the batch.
func (r *importRun) resolveOrgs(ctx context.Context, q *store.Q, batch []*rowInput) error {
	var cells []string
	for _, row := range batch {
		if c := row.orgText; c != "" && !has(r.orgs, c) {
			r.orgs[c] = orgLookup{} // asked once, below
			cells = append(cells, c)
		}
	}
	if len(cells) > 0 {
		found, err := q.OrgsByNamesOrCodes(ctx, r.actor.Scopes(auth.MemberWrite), r.org.Path, cells)
		if err != nil {
			return err
		}
		for _, c := range cells {
			var l orgLookup
			byCode, byName := matches(found, c)
			o := byCode
			switch {
			case o != nil: // a code is an identifier: it wins over names
			case len(byName) == 1:
				o = byName[0]
			case len(byName) > 1:
				l.problem = "roster.org.ambiguous"
			default:
				l.problem = "roster.org.not_found"
			}
			switch {
			case o != nil && !o.Type.IsBranch():
				l.problem = "err.member.org_not_branch"
			case o != nil:
				l.id = o.ID
			}
			r.orgs[c] = l
		}
	}

	type pending struct {
		branch int64
		cell   string
	}
	var todo []pending
	var parents []int64
	cells = cells[:0]
	for _, row := range batch {
		branch, ok := r.branchOf(row)
		if !ok || row.group == nil || *row.group == "" || has(r.groups, groupKey(branch, *row.group)) {
			continue
		}
		r.groups[groupKey(branch, *row.group)] = orgLookup{} // asked once, below
		todo = append(todo, pending{branch, *row.group})
		parents = append(parents, branch)
		cells = append(cells, *row.group)
	}
	if len(todo) == 0 {
		return nil
	}
	found, err := q.ChildOrgsByNamesOrCodes(ctx, parents, domain.OrgGroup, cells)
	if err != nil {
		return err
	}
	byParent := map[int64][]domain.Org{}
	for _, g := range found {
		byParent[g.ParentID] = append(byParent[g.ParentID], g)
	}
	for _, p := range todo {
		l := orgLookup{problem: "roster.group.not_found"}
		// As a single lookup of the group: a code match first, else the first by name.
		if byCode, byName := matches(byParent[p.branch], p.cell); byCode != nil {
			l = orgLookup{id: byCode.ID}
		} else if len(byName) > 0 {
			l = orgLookup{id: byName[0].ID}
		}
		r.groups[groupKey(p.branch, p.cell)] = l
	}
	return nil
}

func has(m map[string]orgLookup, k string) bool {
	_, ok := m[k]
	return ok
}

// branchOf is the branch a row names, once resolved; ok is false when it has none.
func (r *importRun) branchOf(row *rowInput) (int64, bool) {
	if row.orgText == "" {
		return r.org.ID, r.org.Type.IsBranch()
	}
	l := r.orgs[row.orgText]
	return l.id, l.problem == "" && l.id != 0
}

// resolveOrg sets the row's branch and group from the resolved cells, or its problems.
func (r *importRun) resolveOrg(row *rowInput) {
	orgID, ok := r.branchOf(row)
	if !ok {
		switch {
		case row.orgText == "":
			row.problem("org_id", "err.required")
		default:
			row.problem("org_id", r.orgs[row.orgText].problem)
		}
		return
	}
	row.in.OrgID = &orgID
	if row.group == nil {
		return
	}
	var groupID int64
	if *row.group != "" {
		l := r.groups[groupKey(orgID, *row.group)]
		if l.problem != "" {
			row.problem("group_id", l.problem)
			return
		}
		groupID = l.id
	}
	row.in.GroupID = &groupID
}
