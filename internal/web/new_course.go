package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
)

// courseFormData is the course form: new (with an owner and a first assignment) or edit.
type courseFormData struct {
	*Page
	Form   *Form
	Course *domain.Course // nil on the new form
	Orgs   []Option       // organisations the user manages study content of
	Kinds  []Option
	File   *domain.CourseFile // the stored document of the course edited, nil when none
}

// courseFormFields are the fields the course form shows; a service problem with another
// field joins the form's overall message.
var courseFormFields = []string{"org_id", "title", "kind", "body", "url", "file", "min_minutes", "assign_org_id", "assign_due_on"}

// courseFieldNames maps the service's fields to the form's.
var courseFieldNames = map[string]string{"min_seconds": "min_minutes", "assignments": "assign_org_id", "due_on": "assign_due_on"}

// newCourse is the form for a new course, its owner defaulting to ?org_id= or the first
// organisation the user manages, required of that organisation.
func (h *handler) newCourse(w http.ResponseWriter, r *http.Request) {
	org := r.URL.Query().Get("org_id")
	f := newForm(url.Values{"org_id": {org}, "assign_org_id": {org}, "assign_required": {"1"},
		"kind": {domain.CourseArticle}, "min_minutes": {"10"}})
	h.renderCourseForm(w, r, http.StatusOK, f, nil)
}

func (h *handler) renderCourseForm(w http.ResponseWriter, r *http.Request, status int, f *Form, c *domain.Course) {
	if !h.requireStudyManager(w, r) {
		return
	}
	orgs, _, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	title := "web.study.manage.course.new"
	if c != nil {
		title = "web.study.manage.course.edit"
	}
	p := h.page(r, title)
	if f.Get("org_id") == "" && len(orgs) > 0 {
		f.Values.Set("org_id", orgs[0].Value)
		if f.Get("assign_org_id") == "" {
			f.Values.Set("assign_org_id", orgs[0].Value)
		}
	}
	d := &courseFormData{Page: p, Form: f, Course: c, Orgs: orgs, Kinds: p.Choices("web.study.kind.", domain.CourseKinds)}
	if c != nil {
		if d.File, err = h.set.Study.CourseFileInfo(r.Context(), actor(r), c.ID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.html(w, r, status, "study_manage_course_form", d)
}

// courseForm fills the edit form from a course.
func courseForm(c *domain.Course) *Form {
	return newForm(url.Values{"title": {c.Title}, "kind": {c.Kind}, "body": {c.Body}, "url": {c.URL},
		"min_minutes": {strconv.Itoa((c.MinSeconds + 59) / 60)}})
}
