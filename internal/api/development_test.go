package api_test

import (
	"bytes"
	"fmt"
	"testing"
)

// stepOf returns the timeline entry of a step in an applicant response.
func stepOf(t *testing.T, r *response, code string) map[string]any {
	t.Helper()
	steps, _ := r.json["steps"].([]any)
	for _, s := range steps {
		if m := s.(map[string]any); m["step"] == code {
			return m
		}
	}
	t.Fatalf("no step %s in %s", code, r.body)
	return nil
}

func TestApplicantThroughTheSteps(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		idNumber := e.idNumber("20000505")
		e.extra["appID"] = idNumber
		e.runScenarios(t, []scenario{
			{name: "under 18 on the application day", method: "POST", path: "/api/v1/applicants", user: "secA",
				body:   map[string]any{"name": "小孩", "id_number": e.idNumber("20100101"), "org_id": fmt.Sprint(e.A), "applied_on": "2023-01-10"},
				status: 422, code: "invalid", fields: []string{"applied_on"}},
			{name: "not a branch", method: "POST", path: "/api/v1/applicants", user: "orgadm",
				body:   map[string]any{"name": "钱八", "id_number": idNumber, "org_id": fmt.Sprint(e.C), "applied_on": "2023-01-10"},
				status: 422, fields: []string{"org_id"}},
			{name: "another branch", method: "POST", path: "/api/v1/applicants", user: "secA",
				body:   map[string]any{"name": "钱八", "id_number": idNumber, "org_id": fmt.Sprint(e.B), "applied_on": "2023-01-10"},
				status: 403, code: "forbidden"},
		})
		r := e.do(t, "POST", "/api/v1/applicants", "secA", map[string]any{"name": "钱八", "id_number": idNumber,
			"org_id": fmt.Sprint(e.A), "applied_on": "2023-01-10"})
		if r.status != 201 || r.json["status"] != "active" || r.num("stage") != 1 || len(r.json["steps"].([]any)) != 25 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		id := r.str("id")
		path := "/api/v1/applicants/" + id
		if talk := stepOf(t, r, "talk"); talk["due_on"] != "2023-02-10" || talk["overdue"] != true {
			t.Errorf("the talk is due within a month and overdue: %v", talk)
		}
		if r.str("id_number") == idNumber {
			t.Error("the applicant's ID number is in clear")
		}
		if r := e.do(t, "POST", "/api/v1/applicants", "secA", map[string]any{"name": "钱八", "id_number": idNumber,
			"org_id": fmt.Sprint(e.A), "applied_on": "2023-01-10"}); r.status != 409 || r.errFields()["id_number"] == nil {
			t.Errorf("duplicate applicant: %d %s", r.status, r.body)
		}

		step := func(name string, body map[string]any, status int, field string) *response {
			t.Helper()
			r := e.do(t, "POST", path+"/steps", "secA", body)
			if r.status != status {
				t.Fatalf("%s: %d, want %d\n%s", name, r.status, status, r.body)
			}
			if _, ok := r.errFields()[field]; field != "" && !ok {
				t.Errorf("%s: error does not name %s: %s", name, field, r.body)
			}
			return r
		}
		a1, a2 := fmt.Sprint(e.a1), fmt.Sprint(e.a2)
		r = step("talk", map[string]any{"step": "talk", "done_on": "2023-01-20", "note": "谈话", "people": []map[string]any{{"name": "团支书"}}}, 200, "")
		if talk := stepOf(t, r, "talk"); talk["overdue"] != false || talk["done_on"] != "2023-01-20" {
			t.Errorf("talk done: %v", talk)
		}
		step("out of order", map[string]any{"step": "candidate_chosen", "done_on": "2023-03-01"}, 422, "step")
		step("in the future", map[string]any{"step": "activist_chosen", "done_on": "2999-01-01"}, 422, "done_on")
		step("unknown step", map[string]any{"step": "party", "done_on": "2023-03-01"}, 422, "step")
		step("activist", map[string]any{"step": "activist_chosen", "done_on": "2023-02-01"}, 200, "")
		step("filed", map[string]any{"step": "activist_filed", "done_on": "2023-02-10"}, 200, "")
		step("three contacts", map[string]any{"step": "contacts_assigned", "done_on": "2023-02-15",
			"people": []map[string]any{{"member_id": a1}, {"member_id": a2}, {"name": "某人"}}}, 422, "people")
		step("contacts", map[string]any{"step": "contacts_assigned", "done_on": "2023-02-15", "people": []map[string]any{{"member_id": a1}}}, 200, "")
		// The timer: a candidate only a year after becoming an activist.
		r = step("candidate too early", map[string]any{"step": "candidate_chosen", "done_on": "2024-01-31"}, 422, "done_on")
		if r.errCode() != "invalid" {
			t.Errorf("timer violation: %s", r.body)
		}
		r = step("candidate", map[string]any{"step": "candidate_chosen", "done_on": "2024-02-01"}, 200, "")
		if r.num("stage") != 3 {
			t.Errorf("stage %d after the candidate step", r.num("stage"))
		}
		step("candidate filed", map[string]any{"step": "candidate_filed", "done_on": "2024-02-10"}, 200, "")
		step("sponsors", map[string]any{"step": "sponsors_assigned", "done_on": "2024-02-15",
			"people": []map[string]any{{"member_id": a1}, {"member_id": a2}}}, 200, "")
		step("political review", map[string]any{"step": "political_review", "done_on": "2024-03-01"}, 200, "")
		step("training too short", map[string]any{"step": "training", "done_on": "2024-03-10", "training_days": 2, "training_hours": 16}, 422, "training_days")
		step("training", map[string]any{"step": "training", "done_on": "2024-03-10", "training_days": 3}, 200, "")
		step("committee", map[string]any{"step": "committee_review", "done_on": "2024-03-20"}, 200, "")
		step("prereview", map[string]any{"step": "upper_prereview", "done_on": "2024-03-25"}, 200, "")
		step("form", map[string]any{"step": "application_form", "done_on": "2024-04-01"}, 200, "")
		step("meeting without a majority", map[string]any{"step": "admission_meeting", "done_on": "2024-04-10", "votes_for": 1, "votes_due": 3}, 422, "votes_for")
		r = step("admission meeting", map[string]any{"step": "admission_meeting", "done_on": "2024-04-10", "votes_for": 3, "votes_due": 3}, 200, "")
		memberID, _ := r.json["member_id"].(string)
		if r.json["status"] != "probationary" || memberID == "" || r.json["probation_ends_on"] != "2025-04-10" {
			t.Fatalf("admitted: %s", r.body)
		}
		m := e.do(t, "GET", "/api/v1/members/"+memberID, "secA", nil)
		if m.json["category"] != "probationary" || m.json["org_id"] != fmt.Sprint(e.A) || m.json["joined_on"] != "2024-04-10" {
			t.Errorf("the new member: %s", m.body)
		}
		step("upper talk", map[string]any{"step": "upper_talk", "done_on": "2024-04-15"}, 200, "")
		step("approval late", map[string]any{"step": "admission_approval", "done_on": "2024-08-01"}, 422, "done_on")
		r = step("approval late, special case", map[string]any{"step": "admission_approval", "done_on": "2024-08-01", "special": true}, 200, "")
		if fa := stepOf(t, r, "full_application"); fa["due_on"] != "2025-04-10" || fa["overdue"] != true {
			t.Errorf("full application due at the end of probation: %v", fa)
		}
		if r.num("overdue") == 0 {
			t.Errorf("no overdue steps counted: %s", r.body)
		}

		// What is due: the overdue full application, listed for the branch and its committee.
		for _, org := range []string{"{A}", "{C}"} {
			due := e.do(t, "GET", "/api/v1/applicants/due?org_id="+org+"&month=2026-11", "orgadm", nil)
			found := false
			for _, it := range due.items() {
				if it["applicant_id"] == id && it["step"] == "full_application" && it["overdue"] == true && it["kind"] == "due" {
					found = true
				}
			}
			if !found {
				t.Errorf("due list of %s lacks the overdue full application: %s", org, due.body)
			}
		}
		if due := e.do(t, "GET", "/api/v1/applicants/due?org_id={A}", "secA", nil); due.status != 200 {
			t.Errorf("due list for this month: %d", due.status)
		}

		// A step with a file, as multipart.
		pdf := []byte("%PDF-1.4\n% 入党誓词\n")
		up := e.upload(t, path+"/steps", "secA",
			part{"body", "", "application/json", []byte(`{"step":"oath","done_on":"2024-08-05","note":"宣誓"}`)},
			part{"attachments", "誓词.pdf", "application/pdf", pdf})
		if up.status != 200 {
			t.Fatalf("step with a file: %d %s", up.status, up.body)
		}
		records := stepOf(t, up, "oath")["records"].([]any)
		files := records[0].(map[string]any)["attachments"].([]any)
		url := files[0].(map[string]any)["url"].(string)
		if got := e.download(t, url, "secA", "application/pdf"); !bytes.Equal(got, pdf) {
			t.Errorf("attachment content %q", got)
		}
		if r := e.raw(t, "GET", url, "plain", nil, ""); r.status != 404 {
			t.Errorf("a plain member fetched an applicant's file: %d", r.status)
		}
		if r := e.raw(t, "GET", path+"/attachments/999999", "secA", nil, ""); r.status != 404 {
			t.Errorf("unknown attachment: %d", r.status)
		}
		if r := e.upload(t, path+"/steps", "secA", part{"attachments", "a.pdf", "", pdf}); r.status != 422 || r.errFields()["body"] == nil {
			t.Errorf("multipart without a body: %d %s", r.status, r.body)
		}

		// Probation extended once, then full membership after the new end.
		ext := map[string]any{"months": 6, "decided_on": "2025-04-10", "reason": "考察期表现需进一步考察"}
		if r := e.do(t, "POST", path+"/extension", "secA", map[string]any{"months": 3, "decided_on": "2025-04-10", "reason": "x"}); r.status != 422 || r.errFields()["months"] == nil {
			t.Errorf("extension of 3 months: %d %s", r.status, r.body)
		}
		r = e.do(t, "POST", path+"/extension", "secA", ext)
		if r.status != 200 || r.json["probation_ends_on"] != "2025-10-10" || r.num("extension_months") != 6 {
			t.Fatalf("extension: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", path+"/extension", "secA", ext); r.status != 422 {
			t.Errorf("second extension: %d %s", r.status, r.body)
		}
		step("full application", map[string]any{"step": "full_application", "done_on": "2025-09-01"}, 200, "")
		step("full meeting before probation ends", map[string]any{"step": "full_meeting", "done_on": "2025-10-01", "votes_for": 3, "votes_due": 3}, 422, "done_on")
		step("full meeting", map[string]any{"step": "full_meeting", "done_on": "2025-10-15", "votes_for": 3, "votes_due": 3}, 200, "")
		r = step("full approval", map[string]any{"step": "full_approval", "done_on": "2025-11-01"}, 200, "")
		if r.json["status"] != "full" {
			t.Errorf("full approval: %s", r.body)
		}
		m = e.do(t, "GET", "/api/v1/members/"+memberID, "secA", nil)
		if m.json["category"] != "full" || m.json["full_member_on"] != "2025-10-10" {
			t.Errorf("full member: %s", m.body)
		}

		// Lists.
		e.runScenarios(t, []scenario{
			{name: "list", method: "GET", path: "/api/v1/applicants?org_id={A}", user: "secA", status: 200, has: []string{`"id":"` + id + `"`}},
			{name: "by stage", method: "GET", path: "/api/v1/applicants?stage=5&status=full", user: "secA", status: 200, has: []string{`"id":"` + id + `"`}},
			{name: "other stage", method: "GET", path: "/api/v1/applicants?stage=2", user: "secA", status: 200, hasNot: []string{`"id":"` + id + `"`}},
			{name: "other status", method: "GET", path: "/api/v1/applicants?status=active,withdrawn", user: "secA", status: 200, hasNot: []string{`"id":"` + id + `"`}},
			{name: "bad stage", method: "GET", path: "/api/v1/applicants?stage=6", user: "secA", status: 400, fields: []string{"stage"}},
			{name: "bad status", method: "GET", path: "/api/v1/applicants?status=done", user: "secA", status: 400, fields: []string{"status"}},
			{name: "org out of scope", method: "GET", path: "/api/v1/applicants?org_id={B}", user: "secA", status: 404},
			{name: "not seen by the other branch", method: "GET", path: "/api/v1/applicants", user: "plain", status: 200, hasNot: []string{"钱八"}},
			{name: "due without org", method: "GET", path: "/api/v1/applicants/due", user: "secA", status: 400, fields: []string{"org_id"}},
			{name: "due bad month", method: "GET", path: "/api/v1/applicants/due?org_id={A}&month=2026-13", user: "secA", status: 400, fields: []string{"month"}},
		})

		// Another applicant withdraws.
		r = e.do(t, "POST", "/api/v1/applicants", "secA", map[string]any{"name": "孙九", "id_number": e.idNumber("19990909"),
			"org_id": fmt.Sprint(e.A), "applied_on": "2026-01-05"})
		other := "/api/v1/applicants/" + r.str("id")
		if r := e.do(t, "POST", other+"/close", "secA", map[string]any{"on": "2026-02-01"}); r.status != 422 || r.errFields()["reason"] == nil {
			t.Errorf("close without a reason: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", other+"/close", "secA", map[string]any{"on": "2026-02-01", "reason": "本人撤回申请"}); r.status != 200 || r.json["status"] != "withdrawn" {
			t.Errorf("close: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", other+"/close", "secA", map[string]any{"on": "2026-02-01", "reason": "again"}); r.status != 409 {
			t.Errorf("close twice: %d %s", r.status, r.body)
		}
	})
}
