package instance_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"testing"

	"github.com/siopi/siopi/instance"
)

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// TestMessageAttachments: communications carry files both ways, checked like
// form attachments (type, sniffed content, size, count), stored in the
// BlobStore with their SHA-256; a protocolled service registers the message
// with the hashes of its attachments.
func TestMessageAttachments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	op := opOf("anagrafe")
	app := f.startChangeOfAddress(t)
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))

	letter := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("lettera"), 20)...)
	photo := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	app = must(f.desk.SendFiles(ctx, app.ID, app.Version, instance.Message{Direction: instance.Outgoing, From: op,
		Subject: "Verbale di sopralluogo", Body: "In allegato il verbale."},
		instance.File{Name: "../verbale.pdf", MIME: "application/pdf", Body: bytes.NewReader(letter)}))
	app = must(f.desk.SendFiles(ctx, app.ID, app.Version, instance.Message{Direction: instance.Incoming, From: citizen,
		Subject: "Foto del citofono", Body: "Ecco la foto."},
		instance.File{Name: "citofono.png", MIME: "image/png", Body: bytes.NewReader(photo)},
		instance.File{Name: "delega.pdf", MIME: "application/pdf", Body: bytes.NewReader(letter)}))
	if len(app.Messages) != 2 {
		t.Fatalf("messages %+v", app.Messages)
	}
	out, in := app.Messages[0], app.Messages[1]
	if len(out.Attachments) != 1 || out.Attachments[0].Name != "verbale.pdf" || out.Attachments[0].SHA256 != sum(letter) ||
		out.Attachments[0].Size != int64(len(letter)) || out.Attachments[0].Key == "" {
		t.Errorf("outgoing attachments %+v", out.Attachments)
	}
	if len(in.Attachments) != 2 || in.Attachments[0].SHA256 != sum(photo) || in.Attachments[0].MIME != "image/png" {
		t.Errorf("incoming attachments %+v", in.Attachments)
	}
	for _, m := range []instance.Message{out, in} {
		var hashes []string
		for _, a := range m.Attachments {
			hashes = append(hashes, a.SHA256)
		}
		reg := m.Registration
		if reg == nil || reg.Kind != instance.DocMessage || reg.Direction != m.Direction || !slices.Equal(reg.Attachments, hashes) {
			t.Errorf("%s registration %+v, want attachments %v", m.Direction, reg, hashes)
			continue
		}
		if e := f.entries()[reg.Number]; !slices.Equal(e.Attachments, hashes) {
			t.Errorf("register line %+v", e)
		}
	}

	refused := []struct {
		name  string
		from  instance.Actor
		dir   instance.Direction
		files []instance.File
		want  error
	}{
		{"type not accepted", citizen, instance.Incoming, []instance.File{{Name: "a.txt", MIME: "text/plain", Body: bytes.NewReader([]byte("ciao"))}}, instance.ErrInvalid},
		{"content not the declared type", citizen, instance.Incoming, []instance.File{{Name: "a.png", MIME: "image/png", Body: bytes.NewReader(letter)}}, instance.ErrInvalid},
		{"too large", op, instance.Outgoing, []instance.File{{Name: "big.pdf", MIME: "application/pdf", Body: bytes.NewReader(make([]byte, 10<<20+1))}}, instance.ErrTooLarge},
		{"too many", citizen, instance.Incoming, slices.Repeat([]instance.File{{Name: "a.pdf", MIME: "application/pdf"}}, 6), instance.ErrInvalid},
		{"a stranger", instance.Citizen(instance.Applicant{FiscalCode: gianni}), instance.Incoming, []instance.File{{Name: "a.pdf", MIME: "application/pdf", Body: bytes.NewReader(letter)}}, instance.ErrForbidden},
	}
	before := len(f.entries())
	for _, tt := range refused {
		for i := range tt.files {
			if tt.files[i].Body == nil {
				tt.files[i].Body = bytes.NewReader(letter)
			}
		}
		_, err := f.desk.SendFiles(ctx, app.ID, app.Version, instance.Message{Direction: tt.dir, From: tt.from, Subject: "s", Body: "b"}, tt.files...)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	// Send checks attachments it is handed the same way.
	forged := instance.Attachment{Name: "x.exe", MIME: "application/x-msdownload", Size: 10, SHA256: hash, Key: hash}
	if _, err := f.desk.Send(ctx, app.ID, app.Version, instance.Message{Direction: instance.Incoming, From: citizen, Subject: "s", Body: "b",
		Attachments: []instance.Attachment{forged}}); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("forged attachment: %v", err)
	}
	if n := len(f.entries()); n != before {
		t.Errorf("refused messages spent %d protocol numbers", n-before)
	}
	if got := must(f.desk.Get(ctx, app.ID)); len(got.Messages) != 2 {
		t.Errorf("refused messages were stored: %d", len(got.Messages))
	}

	// Without the protocol, the files are stored and nothing is registered.
	road := f.submitRoadReport(t)
	road = must(f.desk.SendFiles(ctx, road.ID, road.Version, instance.Message{Direction: instance.Incoming, From: citizen,
		Subject: "Altra foto", Body: "La buca si è allargata."}, instance.File{Name: "buca.png", MIME: "image/png", Body: bytes.NewReader(photo)}))
	if m := road.Messages[0]; m.Registration != nil || len(m.Attachments) != 1 || m.Attachments[0].SHA256 != sum(photo) {
		t.Errorf("road report message %+v", m)
	}
}
