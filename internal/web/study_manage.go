package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// The study managers' pages (学习管理) for organisation admins and secretaries: courses with
// completion rates, the completion of one course per organisation and member, the question
// bank with its .xlsx import, exams and contests with their results and a big-screen
// leaderboard. The member pages (我的学习) are in study_templates.go.
var studyManageTemplates = map[string][]string{
	"study_manage_courses":      {"study_manage_courses.html", "study_manage_partials.html"},
	"study_manage_course_form":  {"study_manage_course_form.html", "study_manage_partials.html"},
	"study_manage_course":       {"study_manage_course.html", "study_manage_partials.html"},
	"study_manage_questions":    {"study_manage_questions.html", "study_manage_partials.html"},
	"study_manage_question_new": {"study_manage_question_new.html", "study_manage_partials.html"},
	"study_manage_import":       {"study_manage_import.html", "study_manage_partials.html"},
	"study_manage_exams":        {"study_manage_exams.html", "study_manage_partials.html"},
	"study_manage_exam_new":     {"study_manage_exam_new.html", "study_manage_partials.html"},
	"study_manage_exam":         {"study_manage_exam.html", "study_manage_partials.html"},
	// The big screen reuses the members' leaderboard block (and its polling) as it is; its
	// own file defines the standalone "screen" page around it.
	"study_manage_screen": {"study_leaderboard.html", "study_partials.html", "study_manage_screen.html"},
}

func init() {
	for k, v := range studyManageTemplates {
		pageTemplates[k] = v
	}
}

// studyManageBase is where the managers' pages live.
const studyManageBase = "/manage/study"

// showStudyManage is the nav entry of 学习管理: the course list.
func (h *handler) showStudyManage(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, studyManageBase+"/courses", http.StatusSeeOther)
}

// requireStudyManager answers 403 to a user who manages study content nowhere, for the
// managers' pages whose service call would show them an empty page instead.
func (h *handler) requireStudyManager(w http.ResponseWriter, r *http.Request) bool {
	if study.Manages(actor(r)) {
		return true
	}
	h.errorPage(w, r, http.StatusForbidden, "err.forbidden")
	return false
}

// managedOrgOptions are the organisations the user manages study content of, in tree order
// (party groups left out: members belong to branches, so a group's subtree has none).
func (h *handler) managedOrgOptions(r *http.Request) ([]Option, map[int64]*domain.Org, error) {
	a := actor(r)
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]*domain.Org, len(outline))
	for i := range outline {
		byID[outline[i].ID] = &outline[i]
	}
	return orgOptions(outline, func(o *domain.Org, _ int) bool {
		return o.Type != domain.OrgGroup && study.CanManage(a, o.Path)
	}), byID, nil
}

// ratePercent shows a rate 0–1 as a whole percentage.
func ratePercent(rate float64) int { return int(rate*100 + 0.5) }

// studyClock shows seconds as minutes and seconds (m:ss), as a reader counts study time.
func studyClock(seconds int) string { return fmt.Sprintf("%d:%02d", seconds/60, seconds%60) }

// renameFields moves a service error's field keys to the names the form uses (a form that
// asks for minutes where the service takes seconds).
func renameFields(e *domain.Error, names map[string]string) *domain.Error {
	if len(e.Fields) == 0 {
		return e
	}
	out := *e
	out.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out.Fields[k] = v
	}
	return &out
}

// studyMinutes reads a whole number of minutes as seconds; junk reads as 0, which the service
// reports beside the field.
func studyMinutes(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 100000 {
		return 0
	}
	return n * 60
}

// studyInt reads a whole number; junk reads as -1, which the services report as out of range.
func studyInt(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// studyTags reads tags typed into one box, separated by commas, semicolons or spaces.
func studyTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，;；、 ", r) })
}

// oneDecimal shows a number with one decimal, without a trailing ".0".
func oneDecimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
