// Package api is the JSON API v1 for integrations (../shared/API.md). Handlers translate
// HTTP to service calls and back; every decision about scope, permission and validity is the
// services', so the API, the console and the CLI cannot differ.
package api

import (
	"net/http"

	"dangjian/internal/services"
)

// base is the path prefix of every route of this version.
const base = "/api/v1"

// route is one row of the route table. Public routes run without a bearer token.
type route struct {
	method  string
	path    string // ServeMux pattern below base; {id} segments are wildcards
	public  bool
	handler func(h *handler, w http.ResponseWriter, r *http.Request) error
}

// routes is the one route table of the API. The OpenAPI test checks that it and
// openapi.yaml describe the same operations.
var routes = []route{
	{"POST", "/auth/tokens", true, (*handler).createToken},
	{"GET", "/openapi.json", true, (*handler).getOpenAPI},
	{"GET", "/me", false, (*handler).getMe},

	{"GET", "/orgs", false, (*handler).listOrgs},
	{"POST", "/orgs", false, (*handler).createOrg},
	{"GET", "/orgs/{id}", false, (*handler).getOrg},
	{"PATCH", "/orgs/{id}", false, (*handler).updateOrg},
	{"POST", "/orgs/{id}/move", false, (*handler).moveOrg},
	{"GET", "/orgs/{id}/subtree", false, (*handler).getOrgSubtree},
	{"GET", "/orgs/{id}/compliance", false, (*handler).getOrgCompliance},
	{"GET", "/orgs/{id}/compliance/rollup", false, (*handler).getOrgComplianceRollUp},
	{"GET", "/orgs/{id}/reminders", false, (*handler).getOrgReminders},
	{"GET", "/orgs/directory", false, (*handler).listOrgDirectory},

	{"GET", "/members", false, (*handler).listMembers},
	{"POST", "/members", false, (*handler).createMember},
	{"GET", "/members/{id}", false, (*handler).getMember},
	{"PATCH", "/members/{id}", false, (*handler).updateMember},
	{"GET", "/members/{id}/events", false, (*handler).listMemberEvents},
	{"POST", "/members/{id}/standing", false, (*handler).changeStanding},
	{"POST", "/members/{id}/departure", false, (*handler).recordDeparture},
	{"POST", "/members/{id}/departure/undo", false, (*handler).undoDeparture},
	{"GET", "/members/birthdays", false, (*handler).listBirthdays},
	{"GET", "/members/standing_changes", false, (*handler).listStandingChanges},
	{"GET", "/members/{id}/standing_changes", false, (*handler).listMemberStandingChanges},

	{"GET", "/imports/members/template.xlsx", false, (*handler).getImportTemplate},
	{"POST", "/imports/members", false, (*handler).startImport},
	{"GET", "/imports/{id}", false, (*handler).getImport},
	{"GET", "/imports/{id}/errors.xlsx", false, (*handler).getImportErrors},
	{"GET", "/exports/members.xlsx", false, (*handler).exportMembers},
	{"GET", "/exports/{id}", false, (*handler).getExport},
	{"GET", "/exports/{id}/file", false, (*handler).getExportFile},

	{"POST", "/applicants", false, (*handler).createApplicant},
	{"GET", "/applicants", false, (*handler).listApplicants},
	{"GET", "/applicants/due", false, (*handler).listDue},
	{"GET", "/applicants/{id}", false, (*handler).getApplicant},
	{"POST", "/applicants/{id}/steps", false, (*handler).recordApplicantStep},
	{"POST", "/applicants/{id}/extension", false, (*handler).extendProbation},
	{"POST", "/applicants/{id}/close", false, (*handler).closeApplicant},
	{"GET", "/applicants/{id}/attachments/{attachment_id}", false, (*handler).getApplicantAttachment},

	{"POST", "/transfers", false, (*handler).createTransfer},
	{"GET", "/transfers", false, (*handler).listTransfers},
	{"POST", "/transfers/incoming", false, (*handler).createIncomingTransfer},
	{"GET", "/transfers/{id}", false, (*handler).getTransfer},
	{"POST", "/transfers/{id}/accept", false, (*handler).acceptTransfer},
	{"POST", "/transfers/{id}/reject", false, (*handler).rejectTransfer},
	{"POST", "/transfers/{id}/receipt", false, (*handler).receiptTransfer},
	{"GET", "/transfers/{id}/letter.pdf", false, (*handler).getTransferLetter},

	{"POST", "/floating", false, (*handler).createFloating},
	{"GET", "/floating", false, (*handler).listFloating},
	{"GET", "/floating/{id}", false, (*handler).getFloating},
	{"POST", "/floating/{id}/reports", false, (*handler).reportFloating},
	{"POST", "/floating/{id}/end", false, (*handler).endFloating},
	{"POST", "/floating/{id}/lost_contact", false, (*handler).lostContactFloating},

	{"GET", "/users", false, (*handler).listUsers},
	{"POST", "/users", false, (*handler).createUser},
	{"GET", "/users/{id}", false, (*handler).getUser},
	{"PATCH", "/users/{id}", false, (*handler).updateUser},

	{"GET", "/audit", false, (*handler).listAudit},

	{"GET", "/indicators", false, (*handler).listIndicators},
	{"POST", "/indicators", false, (*handler).createIndicator},
	{"POST", "/indicators/copy", false, (*handler).copyCatalogue},
	{"GET", "/indicators/{id}", false, (*handler).getIndicator},
	{"PATCH", "/indicators/{id}", false, (*handler).updateIndicator},
	{"POST", "/indicators/{id}/retire", false, (*handler).retireIndicator},
	{"GET", "/indicators/{id}/versions", false, (*handler).listIndicatorVersions},

	{"POST", "/points/claims", false, (*handler).createClaim},
	{"GET", "/points/claims", false, (*handler).listClaims},
	{"POST", "/points/claims/approve", false, (*handler).approveClaims},
	{"POST", "/points/claims/reject", false, (*handler).rejectClaims},
	{"GET", "/points/claims/{id}", false, (*handler).getClaim},
	{"POST", "/points/claims/{id}/approve", false, (*handler).approveClaim},
	{"POST", "/points/claims/{id}/reject", false, (*handler).rejectClaim},
	{"GET", "/points/claims/{id}/evidence/{evidence_id}", false, (*handler).getClaimEvidence},
	{"POST", "/points/awards", false, (*handler).createAward},
	{"POST", "/points/bonuses", false, (*handler).createBonus},
	{"GET", "/activity-plans", false, (*handler).listActivityPlans},
	{"POST", "/activity-plans", false, (*handler).createActivityPlan},
	{"GET", "/activity-plans/{id}", false, (*handler).getActivityPlan},
	{"POST", "/activity-plans/{id}/claims", false, (*handler).claimActivity},
	{"POST", "/activity-plans/{id}/claims/{org_id}/complete", false, (*handler).completeActivity},
	{"GET", "/points/accounts", false, (*handler).getAccount},
	{"GET", "/points/entries", false, (*handler).listEntries},
	{"GET", "/points/entries/{id}", false, (*handler).getEntry},
	{"POST", "/points/entries/{id}/reverse", false, (*handler).reverseEntry},

	{"GET", "/points/eligibility", false, (*handler).getEligibility},
	{"GET", "/leaderboards", false, (*handler).listLeaderboard},
	{"GET", "/leaderboards/rank", false, (*handler).getRank},

	{"POST", "/ratings/{year}/runs", false, (*handler).startRatingRun},
	{"GET", "/ratings/{year}", false, (*handler).getRatings},
	{"POST", "/ratings/{year}/calibrations", false, (*handler).calibrateRating},
	{"POST", "/ratings/{year}/publish", false, (*handler).publishRatings},

	{"GET", "/merchants", false, (*handler).listMerchants},
	{"POST", "/merchants", false, (*handler).createMerchant},
	{"GET", "/merchants/{id}", false, (*handler).getMerchant},
	{"PATCH", "/merchants/{id}", false, (*handler).updateMerchant},
	{"GET", "/merchants/{id}/operators", false, (*handler).listOperators},
	{"POST", "/merchants/{id}/operators", false, (*handler).addOperator},
	{"DELETE", "/merchants/{id}/operators/{user_id}", false, (*handler).removeOperator},
	{"GET", "/rewards", false, (*handler).listRewards},
	{"POST", "/rewards", false, (*handler).createReward},
	{"GET", "/rewards/{id}", false, (*handler).getReward},
	{"PATCH", "/rewards/{id}", false, (*handler).updateReward},
	{"POST", "/redemptions", false, (*handler).createRedemption},
	{"GET", "/redemptions", false, (*handler).listRedemptions},
	{"POST", "/redemptions/confirm", false, (*handler).confirmRedemptionCode},
	{"GET", "/redemptions/{id}", false, (*handler).getRedemption},
	{"GET", "/redemptions/{id}/qr.png", false, (*handler).getRedemptionQR},
	{"POST", "/redemptions/{id}/confirm", false, (*handler).confirmRedemption},
	{"POST", "/redemptions/{id}/cancel", false, (*handler).cancelRedemption},

	{"POST", "/meetings", false, (*handler).createMeeting},
	{"GET", "/meetings", false, (*handler).listMeetings},
	{"GET", "/meetings/{id}", false, (*handler).getMeeting},
	{"POST", "/meetings/{id}/cancel", false, (*handler).cancelMeeting},
	{"POST", "/meetings/{id}/reschedule", false, (*handler).rescheduleMeeting},
	{"POST", "/meetings/{id}/leave-requests", false, (*handler).requestLeave},
	{"GET", "/meetings/{id}/qr", false, (*handler).getMeetingQR},
	{"POST", "/meetings/{id}/checkins", false, (*handler).checkIn},
	{"GET", "/meetings/{id}/attendance", false, (*handler).getAttendance},
	{"POST", "/meetings/{id}/attendance", false, (*handler).recordAttendance},
	{"GET", "/meetings/{id}/minutes", false, (*handler).getMinutes},
	{"PUT", "/meetings/{id}/minutes", false, (*handler).putMinutes},
	{"POST", "/meetings/{id}/minutes/submit", false, (*handler).submitMinutes},
	{"POST", "/meetings/{id}/minutes/approve", false, (*handler).approveMinutes},
	{"POST", "/meetings/{id}/minutes/return", false, (*handler).returnMinutes},
	{"POST", "/meetings/{id}/minutes/attachments", false, (*handler).addMinutesAttachment},
	{"GET", "/meetings/{id}/minutes/attachments/{attachment_id}", false, (*handler).getMinutesAttachment},

	{"GET", "/courses", false, (*handler).listCourses},
	{"POST", "/courses", false, (*handler).createCourse},
	{"POST", "/courses/{id}/progress", false, (*handler).courseProgress},
	{"GET", "/courses/{id}/rates", false, (*handler).getCourseRates},
	{"GET", "/questions", false, (*handler).listQuestions},
	{"POST", "/questions", false, (*handler).createQuestion},
	{"POST", "/questions/import", false, (*handler).importQuestions},
	{"GET", "/exams", false, (*handler).listExams},
	{"POST", "/exams", false, (*handler).createExam},
	{"POST", "/exams/{id}/attempts", false, (*handler).startAttempt},
	{"POST", "/attempts/{id}/submit", false, (*handler).submitAttempt},
	{"GET", "/exams/{id}/leaderboard", false, (*handler).getExamLeaderboard},

	// Party dues (issue 6 parts 1–3): the public calculator, profiles, hardship, bills, the
	// payroll import and their jobs.
	{"POST", "/dues/calculate", true, (*handler).calculateDues},
	{"GET", "/members/{id}/dues-profile", false, (*handler).getDuesProfile},
	{"PUT", "/members/{id}/dues-profile", false, (*handler).putDuesProfile},
	{"POST", "/dues/hardship", false, (*handler).createDuesHardship},
	{"GET", "/dues/hardship", false, (*handler).listDuesHardship},
	{"GET", "/dues/hardship/{id}", false, (*handler).getDuesHardship},
	{"POST", "/dues/hardship/{id}/agree", false, (*handler).agreeDuesHardship},
	{"POST", "/dues/hardship/{id}/approve", false, (*handler).approveDuesHardship},
	{"POST", "/dues/hardship/{id}/reject", false, (*handler).rejectDuesHardship},
	{"POST", "/dues/bills/generate", false, (*handler).generateDuesBills},
	{"GET", "/dues/bills", false, (*handler).listDuesBills},
	{"GET", "/dues/bills/{id}", false, (*handler).getDuesBill},
	{"GET", "/dues/jobs/{id}", false, (*handler).getDuesJob},
	{"GET", "/dues/imports/template.xlsx", false, (*handler).getDuesImportTemplate},
	{"POST", "/dues/imports", false, (*handler).startDuesImport},
	{"GET", "/dues/imports/{id}", false, (*handler).getDuesImport},

	// The party-fund pool (issue 6 part 6).
	{"GET", "/funds/entries", false, (*handler).listFundEntries},
	{"POST", "/funds/entries", false, (*handler).createFundEntry},
	{"GET", "/funds/entries/{id}", false, (*handler).getFundEntry},
	{"POST", "/funds/entries/{id}/approve", false, (*handler).approveFundEntry},
	{"POST", "/funds/entries/{id}/return", false, (*handler).returnFundEntry},
	{"POST", "/funds/entries/{id}/reverse", false, (*handler).reverseFundEntry},
	{"POST", "/funds/entries/{id}/remittance", false, (*handler).remitFundEntry},
	{"POST", "/funds/entries/{id}/attachments", false, (*handler).addFundAttachment},
	{"GET", "/funds/entries/{id}/attachments/{attachment_id}", false, (*handler).getFundAttachment},
	{"GET", "/funds/approvals", false, (*handler).listFundApprovals},
	{"GET", "/funds/report", false, (*handler).getFundReport},
	{"GET", "/funds/report.pdf", false, (*handler).getFundReportPDF},
	{"POST", "/funds/report/publish", false, (*handler).publishFundReport},
	{"POST", "/funds/dues-income", false, (*handler).postFundDues},
	{"GET", "/funds/rules", false, (*handler).getFundRules},
	{"POST", "/funds/rules", false, (*handler).setFundRules},

	// Dues arrears, statistics and the monthly dues sheet (issue 6 parts 4 and 5).
	{"GET", "/dues/arrears", false, (*handler).getDuesArrears},
	{"POST", "/dues/arrears/notes", false, (*handler).createDuesArrearsNote},
	{"GET", "/dues/stats", false, (*handler).getDuesStats},
	{"GET", "/dues/sheet.xlsx", false, (*handler).getDuesSheetXLSX},
	{"GET", "/dues/sheet.pdf", false, (*handler).getDuesSheetPDF},

	// Dues payments (issue 6 parts 3 and 4): cash, transfer and online payments, refunds, the
	// member's bills and payments, and the providers' signed notifications (public).
	{"POST", "/dues/payments", false, (*handler).createDuesPayment},
	{"GET", "/dues/payments", false, (*handler).listDuesPayments},
	{"GET", "/dues/payments/{id}", false, (*handler).getDuesPayment},
	{"POST", "/dues/payments/{id}/cancel", false, (*handler).cancelDuesPayment},
	{"GET", "/dues/my-payments", false, (*handler).listMyDuesPayments},
	{"GET", "/dues/my-bills", false, (*handler).listMyDuesBills},
	{"GET", "/dues/payable", false, (*handler).listPayableDuesBills},
	{"POST", "/dues/refunds", false, (*handler).createDuesRefund},
	{"POST", "/dues/notify/{provider}", true, (*handler).notifyDues},
}

// New returns the API's handler, to be mounted at /api/. It fails when the embedded OpenAPI
// document does not load, so a broken document stops the start-up rather than the clients.
func New(set *services.Set) (http.Handler, error) {
	doc, err := openAPIJSON()
	if err != nil {
		return nil, err
	}
	h := &handler{set: set, openapi: doc}
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.method+" "+base+rt.path, h.endpoint(rt))
	}
	// Everything else under /api/ answers in JSON too: 405 when the path exists with other
	// methods, otherwise 404.
	mux.Handle("/api/", h.endpoint(route{public: true, handler: (*handler).noRoute}))
	return h.guard(mux), nil
}
