package api

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/redemption"
)

// createMerchant adds a merchant to the service alliance of an organisation:
// {org_id, name, address, contact, phone} → 201 with it.
func (h *handler) createMerchant(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeMerchantRequest(r.Body)
	if err != nil {
		return err
	}
	m, err := h.set.Redemption.CreateMerchant(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/merchants/"+formatID(m.ID))
	writeJSON(w, http.StatusCreated, merchantView(m))
	return nil
}

// listMerchants lists the merchants the caller sees, in id order: ?status=&limit=&cursor=;
// ?mine=1 keeps those the caller serves as an operator (one page: the scan page's choice).
func (h *handler) listMerchants(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	limit := p.limit()
	f := redemption.MerchantFilter{Status: p.choice("status", domain.MerchantStatuses), AfterID: p.cursor(), Limit: fetchSize(limit)}
	mine := p.flag("mine")
	if err := p.err(); err != nil {
		return err
	}
	if mine {
		list, err := h.set.Redemption.MyMerchants(r.Context(), actor(r))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, newList(merchantViews(list), ""))
		return nil
	}
	list, err := h.set.Redemption.Merchants(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	list, more := trimPage(list, limit)
	next := ""
	if more && len(list) > 0 {
		next = encodeCursor(list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, newList(merchantViews(list), next))
	return nil
}

// getMerchant answers one merchant: to readers in scope, its operators and the members of
// its alliance while it is active.
func (h *handler) getMerchant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "merchant")
	if err != nil {
		return err
	}
	m, err := h.set.Redemption.Merchant(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, merchantView(m))
	return nil
}

// updateMerchant changes the given fields of a merchant (status suspended stops its
// redemptions and confirmations): 200 with it.
func (h *handler) updateMerchant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "merchant")
	if err != nil {
		return err
	}
	in, err := decodeMerchantRequest(r.Body)
	if err != nil {
		return err
	}
	m, err := h.set.Redemption.UpdateMerchant(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, merchantView(m))
	return nil
}
