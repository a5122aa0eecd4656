package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/org"
)

// rosterCSV is a roster for branch A; bad gives row 3 (the second member) a wrong check
// character.
func rosterCSV(bad bool) []byte {
	id1, id2 := validID("32058319920815246"), validID("32058319930101357")
	if bad {
		wrong := byte('0')
		if id2[17] == '0' {
			wrong = '1'
		}
		id2 = id2[:17] + string(wrong)
	}
	return []byte("姓名,公民身份号码,手机号码,党员类别,入党日期\n" +
		"周导入," + id1 + ",13512345678,正式党员,2015-06-01\n" +
		"吴导入," + id2 + ",,预备党员,2024-07-01\n")
}

var importPath = regexp.MustCompile(`^/imports/(\d+)$`)

// startImport uploads a roster and returns the job's page address.
func startImport(t *testing.T, c *client, orgID int64, data []byte, mode string) (string, int64) {
	t.Helper()
	res := c.upload("/members/import", url.Values{"org_id": {fmt.Sprint(orgID)}, "mode": {mode}}, "file", "roster.csv", data)
	m := importPath.FindStringSubmatch(res.Location)
	if res.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: status %d, location %q, body %.400s", res.Status, res.Location, res.Body)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return res.Location, id
}

// The import pages: a file with an error shows the row and column and imports nothing;
// the fixed file imports; the status fragment polls until the job ends and then stops.
func TestImportPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx := context.Background()
		c := newClient(t, base)
		c.login("secretary_a")

		// Not a spreadsheet: back to the form, the message beside the file field.
		res := c.upload("/members/import", url.Values{"org_id": {fmt.Sprint(f.BranchA.ID)}, "mode": {"import"}},
			"file", "notes.txt", []byte("\x00\x01\x02 this is not a roster"))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="file"`) ||
			!regexp.MustCompile(`data-error-for="file">[^<]+<`).MatchString(res.Body) {
			t.Errorf("junk file: status %d; body %.600s", res.Status, res.Body)
		}
		// No file at all.
		if res := c.upload("/members/import", url.Values{"org_id": {fmt.Sprint(f.BranchA.ID)}}, "", "", nil); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "请选择要上传的文件") {
			t.Errorf("no file: status %d", res.Status)
		}

		page, id := startImport(t, c, f.BranchA.ID, rosterCSV(true), "import")
		// Before the job runs the status polls itself every second.
		frag := c.get(page, "HX-Request", "true", "HX-Target", "import-status")
		if frag.Status != http.StatusOK || !strings.Contains(frag.Body, `hx-trigger="every 1s"`) || strings.Contains(frag.Body, "<html") {
			t.Fatalf("running fragment: status %d; body %.400s", frag.Status, frag.Body)
		}
		if _, err := f.Set.Jobs.RunJob(ctx, id); err != nil {
			t.Fatal(err)
		}
		frag = c.get(page, "HX-Request", "true", "HX-Target", "import-status")
		if strings.Contains(frag.Body, "hx-trigger") {
			t.Errorf("finished fragment still polls")
		}
		for _, w := range []string{"未导入任何数据", `data-row="3"`, "公民身份号码", "校验位", "/imports/" + fmt.Sprint(id) + "/errors.xlsx"} {
			if !strings.Contains(frag.Body, w) {
				t.Errorf("failed import lacks %q; body %.1500s", w, frag.Body)
			}
		}
		if strings.Contains(frag.Body, `data-row="2"`) {
			t.Errorf("the good row is listed as an error")
		}
		if res := c.get("/members?q=" + url.QueryEscape("周导入")); !strings.Contains(res.Body, "共 0 名党员") {
			t.Errorf("a failed import wrote members")
		}
		res = c.get(fmt.Sprintf("/imports/%d/errors.xlsx", id))
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
			t.Errorf("errors.xlsx: status %d", res.Status)
		}
		// In English the errors read in English.
		if res := c.get(page, "Cookie", "lang=en-US"); !strings.Contains(res.Body, "Nothing was imported") || !strings.Contains(res.Body, "ID number") {
			t.Errorf("English import page: body %.800s", res.Body)
		}

		// The fixed file: a dry run first, then the import.
		page, id = startImport(t, c, f.BranchA.ID, rosterCSV(false), "dry_run")
		f.Set.Jobs.RunJob(ctx, id)
		res = c.get(page)
		if !strings.Contains(res.Body, "试导入通过") || !strings.Contains(res.Body, `data-testid="count-new">2<`) {
			t.Errorf("dry run: body %.1000s", res.Body)
		}
		page, id = startImport(t, c, f.BranchA.ID, rosterCSV(false), "import")
		f.Set.Jobs.RunJob(ctx, id)
		res = c.get(page)
		if !strings.Contains(res.Body, "导入完成") || !strings.Contains(res.Body, `data-testid="count-new">2<`) ||
			!strings.Contains(res.Body, fmt.Sprintf(`/members?org_id=%d&amp;subtree=1`, f.BranchA.ID)) {
			t.Errorf("import: body %.1000s", res.Body)
		}
		if res := c.get(fmt.Sprintf("/members?org_id=%d&subtree=1", f.BranchA.ID)); !strings.Contains(res.Body, "周导入") || !strings.Contains(res.Body, "吴导入") {
			t.Errorf("imported members not listed")
		}
		// Someone else's import is not found.
		other := newClient(t, base)
		other.login("zhangsan")
		if res := other.get(page); res.Status != http.StatusNotFound {
			t.Errorf("another user's import: status %d", res.Status)
		}
	})
}

// The member list exports its current filter as .xlsx; a reveal is audited.
func TestExportMembers(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		res := c.post("/members/export", url.Values{"org_id": {fmt.Sprint(f.BranchA.ID)}, "subtree": {"1"}})
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: status %d, type %q", res.Status, res.Header.Get("Content-Type"))
		}
		if res := c.get("/audit?action=member.reveal"); strings.Contains(res.Body, "<code>member.reveal</code>") {
			t.Errorf("a masked export was audited as a reveal")
		}
		res = c.post("/members/export", url.Values{"org_id": {fmt.Sprint(f.BranchA.ID)}, "reveal": {"1"}})
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
			t.Fatalf("export with reveal: status %d", res.Status)
		}
		if res := c.get("/audit?action=member.reveal"); !strings.Contains(res.Body, "<code>member.reveal</code>") {
			t.Errorf("the revealing export is not in the audit log")
		}
		// A large export runs as a job: its page polls until done, then offers the file.
		ctx := context.Background()
		id, err := f.Set.Roster.StartExport(ctx, &auth.Actor{User: f.Admin}, member.Filter{}, false, "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		job := fmt.Sprintf("/exports/%d", id)
		if res := c.get(job); res.Status != http.StatusOK || !strings.Contains(res.Body, `hx-trigger="every 1s"`) {
			t.Errorf("queued export: status %d", res.Status)
		}
		if _, err := f.Set.Jobs.RunJob(ctx, id); err != nil {
			t.Fatal(err)
		}
		res = c.get(job, "HX-Request", "true", "HX-Target", "export-status")
		if strings.Contains(res.Body, "hx-trigger") || !strings.Contains(res.Body, job+"/file") || !strings.Contains(res.Body, "下载（2 名党员）") {
			t.Errorf("finished export: body %.600s", res.Body)
		}
		if res := c.get(job + "/file"); res.Status != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
			t.Errorf("export file: status %d", res.Status)
		}
		// Out of scope: the filter's organisation is not found for a secretary of A.
		s := newClient(t, base)
		s.login("secretary_a")
		if res := s.post("/members/export", url.Values{"org_id": {fmt.Sprint(f.BranchB.ID)}}); res.Status != http.StatusNotFound {
			t.Errorf("export of branch B: status %d, want 404", res.Status)
		}
	})
}

// Development on the pages: a new applicant under 18 is refused beside the date; a step
// with a file is recorded and its file downloads; a step out of order is refused beside
// the step; the withdrawal closes the process.
func TestApplicantPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("secretary_a")
		young := validID("110105" + "20150101" + "123")
		res := c.post("/applicants", url.Values{"name": {"小孩"}, "id_number": {young}, "org_id": {fmt.Sprint(f.BranchA.ID)}, "applied_on": {"2024-01-01"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "年满18周岁") || !strings.Contains(res.Body, `value="小孩"`) {
			t.Errorf("under-age applicant: status %d; body %.500s", res.Status, res.Body)
		}
		res = c.post("/applicants", url.Values{"name": {"孙申请"}, "id_number": {validID("11010519980505404")},
			"org_id": {fmt.Sprint(f.BranchA.ID)}, "applied_on": {"2024-02-01"}})
		m := regexp.MustCompile(`^/applicants/(\d+)\?saved=1$`).FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create applicant: status %d, location %q; body %.500s", res.Status, res.Location, res.Body)
		}
		page := "/applicants/" + m[1]

		res = c.upload(page+"/steps", url.Values{"step": {"talk"}, "done_on": {"2024-02-20"}, "people_names": {"钱书记、孙委员"},
			"note": {"谈话顺利"}}, "attachments", "谈话记录.pdf", []byte("%PDF-1.4 scan"))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("record talk: status %d; body %.800s", res.Status, res.Body)
		}
		res = c.get(page)
		for _, w := range []string{"2024-02-20 完成", "钱书记、孙委员", "谈话顺利", "谈话记录.pdf", `value="activist_chosen"`} {
			if !strings.Contains(res.Body, w) {
				t.Errorf("applicant page lacks %q", w)
			}
		}
		if strings.Contains(res.Body, `<option value="talk"`) {
			t.Errorf("a done step is still offered")
		}
		att := regexp.MustCompile(`href="(` + page + `/attachments/\d+)"`).FindStringSubmatch(res.Body)
		if att == nil {
			t.Fatalf("no attachment link")
		}
		if res := c.get(att[1]); res.Status != http.StatusOK || res.Body != "%PDF-1.4 scan" || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("attachment: status %d, body %q", res.Status, res.Body)
		}
		// A candidate needs the activist steps first.
		res = c.upload(page+"/steps", url.Values{"step": {"candidate_chosen"}, "done_on": {"2024-03-01"}}, "", "", nil)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="step">前置步骤尚未完成<`) {
			t.Errorf("step out of order: status %d; body %.600s", res.Status, res.Body)
		}
		// A figure that is not a number is refused beside its field.
		res = c.upload(page+"/steps", url.Values{"step": {"activist_chosen"}, "done_on": {"2024-03-01"}, "votes_due": {"abc"}}, "", "", nil)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="votes_due">请填写不小于0的整数<`) {
			t.Errorf("junk figure: status %d", res.Status)
		}
		// A missing reason keeps the withdrawal form open with the message.
		res = c.post(page+"/close", url.Values{"on": {"2024-03-05"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="close" open`) {
			t.Errorf("close without reason: status %d", res.Status)
		}
		if res := c.post(page+"/close", url.Values{"on": {"2024-03-05"}, "reason": {"本人撤回申请"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("close: status %d", res.Status)
		}
		res = c.get(page)
		if !strings.Contains(res.Body, "已终止") || strings.Contains(res.Body, `data-testid="step-form"`) {
			t.Errorf("closed applicant still offers steps")
		}
	})
}

