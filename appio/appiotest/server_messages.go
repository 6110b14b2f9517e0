package appiotest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// ReceivedMessage is a message the fake accepted.
type ReceivedMessage struct {
	ID           string
	FiscalCode   string
	CreatedAt    time.Time
	FeatureLevel string
	Subject      string
	Markdown     string
	// DueDate is as received (an ISO 8601 instant), "" when absent.
	DueDate string
	// Amount (cents), NoticeNumber and Payee are set for payment messages;
	// Payee is "" when the sender omitted it.
	Amount       int64
	NoticeNumber string
	Payee        string
	// Raw is the request body.
	Raw json.RawMessage
}

type newMessage struct {
	raw             map[string]any
	content         map[string]any
	fiscalCode      string
	ttl             int
	featureLevel    string
	subject         string
	markdown        string
	dueDate         string
	payment         bool
	amount          int64
	notice          string
	payee           string
	hasPayee        bool
	thirdParty      bool
	attachments     bool
	configurationID string
}

type message struct {
	ReceivedMessage
	ttl      int
	content  map[string]any
	rejected bool   // recipient not on IO or not allowing the service
	status   string // set by SetMessageStatus
	foreign  bool   // sent by another service (see AddForeignMessage)
}

func (f *Fake) routes() {
	m := http.NewServeMux()
	use := func(pattern, op string, h http.HandlerFunc) { m.Handle(pattern, f.handle(op, false, h)) }
	mng := func(pattern, op string, h http.HandlerFunc) { m.Handle(pattern, f.handle(op, true, h)) }
	p := func(s string) string { return BasePath + s }
	use("POST "+p("/profiles"), "getProfileByPOST", f.getProfileByPOST)
	use("GET "+p("/profiles/{fiscal_code}"), "getProfile", f.getProfile)
	use("POST "+p("/messages"), "submitMessageforUserWithFiscalCodeInBody", f.submitMessage)
	use("POST "+p("/messages/{fiscal_code}"), "submitMessageforUser", f.submitMessage)
	use("GET "+p("/messages/{fiscal_code}/{id}"), "getMessage", f.getMessage)
	use("GET "+p("/subscriptions-feed/{date}"), "getSubscriptionsFeedForDate", f.getFeed)
	use("POST "+p("/activations/"), "getServiceActivationByPOST", f.getActivation)
	use("PUT "+p("/activations/"), "upsertServiceActivation", f.upsertActivation)
	use("PUT "+p("/organizations/{organization_fiscal_code}/logo"), "uploadOrganizationLogo", f.uploadOrganizationLogo)
	use("GET "+p("/manage/services/topics"), "getServiceTopics", f.cmsTopics)
	mng("GET "+p("/manage/services"), "cmsGetServices", f.cmsList)
	mng("POST "+p("/manage/services"), "cmsCreateService", f.cmsCreate)
	mng("GET "+p("/manage/services/{id}"), "cmsGetService", f.cmsGet)
	mng("PUT "+p("/manage/services/{id}"), "cmsUpdateService", f.cmsUpdate)
	mng("DELETE "+p("/manage/services/{id}"), "cmsDeleteService", f.cmsDelete)
	mng("PUT "+p("/manage/services/{id}/logo"), "cmsUpdateServiceLogo", f.cmsLogo)
	mng("GET "+p("/manage/services/{id}/keys"), "cmsGetServiceKeys", f.cmsKeys)
	mng("PUT "+p("/manage/services/{id}/keys/{keyType}"), "cmsRegenerateServiceKey", f.cmsRegenerate)
	mng("PUT "+p("/manage/services/{id}/review"), "cmsReviewService", f.cmsReview)
	mng("POST "+p("/manage/services/{id}/release"), "cmsReleaseService", f.cmsRelease)
	mng("GET "+p("/manage/services/{id}/release"), "cmsGetPublishedService", f.cmsPublished)
	mng("DELETE "+p("/manage/services/{id}/release"), "cmsUnpublishService", f.cmsUnpublish)
	mng("GET "+p("/manage/services/{id}/history"), "cmsGetServiceHistory", f.cmsHistory)
	mng("POST "+p("/messages-sending/remote-contents/configurations"), "createRCConfiguration", f.rcCreate)
	mng("GET "+p("/messages-sending/remote-contents/configurations"), "listRCConfiguration", f.rcList)
	mng("GET "+p("/messages-sending/remote-contents/configurations/{configurationId}"), "getRCConfiguration", f.rcGet)
	mng("PUT "+p("/messages-sending/remote-contents/configurations/{configurationId}"), "updateRCConfiguration", f.rcUpdate)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		gatewayError(w, http.StatusNotFound, "Resource not found")
	})
	f.mux = m
}

