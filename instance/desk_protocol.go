package instance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// autoProtocol reports whether the desk registers the service's documents.
func (d *Desk) autoProtocol(svc *Service) bool { return svc.ProtocolRequired && d.cfg.Protocol != nil }

// apply makes the transition cmd asks for on app, read at version. If the
// desk must protocol the document the command carries, it checks first that
// the transition is allowed (a refused action spends no number), registers
// the document and records the registration in the same change; if that
// change fails, the registration is cancelled.
func (d *Desk) apply(ctx context.Context, app *Application, svc *Service, version int64, cmd Command) (*Application, error) {
	req, ok := d.document(app, svc, cmd)
	if !ok {
		updated, err := d.update(ctx, app.ID, version, func(a *Application) (Event, error) { return a.Apply(svc, cmd, d.cfg.Clock) })
		if err == nil {
			d.syncDossier(ctx, app, updated)
		}
		return updated, err
	}
	if app.Version != version {
		return nil, fmt.Errorf("instance: %s %s: have version %d, caller read %d: %w", cmd.Action, app.ID, app.Version, version, ErrConflict)
	}
	probe := cmd
	probe.Registration = &Registration{Number: 1}
	if _, err := app.Clone().Apply(svc, probe, d.cfg.Clock); err != nil {
		return nil, err
	}
	reg, err := d.register(ctx, req)
	if err != nil {
		return nil, err
	}
	cmd.Registration = &reg
	updated, err := d.update(ctx, app.ID, version, func(a *Application) (Event, error) { return a.Apply(svc, cmd, d.cfg.Clock) })
	if err != nil {
		d.cancel(ctx, reg, app.ID, err)
		return nil, err
	}
	d.syncDossier(ctx, app, updated)
	return updated, nil
}

// document returns the protocol request for the document cmd carries, when
// the desk must register it.
func (d *Desk) document(app *Application, svc *Service, cmd Command) (ProtocolRequest, bool) {
	if !d.autoProtocol(svc) || cmd.Registration != nil {
		return ProtocolRequest{}, false
	}
	req := ProtocolRequest{Direction: Outgoing, SHA256: documentHash(cmd.Reason, cmd.Attachments)}
	if cmd.Document != nil {
		req.SHA256 = cmd.Document.SHA256
	}
	switch cmd.Action {
	case ActionRequestIntegration:
		req.Kind = DocIntegrationRequest
	case ActionNoticeRejection:
		req.Kind = DocRejectionNotice
	case ActionSubmitObservations:
		req.Direction, req.Kind = Incoming, DocObservations
	case ActionRegister:
		sum := sha256.Sum256([]byte(svc.Summary(app).Text()))
		req.Direction, req.Kind, req.SHA256 = Incoming, documentKind(app.State, cmd.Action), hex.EncodeToString(sum[:])
	case ActionRegisterOutcome:
		if app.OutcomeDocument == nil {
			return ProtocolRequest{}, false
		}
		req.Kind, req.SHA256 = DocOutcome, app.OutcomeDocument.SHA256
	default:
		return ProtocolRequest{}, false
	}
	req.ApplicationID, req.Correspondent = app.ID, app.Applicant.FullName()
	req.Subject = fmt.Sprintf("ISTANZA ONLINE: %s (%s) - %s", svc.Title, app.ID, documentLabels[req.Kind])
	return req, true
}

// documentLabels name documents in protocol subjects.
var documentLabels = map[DocumentKind]string{
	DocApplication: "istanza", DocIntegrationRequest: "richiesta di integrazione", DocIntegrationReply: "integrazione",
	DocRejectionNotice: "preavviso di rigetto", DocObservations: "osservazioni", DocOutcome: "esito", DocMessage: "comunicazione",
}

// followUp protocols what the application's state waits for: the
// application or an integration (ActionRegister), or the outcome document
// (ActionRegisterOutcome). A failure is logged and leaves the application
// waiting, in [BucketToRegister], for [Desk.Sweep] to retry.
func (d *Desk) followUp(ctx context.Context, app *Application, svc *Service) *Application {
	if !d.autoProtocol(svc) {
		return app
	}
	var action Action
	switch app.State {
	case StateSubmitted, StateIntegrationSubmitted:
		action = ActionRegister
	case StateAcceptedPending, StateRejectedPending:
		action = ActionRegisterOutcome
	default:
		return app
	}
	next, err := d.apply(ctx, app, svc, app.Version, Command{Action: action, Actor: System("protocol"), At: d.cfg.Now()})
	if err != nil {
		d.cfg.Logger.WarnContext(ctx, "instance: not protocolled; the sweep retries", "application", app, "error", err)
		return app
	}
	return next
}

func (d *Desk) register(ctx context.Context, req ProtocolRequest) (Registration, error) {
	reg, err := d.cfg.Protocol.Register(ctx, req)
	if err != nil {
		return Registration{}, fmt.Errorf("instance: protocol %s %s: %w", req.Kind, req.ApplicationID, err)
	}
	return reg, nil
}

// cancel annuls a registration whose recording failed with cause. It runs
// even if ctx was cancelled (the likely cause); a failure to cancel is logged
// for the protocol office, which must cancel the number by hand.
func (d *Desk) cancel(ctx context.Context, reg Registration, id string, cause error) {
	reason := fmt.Sprintf("Registrazione non associata alla pratica %s: operazione non completata (%v)", id, cause)
	if err := d.cfg.Protocol.Cancel(context.WithoutCancel(ctx), reg, reason); err != nil {
		d.cfg.Logger.ErrorContext(ctx, "instance: protocol number left unused; cancel it by hand",
			"protocol", reg.String(), "application", id, "error", err)
	}
}

// documentHash is the SHA-256 of a document made of a text and attachments:
// the text, then each attachment's hash on its own line.
func documentHash(text string, attachments []Attachment) string {
	h := sha256.New()
	io.WriteString(h, text)
	for _, a := range attachments {
		io.WriteString(h, "\n"+a.SHA256)
	}
	return hex.EncodeToString(h.Sum(nil))
}
