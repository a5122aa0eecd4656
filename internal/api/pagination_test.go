package api_test

import (
	"fmt"
	"net/url"
	"testing"
)

// collect follows next_cursor from the first page to the last and returns every id, failing
// on a repeated id or a page larger than the limit.
func (e *env) collect(t *testing.T, path, user string, limit int) []string {
	t.Helper()
	var all []string
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		p := fmt.Sprintf("%s%climit=%d", path, map[bool]byte{true: '&', false: '?'}[containsQuery(path)], limit)
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		r := e.do(t, "GET", p, user, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
		ids := r.itemIDs()
		if len(ids) > limit {
			t.Fatalf("%s: %d items, limit %d", p, len(ids), limit)
		}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("%s: id %s on two pages", p, id)
			}
			seen[id] = true
			all = append(all, id)
		}
		cursor = r.str("next_cursor")
		if cursor == "" {
			return all
		}
	}
}

func containsQuery(p string) bool {
	for _, c := range p {
		if c == '?' {
			return true
		}
	}
	return false
}

func TestPagination(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		for i := 0; i < 6; i++ {
			e.org(t, e.C, fmt.Sprintf("分页支部%d", i), "branch")
		}
		for i := 0; i < 7; i++ {
			e.member(t, fmt.Sprintf("p%d", i), e.B, fmt.Sprintf("分页党员%d", i), "19700101")
		}
		for i := 0; i < 5; i++ {
			e.do(t, "PATCH", "/api/v1/members/{a1}", "admin", map[string]any{"job_title": fmt.Sprint("职务", i)})
		}
		cases := []struct {
			path  string
			user  string
			limit int
			want  int
		}{
			{"/api/v1/orgs", "admin", 3, 13},
			{"/api/v1/orgs", "admin", 13, 13}, // a full last page: the next page is empty
			{"/api/v1/orgs?parent_id={C}", "orgadm", 4, 8},
			{"/api/v1/members", "admin", 2, 12},
			{"/api/v1/members?org_id={B}", "secA", 5, -1}, // 404, checked below
			{"/api/v1/members?org_id={B}", "orgadm", 5, 9},
			{"/api/v1/members/{a1}/events", "secA", 2, 6},
			{"/api/v1/users", "admin", 2, 5},
			{"/api/v1/audit?entity_type=member", "admin", 4, 7 + 5 + 5},
		}
		for _, c := range cases {
			if c.want < 0 {
				if r := e.do(t, "GET", c.path+"&limit=5", c.user, nil); r.status != 404 {
					t.Errorf("%s as %s: %d", c.path, c.user, r.status)
				}
				continue
			}
			ids := e.collect(t, c.path, c.user, c.limit)
			if len(ids) != c.want {
				t.Errorf("%s as %s by %d: %d items, want %d", c.path, c.user, c.limit, len(ids), c.want)
			}
			// One page with the largest limit gives the same items.
			if big := e.collect(t, c.path, c.user, 500); fmt.Sprint(big) != fmt.Sprint(ids) {
				t.Errorf("%s: pages %v, one page %v", c.path, ids, big)
			}
		}
	})
}
