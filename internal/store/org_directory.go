package store

import (
	"context"
	"strings"

	"dangjian/internal/domain"
)

// DirectoryEntry is an organisation as the names-only directory shows it: who it is and
// the names of the organisations above it, top first. Nothing else about it (no counts, no
// members) leaves the store through this door.
type DirectoryEntry struct {
	ID    int64
	Name  string
	Above []string
}

// OrgDirectory finds organisations of the given types whose name contains query, in tree
// order, at most limit, across the whole tree: the caller decides who may look.
func (q *Q) OrgDirectory(ctx context.Context, query string, types []domain.OrgType, limit int) ([]DirectoryEntry, error) {
	if len(types) == 0 || limit <= 0 {
		return []DirectoryEntry{}, nil
	}
	args := []any{likePattern(query)}
	marks := make([]string, len(types))
	for i, t := range types {
		args = append(args, string(t))
		marks[i] = placeholder(len(args))
	}
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT o.id, o.name, o.path FROM orgs o WHERE o.name `+q.d.ilike()+
		` $1 ESCAPE '\' AND o.type IN (`+strings.Join(marks, ",")+`) ORDER BY o.path LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DirectoryEntry
	var paths []string
	for rows.Next() {
		var e DirectoryEntry
		var path string
		if err := rows.Scan(&e.ID, &e.Name, &path); err != nil {
			return nil, err
		}
		out, paths = append(out, e), append(paths, path)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The names above: one query for every ancestor of every entry.
	var ids []int64
	for i, p := range paths {
		for _, id := range domain.PathIDs(p) {
			if id != out[i].ID {
				ids = append(ids, id)
			}
		}
	}
	names, err := q.orgNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		out[i].Above = []string{}
		for _, id := range domain.PathIDs(p) {
			if id != out[i].ID {
				out[i].Above = append(out[i].Above, names[id])
			}
		}
	}
	return out, nil
}

// orgNames returns the names of the organisations with the given ids.
func (q *Q) orgNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{}
	marks := []string{}
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			args = append(args, id)
			marks = append(marks, placeholder(len(args)))
		}
	}
	rows, err := q.q.QueryContext(ctx, `SELECT id, name FROM orgs WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
