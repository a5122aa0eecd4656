package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// confirmRedemption fulfils the redemption a code names (the operator's confirm button, or a
// code typed and confirmed at once) and shows the counter page with what was handed over.
// A refusal (expired, already settled, another merchant's) comes back beside the code.
func (h *handler) confirmRedemption(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	code := domain.NormalizeRedemptionCode(f.Get("code"))
	red, err := h.set.Redemption.ConfirmCode(r.Context(), actor(r), code)
	if err != nil {
		if e, ok := formProblem(err); ok || domain.ErrorCode(err) == domain.ENotFound {
			status := http.StatusNotFound
			p := h.page(r, "")
			d := &scanData{Form: f}
			f.Values.Set("code", code)
			if ok {
				status = statusOf(e.Code)
				f.setError(p, e, "code")
				if len(e.Fields) == 0 {
					f.Errors["code"] = f.Message
				}
			} else {
				f.Errors["code"] = p.T("web.scan.unknown_code")
			}
			// Show what the code names (now expired, or settled) when the operator may see it.
			if found, err := h.set.Redemption.ByCode(r.Context(), actor(r), code); err == nil {
				d.Found = found
			}
			h.renderScan(w, r, status, d)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, "/m/redeem?"+url.Values{"confirmed": {red.Code}}.Encode())
}
