package instance

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// Start opens a draft of a service for a logged-in applicant, prefilled from
// their identity (C.SE.1.5). It refuses a closed service ([ErrClosed]) and an
// authentication weaker than the service's access level ([ErrForbidden]).
func (d *Desk) Start(ctx context.Context, serviceID string, who Applicant) (*Application, error) {
	svc, err := d.Service(serviceID)
	if err != nil {
		return nil, err
	}
	now := d.cfg.Now()
	if !svc.Window.Contains(now) {
		return nil, fmt.Errorf("instance: start %s: %w", svc.ID, ErrClosed)
	}
	if !svc.Access.Allows(who) {
		return nil, fmt.Errorf("instance: start %s: authentication below the service's level: %w", svc.ID, ErrForbidden)
	}
	who.FiscalCode = fiscalcode.Normalize(who.FiscalCode)
	if err := fiscalcode.Validate(who.FiscalCode); err != nil {
		return nil, fmt.Errorf("instance: start %s: applicant: %w: %w", svc.ID, err, ErrForbidden)
	}
	app := &Application{
		ID: d.cfg.NewID(), Municipality: d.cfg.Municipality, ServiceID: svc.ID, Office: svc.Office,
		ProtocolRequired: svc.ProtocolRequired, State: StateDraft, Applicant: who, Data: map[string]string{}, Step: svc.Form()[0].ID,
		CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
	}
	for _, st := range svc.Form() {
		for _, f := range st.Fields {
			if v := who.prefill(f.Prefill); f.Prefill != PrefillNone && v != "" {
				app.Data[f.Name] = v
			}
		}
	}
	ev := Event{Kind: EventCreated, Actor: Citizen(who), At: now.UTC(), To: StateDraft}
	if err := d.cfg.Store.Create(ctx, app, ev); err != nil {
		return nil, err
	}
	ev.ApplicationID, ev.Version = app.ID, app.Version
	d.publish(ev)
	return app, nil
}

// SaveDraft stores a step's values without validating them, so that the
// citizen can stop at any point and resume later (C.SE.1.6). Values of fields
// that are not in the step are refused.
func (d *Desk) SaveDraft(ctx context.Context, id string, version int64, actor Actor, stepID string, values map[string]string) (*Application, error) {
	return d.saveStep(ctx, id, version, actor, stepID, values, false)
}

// Advance validates a step's values and, if they are valid, stores them and
// moves the draft to the next step; otherwise it returns a
// [*ValidationError] and stores nothing.
func (d *Desk) Advance(ctx context.Context, id string, version int64, actor Actor, stepID string, values map[string]string) (*Application, error) {
	return d.saveStep(ctx, id, version, actor, stepID, values, true)
}

func (d *Desk) saveStep(ctx context.Context, id string, version int64, actor Actor, stepID string, values map[string]string, advance bool) (*Application, error) {
	return d.editDraft(ctx, id, version, actor, func(a *Application, svc *Service) (Event, error) {
		steps := svc.Form()
		i := slices.IndexFunc(steps, func(s Step) bool { return s.ID == stepID })
		if i < 0 {
			return Event{}, fmt.Errorf("instance: save step %q: %w", stepID, ErrNotFound)
		}
		for name := range values {
			if !slices.ContainsFunc(steps[i].Fields, func(f Field) bool { return f.Name == name && f.Type != FieldFile }) {
				return Event{}, fmt.Errorf("instance: save step %q: unknown field %q: %w", stepID, name, ErrInvalid)
			}
		}
		maps.Copy(a.Data, values)
		a.Step = stepID
		if advance {
			if err := svc.ValidateStep(stepID, a.Data, a.Attachments, workday.DateOf(d.cfg.Now())); err != nil {
				return Event{}, err
			}
			if i+1 < len(steps) {
				a.Step = steps[i+1].ID
			}
		}
		return Event{Kind: EventDraftSaved, Payload: map[string]string{"step": a.Step}}, nil
	})
}

// editDraft runs fn on a draft the actor owns.
func (d *Desk) editDraft(ctx context.Context, id string, version int64, actor Actor, fn func(*Application, *Service) (Event, error)) (*Application, error) {
	return d.update(ctx, id, version, func(a *Application) (Event, error) {
		svc, err := d.Service(a.ServiceID)
		if err != nil {
			return Event{}, err
		}
		if a.State != StateDraft {
			return Event{}, fmt.Errorf("instance: edit %s: not a draft but %s: %w", a.ID, a.State, ErrTransition)
		}
		if !a.isApplicant(actor) {
			return Event{}, fmt.Errorf("instance: edit %s: not the applicant: %w", a.ID, ErrForbidden)
		}
		if a.Data == nil {
			a.Data = map[string]string{}
		}
		ev, err := fn(a, svc)
		if err != nil {
			return Event{}, err
		}
		now := d.cfg.Now().UTC()
		ev.Actor, ev.At, ev.From, ev.To, a.UpdatedAt = actor, now, a.State, a.State, now
		return ev, nil
	})
}

