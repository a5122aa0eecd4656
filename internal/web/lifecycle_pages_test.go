package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Every issue-3 page renders for an admin, in Chinese, with what it is for.
func TestLifecyclePagesRenderForAdmin(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		l := addLifecycle(t, f)
		c := newClient(t, base)
		c.login("admin")
		cases := []struct {
			path string
			want []string
		}{
			{"/", []string{`href="/applicants"`, `href="/transfers"`, `href="/floating"`, "发展党员", "组织关系转接", "流动党员"}},
			{"/members", []string{"导入名册", `action="/members/export"`, "导出Excel", `name="reveal"`}},
			{fmt.Sprintf("/members/import?org_id=%d", f.BranchA.ID), []string{"下载导入模板", `enctype="multipart/form-data"`, "试导入", "正式导入", `value="` + fmt.Sprint(f.BranchA.ID) + `" selected`}},
			{fmt.Sprintf("/orgs/%d", f.BranchA.ID), []string{"导入名册", "政治生日"}},
			{"/applicants", []string{"王申请", "赵申请", "第1阶段", "申请入党", "本月到期事项"}},
			{fmt.Sprintf("/applicants?org_id=%d", f.BranchA.ID), []string{"王申请"}},
			{"/applicants/new", []string{`name="applied_on"`, "甲公司第一党支部"}},
			{fmt.Sprintf("/applicants/due?org_id=%d", f.Region.ID), []string{"本月到期事项", `type="month"`, "王申请", "赵申请", "2. 党组织派人谈话", "已逾期"}},
			{fmt.Sprintf("/applicants/%d", l.ApplicantA.ID), []string{"王申请", "发展进程", "递交入党申请书", "2024-03-01 完成",
				"党组织派人谈话", "已逾期（应于 2024-04-01 前完成）", `data-overdue="1"`, "记录下一步骤", `value="talk"`,
				`enctype="multipart/form-data"`, "终止发展", "材料归档"}},
			{"/transfers", []string{"张三", "李四", "转出系统外", "外省某公司党委", "登记系统外转入"}},
			{"/transfers?flagged=1", []string{}},
			{fmt.Sprintf("/transfers/%d", l.TransferA.ID), []string{"张三", "转出系统外", "待报到", "工作调动", "2024-12", "打印介绍信", "记录回执"}},
			{fmt.Sprintf("/transfers/new?member_id=%d", f.MemberB.ID), []string{"李四", `name="to_org_q"`, `name="to_external_name"`, `name="dues_paid_through"`}},
			{"/transfers/incoming", []string{`name="from_external_name"`, `name="id_number"`, `name="reported_on"`}},
			{"/floating", []string{"李四", "广东省深圳市", "流出党员", "流入党员"}},
			{"/floating?direction=in", []string{"钱流入", "外省某村党支部"}},
			{fmt.Sprintf("/floating/%d", l.FloatingB.ID), []string{"李四", "广东省深圳市", "记录向党组织报告", "标记失联", "结束流动", "逾期未向党组织报告"}},
			{"/floating/new?direction=in", []string{`name="home_org_name"`, `name="card_no"`}},
			{fmt.Sprintf("/floating/new?direction=out&member_id=%d", f.MemberA.ID), []string{"张三", `name="place"`}},
			{fmt.Sprintf("/members/%d", f.MemberB.ID), []string{"转接与流动", "转出系统外", "广东省深圳市", "党籍变更", `value="suspend"`,
				"开具组织关系介绍信", "登记为流出党员"}},
		}
		for _, tc := range cases {
			res := c.get(tc.path)
			if res.Status != http.StatusOK {
				t.Errorf("GET %s: status %d; body %.500s", tc.path, res.Status, res.Body)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
		}
		// The flagged list keeps only overdue letters and missing receipts (these are fresh).
		if res := c.get("/transfers?flagged=1"); strings.Contains(res.Body, "data-transfer-id") {
			t.Errorf("fresh letters listed as flagged")
		}
		// The template downloads as a workbook (a zip: "PK").
		res := c.get("/members/import/template.xlsx")
		if res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") ||
			!strings.HasPrefix(res.Body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("template: status %d, type %q", res.Status, res.Header.Get("Content-Type"))
		}
		// English is complete on the new pages.
		res = c.get(fmt.Sprintf("/applicants/%d", l.ApplicantA.ID), "Cookie", "lang=en-US")
		for _, w := range []string{"Member development", "Timeline", "Record the next step", "overdue (due by 2024-04-01)"} {
			if !strings.Contains(res.Body, w) {
				t.Errorf("English applicant page lacks %q", w)
			}
		}
	})
}

