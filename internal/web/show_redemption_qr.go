package web

import (
	"net/http"
	"strconv"
)

// showRedemptionQR serves the PNG of a held redemption's QR code. It holds the address of
// the operator's scan page with the code, so a plain camera app opens it.
func (h *handler) showRedemptionQR(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	size, _ := strconv.Atoi(r.URL.Query().Get("size"))
	png, err := h.set.Redemption.QRCode(r.Context(), actor(r), id, h.requestBase(r), size)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "image/png")
	hdr.Set("Content-Length", strconv.Itoa(len(png)))
	hdr.Set("Cache-Control", "no-store") // the code is the member's to show, not the cache's
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(png)
}
