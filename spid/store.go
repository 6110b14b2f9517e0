package spid

import (
	"context"
	"time"
)

// RequestKind distinguishes the requests a [RequestStore] keeps.
type RequestKind string

// The kinds of stored requests.
const (
	KindAuthn  RequestKind = "authn"
	KindLogout RequestKind = "logout"
)

// Request is what the SP remembers about a request it sent, to validate the
// answer (checklist item 30): InResponseTo, the IssueInstant ordering, the
// level rule and the transaction register.
type Request struct {
	ID           string
	Kind         RequestKind
	IssueInstant time.Time // UTC, as sent
	IdP          string    // IdP entityID
	Binding      Binding
	Level        Level
	Comparison   Comparison
	ACSIndex     int
	AttributeSet int    // AttributeConsumingServiceIndex
	RelayState   string // as sent
	Expires      time.Time
	XML          []byte // the request as sent (for the transaction register)

	// For logout requests: the session being closed.
	NameID       string
	SessionIndex string
}

// RequestStore keeps the requests the SP sent until their answer arrives.
//
// Implementations must be safe for concurrent use. Take must be atomic: of
// two concurrent calls with the same ID at most one returns the request (a
// SQL implementation deletes the row and checks the affected count).
type RequestStore interface {
	// Save stores req, keyed by req.ID. It may drop it after req.Expires.
	Save(ctx context.Context, req Request) error
	// Take returns the request with that ID and removes it, so that each
	// request can be answered once. It returns an error matching
	// [ErrUnknownRequest] if there is none or it expired.
	Take(ctx context.Context, id string) (Request, error)
}

// ReplayStore remembers message IDs (Response and Assertion IDs, logout
// request IDs) until they expire, to refuse a replayed message (checklist
// item 48).
//
// Implementations must be safe for concurrent use and atomic: of two
// concurrent calls with the same id, one must fail (a SQL implementation uses
// INSERT with a primary key).
type ReplayStore interface {
	// Use records id as used until expires. It returns an error matching
	// [ErrReplay] if id is already recorded and not expired.
	Use(ctx context.Context, id string, expires time.Time) error
}

// Transaction is one AuthnRequest/Response pair of the transaction register
// the SP must keep for 24 months (checklist E, RT log.rst; DPCM 24/10/2014
// art. 13). Field names follow the RT's suggestion.
type Transaction struct {
	Provider                      string // "spid", "cie"
	AuthnReqID                    string
	AuthnReqIssueInstant          time.Time
	RespID                        string
	RespIssueInstant              time.Time
	RespIssuer                    string
	AssertionID                   string
	AssertionSubject              string
	AssertionSubjectNameQualifier string
	Level                         Level
	Outcome                       string // "success", or the failed check
	ErrorCode                     int    // SPID ErrorCode nrNN of a failed authentication
	AuthnRequestXML               []byte // the request as sent
	ResponseXML                   []byte // the response as received (base64-decoded)
	Received                      time.Time
}

// Register is the transaction register (checklist E). Implementations should
// be append-only, encrypted at rest and access-controlled; they keep entries
// for 24 months.
type Register interface {
	// Record appends t to the register.
	Record(ctx context.Context, t Transaction) error
}
