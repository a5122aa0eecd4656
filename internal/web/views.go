package web

import (
	"sort"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/org"
)

// treeNode is an organisation with its children, for the nested tree.
type treeNode struct {
	*org.View
	Children []*treeNode
	Open     bool // rendered expanded
}

// openLevels is how many levels of the tree show expanded at first: enough to see the
// structure without unrolling two thousand branches.
const openLevels = 2

// buildTree nests a path-ordered list. An organisation whose parent is not in the list
// (the top of the caller's scope) becomes a root. Siblings come in the order they were
// created (id order): path order is textual, which would put /1/10/ before /1/9/.
func buildTree(views []org.View) []*treeNode {
	byID := make(map[int64]*treeNode, len(views))
	var roots []*treeNode
	level := map[int64]int{}
	for i := range views {
		n := &treeNode{View: &views[i]}
		byID[n.ID] = n
		if parent, ok := byID[n.ParentID]; ok {
			parent.Children = append(parent.Children, n)
			level[n.ID] = level[n.ParentID] + 1
		} else {
			roots = append(roots, n)
		}
		n.Open = level[n.ID] < openLevels-1
	}
	var order func([]*treeNode)
	order = func(nodes []*treeNode) {
		sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
		for _, n := range nodes {
			order(n.Children)
		}
	}
	order(roots)
	return roots
}

// walk visits a tree depth-first, parents before children, with each node's level.
func walk(nodes []*treeNode, level int, fn func(n *treeNode, level int)) {
	for _, n := range nodes {
		fn(n, level)
		walk(n.Children, level+1, fn)
	}
}

// treeRoots are the tops of the caller's scope within a path-ordered list: their counts
// cover everything below, so summing them counts each member once.
func treeRoots(views []org.View) []*org.View {
	seen := make(map[int64]bool, len(views))
	var roots []*org.View
	for i := range views {
		if !seen[views[i].ParentID] {
			roots = append(roots, &views[i])
		}
		seen[views[i].ID] = true
	}
	return roots
}

// orgOptions turns an outline (path-ordered, as org.Service.Outline returns it) into select
// options in tree order, indented by level, keeping those keep accepts (nil keeps all);
// level 0 is the top of the scope. Pickers take the outline, not the tree: they need no
// counts, and counting every member of a large region would cost more than the page.
func orgOptions(orgs []domain.Org, keep func(o *domain.Org, level int) bool) []Option {
	var out []Option
	walkOutline(orgs, func(o *domain.Org, level int) {
		if keep == nil || keep(o, level) {
			out = append(out, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name, Depth: level})
		}
	})
	return out
}

// walkOutline visits an outline depth-first, parents before children, siblings in id order
// as on the tree page; an organisation whose parent is not in the outline is a top.
func walkOutline(orgs []domain.Org, fn func(o *domain.Org, level int)) {
	children := make(map[int64][]*domain.Org, len(orgs))
	in := make(map[int64]bool, len(orgs))
	for i := range orgs {
		in[orgs[i].ID] = true
	}
	var tops []*domain.Org
	for i := range orgs {
		o := &orgs[i]
		if in[o.ParentID] {
			children[o.ParentID] = append(children[o.ParentID], o)
		} else {
			tops = append(tops, o)
		}
	}
	var visit func(list []*domain.Org, level int)
	visit = func(list []*domain.Org, level int) {
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		for _, o := range list {
			fn(o, level)
			visit(children[o.ID], level+1)
		}
	}
	visit(tops, 0)
}

// groupOptions lists party groups labelled with their branch, for a member's group field.
func groupOptions(orgs []domain.Org, keep func(*domain.Org) bool) []Option {
	names := make(map[int64]string, len(orgs))
	var out []Option
	for i := range orgs {
		o := &orgs[i]
		names[o.ID] = o.Name
		if o.Type != domain.OrgGroup || (keep != nil && !keep(o)) {
			continue
		}
		out = append(out, Option{Value: strconv.FormatInt(o.ID, 10), Label: names[o.ParentID] + " / " + o.Name})
	}
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
