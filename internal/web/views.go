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

// orgOptions turns a path-ordered list into select options in tree order, indented by
// level, keeping those keep accepts (nil keeps all); level 0 is the top of the scope.
func orgOptions(views []org.View, keep func(v *org.View, level int) bool) []Option {
	var out []Option
	walk(buildTree(views), 0, func(n *treeNode, level int) {
		if keep == nil || keep(n.View, level) {
			out = append(out, Option{Value: strconv.FormatInt(n.ID, 10), Label: n.Name, Depth: level})
		}
	})
	return out
}

// groupOptions lists party groups labelled with their branch, for a member's group field.
func groupOptions(views []org.View, keep func(*org.View) bool) []Option {
	names := make(map[int64]string, len(views))
	var out []Option
	for i := range views {
		v := &views[i]
		names[v.ID] = v.Name
		if v.Type != domain.OrgGroup || (keep != nil && !keep(v)) {
			continue
		}
		out = append(out, Option{Value: strconv.FormatInt(v.ID, 10), Label: names[v.ParentID] + " / " + v.Name})
	}
	return out
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
