package appio

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Operation ids of IO's service-management (CMS) API, called with the
// manage key.
const (
	opCmsList        = "cmsGetServices"
	opCmsCreate      = "cmsCreateService"
	opCmsGet         = "cmsGetService"
	opCmsUpdate      = "cmsUpdateService"
	opCmsDelete      = "cmsDeleteService"
	opCmsLogo        = "cmsUpdateServiceLogo"
	opCmsKeys        = "cmsGetServiceKeys"
	opCmsRegenerate  = "cmsRegenerateServiceKey"
	opCmsReview      = "cmsReviewService"
	opCmsRelease     = "cmsReleaseService"
	opCmsPublished   = "cmsGetPublishedService"
	opCmsUnpublish   = "cmsUnpublishService"
	opCmsTopics      = "getServiceTopics"
	servicesPageSize = 100
)

// Organization is the ente that owns a service.
type Organization struct {
	Name           string `json:"name"`
	FiscalCode     string `json:"fiscal_code"`
	DepartmentName string `json:"department_name,omitempty"`
}

// ServiceData is IO's CmsServiceData.
type ServiceData struct {
	Name                 string       `json:"name"`
	Description          string       `json:"description"`
	Organization         Organization `json:"organization"`
	RequireSecureChannel bool         `json:"require_secure_channel,omitempty"`
	// AuthorizedRecipients are the only fiscal codes a service in test mode
	// can message.
	AuthorizedRecipients []string `json:"authorized_recipients,omitempty"`
	// AuthorizedCIDRs are the source addresses allowed to call IO; at least
	// one is required in production.
	AuthorizedCIDRs []string `json:"authorized_cidrs,omitempty"`
	// MaxAllowedPaymentAmount in euro cents.
	MaxAllowedPaymentAmount int64 `json:"max_allowed_payment_amount,omitempty"`
}

