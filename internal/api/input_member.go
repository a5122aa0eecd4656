package api

import (
	"io"

	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// memberRequest is the body of POST /members and PATCH /members/{id}. A field left out
// (or null) is not changed; "" clears an optional text or date; group_id null or "" takes
// the member out of their party group.
type memberRequest struct {
	Name         *string   `json:"name"`
	Gender       *string   `json:"gender"`
	Ethnicity    *string   `json:"ethnicity"`
	BirthDate    *string   `json:"birth_date"`
	IDNumber     *string   `json:"id_number"`
	Phone        *string   `json:"phone"`
	Education    *string   `json:"education"`
	OrgID        ID        `json:"org_id"`
	GroupID      ID        `json:"group_id"`
	Category     *string   `json:"category"`
	Standing     *string   `json:"standing"`
	Floating     *bool     `json:"floating"`
	LostContact  *bool     `json:"lost_contact"`
	JoinedOn     *string   `json:"joined_on"`
	FullMemberOn *string   `json:"full_member_on"`
	JobTitle     *string   `json:"job_title"`
	Positions    *[]string `json:"positions"`
}

// decodeMemberRequest reads a member body into the service's Input. Errors: EBadRequest,
// EInvalid (a malformed id).
func decodeMemberRequest(body io.Reader) (member.Input, error) {
	var req memberRequest
	if err := decodeJSON(body, &req); err != nil {
		return member.Input{}, err
	}
	v := &domain.Validation{}
	in := req.input(v)
	return in, v.Err()
}

// input maps the request to the service's Input, recording malformed ids in v.
func (req *memberRequest) input(v *domain.Validation) member.Input {
	return member.Input{Name: req.Name, Gender: req.Gender, Ethnicity: req.Ethnicity, BirthDate: req.BirthDate,
		IDNumber: req.IDNumber, Phone: req.Phone, Education: req.Education, OrgID: req.OrgID.required("org_id", v),
		GroupID: req.GroupID.optional("group_id", v), Category: req.Category, Standing: req.Standing,
		Floating: req.Floating, LostContact: req.LostContact, JoinedOn: req.JoinedOn, FullMemberOn: req.FullMemberOn,
		JobTitle: req.JobTitle, Positions: req.Positions}
}
