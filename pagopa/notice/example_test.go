package notice_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/siopi/siopi/pagopa/notice"
)

func ExampleQRPayload() {
	fmt.Println(notice.QRPayload("301000000001234519", "01234567897", 12050))
	// Output: PAGOPA|002|301000000001234519|01234567897|12050
}

func ExampleRenderer_Render() {
	r, err := notice.New(notice.Config{})
	if err != nil {
		panic(err)
	}
	n := &notice.Notice{
		Subject:  "TARI 2026 - Tassa sui rifiuti",
		Creditor: notice.Creditor{FiscalCode: "01234567897", Name: "Comune di Prova", CBILL: "A1B2C"},
		Debtor:   notice.Debtor{FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi"},
		Single: &notice.Payment{
			NAV: "301000000001234519", Amount: 12050,
			DueDate: time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC),
		},
	}
	var pdf bytes.Buffer
	if err := r.Render(&pdf, n); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))
	// Output: true
}
