package appio_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
	"github.com/siopi/siopi/internal/contracttest"
	"github.com/siopi/siopi/workday"
)

const contractHost = "http://io.test"

// spec is one IO definition.
type spec struct {
	*contracttest.Spec
	// behindGateway lists headers APIM adds before the request reaches the
	// backend this definition describes.
	behindGateway map[string]string
}

// patchSpecBugs fixes what is wrong in the published definitions, not in
// IO's behaviour: FiscalCodeHash declares length 16 for a 64-character hex
// SHA-256.
func patchSpecBugs(doc *openapi3.T) {
	if doc.Components == nil {
		return
	}
	if s := doc.Components.Schemas["FiscalCodeHash"]; s != nil && s.Value != nil {
		s.Value.MinLength, s.Value.MaxLength = 0, nil
	}
}

func loadSpecs(t *testing.T) []spec {
	dir := contracttest.Path(t, "io")
	var out []spec
	add := func(name string, doc *openapi3.T, base string, gw map[string]string) {
		patchSpecBugs(doc)
		out = append(out, spec{contracttest.New(t, name, doc, base), gw})
	}
	swagger2 := func(rel string) *openapi3.T { return contracttest.ReadSwagger2(t, filepath.Join(dir, rel)) }
	base := contractHost + appiotest.BasePath
	add("io-functions-services v4.1.1", swagger2("pagopa+io-functions-services/apps/io-functions-services/openapi/index.yaml"), base, nil)
	add("io-infra prod APIM v3.34.0", swagger2("pagopa+io-infra/src/legacy-apim/prod/api/io_services/v1/_swagger.json.tpl"), base, nil)
	add("io-messages services-func v2.1.9", swagger2("pagopa+io-messages/apps/services-func/openapi/index.yaml"), base+"/messages", nil)

	// The CMS definition refers to its shared schemas by a GitHub URL; read
	// the saved copy instead.
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	local := filepath.Join(dir, "pagopa+io-services-cms/packages/io-services-cms-models/openapi/commons-schemas.yaml")
	loader.ReadFromURIFunc = func(l *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.Host == "raw.githubusercontent.com" {
			if !strings.HasSuffix(u.Path, "/commons-schemas.yaml") {
				return nil, fmt.Errorf("unexpected remote reference %s", u)
			}
			return os.ReadFile(local)
		}
		return openapi3.ReadFromFile(l, u)
	}
	cms, err := loader.LoadFromFile(filepath.Join(dir, "pagopa+io-services-cms/apps/io-services-cms-webapp/openapi.yaml"))
	if err != nil {
		t.Fatalf("cms: %v", err)
	}
	if err := cms.Validate(t.Context(), openapi3.DisableExamplesValidation()); err != nil {
		t.Logf("cms definition does not validate (kept, it is upstream's): %v", err)
	}
	// It describes the backend behind APIM, which adds the caller's identity.
	add("io-services-cms v1.23.0", cms, base+"/manage", map[string]string{
		"x-user-email": "ente@comune.example", "x-user-groups": "ApiServiceWrite", "x-user-id": "u1",
		"x-subscription-id": "s1", "X-Forwarded-For": "192.0.2.1", "x-channel": "API",
	})
	return out
}

// contractTransport serves a fake IO in memory and checks every request
// against the definitions that know its path, and every response against
// the same operation.
type contractTransport struct {
	t     *testing.T
	fake  http.Handler
	specs []spec

	mu      sync.Mutex
	checked map[string]int // spec name + operation → exchanges validated
}

