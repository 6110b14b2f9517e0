package instance

import (
	"context"
	"fmt"
	"io"
	"slices"
)

// File is an upload: its name as the sender gave it, its declared MIME type
// and its bytes.
type File struct {
	Name string
	MIME string
	Body io.Reader
}

// FileRules limit the files attached to a communication, as a file [Field]'s
// Accept, MaxBytes and MaxFiles limit a form's.
type FileRules struct {
	Accept   []string // MIME types; empty means DefaultMessageFiles.Accept
	MaxBytes int64    // per file; zero means DefaultMessageFiles.MaxBytes
	MaxFiles int      // per message; zero means DefaultMessageFiles.MaxFiles
}

// DefaultMessageFiles are the limits of a service that sets none: PDF
// (also signed, .p7m), JPEG and PNG, up to 10 MiB each, five per message.
var DefaultMessageFiles = FileRules{
	Accept:   []string{"application/pdf", "application/pkcs7-mime", "image/jpeg", "image/png"},
	MaxBytes: 10 << 20,
	MaxFiles: 5,
}

// withDefaults fills the zero fields of r from [DefaultMessageFiles].
func (r FileRules) withDefaults() FileRules {
	if len(r.Accept) == 0 {
		r.Accept = DefaultMessageFiles.Accept
	}
	if r.MaxBytes <= 0 {
		r.MaxBytes = DefaultMessageFiles.MaxBytes
	}
	if r.MaxFiles <= 0 {
		r.MaxFiles = DefaultMessageFiles.MaxFiles
	}
	return r
}

// check verifies attachments already stored against the rules.
func (r FileRules) check(atts []Attachment) error {
	r = r.withDefaults()
	if len(atts) > r.MaxFiles {
		return fmt.Errorf("instance: message: at most %d files: %w", r.MaxFiles, ErrInvalid)
	}
	for _, a := range atts {
		switch {
		case !slices.Contains(r.Accept, a.MIME):
			return fmt.Errorf("instance: message: type %q not accepted: %w", a.MIME, ErrInvalid)
		case a.Size > r.MaxBytes:
			return fmt.Errorf("instance: message: %s is %d bytes, more than %d: %w", a.Name, a.Size, r.MaxBytes, ErrTooLarge)
		case !sha256Pattern.MatchString(a.SHA256) || a.Key == "":
			return fmt.Errorf("instance: message: %s has no stored content: %w", a.Name, ErrInvalid)
		}
	}
	return nil
}

// SendFiles sends a communication with files, both ways, like [Desk.Send]:
// it checks the sender first, then each file as [Desk.Attach] checks a
// form's (declared type among the service's MessageFiles, sniffed content
// compatible with it, size, count), stores it in the [BlobStore] with its
// SHA-256 and adds it to msg.Attachments. With a [Protocol] and a service
// that requires it, the message is registered with the impronte of its
// attachments ([Registration.Attachments]). Files stored for a message that
// is then refused stay in the BlobStore, unreferenced.
func (d *Desk) SendFiles(ctx context.Context, id string, version int64, msg Message, files ...File) (*Application, error) {
	app, svc, err := d.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canSend(app, svc, msg); err != nil {
		return nil, err
	}
	rules := svc.MessageFiles.withDefaults()
	if n := len(msg.Attachments) + len(files); n > rules.MaxFiles {
		return nil, fmt.Errorf("instance: message: %d files, at most %d: %w", n, rules.MaxFiles, ErrInvalid)
	}
	msg.Attachments = slices.Clone(msg.Attachments)
	for _, f := range files {
		if !slices.Contains(rules.Accept, f.MIME) {
			return nil, fmt.Errorf("instance: message: type %q not accepted: %w", f.MIME, ErrInvalid)
		}
		if f.Body == nil {
			return nil, fmt.Errorf("instance: message: %s has no content: %w", cleanName(f.Name), ErrInvalid)
		}
		att, err := d.storeFile(ctx, "message", f.Name, f.MIME, f.Body, rules.MaxBytes)
		if err != nil {
			return nil, err
		}
		msg.Attachments = append(msg.Attachments, att)
	}
	return d.Send(ctx, id, version, msg)
}

// hashes lists the attachments' SHA-256.
func hashes(atts []Attachment) []string {
	if len(atts) == 0 {
		return nil
	}
	out := make([]string, len(atts))
	for i, a := range atts {
		out[i] = a.SHA256
	}
	return out
}
