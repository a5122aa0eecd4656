package store

import (
	"context"
	"strings"

	"dangjian/internal/domain"
)

// Helpers for the roster import: batch lookups by ID-number hash, organisations by the name
// or code a spreadsheet gives, and bulk audit entries.

// MembersByHashes returns the members whose ID-number hashes are given, by hash, with
// positions (an import that moves a member carries its positions over as Update does).
func (q *Q) MembersByHashes(ctx context.Context, hashes []string) (map[string]*MemberRecord, error) {
	out := make(map[string]*MemberRecord, len(hashes))
	for start := 0; start < len(hashes); start += maxRows {
		chunk := hashes[start:min(start+maxRows, len(hashes))]
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, h := range chunk {
			args[i], marks[i] = h, placeholder(i+1)
		}
		rows, err := q.q.QueryContext(ctx, `SELECT `+memberColumns+memberFrom+` WHERE m.id_number_hash IN (`+
			strings.Join(marks, ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		var list []MemberRecord
		for rows.Next() {
			var r MemberRecord
			if err := scanMember(rows, &r); err != nil {
				rows.Close()
				return nil, err
			}
			list = append(list, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := q.fillPositions(ctx, list); err != nil {
			return nil, err
		}
		for i := range list {
			out[list[i].IDNumberHash] = &list[i]
		}
	}
	return out, nil
}

// OrgsByNameOrCode returns up to limit organisations in the scopes whose code equals key or,
// failing that, whose name equals key exactly. Under, when set, narrows to that subtree.
func (q *Q) OrgsByNameOrCode(ctx context.Context, scopes []string, under string, key string, limit int) ([]domain.Org, error) {
	args := []any{}
	where := scopeClause("o.path", scopes, &args)
	if under != "" {
		where += " AND " + scopeClause("o.path", []string{under}, &args)
	}
	args = append(args, key)
	k := placeholder(len(args))
	args = append(args, limit)
	// Codes are unique identifiers where they are set; names may repeat in a big tree, so a
	// code match wins and a name is used only when no code matches.
	rows, err := q.q.QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE `+where+` AND (o.code = `+k+
		` AND o.code <> '' OR o.name = `+k+`) ORDER BY CASE WHEN o.code = `+k+` THEN 0 ELSE 1 END, o.id LIMIT `+
		placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Org
	for rows.Next() {
		var o domain.Org
		if err := scanOrg(rows, &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) > 1 && out[0].Code == key {
		out = out[:1]
	}
	return out, nil
}

// ChildOrgByNameOrCode returns the child of parentID of the type whose code or name is key,
// or ErrNoRows.
func (q *Q) ChildOrgByNameOrCode(ctx context.Context, parentID int64, typ domain.OrgType, key string) (*domain.Org, error) {
	var o domain.Org
	err := scanOrg(q.q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.parent_id = $1 AND o.type = $2
		AND (o.code = $3 AND o.code <> '' OR o.name = $3) ORDER BY CASE WHEN o.code = $3 THEN 0 ELSE 1 END, o.id LIMIT 1`,
		parentID, string(typ), key), &o)
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// InsertAuditBulk appends audit entries in the caller's transaction (IDs are not read back).
func (q *Q) InsertAuditBulk(ctx context.Context, entries []domain.AuditEntry) error {
	t := now()
	rows := make([][]any, len(entries))
	for i, e := range entries {
		if e.OrgPath == "" {
			e.OrgPath = "/"
		}
		rows[i] = []any{t, nullInt(e.UserID), e.Username, e.Action, e.EntityType, nullInt(e.EntityID), e.OrgPath,
			e.Before, e.After, e.IP}
	}
	return q.insertRows(ctx, "audit_log", []string{"at", "user_id", "username", "action", "entity_type", "entity_id",
		"org_path", "before_data", "after_data", "ip"}, rows, "", nil)
}
