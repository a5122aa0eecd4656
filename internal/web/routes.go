// Package web is the HTML console for party-affairs staff: server-rendered pages with
// html/template, Tabler for the look, htmx for partial updates. Handlers hold no business
// rules; every decision (scope, permission, validation) is the services'.
package web

import (
	"net/http"

	"dangjian/internal/services"
)

// New returns the console's handler: the one route table of the console, behind
// cross-origin protection (with SameSite=Lax cookies, our CSRF defence).
func New(set *services.Set) (http.Handler, error) {
	h, err := newHandler(set)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()

	// Open to everyone.
	mux.Handle("GET /static/", h.staticFiles())
	mux.HandleFunc("GET /login", h.showLogin)
	mux.HandleFunc("POST /login", h.createSession)
	mux.HandleFunc("POST /logout", h.deleteSession)
	mux.HandleFunc("POST /language", h.setLanguage)
	mux.HandleFunc("GET /dues/calculator", h.showDuesCalculator) // the public dues calculator

	// Signed in; the services decide what each user may see and do.
	page := func(pattern string, fn http.HandlerFunc) { mux.Handle(pattern, h.signedIn(fn)) }
	page("GET /{$}", h.showHome)
	page("GET /orgs", h.showOrgTree)
	page("POST /orgs", h.createOrg)
	page("GET /orgs/{id}", h.showOrg)
	page("GET /orgs/{id}/compliance", h.showOrgCompliance)
	page("GET /orgs/{id}/compliance/rollup", h.showComplianceRollUp)
	page("POST /orgs/{id}", h.updateOrg)
	page("POST /orgs/{id}/move", h.moveOrg)
	page("GET /members", h.listMembers)
	page("GET /members/new", h.newMember)
	page("GET /members/import", h.newImport)
	page("POST /members/import", h.startImport)
	page("GET /members/import/template.xlsx", h.downloadImportTemplate)
	page("POST /members/export", h.exportMembers)
	page("GET /imports/{id}", h.showImport)
	page("GET /imports/{id}/errors.xlsx", h.downloadImportErrors)
	page("GET /exports/{id}", h.showExport)
	page("GET /exports/{id}/file", h.downloadExport)
	page("POST /members", h.createMember)
	page("GET /members/{id}", h.showMember)
	page("POST /members/{id}", h.updateMember)
	page("POST /members/{id}/reveal", h.revealMember)
	page("POST /members/{id}/standing", h.changeStanding)
	page("POST /members/{id}/departure", h.recordDeparture)
	page("POST /members/{id}/departure/undo", h.undoDeparture)

	// Member development (发展党员).
	page("GET /applicants", h.listApplicants)
	page("GET /applicants/new", h.newApplicant)
	page("POST /applicants", h.createApplicant)
	page("GET /applicants/due", h.listDue)
	page("GET /applicants/{id}", h.showApplicant)
	page("POST /applicants/{id}/steps", h.recordApplicantStep)
	page("POST /applicants/{id}/extension", h.extendProbation)
	page("POST /applicants/{id}/close", h.closeApplicant)
	page("GET /applicants/{id}/attachments/{file}", h.downloadAttachment)

	// Transfers of the formal relationship (组织关系转接).
	page("GET /transfers", h.listTransfers)
	page("GET /transfers/new", h.newTransfer)
	page("POST /transfers", h.createTransfer)
	page("GET /transfers/incoming", h.newIncomingTransfer)
	page("POST /transfers/incoming", h.createIncomingTransfer)
	page("GET /transfers/{id}", h.showTransfer)
	page("POST /transfers/{id}/accept", h.acceptTransfer)
	page("POST /transfers/{id}/reject", h.rejectTransfer)
	page("POST /transfers/{id}/receipt", h.recordTransferReceipt)
	page("POST /transfers/{id}/letter", h.downloadTransferLetter)

	// Floating members (流动党员).
	page("GET /floating", h.listFloating)
	page("GET /floating/new", h.newFloating)
	page("POST /floating", h.createFloating)
	page("GET /floating/{id}", h.showFloating)
	page("POST /floating/{id}/reports", h.recordFloatingReport)
	page("POST /floating/{id}/end", h.endFloating)
	page("POST /floating/{id}/lost_contact", h.markFloatingLost)

	// Points (积分): a member's own points and claims, the approval queue, the "1 + X"
	// catalogue with direct awards, rankings, and the yearly star rating.
	page("GET /points", h.showPoints)
	page("GET /points/claims/new", h.newClaim)
	page("POST /points/claims", h.createClaim)
	page("GET /claims/{id}", h.showClaim)
	page("POST /claims/{id}/approve", h.approveClaim)
	page("POST /claims/{id}/reject", h.rejectClaim)
	page("GET /claims/{id}/evidence/{file}", h.downloadEvidence)
	page("GET /approvals", h.listApprovals)
	page("POST /approvals", h.decideClaims)
	page("GET /catalogue", h.listCatalogue)
	page("GET /catalogue/new", h.newIndicator)
	page("POST /catalogue", h.createIndicator)
	page("POST /catalogue/copy", h.copyCatalogue)
	page("GET /catalogue/{id}", h.showIndicator)
	page("POST /catalogue/{id}", h.updateIndicator)
	page("GET /awards/new", h.newAward)
	page("POST /awards", h.createAward)
	page("GET /rankings", h.listRankings)
	page("GET /ratings", h.showRating)
	page("POST /ratings/run", h.startRating)
	page("POST /ratings/calibrate", h.calibrateRating)
	page("POST /ratings/publish", h.publishRating)

	// Branch activities (活动认领): a committee's plans of the year, its branches' claims and
	// the completions that credit them; an organisation's own points page with reversals
	// and the year-end bonus.
	page("GET /activities", h.listActivities)
	page("POST /activities", h.createActivityPlan)
	page("POST /activities/{id}/claims", h.claimActivity)
	page("POST /activities/{id}/claims/{org}/complete", h.completeActivity)
	page("GET /points/orgs/{id}", h.showOrgPoints)
	page("POST /points/orgs/{id}/bonus", h.createBonus)
	page("POST /points/entries/{id}/reverse", h.reverseEntry)

	// Redemption at the service alliance: merchants and their rewards, the member's
	// catalogue and redemptions, and the operator's counter page (the QR code opens it).
	page("GET /merchants", h.listMerchants)
	page("POST /merchants", h.createMerchant)
	page("GET /merchants/{id}", h.showMerchant)
	page("POST /merchants/{id}", h.updateMerchant)
	page("POST /merchants/{id}/rewards", h.createReward)
	page("POST /merchants/{id}/operators", h.addOperator)
	page("POST /merchants/{id}/operators/{user}/remove", h.removeOperator)
	page("GET /rewards", h.listRewards)
	page("GET /rewards/{id}", h.showReward)
	page("POST /rewards/{id}", h.updateReward)
	page("POST /redemptions", h.createRedemption)
	page("GET /redemptions", h.listRedemptions)
	page("GET /redemptions/{id}", h.showRedemption)
	page("GET /redemptions/{id}/qr.png", h.showRedemptionQR)
	page("POST /redemptions/{id}/cancel", h.cancelRedemption)
	page("GET /m/redeem", h.showScan)
	page("GET /m/redeem/{code}", h.showScan)
	page("POST /m/redeem/confirm", h.confirmRedemption)

	// Organisational life (组织生活): the secretary's meetings with the QR screen, live
	// attendance and minutes; the member's own meetings and check-in; minutes approval.
	page("GET /meetings", h.listMeetings)
	page("POST /meetings", h.createMeeting)
	page("GET /meetings/{id}", h.showMeeting)
	page("GET /meetings/{id}/qr", h.showMeetingQR)
	page("GET /meetings/{id}/qr.png", h.showMeetingQRImage)
	page("POST /meetings/{id}/attendance", h.recordAttendance)
	page("POST /meetings/{id}/cancel", h.cancelMeeting)
	page("POST /meetings/{id}/reschedule", h.rescheduleMeeting)
	page("GET /meetings/{id}/checkin", h.showCheckin)
	page("POST /meetings/{id}/checkin", h.checkIn)
	page("POST /meetings/{id}/leave", h.requestLeave)
	page("GET /meetings/{id}/minutes", h.showMinutes)
	page("POST /meetings/{id}/minutes", h.saveMinutes)
	page("POST /meetings/{id}/minutes/attachments", h.addMinutesAttachment)
	page("GET /meetings/{id}/minutes/attachments/{file}", h.downloadMinutesAttachment)
	page("POST /meetings/{id}/minutes/approve", h.approveMinutes)
	page("POST /meetings/{id}/minutes/return", h.returnMinutes)
	page("GET /minutes/approvals", h.listMinutesApprovals)
	page("GET /my/meetings", h.listMyMeetings)

	// Study (我的学习): the member's courses with the reading heartbeat, exams and contests.
	page("GET /study", h.listCourses)
	page("GET /study/courses/{id}", h.showCourse)
	page("GET /study/courses/{id}/file", h.downloadCourseFile)
	page("POST /study/courses/{id}/progress", h.recordProgress)
	page("GET /study/exams", h.listExams)
	page("GET /study/exams/{id}/attempt", h.startAttempt)
	page("GET /study/exams/{id}/leaderboard", h.showLeaderboard)
	page("POST /study/attempts/{id}", h.submitAttempt)

	// The party-fund pool (党建经费蓄水池): the ledger, income and spending forms with files,
	// an entry with approval, reversal and remittance, the approval queue, the yearly report
	// with its publication and PDF, and the member's page of published reports.
	page("GET /funds", h.listFundEntries)
	page("GET /funds/new", h.newFundEntry)
	page("POST /funds/entries", h.createFundEntry)
	page("GET /funds/entries/{id}", h.showFundEntry)
	page("POST /funds/entries/{id}/approve", h.approveFundEntry)
	page("POST /funds/entries/{id}/return", h.returnFundEntry)
	page("POST /funds/entries/{id}/reverse", h.reverseFundEntry)
	page("POST /funds/entries/{id}/remit", h.remitFundEntry)
	page("POST /funds/entries/{id}/attachments", h.addFundAttachment)
	page("GET /funds/entries/{id}/attachments/{file}", h.downloadFundAttachment)
	page("GET /funds/approvals", h.listFundApprovals)
	page("POST /funds/dues", h.bookFundDues)
	page("GET /funds/report", h.showFundReport)
	page("POST /funds/report/publish", h.publishFundReport)
	page("GET /funds/report.pdf", h.downloadFundReport)
	page("GET /funds/rules", h.showFundRules)
	page("POST /funds/rules", h.setFundRules)
	page("GET /my/funds", h.showMyFunds)

	// Study management (学习管理) for organisation admins and secretaries: courses with
	// completion, the question bank and its import, exams and contests with results.
	page("GET /manage/study", h.showStudyManage)
	page("GET /manage/study/courses", h.listManagedCourses)
	page("GET /manage/study/courses/new", h.newCourse)
	page("POST /manage/study/courses", h.createCourse)
	page("GET /manage/study/courses/{id}", h.showCourseCompletion)
	page("POST /manage/study/courses/{id}", h.updateCourse)
	page("GET /manage/study/courses/{id}/edit", h.editCourse)
	page("GET /manage/study/courses/{id}/completion.xlsx", h.downloadCourseCompletion)
	page("POST /manage/study/courses/{id}/assignments", h.assignCourse)
	page("POST /manage/study/courses/{id}/assignments/{org}/remove", h.unassignCourse)
	page("GET /manage/study/questions", h.listQuestionBank)
	page("GET /manage/study/questions/new", h.newQuestion)
	page("POST /manage/study/questions", h.createQuestion)
	page("GET /manage/study/questions/import", h.newQuestionImport)
	page("POST /manage/study/questions/import", h.importQuestions)
	page("GET /manage/study/questions/template.xlsx", h.downloadQuestionTemplate)
	page("GET /manage/study/exams", h.listManagedExams)
	page("GET /manage/study/exams/new", h.newExam)
	page("POST /manage/study/exams", h.createExam)
	page("GET /manage/study/exams/{id}", h.showExamResults)
	page("GET /manage/study/exams/{id}/screen", h.showContestScreen)

	// Party dues (党费): a member's dues profile and its history, hardship reduction and
	// exemption (apply → branch → next level), the month's bills with generation (a job for a
	// large scope), and the payroll import of bases.
	page("GET /members/{id}/dues", h.showMemberDues)
	page("POST /members/{id}/dues", h.updateMemberDues)
	page("GET /dues/bills", h.listDuesBills)
	page("POST /dues/bills/generate", h.generateDuesBills)
	page("GET /dues/jobs/{id}", h.showDuesJob)
	page("GET /dues/hardship", h.listDuesHardship)
	page("GET /dues/hardship/new", h.newDuesHardship)
	page("POST /dues/hardship", h.createDuesHardship)
	page("GET /dues/hardship/{id}", h.showDuesHardship)
	page("POST /dues/hardship/{id}/{step}", h.decideDuesHardship)
	page("GET /dues/import", h.newDuesImport)
	page("POST /dues/import", h.startDuesImport)
	page("GET /dues/import/template.xlsx", h.downloadDuesTemplate)
	page("GET /dues/imports/{id}", h.showDuesImport)

	// Dues statistics (党费统计): the collection of a month with charts, the arrears list with
	// the self-withdrawal flag and the branch's decisions, the monthly dues sheet.
	page("GET /dues/stats", h.showDuesStats)
	page("GET /dues/arrears", h.listDuesArrears)
	page("POST /dues/arrears/notes", h.recordArrearsNote)
	page("GET /dues/sheet.xlsx", h.downloadDuesSheetXLSX)
	page("GET /dues/sheet.pdf", h.downloadDuesSheetPDF)

	// Dues payments (党费缴纳): the member's 我的党费 with online payment and 代缴 through the
	// provider's cashier, the branch's cash and transfer records, the payments list, receipts
	// and refunds of overpayment.
	page("GET /my/dues", h.showMyDues)
	page("POST /my/dues/pay", h.payMyDues)
	page("POST /my/dues/orders/{id}/cancel", h.cancelMyDuesOrder)
	page("GET /dues/payments", h.listDuesPayments)
	page("GET /dues/payments/new", h.newDuesPayment)
	page("POST /dues/payments", h.recordDuesPayment)
	page("GET /dues/payments/{id}", h.showDuesPayment)
	page("POST /dues/payments/{id}/refund", h.refundDuesPayment)

	page("GET /users", h.listUsers)
	page("GET /users/new", h.newUser)
	page("POST /users", h.createUser)
	page("GET /users/{id}", h.showUser)
	page("POST /users/{id}", h.updateUser)
	page("GET /audit", h.listAudit)
	mux.HandleFunc("/", h.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(h.crossOriginDenied))
	return cop.Handler(mux), nil
}