// A secretary of branch A reads and acts on branch A only: branch B's applicant, transfer
// and floating pages answer 404 without leaking, and every action on them 403.
func TestLifecycleSecretaryScope(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture, base string) {
		l := addLifecycle(t, f)
		c := newClient(t, base)
		c.login("secretary_a")
		for _, path := range []string{
			fmt.Sprintf("/applicants/%d", l.ApplicantB.ID),
			fmt.Sprintf("/transfers/%d", l.TransferB.ID),
			fmt.Sprintf("/floating/%d", l.FloatingB.ID),
			fmt.Sprintf("/transfers/new?member_id=%d", f.MemberB.ID),
			fmt.Sprintf("/floating/new?direction=out&member_id=%d", f.MemberB.ID),
			fmt.Sprintf("/applicants?org_id=%d", f.BranchB.ID),
			fmt.Sprintf("/applicants/due?org_id=%d", f.BranchB.ID),
		} {
			res := c.get(path)
			if res.Status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, res.Status)
			}
			if strings.Contains(res.Body, "李四") || strings.Contains(res.Body, "赵申请") || strings.Contains(res.Body, "乙公司") {
				t.Errorf("GET %s: leaks branch B", path)
			}
		}
		// Own branch: the pages and the lists show A only.
		for path, want := range map[string]string{
			fmt.Sprintf("/applicants/%d", l.ApplicantA.ID): "记录下一步骤",
			fmt.Sprintf("/transfers/%d", l.TransferA.ID):   "记录回执",
			fmt.Sprintf("/floating/%d", l.FloatingA.ID):    "记录向党组织报告",
		} {
			if res := c.get(path); res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Errorf("GET %s: status %d or lacks %q", path, res.Status, want)
			}
		}
		for _, path := range []string{"/applicants", "/transfers", "/floating", "/floating?direction=in"} {
			res := c.get(path)
			if res.Status != http.StatusOK || strings.Contains(res.Body, "李四") || strings.Contains(res.Body, "赵申请") {
				t.Errorf("GET %s: status %d or lists branch B", path, res.Status)
			}
		}
		today := "2025-01-02"
		for path, form := range map[string]url.Values{
			fmt.Sprintf("/applicants/%d/steps", l.ApplicantB.ID):     {"step": {"talk"}, "done_on": {"2024-03-10"}},
			fmt.Sprintf("/applicants/%d/extension", l.ApplicantB.ID): {"months": {"6"}, "decided_on": {today}, "reason": {"x"}},
			fmt.Sprintf("/applicants/%d/close", l.ApplicantB.ID):     {"on": {today}, "reason": {"x"}},
			fmt.Sprintf("/transfers/%d/receipt", l.TransferB.ID):     {"on": {today}},
			fmt.Sprintf("/transfers/%d/accept", l.TransferB.ID):      {"on": {today}},
			fmt.Sprintf("/transfers/%d/reject", l.TransferB.ID):      {"on": {today}, "reason": {"x"}},
			fmt.Sprintf("/floating/%d/reports", l.FloatingB.ID):      {"on": {today}},
			fmt.Sprintf("/floating/%d/end", l.FloatingB.ID):          {"on": {today}},
			fmt.Sprintf("/floating/%d/lost_contact", l.FloatingB.ID): {"on": {today}, "note": {"x"}},
			fmt.Sprintf("/members/%d/standing", f.MemberB.ID):        {"action": {"suspend"}, "on": {today}, "reason": {"x"}},
			"/transfers":  {"member_id": {fmt.Sprint(f.MemberB.ID)}, "destination": {"outside"}, "to_external_name": {"x"}, "reason": {"x"}, "dues_paid_through": {"2024-12"}},
			"/floating":   {"direction": {"out"}, "member_id": {fmt.Sprint(f.MemberB.ID)}, "place": {"x"}, "since": {"2024-01-01"}},
			"/applicants": {"name": {"某人"}, "id_number": {validID("11010519990101303")}, "org_id": {fmt.Sprint(f.BranchB.ID)}, "applied_on": {"2024-01-01"}},
		} {
			res := c.post(path, form)
			if res.Status != http.StatusForbidden {
				t.Errorf("POST %s: status %d, want 403; body %.300s", path, res.Status, res.Body)
			}
			if strings.Contains(res.Body, "李四") || strings.Contains(res.Body, "赵申请") {
				t.Errorf("POST %s: leaks branch B", path)
			}
		}
		// An import into branch B is refused too.
		res := c.upload("/members/import", url.Values{"org_id": {fmt.Sprint(f.BranchB.ID)}, "mode": {"dry_run"}},
			"file", "roster.csv", []byte("姓名,公民身份号码,党员类别,入党日期\n"))
		if res.Status != http.StatusForbidden {
			t.Errorf("import into branch B: status %d, want 403", res.Status)
		}
		// The letter of A's transfer prints for A's secretary (who may reveal in A).
		if res := c.post(fmt.Sprintf("/transfers/%d/letter", l.TransferA.ID), nil); res.Status != http.StatusOK ||
			res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF") {
			t.Errorf("letter: status %d, type %q", res.Status, res.Header.Get("Content-Type"))
		}
		if res := c.post(fmt.Sprintf("/transfers/%d/letter", l.TransferB.ID), nil); res.Status != http.StatusNotFound {
			t.Errorf("letter of B: status %d, want 404", res.Status)
		}
	})
}
