package web

import "net/http"

// fileRoute reads the two ids of a route to an uploaded file, /…/{id}/…/{file}: the record
// (an applicant, a claim, a fund entry, a meeting) and the file. Every download of a stored
// file starts here, so that a bad id answers alike on all of them.
func fileRoute(r *http.Request) (id, fileID int64, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	if fileID, err = pathID(r, "file"); err != nil {
		return 0, 0, err
	}
	return id, fileID, nil
}
