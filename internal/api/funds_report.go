package api

import (
	"fmt"
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/funds"
	"dangjian/internal/i18n"
)

// getFundReport is an organisation's yearly fund report: ?org_id= (required), ?year=
// (default this year). A member of the organisation reads it once published, as totals
// (complete false, no items to remit).
func (h *handler) getFundReport(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	org, year := p.requiredID("org_id"), p.year("year")
	if err := p.err(); err != nil {
		return err
	}
	v, err := h.set.Funds.Report(r.Context(), actor(r), org, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundReport(i18n.FromRequest(r), v))
	return nil
}

// getFundReportPDF is the printable report (Chinese), to the same readers as getFundReport.
func (h *handler) getFundReportPDF(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	org, year := p.requiredID("org_id"), p.year("year")
	if err := p.err(); err != nil {
		return err
	}
	pdf, err := h.set.Funds.PDF(r.Context(), actor(r), org, year, h.set.I18n)
	if err != nil {
		return err
	}
	writeFile(w, contentTypePDF, fmt.Sprintf("fund-report-%d-%d.pdf", org, year), pdf)
	return nil
}

type fundYearRequest struct {
	OrgID ID  `json:"org_id"`
	Year  int `json:"year"`
}

func (req fundYearRequest) values() (int64, int, error) {
	v := &domain.Validation{}
	org := idValue(req.OrgID.required("org_id", v))
	if !req.OrgID.given {
		v.Add("org_id", "err.required")
	}
	if req.Year == 0 {
		v.Add("year", "err.required")
	}
	return org, req.Year, v.Err()
}

// publishFundReport publishes a year's report to the members (and closes the year): 200 with
// the report as published.
func (h *handler) publishFundReport(w http.ResponseWriter, r *http.Request) error {
	var req fundYearRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	org, year, err := req.values()
	if err != nil {
		return err
	}
	v, err := h.set.Funds.Publish(r.Context(), actor(r), org, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundReport(i18n.FromRequest(r), v))
	return nil
}

// postFundDues books the dues collected in the organisation's subtree during a year as
// income, one entry per month for what is not booked yet: 200 with the months.
func (h *handler) postFundDues(w http.ResponseWriter, r *http.Request) error {
	var req fundYearRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	org, year, err := req.values()
	if err != nil {
		return err
	}
	months, err := h.set.Funds.PostDues(r.Context(), actor(r), org, year)
	if err != nil {
		return err
	}
	if months == nil {
		months = []funds.DuesMonth{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"months": months})
	return nil
}

// getFundRules is the sources, purposes and remittance threshold in force for an
// organisation: ?org_id= (required), ?on= (YYYY-MM-DD, default today).
func (h *handler) getFundRules(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	org := p.requiredID("org_id")
	on, perr := domain.ParseDate(p.text("on"))
	if perr != nil {
		p.problem("on", "err.date")
	}
	if err := p.err(); err != nil {
		return err
	}
	rules, err := h.set.Funds.Rules(r.Context(), actor(r), org, on)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundRules(i18n.FromRequest(r), rules))
	return nil
}

// setFundRules records new fund rules from valid_from: 200 with the rules then in force.
func (h *handler) setFundRules(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		OrgID                 ID                     `json:"org_id"`
		ValidFrom             string                 `json:"valid_from"`
		Sources               *[]domain.FundCategory `json:"sources"`
		Purposes              *[]domain.FundCategory `json:"purposes"`
		VoluntaryThresholdFen *int64                 `json:"voluntary_threshold_fen"`
	}
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	in := funds.RulesInput{OrgID: idValue(req.OrgID.optional("org_id", v)), ValidFrom: req.ValidFrom, Sources: req.Sources,
		Purposes: req.Purposes, ThresholdFen: req.VoluntaryThresholdFen}
	if err := v.Err(); err != nil {
		return err
	}
	rules, err := h.set.Funds.SetRules(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.viewFundRules(i18n.FromRequest(r), rules))
	return nil
}