// ServiceMetadata is IO's CmsServiceMetadata (TopicID in requests, Topic in
// responses). Scope is "LOCAL" for a Comune.
type ServiceMetadata struct {
	WebURL     string `json:"web_url,omitempty"`
	AppIOS     string `json:"app_ios,omitempty"`
	AppAndroid string `json:"app_android,omitempty"`
	TOSURL     string `json:"tos_url,omitempty"`
	PrivacyURL string `json:"privacy_url,omitempty"`
	Address    string `json:"address,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Email      string `json:"email,omitempty"`
	PEC        string `json:"pec,omitempty"`
	CTA        string `json:"cta,omitempty"`
	SupportURL string `json:"support_url,omitempty"`
	Scope      string `json:"scope"`
	TopicID    int    `json:"topic_id,omitempty"`
	Topic      *Topic `json:"topic,omitempty"`
}

// Topic is a service topic (GET /manage/services/topics).
type Topic struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// ServicePayload creates or updates a service (IO's CmsServicePayload).
type ServicePayload struct {
	ServiceData
	Metadata ServiceMetadata `json:"metadata"`
}

// Quality reports what IO's production quality check would refuse: a
// description, a privacy URL, a contact (e-mail, PEC, phone or support URL)
// and at least one authorised CIDR are required. A failing service is shown
// as "in arrivo" and cannot send.
func (p ServicePayload) Quality() error {
	var errs []error
	if p.Description == "" {
		errs = append(errs, &FieldError{Field: "description", Reason: "required in production"})
	}
	if p.Metadata.PrivacyURL == "" {
		errs = append(errs, &FieldError{Field: "metadata.privacy_url", Reason: "required in production"})
	}
	if p.Metadata.Email == "" && p.Metadata.PEC == "" && p.Metadata.Phone == "" && p.Metadata.SupportURL == "" {
		errs = append(errs, &FieldError{Field: "metadata", Reason: "one of email, pec, phone, support_url is required in production"})
	}
	if len(p.AuthorizedCIDRs) == 0 {
		errs = append(errs, &FieldError{Field: "authorized_cidrs", Reason: "at least one is required in production"})
	}
	return errors.Join(errs...)
}

// ServiceStatus is a service's lifecycle status: draft, submitted, approved,
// rejected, deleted; or, for a publication, published or unpublished.
type ServiceStatus struct {
	// Kind is "lifecycle" or "publication" in a service's history.
	Kind   string `json:"kind,omitempty"`
	Value  string `json:"value"`
	Reason string `json:"reason,omitempty"`
}

// Service is IO's CmsServiceLifecycle (or CmsServicePublication).
type Service struct {
	ID         string    `json:"id"`
	LastUpdate time.Time `json:"last_update"`
	ServiceData
	Metadata ServiceMetadata `json:"metadata"`
	// Status is the lifecycle status; a publication's status is a bare
	// string and lands in Status.Value.
	Status ServiceStatus `json:"-"`
}

// ServiceKeys are a service's two "use" keys.
type ServiceKeys struct {
	Primary   string `json:"primary_key"`
	Secondary string `json:"secondary_key"`
}

func servicePath(id string, suffix string) string {
	return "/manage/services/" + url.PathEscape(id) + suffix
}

func (c *Client) manage(ctx context.Context, k call) error {
	k.manage = true
	if k.class == retrySafe && k.method == http.MethodPost {
		k.class = retryUnsafe
	}
	_, err := c.do(ctx, k)
	return err
}

// ListServices iterates over the ente's services (IO operation
// cmsGetServices, GET /manage/services), fetching pages of 100 with limit
// and offset. It stops after the first error, which it yields.
func (c *Client) ListServices(ctx context.Context) iter.Seq2[Service, error] {
	return func(yield func(Service, error) bool) {
		for offset := 0; ; {
			var page struct {
				Value      []wireService `json:"value"`
				Pagination struct {
					Count float64 `json:"count"`
				} `json:"pagination"`
			}
			q := url.Values{"limit": {strconv.Itoa(servicesPageSize)}, "offset": {strconv.Itoa(offset)}}
			if err := c.manage(ctx, call{op: opCmsList, method: http.MethodGet, path: "/manage/services", query: q, out: &page}); err != nil {
				yield(Service{}, err)
				return
			}
			for _, s := range page.Value {
				if !yield(s.service(), nil) {
					return
				}
			}
			offset += len(page.Value)
			if len(page.Value) < servicesPageSize || float64(offset) >= page.Pagination.Count {
				return
			}
		}
	}
}

// wireService reads both status shapes.
type wireService struct {
	Service
	RawStatus jsonStatus `json:"status"`
}

func (w wireService) service() Service {
	s := w.Service
	s.Status = ServiceStatus(w.RawStatus)
	return s
}

// jsonStatus accepts {"value","reason"} (lifecycle) or "published" (publication).
type jsonStatus ServiceStatus

// UnmarshalJSON reads either shape.
func (j *jsonStatus) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		j.Value = s
		return err
	}
	var v ServiceStatus
	err := json.Unmarshal(b, &v)
	*j = jsonStatus(v)
	return err
}

func (c *Client) getService(ctx context.Context, op, method, path string, body any) (Service, error) {
	var w wireService
	if err := c.manage(ctx, call{op: op, method: method, path: path, body: body, out: &w}); err != nil {
		return Service{}, err
	}
	return w.service(), nil
}

// CreateService creates a service as a draft (IO operation cmsCreateService,
// POST /manage/services). Not retried except on 429.
func (c *Client) CreateService(ctx context.Context, p ServicePayload) (Service, error) {
	return c.getService(ctx, opCmsCreate, http.MethodPost, "/manage/services", p)
}

// GetService returns a service (IO operation cmsGetService).
func (c *Client) GetService(ctx context.Context, id string) (Service, error) {
	return c.getService(ctx, opCmsGet, http.MethodGet, servicePath(id, ""), nil)
}

// UpdateService replaces a service's data (IO operation cmsUpdateService,
// PUT /manage/services/{serviceId}); 409 when its status forbids it.
func (c *Client) UpdateService(ctx context.Context, id string, p ServicePayload) (Service, error) {
	return c.getService(ctx, opCmsUpdate, http.MethodPut, servicePath(id, ""), p)
}

// DeleteService deletes a service (IO operation cmsDeleteService).
func (c *Client) DeleteService(ctx context.Context, id string) error {
	return c.manage(ctx, call{op: opCmsDelete, method: http.MethodDelete, path: servicePath(id, "")})
}

// UploadServiceLogo sets a service's PNG logo (IO operation
// cmsUpdateServiceLogo, PUT /manage/services/{serviceId}/logo).
func (c *Client) UploadServiceLogo(ctx context.Context, id string, png []byte) error {
	if err := checkPNG(png); err != nil {
		return fmt.Errorf("appio: upload service logo: %w", err)
	}
	return c.manage(ctx, call{op: opCmsLogo, method: http.MethodPut, path: servicePath(id, "/logo"),
		body: logoPayload{base64.StdEncoding.EncodeToString(png)}})
}

// GetServiceKeys returns a service's use keys (IO operation cmsGetServiceKeys).
func (c *Client) GetServiceKeys(ctx context.Context, id string) (ServiceKeys, error) {
	var k ServiceKeys
	err := c.manage(ctx, call{op: opCmsKeys, method: http.MethodGet, path: servicePath(id, "/keys"), out: &k})
	return k, err
}

// RegenerateServiceKey replaces the "primary" or "secondary" key (IO
// operation cmsRegenerateServiceKey) and returns both keys.
func (c *Client) RegenerateServiceKey(ctx context.Context, id, keyType string) (ServiceKeys, error) {
	if keyType != "primary" && keyType != "secondary" {
		return ServiceKeys{}, fmt.Errorf("appio: regenerate service key: %w", &FieldError{Field: "keyType", Reason: "want primary or secondary"})
	}
	var k ServiceKeys
	err := c.manage(ctx, call{op: opCmsRegenerate, method: http.MethodPut, path: servicePath(id, "/keys/"+keyType), out: &k})
	return k, err
}

// ReviewService submits a service to PagoPA's review (IO operation
// cmsReviewService, PUT /manage/services/{serviceId}/review); autoPublish
// publishes it once approved.
func (c *Client) ReviewService(ctx context.Context, id string, autoPublish bool) error {
	body := struct {
		AutoPublish bool `json:"auto_publish"`
	}{autoPublish}
	return c.manage(ctx, call{op: opCmsReview, method: http.MethodPut, path: servicePath(id, "/review"), body: body})
}

// ReleaseService publishes an approved service on IO (IO operation
// cmsReleaseService, POST /manage/services/{serviceId}/release).
func (c *Client) ReleaseService(ctx context.Context, id string) error {
	return c.manage(ctx, call{op: opCmsRelease, method: http.MethodPost, path: servicePath(id, "/release")})
}

// GetPublishedService returns the published version of a service (IO
// operation cmsGetPublishedService); its Status.Value is "published" or
// "unpublished".
func (c *Client) GetPublishedService(ctx context.Context, id string) (Service, error) {
	return c.getService(ctx, opCmsPublished, http.MethodGet, servicePath(id, "/release"), nil)
}

// UnpublishService removes a service from the app (IO operation
// cmsUnpublishService, DELETE /manage/services/{serviceId}/release).
func (c *Client) UnpublishService(ctx context.Context, id string) error {
	return c.manage(ctx, call{op: opCmsUnpublish, method: http.MethodDelete, path: servicePath(id, "/release")})
}

// ServiceTopics lists the topics a service's metadata may name (IO
// operation getServiceTopics, GET /manage/services/topics, with the use key).
func (c *Client) ServiceTopics(ctx context.Context) ([]Topic, error) {
	var out struct {
		Topics []Topic `json:"topics"`
	}
	_, err := c.do(ctx, call{op: opCmsTopics, method: http.MethodGet, path: "/manage/services/topics", class: retrySafe, out: &out})
	return out.Topics, err
}
