package api

import (
	"dangjian/internal/domain"
	"dangjian/internal/funds"
)

// Views of the party-fund pool (issue 6 part 6).

type fundAttachmentView struct {
	ID          jsonID `json:"id"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
	CreatedBy   string `json:"created_by"`
	CreatedAt   stamp  `json:"created_at"`
}

func viewFundAttachment(f *domain.FundAttachment) fundAttachmentView {
	return fundAttachmentView{ID: jsonID(f.ID), FileName: f.FileName, ContentType: f.ContentType, Size: f.Size,
		URL: base + "/funds/entries/" + formatID(f.EntryID) + "/attachments/" + formatID(f.ID), CreatedBy: f.CreatedBy,
		CreatedAt: stamp(f.CreatedAt)}
}

// fundEntryView is one ledger entry: source for income, purpose for spending (the other
// null); category_name is the catalogue's (or the organisation's own) name in the caller's
// language.
type fundEntryView struct {
	ID            jsonID               `json:"id"`
	OrgID         jsonID               `json:"org_id"`
	OrgName       string               `json:"org_name"`
	Kind          string               `json:"kind"`
	Source        *string              `json:"source"`
	Purpose       *string              `json:"purpose"`
	CategoryName  string               `json:"category_name"`
	AmountFen     int64                `json:"amount_fen"`
	BaseFen       int64                `json:"base_fen"`
	Date          domain.Date          `json:"date"`
	Description   string               `json:"description"`
	PayerMemberID nullID               `json:"payer_member_id"`
	PayerName     string               `json:"payer_name"`
	Status        string               `json:"status"`
	Counted       bool                 `json:"counted"`
	RemitRequired bool                 `json:"remit_required"`
	RemittedBy    nullID               `json:"remitted_by_entry_id"`
	RemittedOn    domain.Date          `json:"remitted_on"`
	Remits        nullID               `json:"remits_entry_id"`
	Reverses      nullID               `json:"reverses_entry_id"`
	ReversedBy    nullID               `json:"reversed_by_entry_id"`
	DuesMonth     *string              `json:"dues_month"`
	ReturnReason  string               `json:"return_reason"`
	CreatedByName string               `json:"created_by_name"`
	CreatedAt     stamp                `json:"created_at"`
	DecidedByName string               `json:"decided_by_name"`
	DecidedAt     *stamp               `json:"decided_at"`
	Attachments   []fundAttachmentView `json:"attachments"`
}

func (h *handler) viewFundEntry(locale string, e *domain.FundEntry) fundEntryView {
	v := fundEntryView{ID: jsonID(e.ID), OrgID: jsonID(e.OrgID), OrgName: e.OrgName, Kind: e.Kind,
		CategoryName: funds.CategoryName(h.set.I18n, locale, e.Kind, e.Category, e.CategoryName), AmountFen: e.AmountFen,
		BaseFen: e.BaseFen, Date: e.Date, Description: e.Description, PayerMemberID: nullID(e.MemberID), PayerName: e.PayerName,
		Status: e.Status, Counted: e.Counts(), RemitRequired: e.RemitRequired, RemittedBy: nullID(e.RemittedByID),
		RemittedOn: e.RemittedOn, Remits: nullID(e.RemitsID), Reverses: nullID(e.ReversesID), ReversedBy: nullID(e.ReversedByID),
		ReturnReason: e.ReturnReason, CreatedByName: e.CreatedByName, CreatedAt: stamp(e.CreatedAt), DecidedByName: e.DecidedByName,
		DecidedAt: optStamp(e.DecidedAt), Attachments: []fundAttachmentView{}}
	cat := e.Category
	if e.Kind == domain.FundIncome {
		v.Source = &cat
	} else {
		v.Purpose = &cat
	}
	if e.DuesMonth != "" {
		m := e.DuesMonth
		v.DuesMonth = &m
	}
	for i := range e.Attachments {
		v.Attachments = append(v.Attachments, viewFundAttachment(&e.Attachments[i]))
	}
	return v
}

type fundLineView struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	AmountFen int64  `json:"amount_fen"`
	Count     int    `json:"count"`
}

type fundRemitView struct {
	EntryID   jsonID      `json:"entry_id"`
	Date      domain.Date `json:"date"`
	PayerName string      `json:"payer_name"`
	AmountFen int64       `json:"amount_fen"`
}

// fundReportView is GET /funds/report: income by source, spending by purpose, the balance
// carried forward, month by month, and the items to remit (officers only).
type fundReportView struct {
	OrgID              jsonID             `json:"org_id"`
	OrgName            string             `json:"org_name"`
	Year               int                `json:"year"`
	OpeningBalanceFen  int64              `json:"opening_balance_fen"`
	IncomeFen          int64              `json:"income_fen"`
	SpendingFen        int64              `json:"spending_fen"`
	ClosingBalanceFen  int64              `json:"closing_balance_fen"`
	IncomeBySource     []fundLineView     `json:"income_by_source"`
	SpendingByPurpose  []fundLineView     `json:"spending_by_purpose"`
	Months             []domain.FundMonth `json:"months"`
	PendingSpendingFen int64              `json:"pending_spending_fen"`
	PendingCount       int                `json:"pending_count"`
	ToRemit            []fundRemitView    `json:"to_remit"`
	ToRemitFen         int64              `json:"to_remit_fen"`
	Published          bool               `json:"published"`
	PublishedAt        *stamp             `json:"published_at"`
	PublishedBy        string             `json:"published_by"`
	Complete           bool               `json:"complete"`
}

func (h *handler) viewFundReport(locale string, r *funds.ReportView) fundReportView {
	v := fundReportView{OrgID: jsonID(r.OrgID), OrgName: r.OrgName, Year: r.Year, OpeningBalanceFen: r.OpeningFen,
		IncomeFen: r.IncomeFen, SpendingFen: r.SpendingFen, ClosingBalanceFen: r.ClosingFen, Months: r.Months,
		PendingSpendingFen: r.PendingFen, PendingCount: r.PendingCount, ToRemitFen: r.ToRemitFen, Published: r.Published,
		PublishedAt: optStamp(r.PublishedAt), PublishedBy: r.PublishedByName, Complete: r.Officer,
		IncomeBySource: []fundLineView{}, SpendingByPurpose: []fundLineView{}, ToRemit: []fundRemitView{}}
	for _, l := range r.Income {
		v.IncomeBySource = append(v.IncomeBySource, fundLineView{Code: l.Code, Name: funds.CategoryName(h.set.I18n, locale, domain.FundIncome, l.Code, l.Name),
			AmountFen: l.AmountFen, Count: l.Count})
	}
	for _, l := range r.Spending {
		v.SpendingByPurpose = append(v.SpendingByPurpose, fundLineView{Code: l.Code, Name: funds.CategoryName(h.set.I18n, locale, domain.FundSpending, l.Code, l.Name),
			AmountFen: l.AmountFen, Count: l.Count})
	}
	for _, e := range r.ToRemit {
		v.ToRemit = append(v.ToRemit, fundRemitView{EntryID: jsonID(e.ID), Date: e.Date, PayerName: e.PayerName, AmountFen: e.AmountFen})
	}
	return v
}

type fundCategoryView struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	SharePercent int    `json:"share_percent"`
}

type fundRulesView struct {
	Sources               []fundCategoryView `json:"sources"`
	Purposes              []fundCategoryView `json:"purposes"`
	VoluntaryThresholdFen int64              `json:"voluntary_threshold_fen"`
}

func (h *handler) viewFundRules(locale string, r funds.Rules) fundRulesView {
	v := fundRulesView{Sources: []fundCategoryView{}, Purposes: []fundCategoryView{}, VoluntaryThresholdFen: r.Remit.ThresholdFen}
	for _, c := range r.Sources {
		v.Sources = append(v.Sources, fundCategoryView{Code: c.Code, Name: funds.CategoryName(h.set.I18n, locale, domain.FundIncome, c.Code, c.Name), SharePercent: c.SharePercent})
	}
	for _, c := range r.Purposes {
		v.Purposes = append(v.Purposes, fundCategoryView{Code: c.Code, Name: funds.CategoryName(h.set.I18n, locale, domain.FundSpending, c.Code, c.Name)})
	}
	return v
}
