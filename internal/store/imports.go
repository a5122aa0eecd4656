package store

import (
	"context"
	"strings"

	"dangjian/internal/domain"
)

// Helpers for the roster import: batch lookups by ID-number hash, organisations by the names
// or codes a spreadsheet gives, and bulk audit entries.

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

// OrgsByNamesOrCodes returns the organisations in the scopes (and under the subtree, when
// under is set) whose code (where it is set) or name is one of keys, in id order: every
// match, for the caller to choose from (an import takes a code match first, and a name
// only when it is not repeated). keys are looked up maxRows at a time.
func (q *Q) OrgsByNamesOrCodes(ctx context.Context, scopes []string, under string, keys []string) ([]domain.Org, error) {
	return q.orgsByKeys(ctx, keys, func(args *[]any) string {
		where := scopeClause("o.path", scopes, args)
		if under != "" {
			where += " AND " + scopeClause("o.path", []string{under}, args)
		}
		return where
	})
}

// ChildOrgsByNamesOrCodes returns the children of type typ of the parents whose code
// (where it is set) or name is one of keys, in id order.
func (q *Q) ChildOrgsByNamesOrCodes(ctx context.Context, parents []int64, typ domain.OrgType, keys []string) ([]domain.Org, error) {
	if len(parents) == 0 {
		return nil, nil
	}
	return q.orgsByKeys(ctx, keys, func(args *[]any) string {
		marks := make([]string, len(parents))
		for i, id := range parents {
			*args = append(*args, id)
			marks[i] = placeholder(len(*args))
		}
		*args = append(*args, string(typ))
		return "o.parent_id IN (" + strings.Join(marks, ",") + ") AND o.type = " + placeholder(len(*args))
	})
}

// orgsByKeys selects the organisations that match where and whose code or name is one of
// keys, in chunks of maxRows keys.
func (q *Q) orgsByKeys(ctx context.Context, keys []string, where func(args *[]any) string) ([]domain.Org, error) {
	var out []domain.Org
	for start := 0; start < len(keys); start += maxRows {
		chunk := keys[start:min(start+maxRows, len(keys))]
		args := []any{}
		cond := where(&args)
		marks := make([]string, len(chunk))
		for i, k := range chunk {
			args = append(args, k)
			marks[i] = placeholder(len(args))
		}
		in := "(" + strings.Join(marks, ",") + ")"
		rows, err := q.q.QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE `+cond+
			` AND (o.code IN `+in+` AND o.code <> '' OR o.name IN `+in+`) ORDER BY o.id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var o domain.Org
			if err := scanOrg(rows, &o); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
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

// PlanForArguments makes PostgreSQL plan each statement of the caller's transaction for
// the arguments it is run with (plan_cache_mode, for this transaction only); SQLite has no
// such cache and needs nothing. The import needs it: the driver prepares and caches every
// statement, and after five runs PostgreSQL may switch a prepared statement to a generic
// plan costed on the table statistics of that moment. An import into an empty roster
// inserts 100,000 members in one transaction that no ANALYZE sees, so the generic plan of
// the ID-number lookup stayed a sequential scan of the growing table (the write pass of a
// 100,000-row import took 30–80 s instead of a few seconds). Planning each lookup for its
// arguments costs well under a millisecond a batch.
func (q *Q) PlanForArguments(ctx context.Context) error {
	if _, ok := q.d.(postgresDialect); !ok || !q.tx {
		return nil
	}
	_, err := q.q.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`)
	return err
}
