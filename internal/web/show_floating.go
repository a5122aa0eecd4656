package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/transfer"
)

// floatingForms are the entry's forms; a rejected one comes back with its errors.
type floatingForms struct {
	Report, End, Lost *Form
}

// floatingData is one register entry with its yearly report flag and, for writers, the
// steps: a report home, the end, a loss of contact.
type floatingData struct {
	*Page
	Floating *domain.Floating
	Forms    floatingForms
	CanWrite bool // the entry is open and in the user's write scope
	CanLose  bool // an out-flow member of ours, still in contact
	Saved    bool
}

func (h *handler) showFloating(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderFloating(w, r, id, http.StatusOK, floatingForms{})
}

func (h *handler) renderFloating(w http.ResponseWriter, r *http.Request, id int64, status int, forms floatingForms) {
	ctx, a := r.Context(), actor(r)
	fl, err := h.set.Transfers.GetFloating(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &floatingData{Page: h.page(r, ""), Floating: fl, Forms: forms,
		CanWrite: fl.EndedOn.IsZero() && a.Can(auth.MemberWrite, fl.OrgPath),
		Saved:    r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"}
	d.Page.Title = d.T("web.floating.entry_title", fl.Name)
	if d.CanWrite && fl.Direction == domain.FloatingOut && fl.MemberID != 0 {
		m, err := h.set.Members.Get(ctx, a, fl.MemberID, false)
		if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			h.fail(w, r, err)
			return
		}
		d.CanLose = m != nil && !m.LostContact
	}
	for _, f := range []**Form{&d.Forms.Report, &d.Forms.End, &d.Forms.Lost} {
		if *f == nil {
			*f = newForm(url.Values{"on": {today()}})
		}
	}
	h.html(w, r, status, "floating", d)
}

// floatingStep runs one step of an entry from its form: a refusal comes back beside the
// field of that form, success shows the entry.
func (h *handler) floatingStep(w http.ResponseWriter, r *http.Request, which func(*floatingForms) **Form,
	run func(id int64, in transfer.FloatingStep) error) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := run(id, transfer.FloatingStep{On: f.Get("on"), Note: f.Get("note")}); err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, "on", "note")
			var forms floatingForms
			*which(&forms) = f
			h.renderFloating(w, r, id, status, forms)
		})
		return
	}
	h.redirect(w, r, "/floating/"+itoa64(id)+"?saved=1")
}
