package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"dangjian/internal/domain"
)

// Form is a form's entered values and its problems, translated, so a rejected form comes
// back with what the user typed and each message beside its field.
type Form struct {
	Values  url.Values
	Errors  map[string]string // field → message in the user's language
	Message string            // the form's overall message, if any
}

func newForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}}
}

// postedForm reads a submitted form (bounded: forms here are small).
func postedForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return nil, domain.Errorf(domain.EBadRequest, "err.bad_request")
	}
	return newForm(r.PostForm), nil
}

// Get is a field's value.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Checked reports whether a checkbox or option of a field holds value.
func (f *Form) Checked(name, value string) bool { return domain.Contains(f.Values[name], value) }

// Err is the message of a field, "" when it has none.
func (f *Form) Err(name string) string { return f.Errors[name] }

// Invalid is the CSS class that marks a field with a problem.
func (f *Form) Invalid(name string) string {
	if f.Errors[name] != "" {
		return " is-invalid"
	}
	return ""
}

// Feedback is the message element placed right after a field; data-error-for lets tests
// and scripts find the message of a field.
func (f *Form) Feedback(name string) template.HTML {
	return template.HTML(`<div class="field-error" id="err-` + template.HTMLEscapeString(name) + `" data-error-for="` +
		template.HTMLEscapeString(name) + `">` + template.HTMLEscapeString(f.Errors[name]) + `</div>`)
}

// HasErrors reports whether the form was rejected.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 || f.Message != "" }

// setError takes a service error's field keys and message key into the form, translated.
// A field the form does not show would hide its message, so such messages join the overall
// message instead.
func (f *Form) setError(p *Page, e *domain.Error, shown ...string) {
	var extra []string
	for field, key := range e.Fields {
		if len(shown) > 0 && !domain.Contains(shown, field) {
			extra = append(extra, p.T("web.field."+field)+": "+p.T(key))
			continue
		}
		f.Errors[field] = p.T(key)
	}
	f.Message = p.T(e.Message, e.Args...)
	if len(extra) > 0 {
		f.Message += " (" + strings.Join(extra, "; ") + ")"
	}
}

// str is a form value for a service input; empty means "not given" (nil).
func (f *Form) str(name string) *string {
	v := strings.TrimSpace(f.Values.Get(name))
	if v == "" {
		return nil
	}
	return &v
}

// strAlways is a form value that is always given, empty meaning "clear it".
func (f *Form) strAlways(name string) *string {
	v := f.Values.Get(name)
	return &v
}

// id is a numeric form value; empty means not given.
func (f *Form) id(name string) *int64 {
	v := strings.TrimSpace(f.Values.Get(name))
	if v == "" {
		return nil
	}
	n := queryID(v)
	return &n
}

// flag is a checkbox: always given, true when ticked.
func (f *Form) flag(name string) *bool {
	b := f.Values.Get(name) != ""
	return &b
}

// list is a checkbox group: always given.
func (f *Form) list(name string) *[]string {
	l := append([]string{}, f.Values[name]...)
	return &l
}

// changed is a field's value when it differs from what the form first showed (orig), nil
// otherwise: an edit form then sends only what the user changed, so a value the page
// displayed but the record does not hold (a computed term end) is not written back.
func (f *Form) changed(orig *Form, name string) *string {
	v := strings.TrimSpace(f.Values.Get(name))
	if v == strings.TrimSpace(orig.Values.Get(name)) {
		return nil
	}
	return &v
}

// changedFlag is changed for a checkbox.
func (f *Form) changedFlag(orig *Form, name string) *bool {
	now, was := f.Values.Get(name) != "", orig.Values.Get(name) != ""
	if now == was {
		return nil
	}
	return &now
}

// changedList is changed for a checkbox group (order does not matter).
func (f *Form) changedList(orig *Form, name string) *[]string {
	a, b := append([]string{}, f.Values[name]...), append([]string{}, orig.Values[name]...)
	sort.Strings(a)
	sort.Strings(b)
	if strings.Join(a, "\x00") == strings.Join(b, "\x00") {
		return nil
	}
	return &a
}

// changedID is changed for a numeric field; emptied means 0.
func (f *Form) changedID(orig *Form, name string) *int64 {
	v := f.changed(orig, name)
	if v == nil {
		return nil
	}
	n := queryID(*v)
	return &n
}
