package redemption

import (
	"context"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// ScanPath is the page an operator's phone opens when it scans a redemption's QR code with a
// plain camera app: the code follows it.
const ScanPath = "/m/redeem/"

// QRCodeContent is what a held redemption's QR code holds: base (e.g. "https://dj.example.org")
// + ScanPath + the code, or only the code when base is "" (ConfirmCode accepts either).
func QRCodeContent(base, code string) string {
	if base == "" {
		return code
	}
	return strings.TrimSuffix(base, "/") + ScanPath + code
}

// QRCode returns a PNG (size × size pixels; 0 gives 256) of the QR code of a held
// redemption, for the member to show at the counter.
// Who: as Get. Errors: ENotFound, EConflict (err.redemption.not_held).
func (s *Service) QRCode(ctx context.Context, a *auth.Actor, id int64, base string, size int) ([]byte, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if r.Status != domain.RedemptionHeld {
		return nil, conflict("err.redemption.not_held")
	}
	if size <= 0 || size > 1024 {
		size = 256
	}
	return qrcode.Encode(QRCodeContent(base, r.Code), qrcode.Medium, size)
}
