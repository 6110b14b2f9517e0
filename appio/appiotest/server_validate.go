package appiotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf16"
)

// The patterns IO's codecs enforce (@pagopa/ts-commons).
var (
	fiscalCodeRE   = regexp.MustCompile(`^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$`)
	noticeNumberRE = regexp.MustCompile(`^[0123][0-9]{17}$`)
	orgCodeRE      = regexp.MustCompile(`^[0-9]{11}$`)
	ulidRE         = regexp.MustCompile(`^[0-9a-hjkmnp-tv-zA-HJKMNP-TV-Z]{26}$`)
	timestampRE    = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$`)
	dateRE         = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	// The enums' codecs accept only the listed values, although the
	// definitions mark them x-extensible-enum (open for readers).
	featureLevelRE     = regexp.MustCompile(`^(STANDARD|ADVANCED)$`)
	preconditionRE     = regexp.MustCompile(`^(ALWAYS|ONCE|NEVER)$`)
	activationStatusRE = regexp.MustCompile(`^(ACTIVE|INACTIVE|PENDING)$`)
)

// rejection is a refused request: status, problem title and detail.
type rejection struct {
	status        int
	title, detail string
}

func (r *rejection) write(w http.ResponseWriter) { problem(w, r.status, r.title, r.detail) }

// report collects io-ts style messages: `value [x] at [root.path] is not a valid [type]`.
type report struct{ msgs []string }

func (r *report) add(path string, v any, typ string) {
	b, _ := json.Marshal(v)
	r.msgs = append(r.msgs, fmt.Sprintf("value [%s] at [root.0.%s] is not a valid [%s]", b, path, typ))
}

func (r *report) rejection(typeName string) *rejection {
	if len(r.msgs) == 0 {
		return nil
	}
	return &rejection{http.StatusBadRequest, "Invalid " + typeName, strings.Join(r.msgs, "\n")}
}

func jsLen(s string) int { return len(utf16.Encode([]rune(s))) }

// decodeObject reads a JSON object body with numbers kept exact.
func decodeObject(r *http.Request) (map[string]any, *rejection) {
	m, _, rej := decodeObjectRaw(r)
	return m, rej
}

// decodeObjectRaw is decodeObject that also returns the body's bytes.
func decodeObjectRaw(r *http.Request) (map[string]any, []byte, *rejection) {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return nil, nil, &rejection{http.StatusBadRequest, "Invalid payload", "request body is too large or unreadable"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, nil, &rejection{http.StatusBadRequest, "Invalid payload", "request body is not valid JSON"}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, nil, &rejection{http.StatusBadRequest, "Invalid payload", "request body is not a JSON object"}
	}
	return m, raw, nil
}

func checkString(rep *report, obj map[string]any, key, path string, required bool, minLen, maxLen int, re *regexp.Regexp, typ string) string {
	v, ok := obj[key]
	if !ok {
		if required {
			rep.add(path, nil, typ)
		}
		return ""
	}
	s, isStr := v.(string)
	n := jsLen(s)
	if !isStr || (minLen > 0 && n < minLen) || (maxLen > 0 && n > maxLen) || (re != nil && !re.MatchString(s)) {
		rep.add(path, v, typ)
		return ""
	}
	return s
}

func checkInt(rep *report, obj map[string]any, key, path string, required bool, lo, hi int64) (int64, bool) {
	v, ok := obj[key]
	if !ok {
		if required {
			rep.add(path, nil, fmt.Sprintf("integer >= %d and <= %d", lo, hi))
		}
		return 0, false
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil || i < lo || i > hi {
		rep.add(path, v, fmt.Sprintf("integer >= %d and <= %d", lo, hi))
		return 0, false
	}
	return i, true
}

func checkBool(rep *report, obj map[string]any, key, path string) bool {
	v, ok := obj[key]
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		rep.add(path, v, "boolean")
	}
	return b
}

// validateNewMessage applies the NewMessage codec, then the permission and
// business checks of CreateMessage, in IO's order. pathCF is the fiscal code
// of the path variant, "" for POST /messages.
func (f *Fake) validateNewMessage(body map[string]any, pathCF string) (*newMessage, *rejection) {
	rep := &report{}
	nm := &newMessage{raw: body}
	nm.fiscalCode = checkString(rep, body, "fiscal_code", "fiscal_code", false, 0, 0, fiscalCodeRE, "FiscalCode")
	if ttl, ok := checkInt(rep, body, "time_to_live", "time_to_live", false, 3600, 604800); ok {
		nm.ttl = int(ttl)
	}
	nm.featureLevel = checkString(rep, body, "feature_level_type", "feature_level_type", false, 0, 0, featureLevelRE, "FeatureLevelType")
	content, ok := body["content"].(map[string]any)
	if !ok {
		rep.add("content", body["content"], "MessageContent")
		return nil, rep.rejection("NewMessage")
	}
	nm.content = content
	nm.subject = checkString(rep, content, "subject", "content.subject", true, 10, 120, nil, "string of length >= 10 and <= 120")
	nm.markdown = checkString(rep, content, "markdown", "content.markdown", true, 80, 10000, nil, "string of length >= 80 and <= 10000")
	checkBool(rep, content, "require_secure_channels", "content.require_secure_channels")
	nm.dueDate = checkString(rep, content, "due_date", "content.due_date", false, 0, 0, timestampRE, "UTCISODateFromString")
	if pd, present := content["payment_data"]; present {
		p, ok := pd.(map[string]any)
		if !ok {
			rep.add("content.payment_data", pd, "PaymentData")
		} else {
			nm.payment = true
			nm.amount, _ = checkInt(rep, p, "amount", "content.payment_data.amount", true, 1, 9999999999)
			nm.notice = checkString(rep, p, "notice_number", "content.payment_data.notice_number", true, 0, 0, noticeNumberRE, `string that matches the pattern "^[0123][0-9]{17}$"`)
			checkBool(rep, p, "invalid_after_due_date", "content.payment_data.invalid_after_due_date")
			if py, present := p["payee"]; present {
				po, ok := py.(map[string]any)
				if !ok {
					rep.add("content.payment_data.payee", py, "Payee")
				} else {
					nm.payee = checkString(rep, po, "fiscal_code", "content.payment_data.payee.fiscal_code", true, 0, 0, orgCodeRE, "OrganizationFiscalCode")
					nm.hasPayee = true
				}
			}
		}
	}
	if td, present := content["third_party_data"]; present {
		t, ok := td.(map[string]any)
		if !ok {
			rep.add("content.third_party_data", td, "ThirdPartyData")
		} else {
			nm.thirdParty = true
			checkString(rep, t, "id", "content.third_party_data.id", true, 1, 0, nil, "NonEmptyString")
			checkString(rep, t, "original_sender", "content.third_party_data.original_sender", false, 1, 0, nil, "NonEmptyString")
			checkString(rep, t, "original_receipt_date", "content.third_party_data.original_receipt_date", false, 0, 0, timestampRE, "UTCISODateFromString")
			nm.attachments = checkBool(rep, t, "has_attachments", "content.third_party_data.has_attachments")
			checkBool(rep, t, "has_remote_content", "content.third_party_data.has_remote_content")
			checkString(rep, t, "has_precondition", "content.third_party_data.has_precondition", false, 0, 0, preconditionRE, "HasPrecondition")
			checkString(rep, t, "summary", "content.third_party_data.summary", false, 1, 0, nil, "NonEmptyString")
			nm.configurationID = checkString(rep, t, "configuration_id", "content.third_party_data.configuration_id", false, 0, 0, ulidRE, "Ulid")
		}
	}
	if r := rep.rejection("NewMessage"); r != nil {
		return nil, r
	}
	switch {
	case pathCF != "" && nm.fiscalCode != "":
		return nil, &rejection{http.StatusBadRequest, "Bad request", "fiscal_code must be either in the path or in the body, not both"}
	case pathCF == "" && nm.fiscalCode == "":
		return nil, &rejection{http.StatusBadRequest, "Bad request", "Missing fiscal_code"}
	case pathCF != "":
		nm.fiscalCode = pathCF
	}
	if nm.featureLevel == "" {
		nm.featureLevel = "STANDARD"
	}
	if nm.ttl == 0 {
		nm.ttl = 3600
	}
	forbidden := func(detail string) *rejection {
		return &rejection{http.StatusForbidden, "You are not allowed here", detail}
	}
	switch {
	case f.cfg.TestMode && !f.authorized(nm.fiscalCode):
		return nil, &rejection{http.StatusForbidden, "Recipient forbidden", "You are not allowed to send messages to this recipient."}
	case nm.featureLevel == "ADVANCED" && !f.cfg.AllowAdvanced:
		return nil, forbidden("You do not have enough permission to send a Premium message")
	case nm.hasPayee && !f.cfg.AllowPayee:
		return nil, forbidden("You do not have enough permission to send a payment message with payee")
	case nm.thirdParty && !f.cfg.AllowThirdParty:
		return nil, forbidden("You do not have enough permission to send a third party message")
	case nm.thirdParty && nm.configurationID == "":
		return nil, forbidden("No configuration id for remote content")
	case nm.attachments && nm.featureLevel != "ADVANCED":
		return nil, &rejection{http.StatusForbidden, "Attachments call forbidden", "You do not have enough permission to send an attachment with a STANDARD message"}
	case nm.thirdParty && !f.ownsConfig(nm.configurationID):
		return nil, forbidden("Not your configuration")
	case nm.payment && nm.amount > f.cfg.MaxPaymentAmount:
		return nil, &rejection{http.StatusBadRequest, "Error while sending payment metadata",
			fmt.Sprintf("The requested amount (%d cents) exceeds the maximum allowed for this service (%d cents)", nm.amount, f.cfg.MaxPaymentAmount)}
	}
	return nm, nil
}

// authorized reports whether a test-mode service may reach cf.
func (f *Fake) authorized(cf string) bool {
	if cf == "AAAAAA00A00A000A" {
		return true
	}
	for _, a := range f.cfg.AuthorizedRecipients {
		if strings.EqualFold(strings.TrimSpace(a), cf) {
			return true
		}
	}
	return false
}
