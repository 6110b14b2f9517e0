package instance

import (
	"context"
	"fmt"
	"strings"
)

// Send adds a communication to an application: from the citizen (Incoming) or
// from an operator of the service's office (Outgoing). With a [Protocol] and a
// service that requires it, the message is protocolled first, with the
// hashes of its attachments. Attachments must be stored already (see
// [Desk.SendFiles]) and within the service's MessageFiles limits. The
// application's state does not change; the event is [EventMessage].
func (d *Desk) Send(ctx context.Context, id string, version int64, msg Message) (*Application, error) {
	app, svc, err := d.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canSend(app, svc, msg); err != nil {
		return nil, err
	}
	if err := svc.MessageFiles.check(msg.Attachments); err != nil {
		return nil, err
	}
	msg.At = d.cfg.Now().UTC()
	if msg.ID == "" {
		msg.ID = d.cfg.NewID()
	}
	registered := d.autoProtocol(svc) && msg.Registration == nil
	if registered {
		if app.Version != version {
			return nil, fmt.Errorf("instance: send %s: have version %d, caller read %d: %w", id, app.Version, version, ErrConflict)
		}
		reg, err := d.register(ctx, ProtocolRequest{
			Direction: msg.Direction, Kind: DocMessage, Subject: fmt.Sprintf("ISTANZA ONLINE: %s (%s) - %s", svc.Title, app.ID, msg.Subject),
			Correspondent: app.Applicant.FullName(), SHA256: documentHash(msg.Subject+"\n"+msg.Body, msg.Attachments), Attachments: hashes(msg.Attachments),
			ApplicationID: app.ID,
		})
		if err != nil {
			return nil, err
		}
		msg.Registration = &reg
	}
	updated, err := d.update(ctx, id, version, func(a *Application) (Event, error) {
		if err := canSend(a, svc, msg); err != nil {
			return Event{}, err
		}
		a.Messages = append(a.Messages, msg)
		a.Attachments = append(a.Attachments, msg.Attachments...)
		ev := Event{Kind: EventMessage, Actor: msg.From, At: msg.At, From: a.State, To: a.State,
			Payload: map[string]string{"message": msg.ID, "direction": string(msg.Direction)}}
		if msg.Registration != nil {
			ev.Payload["protocol"] = msg.Registration.String()
		}
		return ev, nil
	})
	if err != nil && registered {
		d.cancel(ctx, *msg.Registration, id, err)
	}
	return updated, err
}

func canSend(a *Application, svc *Service, msg Message) error {
	if strings.TrimSpace(msg.Subject) == "" || strings.TrimSpace(msg.Body) == "" {
		return fmt.Errorf("instance: send: subject and body required: %w", ErrRequirement)
	}
	if a.State == StateDraft {
		return fmt.Errorf("instance: send: the application is a draft: %w", ErrTransition)
	}
	switch msg.Direction {
	case Incoming:
		if !a.isApplicant(msg.From) {
			return fmt.Errorf("instance: send: only the applicant writes to the office: %w", ErrForbidden)
		}
	case Outgoing:
		if msg.From.Kind != ActorOperator || !msg.From.InOffice(svc.Office) {
			return fmt.Errorf("instance: send: only the office's operators write to the citizen: %w", ErrForbidden)
		}
	default:
		return fmt.Errorf("instance: send: direction %q: %w", msg.Direction, ErrInvalid)
	}
	return nil
}
