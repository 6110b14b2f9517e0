package appio_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/siopi/siopi/appio"
)

func TestLogValuesRedact(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	m := newMessage()
	m.Content.PaymentData = &appio.PaymentData{Amount: 10, NoticeNumber: "301000000000012345"}
	log.Info("x", "msg", m, "got", appio.Message{ID: messageID, FiscalCode: citizen},
		"act", appio.Activation{FiscalCode: citizen}, "fail", appio.BulkFailure{FiscalCode: citizen, Stage: "submit", Err: appio.ErrServer})
	out := buf.String()
	if strings.Contains(strings.ToUpper(out), citizen) || strings.Contains(out, "protocollata.") {
		t.Errorf("log leaks personal data: %s", out)
	}
	if !strings.Contains(out, "RSSMRA*********R") || !strings.Contains(out, "amount=10") {
		t.Errorf("log = %s", out)
	}
	f := appio.BulkFailure{FiscalCode: citizen, Stage: "submit", Err: appio.ErrServer}
	if s := f.Error(); strings.Contains(s, citizen) || !strings.Contains(s, "submit") {
		t.Errorf("BulkFailure.Error() = %q", s)
	}
}