// A transfer in the system on the pages: issued from the member page's form, accepted by
// the receiver, the receipt recorded; a refused step comes back beside its field.
func TestTransferPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("admin")
		if res := c.get(fmt.Sprintf("/members/%d", f.MemberA.ID)); !strings.Contains(res.Body, `data-testid="start-transfer"`) {
			t.Errorf("member page offers no transfer")
		}
		form := url.Values{"member_id": {fmt.Sprint(f.MemberA.ID)}, "destination": {"system"}, "to_org_id": {fmt.Sprint(f.BranchB.ID)},
			"to_external_name": {"留在另一栏的文字"}, "reason": {"工作调动"}, "dues_paid_through": {"2024-13"}, "valid_days": {"30"}}
		res := c.post("/transfers", form)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="dues_paid_through">`) {
			t.Errorf("bad month: status %d", res.Status)
		}
		form.Set("dues_paid_through", "2024-12")
		res = c.post("/transfers", form)
		m := regexp.MustCompile(`^/transfers/(\d+)\?saved=1$`).FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create: status %d, location %q; body %.600s", res.Status, res.Location, res.Body)
		}
		page := "/transfers/" + m[1]
		res = c.get(page)
		if !strings.Contains(res.Body, "系统内转接") || !strings.Contains(res.Body, `data-testid="accept"`) || !strings.Contains(res.Body, "乙公司党支部") {
			t.Errorf("transfer page: %.800s", res.Body)
		}
		if res := c.post(page+"/reject", url.Values{"on": {""}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="reason">`) {
			t.Errorf("reject without reason: status %d", res.Status)
		}
		if res := c.post(page+"/accept", url.Values{"on": {""}}); res.Status != http.StatusSeeOther {
			t.Fatalf("accept: status %d; body %.500s", res.Status, res.Body)
		}
		if res := c.post(page+"/receipt", url.Values{"on": {""}}); res.Status != http.StatusSeeOther {
			t.Fatalf("receipt: status %d; body %.500s", res.Status, res.Body)
		}
		if res := c.get(page); !strings.Contains(res.Body, "已完成") {
			t.Errorf("transfer not completed")
		}
		res = c.get(fmt.Sprintf("/members/%d", f.MemberA.ID))
		for _, w := range []string{"乙公司党支部", "转接已接收", "回执已返回", "系统内转接"} {
			if !strings.Contains(res.Body, w) {
				t.Errorf("member page lacks %q", w)
			}
		}
		// A second step on a finished transfer is a conflict page, not a crash.
		if res := c.post(page+"/accept", url.Values{}); res.Status != http.StatusConflict {
			t.Errorf("accept twice: status %d", res.Status)
		}
	})
}

