package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"

	"dangjian/internal/domain"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pageTemplates declares every page: the files parsed together for it. Each page file
// defines "content" (and may define "scripts"); layout.html and partials.html are shared.
// All are parsed and checked when the console starts, so a broken template stops start-up
// instead of failing on the first visitor.
var pageTemplates = map[string][]string{
	"login":      {"login.html"},
	"error":      {"error.html"},
	"home":       {"home.html", "reminders_partial.html"},
	"org_tree":   {"org_tree.html"},
	"org":        {"org.html"},
	"members":    {"members.html"},
	"member":     {"member.html", "member_fields.html"},
	"member_new": {"member_new.html", "member_fields.html"},
	"users":      {"users.html"},
	"user":       {"user.html"},
	"audit":      {"audit.html"},

	"import_new":        {"import_new.html"},
	"import":            {"import.html"},
	"export":            {"export.html"},
	"applicants":        {"applicants.html"},
	"applicant_new":     {"applicant_new.html"},
	"applicant":         {"applicant.html"},
	"due":               {"due.html"},
	"transfers":         {"transfers.html"},
	"transfer":          {"transfer.html"},
	"transfer_new":      {"transfer_new.html"},
	"transfer_incoming": {"transfer_incoming.html", "member_fields.html"},
	"floating_list":     {"floating_list.html"},
	"floating_new":      {"floating_new.html"},
	"floating":          {"floating.html"},

	// Points, ratings and redemption (points_partials.html holds their shared pieces).
	"points":            {"points.html", "points_partials.html", "points_reverse.html"},
	"claim_new":         {"claim_new.html", "points_partials.html"},
	"claim":             {"claim.html", "points_partials.html"},
	"approvals":         {"approvals.html", "points_partials.html"},
	"catalogue":         {"catalogue.html", "points_partials.html"},
	"indicator":         {"indicator.html", "indicator_fields.html", "points_partials.html"},
	"award_new":         {"award_new.html", "points_partials.html"},
	"rankings":          {"rankings.html", "points_partials.html"},
	"rating":            {"rating.html", "points_partials.html"},
	"merchants":         {"merchants.html", "points_partials.html"},
	"merchant":          {"merchant.html", "points_partials.html"},
	"reward":            {"reward.html", "points_partials.html"},
	"rewards":           {"rewards.html", "points_partials.html"},
	"redemptions":       {"redemptions.html", "points_partials.html"},
	"redemption":        {"redemption.html", "points_partials.html"},
	"scan":              {"scan.html", "points_partials.html"},
	"activities":        {"activities.html", "points_partials.html"},
	"org_points":        {"org_points.html", "points_partials.html", "points_reverse.html"},
	"compliance":        {"compliance.html", "reminders_partial.html"},
	"compliance_rollup": {"compliance_rollup.html"},
}

// Organisational life (meeting_partials.html holds the live attendance block).
var meetingTemplates = map[string][]string{
	"meetings":          {"meetings.html", "meeting_partials.html", "reminders_partial.html"},
	"meeting":           {"meeting.html", "meeting_partials.html"},
	"meeting_qr":        {"meeting_qr.html", "meeting_partials.html"},
	"meeting_minutes":   {"meeting_minutes.html", "meeting_partials.html"},
	"minutes_approvals": {"minutes_approvals.html", "meeting_partials.html"},
	"my_meetings":       {"my_meetings.html", "meeting_partials.html"},
	"checkin":           {"checkin.html", "meeting_partials.html"},
}

func init() {
	for k, v := range meetingTemplates {
		pageTemplates[k] = v
	}
}

var sharedTemplates = []string{"layout.html", "partials.html"}

// requiredBlocks are the templates every page set must define.
var requiredBlocks = []string{"layout", "content"}

func parseTemplates(asset func(string) string) (map[string]*template.Template, error) {
	funcs := templateFuncs(asset)
	out := make(map[string]*template.Template, len(pageTemplates))
	for name, files := range pageTemplates {
		paths := make([]string, 0, len(sharedTemplates)+len(files))
		for _, f := range append(append([]string{}, sharedTemplates...), files...) {
			paths = append(paths, "templates/"+f)
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, paths...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		for _, block := range requiredBlocks {
			if t.Lookup(block) == nil {
				return nil, fmt.Errorf("web: template %s: no %q defined", name, block)
			}
		}
		out[name] = t
	}
	return out, nil
}

var shanghai = domain.Shanghai

func templateFuncs(asset func(string) string) template.FuncMap {
	return template.FuncMap{
		"asset": asset,
		// datetime shows a stored UTC time as people in China read it.
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(shanghai).Format("2006-01-02 15:04")
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"prettyJSON": prettyJSON,
		"preview":    preview,
		"indent":     func(depth int) string { return strings.Repeat("\u3000", depth) },
		"contains":   domain.Contains,
		"orgTypes": func() []string {
			out := make([]string, len(domain.OrgTypes))
			for i, t := range domain.OrgTypes {
				out[i] = string(t)
			}
			return out
		},
		"categories":  func() []string { return domain.Categories },
		"standings":   func() []string { return domain.Standings },
		"genders":     func() []string { return domain.Genders },
		"educations":  func() []string { return domain.Educations },
		"positions":   func() []string { return domain.Positions },
		"roles":       func() []string { return domain.Roles },
		"demoLevels":  func() []string { return domain.DemonstrationLevels },
		"chartOption": chartOption,
		"list":        func(s ...string) []string { return s },
	}
}

// prettyJSON indents stored JSON for reading; what is not JSON is shown as it is. The
// template escapes the result like any other text.
func prettyJSON(s string) string {
	if s == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// chartOption serialises an ECharts option for a data-chart attribute (app.js draws it).
func chartOption(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// preview is the start of a text on one line, for a folded summary.
func preview(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
