package appio_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/workday"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestNewMessageGolden pins the JSON the client sends for each kind of
// message; run with -update after an intended change.
func TestNewMessageGolden(t *testing.T) {
	t.Parallel()
	due := appio.EndOfDay(workday.NewDate(2026, time.October, 25))
	tests := map[string]appio.NewMessage{
		"plain": newMessage(),
		"payment_notice": {
			FiscalCode: citizen, TimeToLive: 3600,
			Content: appio.MessageContent{
				Subject: "Avviso di pagamento TARI 2026", Markdown: markdown80, DueDate: due,
				PaymentData: &appio.PaymentData{Amount: 12345, NoticeNumber: "301000000000012345", InvalidAfterDueDate: true},
			},
		},
		"premium_third_party": {
			FiscalCode: citizen, FeatureLevel: appio.Advanced,
			Content: appio.MessageContent{
				Subject: "Esito della pratica edilizia", Markdown: markdown80, RequireSecureChannels: true,
				ThirdPartyData: &appio.ThirdPartyData{ID: "pratica-42", ConfigurationID: "01ARZ3NDEKTSV4RRFFQ69G5FAV",
					OriginalSender: "Sportello unico edilizia", OriginalReceiptDate: time.Date(2026, 2, 3, 9, 30, 0, 0, workday.Rome()),
					HasAttachments: true, HasRemoteContent: true, HasPrecondition: appio.PreconditionOnce, Summary: "Permesso di costruire"},
			},
		},
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "newmessage_"+name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s changed:\n%s", path, got)
			}
		})
	}
}
