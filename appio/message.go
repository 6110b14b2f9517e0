package appio

import (
	"encoding/json"
	"time"

	"github.com/siopi/siopi/workday"
)

// FeatureLevel is a message's feature level. IO's enum is open, so unknown
// values read from IO are kept as they are.
type FeatureLevel string

// Feature levels.
const (
	// Standard is the default level.
	Standard FeatureLevel = "STANDARD"
	// Advanced (Premium) adds read and payment status, attachments and
	// reminders; it needs a contract with PagoPA.
	Advanced FeatureLevel = "ADVANCED"
)

// Precondition says when the app shows a third-party message's precondition.
type Precondition string

// Preconditions.
const (
	PreconditionAlways Precondition = "ALWAYS"
	PreconditionOnce   Precondition = "ONCE"
	PreconditionNever  Precondition = "NEVER"
)

// NewMessage is a message to submit (IO's NewMessage with the fiscal code in
// the body). Zero optional fields are omitted from the request.
type NewMessage struct {
	// FiscalCode is the recipient's codice fiscale; it is upper-cased.
	FiscalCode string
	// Content is the message itself.
	Content MessageContent
	// TimeToLive in seconds, 3600..604800; zero omits it (IO's default is
	// 3600). Deprecated upstream but still range-checked.
	TimeToLive int
	// FeatureLevel is empty (IO's default, STANDARD), [Standard] or [Advanced].
	FeatureLevel FeatureLevel
	// IdempotencyKey, when set, makes [Client.SubmitMessage] send the message
	// at most once per key, recording key → message id in the client's
	// [SentStore]. It is never sent to IO.
	IdempotencyKey string
}

// MessageContent is IO's MessageContent.
type MessageContent struct {
	// Subject, 10..120 characters (UTF-16 units). Never put personal or
	// sensitive data in it.
	Subject string
	// Markdown body, 80..10000 characters (UTF-16 units); only headings,
	// bold/italic and lists are rendered.
	Markdown string
	// RequireSecureChannels suppresses e-mail and makes the push generic.
	RequireSecureChannels bool
	// DueDate enables the app's reminder; zero omits it. It is sent in UTC.
	// See [EndOfDay] for "by the end of that day".
	DueDate time.Time
	// PaymentData links a pagoPA payment notice.
	PaymentData *PaymentData
	// ThirdPartyData points at remote content or attachments served by the
	// ente.
	ThirdPartyData *ThirdPartyData
}

// PaymentData is IO's PaymentData: a pagoPA notice the citizen can pay from
// the message.
type PaymentData struct {
	// Amount in euro cents, 1..9999999999 and at most the service's
	// max_allowed_payment_amount.
	Amount int64
	// NoticeNumber is the 18-digit "numero avviso".
	NoticeNumber string
	// InvalidAfterDueDate shows the notice as expired after the due date.
	InvalidAfterDueDate bool
	// Payee is the creditor's organisation fiscal code. Leave it empty (IO
	// then uses the service's organisation): sending it needs IO's
	// ApiMessageWriteWithPayee permission, otherwise IO answers 403.
	Payee string
}

// ThirdPartyData is IO's ThirdPartyData (remote content and attachments).
type ThirdPartyData struct {
	// ID identifies the content on the ente's remote-content endpoint.
	ID string
	// ConfigurationID is the ULID of the ente's remote-content
	// configuration; IO requires it.
	ConfigurationID string
	// OriginalSender and OriginalReceiptDate describe the original
	// communication, if any.
	OriginalSender      string
	OriginalReceiptDate time.Time
	// HasAttachments needs an [Advanced] message.
	HasAttachments   bool
	HasRemoteContent bool
	// HasPrecondition is empty or one of the Precondition constants.
	HasPrecondition Precondition
	// Summary is shown in the message list.
	Summary string
}