func (ct *contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	rec := httptest.NewRecorder()
	fr := req.Clone(req.Context())
	fr.Body = io.NopCloser(bytes.NewReader(body))
	ct.fake.ServeHTTP(rec, fr)
	resp := rec.Result()
	respBody := rec.Body.Bytes()
	// IO sends problems as application/problem+json; the definitions
	// declare application/json for everything.
	vresp := *resp
	vresp.Header = resp.Header.Clone()
	if strings.HasPrefix(vresp.Header.Get("Content-Type"), "application/problem+json") {
		vresp.Header.Set("Content-Type", "application/json")
	}

	matched := false
	for _, s := range ct.specs {
		vr := req.Clone(context.Background())
		for k, v := range s.behindGateway {
			vr.Header.Set(k, v)
		}
		if _, ok := s.Operation(vr); !ok {
			continue
		}
		matched = true
		op := s.ValidateRequest(ct.t, vr, body)
		s.ValidateResponse(ct.t, vr, &vresp, respBody)
		ct.mu.Lock()
		ct.checked[s.Name+" "+op]++
		ct.mu.Unlock()
	}
	if !matched && resp.StatusCode != http.StatusNotFound {
		ct.t.Errorf("%s %s is in no definition", req.Method, req.URL.Path)
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	return resp, nil
}

// TestContract drives every client call, successes and failures, through
// the fake and validates both sides of each exchange.
func TestContract(t *testing.T) {
	t.Parallel()
	specs := loadSpecs(t)
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	fake := appiotest.New(appiotest.Config{
		Citizens: citizens(), Now: func() time.Time { return now },
		Limit: appiotest.Limit{Requests: 1000, Per: time.Second}, MaxPaymentAmount: 100000,
		AllowThirdParty: true,
	})
	ct := &contractTransport{t: t, fake: fake, specs: specs, checked: map[string]int{}}
	c := newClientFor(t, contractHost+appiotest.BasePath, &http.Client{Transport: ct})
	ctx := t.Context()

	// Profiles, one of them after a 429.
	fake.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.Fault429, Times: 1})
	c.GetProfile(ctx, citizen)
	c.GetProfile(ctx, optedOut)
	c.GetProfile(ctx, notOnIO)

	// Messages: a 500, plain, with payment and due date, rejected by IO,
	// fetched.
	fake.InjectFault(appiotest.FaultRule{Op: "submitMessageforUserWithFiscalCodeInBody", Kind: appiotest.Fault500, Times: 1})
	if _, err := c.SubmitMessage(ctx, newMessage()); err == nil {
		t.Error("injected 500 not reported")
	}
	id, err := c.SubmitMessage(ctx, newMessage())
	if err != nil {
		t.Fatal(err)
	}
	m := newMessage()
	m.TimeToLive = 3600
	m.Content.RequireSecureChannels = true
	m.Content.DueDate = appio.EndOfDay(workday.NewDate(2026, 6, 30))
	m.Content.PaymentData = &appio.PaymentData{Amount: 12345, NoticeNumber: "301000000000012345", InvalidAfterDueDate: true}
	id2, err := c.SubmitMessage(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	m.Content.PaymentData.Amount = 100001
	if _, err := c.SubmitMessage(ctx, m); err == nil {
		t.Error("amount over the service maximum accepted")
	}
	m.Content.PaymentData.Amount, m.FeatureLevel = 1, appio.Advanced
	c.SubmitMessage(ctx, m) // 403: no Premium permission
	m.FeatureLevel = ""
	m.Content.ThirdPartyData = &appio.ThirdPartyData{ID: "pratica-1", ConfigurationID: "01ARZ3NDEKTSV4RRFFQ69G5FAV", HasRemoteContent: true, Summary: "Pratica", HasPrecondition: appio.PreconditionNever,
		OriginalSender: "Ufficio tributi", OriginalReceiptDate: now}
	c.SubmitMessage(ctx, m) // 403: not this ente's configuration

	// Remote content: register a configuration, then a third-party message.
	rc, err := c.CreateRemoteContentConfig(ctx, remoteConfig())
	if err != nil {
		t.Fatal(err)
	}
	c.UpdateRemoteContentConfig(ctx, rc.ID, remoteConfig())
	c.GetRemoteContentConfig(ctx, rc.ID)
	c.ListRemoteContentConfigs(ctx)
	m.Content.ThirdPartyData.ConfigurationID = rc.ID
	if _, err := c.SubmitMessage(ctx, m); err != nil {
		t.Error(err)
	}
	m.Content.ThirdPartyData = nil
	for _, id := range []string{id, id2} {
		if _, err := c.GetMessage(ctx, citizen, id); err != nil {
			t.Error(err)
		}
	}
	c.GetMessage(ctx, citizen, "01ARZ3NDEKTSV4RRFFQ69G5FAV")    // 404
	c.GetMessage(ctx, citizen, fake.AddForeignMessage(citizen)) // 403

	// Activations, feed, logo.
	c.GetActivation(ctx, citizen) // 404
	c.UpsertActivation(ctx, citizen, appio.ActivationActive)
	c.GetActivation(ctx, citizen)
	fake.Subscribe("2026-05-09", citizen)
	c.SubscriptionsFeed(ctx, workday.NewDate(2026, 5, 9))
	c.SubscriptionsFeed(ctx, workday.NewDate(2026, 5, 10)) // 404, not ready
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	c.UploadOrganizationLogo(ctx, "01234567897", png)

	// Service management.
	p := appio.ServicePayload{
		ServiceData: appio.ServiceData{Name: "Tributi", Description: "Avvisi TARI",
			Organization:    appio.Organization{Name: "Comune di Prova", FiscalCode: "01234567897", DepartmentName: "Tributi"},
			AuthorizedCIDRs: []string{"192.0.2.0/24"}, MaxAllowedPaymentAmount: 100000},
		Metadata: appio.ServiceMetadata{Scope: "LOCAL", TopicID: 12, PrivacyURL: "https://comune.example/privacy", Email: "tributi@comune.example"},
	}
	s, err := c.CreateService(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	c.UpdateService(ctx, s.ID, p)
	c.GetService(ctx, s.ID)
	for _, err := range c.ListServices(ctx) {
		if err != nil {
			t.Error(err)
		}
	}
	c.UploadServiceLogo(ctx, s.ID, png)
	c.GetServiceKeys(ctx, s.ID)
	c.RegenerateServiceKey(ctx, s.ID, "secondary")
	c.ReviewService(ctx, s.ID, false)
	fake.ApproveService(s.ID)
	c.ReleaseService(ctx, s.ID)
	c.GetPublishedService(ctx, s.ID)
	c.UnpublishService(ctx, s.ID)
	for _, err := range c.ServiceHistory(ctx, s.ID, false) {
		if err != nil {
			t.Error(err)
		}
	}
	c.ServiceTopics(ctx)
	c.DeleteService(ctx, s.ID)
	c.GetService(ctx, s.ID) // 404

	// The deprecated variants the client does not use, which the fake serves.
	raw := &http.Client{Transport: ct}
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/profiles/" + citizen, ""},
		{"GET", "/profiles/" + notOnIO, ""},
		{"POST", "/messages/" + citizen, `{"content":{"subject":"Pratica protocollata","markdown":"` + markdown80 + `"}}`},
	} {
		req, _ := http.NewRequestWithContext(ctx, r.method, contractHost+appiotest.BasePath+r.path, strings.NewReader(r.body))
		req.Header.Set("Ocp-Apim-Subscription-Key", appiotest.DefaultAPIKey)
		if r.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if resp, err := raw.Do(req); err == nil {
			resp.Body.Close()
		}
	}

	// Every operation the client implements was checked against the primary
	// definition.
	for _, op := range []string{
		"getProfileByPOST", "submitMessageforUserWithFiscalCodeInBody", "getMessage", "getSubscriptionsFeedForDate",
		"getServiceActivationByPOST", "upsertServiceActivation", "uploadOrganizationLogo", "cmsCreateService",
		"cmsGetServices", "cmsGetService", "cmsUpdateService", "cmsDeleteService", "cmsUpdateServiceLogo",
		"cmsGetServiceKeys", "cmsRegenerateServiceKey", "cmsReviewService", "cmsReleaseService",
		"cmsGetPublishedService", "cmsUnpublishService", "getServiceTopics", "cmsGetServiceHistory",
		"createRCConfiguration", "listRCConfiguration", "getRCConfiguration", "updateRCConfiguration",
		"getProfile", "submitMessageforUser",
	} {
		if ct.checked["io-functions-services v4.1.1 "+op] == 0 {
			t.Errorf("%s was never validated", op)
		}
	}
	for k, n := range ct.checked {
		t.Logf("%-70s %d", k, n)
	}
}