// Standing changes and floating entries on the pages.
func TestStandingAndFloatingPages(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		c := newClient(t, base)
		c.login("secretary_a")
		member := fmt.Sprintf("/members/%d", f.MemberA.ID)
		res := c.post(member+"/standing", url.Values{"action": {"restore"}, "on": {"2024-05-01"}, "reason": {"x"}})
		if res.Status != http.StatusConflict || !strings.Contains(res.Body, `data-error-for="action">该党员当前党籍状态不允许此项变更<`) ||
			!strings.Contains(res.Body, `id="standing" open`) {
			t.Errorf("restore a normal member: status %d", res.Status)
		}
		if res := c.post(member+"/standing", url.Values{"action": {"suspend"}, "on": {"2024-05-01"}, "reason": {"长期不参加组织生活"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("suspend: status %d; body %.500s", res.Status, res.Body)
		}
		res = c.get(member)
		if !strings.Contains(res.Body, "停止党籍") || !strings.Contains(res.Body, "长期不参加组织生活") {
			t.Errorf("member page does not show the suspension")
		}

		res = c.post("/floating", url.Values{"direction": {"out"}, "member_id": {fmt.Sprint(f.MemberA.ID)}, "since": {"2024-01-01"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="place">`) {
			t.Errorf("floating without place: status %d", res.Status)
		}
		res = c.post("/floating", url.Values{"direction": {"out"}, "member_id": {fmt.Sprint(f.MemberA.ID)}, "since": {"2023-01-01"}, "place": {"上海市"}})
		m := regexp.MustCompile(`^/floating/(\d+)\?saved=1$`).FindStringSubmatch(res.Location)
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("register: status %d; body %.500s", res.Status, res.Body)
		}
		page := "/floating/" + m[1]
		if res := c.get(page); !strings.Contains(res.Body, "逾期未向党组织报告") {
			t.Errorf("a 2023 entry without a report is not flagged overdue")
		}
		if res := c.post(page+"/reports", url.Values{"on": {""}, "note": {"电话报告"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("report: status %d; body %.500s", res.Status, res.Body)
		}
		if res := c.get(page); strings.Contains(res.Body, "逾期未向党组织报告") {
			t.Errorf("still overdue after the report")
		}
		if res := c.post(page+"/lost_contact", url.Values{"on": {""}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-error-for="note">`) {
			t.Errorf("lost contact without reason: status %d", res.Status)
		}
		if res := c.post(page+"/lost_contact", url.Values{"on": {""}, "note": {"电话停机"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("lost contact: status %d; body %.500s", res.Status, res.Body)
		}
		if res := c.post(page+"/end", url.Values{"on": {""}}); res.Status != http.StatusSeeOther {
			t.Fatalf("end: status %d", res.Status)
		}
		res = c.get(page)
		if !strings.Contains(res.Body, "已结束") || strings.Contains(res.Body, `data-testid="report"`) {
			t.Errorf("ended entry still offers steps")
		}
		res = c.get(member)
		for _, w := range []string{"登记为流出党员", "失联", "流动结束"} {
			if !strings.Contains(res.Body, w) {
				t.Errorf("member history lacks %q", w)
			}
		}
	})
}

// The home page names the organisations above a warned one, since branches share names;
// the member list keeps names on one line.
func TestHomeWarnedContextAndNames(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		ctx, sys := context.Background(), auth.SystemActor()
		for _, parent := range []*org.View{f.CommA, f.CommB} {
			name, typ := "生产二车间党支部", string(domain.OrgBranch)
			if _, err := f.Set.Orgs.Create(ctx, sys, org.Input{Name: &name, Type: &typ, ParentID: &parent.ID}); err != nil {
				t.Fatal(err)
			}
		}
		c := newClient(t, base)
		c.login("admin")
		res := c.get("/")
		ctxRe := regexp.MustCompile(`生产二车间党支部<span class="d-block text-secondary small" data-testid="org-context">([^<]+)</span>`)
		var seen []string
		for _, m := range ctxRe.FindAllStringSubmatch(res.Body, -1) {
			seen = append(seen, m[1])
		}
		if len(seen) != 2 || seen[0] == seen[1] || !strings.Contains(strings.Join(seen, "|"), "示范区党工委 / 甲公司党委") {
			t.Errorf("warned branches' context: %q", seen)
		}
		if res := c.get("/members"); !strings.Contains(res.Body, `<td class="text-nowrap"><a href="/members/`) {
			t.Errorf("member names may wrap")
		}
	})
}
