package notice

import (
	"testing"

	"github.com/siopi/siopi/pagopa"
)

func TestQRIsVersion4(t *testing.T) {
	t.Parallel()
	for _, amount := range []int64{1, 12050, 99_999_999_999} {
		code, err := encodeQR(QRPayload("301000000001234519", "01234567897", pagopa.Amount(amount)))
		if err != nil {
			t.Fatal(err)
		}
		if b := code.Bounds(); b.Dx() != 33 || b.Dy() != 33 {
			t.Errorf("amount %d: %dx%d modules, want 33x33 (version 4)", amount, b.Dx(), b.Dy())
		}
	}
}
