package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/account"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// TestStudyCourseFilePages: a secretary uploads the document of a document course through
// the course form (a wrong type is named beside the file input), the member's course page
// links it and keeps the heartbeat, the member downloads it as an attachment under its
// stored type, a re-upload on the edit form replaces it, and a member of another branch
// gets 404.
func TestStudyCourseFilePages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		sec := newClient(t, base)
		sec.login("secretary_a")
		expectPage(t, sec, "/manage/study/courses/new", http.StatusOK, `enctype="multipart/form-data"`, `name="file"`, "上传文档")
		fields := url.Values{"org_id": {id64(f.BranchA.ID)}, "title": {"党章学习材料"}, "kind": {"document"}, "url": {""},
			"min_minutes": {"5"}, "assign_org_id": {id64(f.BranchA.ID)}, "assign_required": {"1"}}

		bad := sec.upload("/manage/study/courses", fields, "file", "党章.pdf", []byte("<html><script>alert(1)</script></html>"))
		if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(fieldError(bad.Body, "file"), "PDF") {
			t.Fatalf("wrong type: %d file=%q", bad.Status, fieldError(bad.Body, "file"))
		}
		none := sec.upload("/manage/study/courses", fields, "", "", nil)
		if none.Status != http.StatusUnprocessableEntity || fieldError(none.Body, "url") != "必填" {
			t.Fatalf("neither link nor file: %d url=%q", none.Status, fieldError(none.Body, "url"))
		}

		pdf := []byte("%PDF-1.4\n% 党章\n%%EOF\n")
		res := sec.upload("/manage/study/courses", fields, "file", "党章.pdf", pdf)
		m := courseLocation.FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create with a file: %d %q %.500s", res.Status, res.Location, res.Body)
		}
		cpath := "/study/courses/" + m[1]
		expectPage(t, sec, "/manage/study/courses/"+m[1]+"/edit", http.StatusOK, "已上传：党章.pdf")

		mem := newClient(t, base)
		mem.login("zhangsan")
		page := mem.get(cpath)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `href="`+cpath+`/file"`) || !strings.Contains(page.Body, "打开文档") ||
			!strings.Contains(page.Body, "/progress") || strings.Contains(page.Body, `data-testid="study-link"`) {
			t.Fatalf("member's course page: %d %.1500s", page.Status, page.Body)
		}
		dl := mem.get(cpath + "/file")
		if dl.Status != http.StatusOK || dl.Body != string(pdf) || dl.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %q %q", dl.Status, dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
		}

		// Re-upload on the edit form replaces the file; the link stays optional.
		edit := url.Values{"title": {"党章学习材料"}, "kind": {"document"}, "url": {""}, "min_minutes": {"5"}}
		pptx := append([]byte("PK\x03\x04"), []byte(strings.Repeat("p", 64))...)
		if r := sec.upload("/manage/study/courses/"+m[1], edit, "file", "讲稿.pptx", pptx); r.Status != http.StatusSeeOther {
			t.Fatalf("re-upload: %d %.500s", r.Status, r.Body)
		}
		dl = mem.get(cpath + "/file")
		if dl.Body != string(pptx) || dl.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.presentationml.presentation" ||
			!strings.Contains(dl.Header.Get("Content-Disposition"), ".pptx") {
			t.Fatalf("after re-upload: %q %q", dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
		}
		// An edit without a new file keeps it.
		if r := sec.post("/manage/study/courses/"+m[1], edit); r.Status != http.StatusSeeOther {
			t.Fatalf("edit without a file: %d %.500s", r.Status, r.Body)
		}
		if r := mem.get(cpath + "/file"); r.Body != string(pptx) {
			t.Fatalf("file lost by an edit: %d", r.Status)
		}

		if _, err := f.Set.Accounts.Create(context.Background(), auth.SystemActor(), account.Input{Username: ptr("lisi"),
			Password: ptr(testPassword), DisplayName: ptr("李四"), MemberID: ptr(f.MemberB.ID),
			Grants: &[]account.GrantInput{{Role: domain.RoleMember, OrgID: f.BranchB.ID}}}); err != nil {
			t.Fatal(err)
		}
		other := newClient(t, base)
		other.login("lisi")
		if r := other.get(cpath + "/file"); r.Status != http.StatusNotFound || strings.Contains(r.Body, "PK") {
			t.Errorf("another branch's member downloading: %d, want 404", r.Status)
		}
		if r := secretaryB(t, f, base).get(cpath + "/file"); r.Status != http.StatusNotFound {
			t.Errorf("another branch's secretary downloading: %d, want 404", r.Status)
		}
	})
}