// Timestamp formats t as IO wants instants: UTC with milliseconds and Z,
// e.g. "2026-03-31T21:59:59.000Z".
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// EndOfDay returns 23:59:59 of civil day d in Europe/Rome as an instant: the
// due date IO's guidelines suggest for "by the end of the day". It is
// 21:59:59Z in summer time and 22:59:59Z in winter, and correct on the days
// the clocks change.
func EndOfDay(d workday.Date) time.Time {
	return d.At(23, 59).Add(59 * time.Second).UTC()
}

// EndOfDayOf is [EndOfDay] of the civil day (in Europe/Rome) of instant t.
func EndOfDayOf(t time.Time) time.Time { return EndOfDay(workday.DateOf(t)) }

// Wire forms of the request, with omitempty for what IO treats as absent.
type (
	wireNewMessage struct {
		FiscalCode   string       `json:"fiscal_code"`
		Content      wireContent  `json:"content"`
		TimeToLive   int          `json:"time_to_live,omitempty"`
		FeatureLevel FeatureLevel `json:"feature_level_type,omitempty"`
	}
	wireContent struct {
		Subject               string          `json:"subject"`
		Markdown              string          `json:"markdown"`
		RequireSecureChannels bool            `json:"require_secure_channels,omitempty"`
		DueDate               string          `json:"due_date,omitempty"`
		PaymentData           *wirePayment    `json:"payment_data,omitempty"`
		ThirdPartyData        *wireThirdParty `json:"third_party_data,omitempty"`
	}
	wirePayment struct {
		Amount              int64      `json:"amount"`
		NoticeNumber        string     `json:"notice_number"`
		InvalidAfterDueDate bool       `json:"invalid_after_due_date,omitempty"`
		Payee               *wirePayee `json:"payee,omitempty"`
	}
	wirePayee struct {
		FiscalCode string `json:"fiscal_code"`
	}
	wireThirdParty struct {
		ID                  string       `json:"id"`
		OriginalSender      string       `json:"original_sender,omitempty"`
		OriginalReceiptDate string       `json:"original_receipt_date,omitempty"`
		HasAttachments      bool         `json:"has_attachments,omitempty"`
		HasRemoteContent    bool         `json:"has_remote_content,omitempty"`
		HasPrecondition     Precondition `json:"has_precondition,omitempty"`
		Summary             string       `json:"summary,omitempty"`
		ConfigurationID     string       `json:"configuration_id,omitempty"`
	}
)

func optTimestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Timestamp(t)
}

// MarshalJSON encodes the message as IO's NewMessage (fiscal code in the
// body, instants in UTC, absent fields omitted).
func (m NewMessage) MarshalJSON() ([]byte, error) { return json.Marshal(m.wire()) }

func (m NewMessage) wire() wireNewMessage {
	w := wireNewMessage{
		FiscalCode:   normalizeCF(m.FiscalCode),
		TimeToLive:   m.TimeToLive,
		FeatureLevel: m.FeatureLevel,
		Content: wireContent{
			Subject:               m.Content.Subject,
			Markdown:              m.Content.Markdown,
			RequireSecureChannels: m.Content.RequireSecureChannels,
			DueDate:               optTimestamp(m.Content.DueDate),
		},
	}
	if p := m.Content.PaymentData; p != nil {
		w.Content.PaymentData = &wirePayment{Amount: p.Amount, NoticeNumber: p.NoticeNumber, InvalidAfterDueDate: p.InvalidAfterDueDate}
		if p.Payee != "" {
			w.Content.PaymentData.Payee = &wirePayee{FiscalCode: p.Payee}
		}
	}
	if t := m.Content.ThirdPartyData; t != nil {
		w.Content.ThirdPartyData = &wireThirdParty{
			ID: t.ID, OriginalSender: t.OriginalSender, OriginalReceiptDate: optTimestamp(t.OriginalReceiptDate),
			HasAttachments: t.HasAttachments, HasRemoteContent: t.HasRemoteContent, HasPrecondition: t.HasPrecondition,
			Summary: t.Summary, ConfigurationID: t.ConfigurationID,
		}
	}
	return w
}
