package appio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Operation ids of the IO API (IFS openapi/index.yaml v4.1.1).
const (
	opSubmitMessage      = "submitMessageforUserWithFiscalCodeInBody"
	opGetMessage         = "getMessage"
	opGetProfile         = "getProfileByPOST"
	opGetProfileLegacy   = "getProfile"
	opFeed               = "getSubscriptionsFeedForDate"
	opGetActivation      = "getServiceActivationByPOST"
	opUpsertActivation   = "upsertServiceActivation"
	opUploadOrganization = "uploadOrganizationLogo"
)

// MessageStatus is a message's processing status. IO's enum is open.
type MessageStatus string

// Message statuses: ACCEPTED then PROCESSED, or REJECTED (recipient not on
// IO or service blocked), THROTTLED (retrying, up to 7 days), FAILED.
const (
	StatusAccepted  MessageStatus = "ACCEPTED"
	StatusThrottled MessageStatus = "THROTTLED"
	StatusFailed    MessageStatus = "FAILED"
	StatusProcessed MessageStatus = "PROCESSED"
	StatusRejected  MessageStatus = "REJECTED"
)

// Message is IO's ExternalMessageResponseWithContent.
type Message struct {
	ID              string
	FiscalCode      string
	CreatedAt       time.Time
	SenderServiceID string
	FeatureLevel    FeatureLevel
	Subject         string
	Markdown        string
	DueDate         time.Time
	PaymentData     *PaymentData
	Status          MessageStatus
	// Notification holds the per-channel status ("email", "webhook").
	Notification map[string]string
	// ReadStatus (UNAVAILABLE, UNREAD, READ) and PaymentStatus (PAID,
	// NOT_PAID) come only for ADVANCED messages.
	ReadStatus    string
	PaymentStatus string
}

type wireMessageResponse struct {
	Message struct {
		ID              string       `json:"id"`
		FiscalCode      string       `json:"fiscal_code"`
		CreatedAt       time.Time    `json:"created_at"`
		SenderServiceID string       `json:"sender_service_id"`
		FeatureLevel    FeatureLevel `json:"feature_level_type"`
		Content         *struct {
			Subject     string     `json:"subject"`
			Markdown    string     `json:"markdown"`
			DueDate     *time.Time `json:"due_date"`
			PaymentData *struct {
				Amount              int64  `json:"amount"`
				NoticeNumber        string `json:"notice_number"`
				InvalidAfterDueDate bool   `json:"invalid_after_due_date"`
				Payee               *struct {
					FiscalCode string `json:"fiscal_code"`
				} `json:"payee"`
			} `json:"payment_data"`
		} `json:"content"`
	} `json:"message"`
	Notification  map[string]string `json:"notification"`
	Status        MessageStatus     `json:"status"`
	ReadStatus    string            `json:"read_status"`
	PaymentStatus string            `json:"payment_status"`
}

// SubmitMessage validates m and submits it (IO operation
// submitMessageforUserWithFiscalCodeInBody, POST /messages, the fiscal code
// in the body). It returns the id of the accepted message: IO processes it
// asynchronously, see [Client.GetMessage].
//
// IO creates a new message on every call and has no idempotency of its own,
// so the call is retried only on 429 or when no connection was made. With
// m.IdempotencyKey set, the key is reserved in the client's [SentStore]
// first: a key already sent returns its message id without calling IO, and
// a key whose earlier attempt has an unknown outcome returns [ErrPending]
// rather than risk a duplicate. A failed call releases its key when IO
// certainly created nothing (a 4xx answer, a problem JSON 500 from IO's
// function, a refused connection, or a context that ended before anything
// was sent or while waiting out a 429); it leaves the key pending after a
// timeout, a dropped connection or a gateway 502/503/504.
//
// Call [Client.GetProfile] first: IO requires it and a message to a citizen
// not on IO is accepted and then REJECTED.
func (c *Client) SubmitMessage(ctx context.Context, m NewMessage) (string, error) {
	if err := m.validate(c.strict); err != nil {
		return "", fmt.Errorf("appio: submit message: %w", err)
	}
	if m.IdempotencyKey == "" {
		return c.submit(ctx, m, nil)
	}
	rec, err := c.sent.Reserve(ctx, m.IdempotencyKey)
	switch {
	case errors.Is(err, ErrAlreadySent):
		return rec.MessageID, nil
	case err != nil:
		return "", fmt.Errorf("appio: submit message: %w", err)
	}
	var tr sendTrace
	id, err := c.submit(ctx, m, &tr)
	if err == nil {
		if cerr := c.sent.Complete(context.WithoutCancel(ctx), m.IdempotencyKey, id); cerr != nil {
			return id, fmt.Errorf("appio: submit message: record sent message: %w", cerr)
		}
		return id, nil
	}
	if !tr.mayHaveReached() {
		if rerr := c.sent.Release(context.WithoutCancel(ctx), m.IdempotencyKey); rerr != nil {
			return "", errors.Join(err, fmt.Errorf("appio: submit message: release key: %w", rerr))
		}
	}
	return "", err
}

// submit posts m; tr, if not nil, learns whether IO may have created it.
func (c *Client) submit(ctx context.Context, m NewMessage, tr *sendTrace) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	_, err := c.do(ctx, call{
		op: opSubmitMessage, method: http.MethodPost, path: "/messages",
		class: retryUnsafe, body: m.wire(), out: &out, ok: []int{http.StatusCreated}, trace: tr,
	})
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", fmt.Errorf("appio: %s: response without id", opSubmitMessage)
	}
	return out.ID, nil
}

// GetMessage returns a message this service sent, with its processing and
// notification status (IO operation getMessage, GET
// /messages/{fiscal_code}/{id}). A message of another service gives
// [ErrForbidden]; an unknown id [ErrNotFound].
func (c *Client) GetMessage(ctx context.Context, fiscalCode, id string) (Message, error) {
	if err := validateCF("fiscal_code", fiscalCode, c.strict); err != nil {
		return Message{}, fmt.Errorf("appio: get message: %w", err)
	}
	if !ulidRE.MatchString(id) {
		return Message{}, fmt.Errorf("appio: get message: %w", &FieldError{Field: "id", Reason: "not a ULID"})
	}
	var w wireMessageResponse
	_, err := c.do(ctx, call{
		op: opGetMessage, method: http.MethodGet,
		path:  "/messages/" + url.PathEscape(normalizeCF(fiscalCode)) + "/" + url.PathEscape(id),
		class: retrySafe, out: &w, ok: []int{http.StatusOK},
	})
	if err != nil {
		return Message{}, err
	}
	m := Message{
		ID: w.Message.ID, FiscalCode: w.Message.FiscalCode, CreatedAt: w.Message.CreatedAt,
		SenderServiceID: w.Message.SenderServiceID, FeatureLevel: w.Message.FeatureLevel,
		Status: w.Status, Notification: w.Notification, ReadStatus: w.ReadStatus, PaymentStatus: w.PaymentStatus,
	}
	if ct := w.Message.Content; ct != nil {
		m.Subject, m.Markdown = ct.Subject, ct.Markdown
		if ct.DueDate != nil {
			m.DueDate = *ct.DueDate
		}
		if p := ct.PaymentData; p != nil {
			m.PaymentData = &PaymentData{Amount: p.Amount, NoticeNumber: p.NoticeNumber, InvalidAfterDueDate: p.InvalidAfterDueDate}
			if p.Payee != nil {
				m.PaymentData.Payee = p.Payee.FiscalCode
			}
		}
	}
	return m, nil
}