func (f *Fake) submitMessage(w http.ResponseWriter, r *http.Request) {
	body, raw, rej := decodeObjectRaw(r)
	if rej != nil {
		rej.write(w)
		return
	}
	pathCF := r.PathValue("fiscal_code")
	if pathCF != "" && !fiscalCodeRE.MatchString(pathCF) {
		problem(w, http.StatusBadRequest, "Invalid FiscalCode", `value ["`+pathCF+`"] at [root] is not a valid [string that matches the pattern "^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"]`)
		return
	}
	nm, rej := f.validateNewMessage(body, pathCF)
	if rej != nil {
		rej.write(w)
		return
	}
	now := f.now().UTC()
	f.mu.Lock()
	c, onIO := f.citizens[nm.fiscalCode]
	msg := &message{
		ReceivedMessage: ReceivedMessage{
			ID: newULID(now), FiscalCode: nm.fiscalCode, CreatedAt: now, FeatureLevel: nm.featureLevel,
			Subject: nm.subject, Markdown: nm.markdown, DueDate: nm.dueDate,
			Amount: nm.amount, NoticeNumber: nm.notice, Payee: nm.payee, Raw: raw,
		},
		ttl: nm.ttl, content: nm.content, rejected: !onIO || !c.SenderAllowed,
	}
	f.messages = append(f.messages, msg)
	f.byID[msg.ID] = msg
	f.mu.Unlock()
	w.Header().Set("Location", BasePath+"/messages/"+msg.FiscalCode+"/"+msg.ID)
	writeJSON(w, http.StatusCreated, map[string]string{"id": msg.ID})
}

func (f *Fake) getMessage(w http.ResponseWriter, r *http.Request) {
	cf, id := r.PathValue("fiscal_code"), r.PathValue("id")
	f.mu.Lock()
	msg, ok := f.byID[id]
	if !ok || msg.FiscalCode != cf {
		f.mu.Unlock()
		problem(w, http.StatusNotFound, "Message not found", "The message you requested was not found in the system.")
		return
	}
	if msg.foreign {
		f.mu.Unlock()
		problem(w, http.StatusForbidden, "You are not allowed here", "You do not have enough permission to complete the operation you requested")
		return
	}
	content := maps.Clone(msg.content)
	if pd, ok := content["payment_data"].(map[string]any); ok {
		pd = maps.Clone(pd)
		if _, has := pd["payee"]; !has {
			pd["payee"] = map[string]any{"fiscal_code": f.cfg.OrganizationFiscalCode}
		}
		content["payment_data"] = pd
	}
	status := "ACCEPTED"
	switch {
	case msg.status != "":
		status = msg.status
	case f.now().Sub(msg.CreatedAt) < f.cfg.ProcessAfter:
	case msg.rejected:
		status = "REJECTED"
	default:
		status = "PROCESSED"
	}
	out := map[string]any{
		"message": map[string]any{
			"id": msg.ID, "fiscal_code": msg.FiscalCode, "created_at": msg.CreatedAt.Format("2006-01-02T15:04:05.000Z"),
			"sender_service_id": f.cfg.ServiceID, "time_to_live": msg.ttl, "content": content,
			"feature_level_type": msg.FeatureLevel,
		},
		"status": status,
	}
	if status == "PROCESSED" {
		out["notification"] = map[string]any{"email": "SENT", "webhook": "SENT"}
		if msg.FeatureLevel == "ADVANCED" {
			out["read_status"] = "UNREAD"
			if msg.NoticeNumber != "" {
				out["payment_status"] = "NOT_PAID"
			}
		}
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// Messages returns every message accepted so far, oldest first.
func (f *Fake) Messages() []ReceivedMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]ReceivedMessage, len(f.messages))
	for i, m := range f.messages {
		out[i] = m.ReceivedMessage
	}
	return out
}

// MessagesTo returns the messages accepted for one fiscal code.
func (f *Fake) MessagesTo(fiscalCode string) []ReceivedMessage {
	return slices.DeleteFunc(f.Messages(), func(m ReceivedMessage) bool { return m.FiscalCode != fiscalCode })
}

// MessageCount returns how many messages were accepted.
func (f *Fake) MessageCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.messages)
}

// AddForeignMessage stores a message that another service sent to
// fiscalCode and returns its id: getMessage answers it with 403, as IO does
// for a message of another service. It is not among [Fake.Messages].
func (f *Fake) AddForeignMessage(fiscalCode string) string {
	now := f.now().UTC()
	m := &message{ReceivedMessage: ReceivedMessage{ID: newULID(now), FiscalCode: fiscalcode.Normalize(fiscalCode), CreatedAt: now}, foreign: true}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.byID[m.ID] = m
	return m.ID
}

// SetMessageStatus forces a message's status (e.g. "THROTTLED", "FAILED");
// it reports whether the message exists.
func (f *Fake) SetMessageStatus(id, status string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.byID[id]
	if ok {
		m.status = status
	}
	return ok
}
