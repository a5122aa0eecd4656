package domain

import (
	"strconv"
	"time"
)

// Payment methods of party dues (issue 6 part 3): cash and transfer are recorded by the
// branch; online goes through a payment provider and is paid when its signed notification
// arrives.
const (
	PayCash     = "cash"
	PayTransfer = "transfer"
	PayOnline   = "online"
)

// PayMethods are the methods in the order forms show them.
var PayMethods = []string{PayCash, PayTransfer, PayOnline}

// Payment statuses: pending (an online order not paid yet), paid, expired (an online order
// past its ExpiresAt, closed by the expiry sweep), cancelled (an online order its payer gave
// up). Expired and cancelled release nothing — an unpaid order never touched its bills — but a
// provider notification that such an order was paid after all still pays it (the money was
// taken): its bills are paid if still unpaid, else left overpaid for a refund.
const (
	PaymentPending   = "pending"
	PaymentPaid      = "paid"
	PaymentExpired   = "expired"
	PaymentCancelled = "cancelled"
)

// PaymentStatuses are the statuses a list may filter by.
var PaymentStatuses = []string{PaymentPending, PaymentPaid, PaymentExpired, PaymentCancelled}

// PaymentClosed reports whether a status is an online order closed unpaid (expired or
// cancelled).
func PaymentClosed(status string) bool { return status == PaymentExpired || status == PaymentCancelled }

// Payment item statuses. An item is one bill of a payment: applied when this payment paid the
// bill; overpaid when the money came for a bill that was paid (or exempt) already — a second
// online order completing, a voluntary mistake — and is to be refunded; refunded after that;
// cancelled when its online order expired or was cancelled unpaid.
const (
	ItemCancelled = "cancelled"
	ItemPending   = "pending"
	ItemApplied   = "applied"
	ItemOverpaid  = "overpaid"
	ItemRefunded  = "refunded"
)

// Refund statuses: pending while the provider is asked, done, failed (the item stays
// overpaid and can be refunded again).
const (
	RefundPending = "pending"
	RefundDone    = "done"
	RefundFailed  = "failed"
)

// DuesPayment is one act of paying one or several bills, by the members themselves, by
// another member (代缴: Payer is not the bills' member) or by the branch in cash or transfer.
type DuesPayment struct {
	ID             int64
	OrgID          int64
	OrgPath        string
	Method         string
	Status         string
	AmountFen      int64
	RefundedFen    int64
	PayerMemberID  int64
	PayerName      string
	RecordedBy     int64
	RecordedByName string
	Provider       string
	OrderNo        string
	ProviderTxn    string
	PayURL         string
	ReturnURL      string
	OverrideReason string
	Note           string
	ExpiresAt      time.Time
	PaidAt         time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time

	Items   []DuesPaymentItem
	Refunds []DuesRefund
}

// OverpaidFen is the money of the items still waiting for a refund.
func (p DuesPayment) OverpaidFen() int64 {
	var n int64
	for _, it := range p.Items {
		if it.Status == ItemOverpaid {
			n += it.AmountFen
		}
	}
	return n
}

// DuesPaymentItem is one bill of a payment.
type DuesPaymentItem struct {
	ID         int64
	PaymentID  int64
	BillID     int64
	MemberID   int64
	MemberName string
	OrgPath    string
	Month      string
	AmountFen  int64
	Status     string
	OnTime     bool
}

// DuesRefund gives back the money of an overpaid item.
type DuesRefund struct {
	ID               int64
	PaymentID        int64
	ItemID           int64
	BillID           int64
	OrgPath          string
	AmountFen        int64
	Reason           string
	Status           string
	RefundNo         string
	Provider         string
	ProviderRefundID string
	Failure          string
	CreatedBy        int64
	CreatedByName    string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// duesMonthIndex turns a YYYY-MM month into a count of months (year×12 + month−1), so that the
// distance between two months is a subtraction; ok is false for a malformed month.
func duesMonthIndex(month string) (int, bool) {
	if CheckMonth(month) != "" {
		return 0, false
	}
	y, _ := strconv.Atoi(month[:4])
	m, _ := strconv.Atoi(month[5:])
	return y*12 + m - 1, true
}

// DuesMonthOf is the YYYY-MM month of a date.
func DuesMonthOf(d Date) string { return d.Time().Format("2006-01") }

// DuesMonthsBack is how many months month lies before the month of today (0 for this month,
// negative for a future month).
func DuesMonthsBack(month string, today Date) int {
	m, ok := duesMonthIndex(month)
	if !ok {
		return 0
	}
	t, _ := duesMonthIndex(DuesMonthOf(today))
	return t - m
}

// DuesPaidOnTime reports whether a bill of month paid on the day paidOn (China time) was paid on
// time: by the last day of its month plus graceDays (rule dues.on_time). Paying ahead, for a
// later month, is on time too.
func DuesPaidOnTime(month string, paidOn Date, graceDays int) bool {
	m, ok := duesMonthIndex(month)
	if !ok {
		return false
	}
	firstOfNext := NewDate(m/12, time.Month(m%12+1), 1).AddDate(0, 1, 0)
	deadline := firstOfNext.AddDate(0, 0, graceDays-1)
	return !paidOn.After(deadline)
}