// Attach stores a file for a file field of a draft: it checks the declared
// MIME type against the field's Accept list and against the sniffed content,
// the size against MaxBytes and the count against MaxFiles, and records the
// file's SHA-256.
func (d *Desk) Attach(ctx context.Context, id string, version int64, actor Actor, field, name, mime string, r io.Reader) (*Application, error) {
	app, svc, err := d.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if app.State != StateDraft || !app.isApplicant(actor) {
		return nil, fmt.Errorf("instance: attach %s: only the applicant attaches to a draft: %w", id, ErrForbidden)
	}
	f, ok := svc.Field(field)
	if !ok || f.Type != FieldFile {
		return nil, fmt.Errorf("instance: attach: %q is not a file field: %w", field, ErrInvalid)
	}
	if !slices.Contains(f.Accept, mime) {
		return nil, fmt.Errorf("instance: attach: type %q not accepted by %q: %w", mime, field, ErrInvalid)
	}
	att, err := d.storeFile(ctx, "attach", name, mime, r, f.MaxBytes)
	if err != nil {
		return nil, err
	}
	att.Field = field
	return d.editDraft(ctx, id, version, actor, func(a *Application, _ *Service) (Event, error) {
		n := 0
		for _, x := range a.Attachments {
			if x.Field == field {
				n++
			}
		}
		if n >= max(f.MaxFiles, 1) {
			return Event{}, fmt.Errorf("instance: attach: %q takes at most %d files: %w", field, max(f.MaxFiles, 1), ErrInvalid)
		}
		a.Attachments = append(a.Attachments, att)
		return Event{Kind: EventAttached, Payload: map[string]string{"field": field, "sha256": att.SHA256}}, nil
	})
}

// storeFile stores a file's content, at most maxBytes, in the [BlobStore]
// and checks that the sniffed content fits the declared MIME type; op names
// the operation in errors. The attachment it returns has no Field.
func (d *Desk) storeFile(ctx context.Context, op, name, mime string, r io.Reader, maxBytes int64) (Attachment, error) {
	blob, err := d.cfg.Blobs.Put(ctx, r, maxBytes)
	if err != nil {
		return Attachment{}, fmt.Errorf("instance: %s: %s: %w", op, cleanName(name), err)
	}
	if sniffed := http.DetectContentType(blob.Sniffed); !compatible(mime, sniffed) {
		return Attachment{}, fmt.Errorf("instance: %s: content looks like %q, not %q: %w", op, sniffed, mime, ErrInvalid)
	}
	return Attachment{Name: cleanName(name), MIME: mime, Size: blob.Size, SHA256: blob.SHA256, Key: blob.Key}, nil
}

// compatible reports whether sniffed content fits the declared type: the
// sniffer's generic answers are accepted, specific ones must agree.
func compatible(declared, sniffed string) bool {
	base, _, _ := strings.Cut(sniffed, ";")
	switch base {
	case "application/octet-stream", "text/plain", "application/zip": // zip: docx, odt, p7m containers
		return true
	}
	return base == declared
}

func cleanName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	if name == "" {
		return "allegato"
	}
	return name
}

// Submit validates the whole form, files the application in its dossier and
// submits it; with a [Protocol] and a service that requires it, the
// application is also protocolled. A [*ValidationError] lists every invalid
// field.
func (d *Desk) Submit(ctx context.Context, id string, version int64, actor Actor) (*Application, error) {
	app, svc, err := d.load(ctx, id)
	if err != nil {
		return nil, err
	}
	now := d.cfg.Now()
	if !svc.Window.Contains(now) {
		return nil, fmt.Errorf("instance: submit %s: %w", id, ErrClosed)
	}
	if err := svc.ValidateForm(app.Data, app.Attachments, workday.DateOf(now)); err != nil {
		return nil, err
	}
	submit := Command{Action: ActionSubmit, Actor: actor, At: now}
	if _, err := app.Clone().Apply(svc, submit, d.cfg.Clock); err != nil {
		return nil, err // refuse before a dossier number is spent
	}
	dossier, err := d.cfg.Dossiers.File(ctx, app, svc)
	if err != nil {
		return nil, err
	}
	app, err = d.update(ctx, id, version, func(a *Application) (Event, error) {
		vis := svc.Visible(a.Data)
		maps.DeleteFunc(a.Data, func(k, _ string) bool { return !vis[k] })
		a.Beneficiary = beneficiary(a.Data)
		a.Dossier = &dossier
		return a.Apply(svc, submit, d.cfg.Clock)
	})
	if err != nil {
		return nil, err
	}
	return d.followUp(ctx, app, svc), nil
}

func beneficiary(data map[string]string) *Person {
	code := fiscalcode.Normalize(data[FieldBeneficiaryCode])
	if data[FieldBeneficiaryIsOther] != "true" || code == "" {
		return nil
	}
	return &Person{FiscalCode: code, GivenName: data[FieldBeneficiaryGiven], FamilyName: data[FieldBeneficiaryFamily]}
}
