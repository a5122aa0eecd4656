package web_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

var (
	selectBlock = regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option value="([^"]*)"[^>]*>([^<]*)</option>`)
)

// selectOptions lists a select's non-empty options as "value label", the label with its
// indentation (one ideographic space per level).
func selectOptions(t *testing.T, body, name string) []string {
	t.Helper()
	for _, m := range selectBlock.FindAllStringSubmatch(body, -1) {
		if m[1] != name {
			continue
		}
		var out []string
		for _, o := range optionTag.FindAllStringSubmatch(m[2], -1) {
			if o[1] != "" {
				out = append(out, o[1]+" "+html.UnescapeString(o[2]))
			}
		}
		return out
	}
	t.Fatalf("no select named %s", name)
	return nil
}

// The organisation pickers come from the outline: tree order, siblings by creation,
// indented by level, and only the organisations each form can use.
func TestOrgPickers(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		opt := func(id int64, depth int, name string) string {
			return fmt.Sprint(id) + " " + strings.Repeat("\u3000", depth) + name
		}
		same := func(what string, got, want []string) {
			t.Helper()
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s:\n got %q\nwant %q", what, got, want)
			}
		}

		// The member list offers three levels; a deeper organisation only once chosen.
		same("member list", selectOptions(t, c.get("/members").Body, "org_id"), []string{
			opt(f.Region.ID, 0, f.Region.Name), opt(f.CommA.ID, 1, f.CommA.Name), opt(f.BranchA.ID, 2, f.BranchA.Name),
			opt(f.CommB.ID, 1, f.CommB.Name), opt(f.BranchB.ID, 2, f.BranchB.Name)})
		chosen := selectOptions(t, c.get(fmt.Sprintf("/members?org_id=%d", f.GroupA.ID)).Body, "org_id")
		if len(chosen) != 6 || chosen[3] != opt(f.GroupA.ID, 3, f.GroupA.Name) {
			t.Errorf("a chosen group is not offered in its place: %q", chosen)
		}

		// A new member goes into a branch, and a group is named with its branch.
		body := c.get("/members/new").Body
		same("member branches", selectOptions(t, body, "org_id"), []string{
			opt(f.BranchA.ID, 2, f.BranchA.Name), opt(f.BranchB.ID, 2, f.BranchB.Name)})
		same("member groups", selectOptions(t, body, "group_id"), []string{
			fmt.Sprint(f.GroupA.ID) + " " + f.BranchA.Name + " / " + f.GroupA.Name})

		// Moving branch A: not under its own parent, itself or its group, nor a branch.
		same("move", selectOptions(t, c.get(fmt.Sprintf("/orgs/%d", f.BranchA.ID)).Body, "parent_id"), []string{
			opt(f.Region.ID, 0, f.Region.Name), opt(f.CommB.ID, 1, f.CommB.Name)})

		// Grants may name any organisation of an administrator's scope.
		if got := selectOptions(t, c.get("/users/new").Body, "grant_org"); len(got) != 6 {
			t.Errorf("grant organisations: %q", got)
		}
	})
}
