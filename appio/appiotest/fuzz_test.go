package appiotest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/siopi/siopi/appio/appiotest"
)

// FuzzSubmitMessage feeds arbitrary bodies to the fake's message endpoint,
// which the portal's demo mode exposes: it must answer 201, 400 or 403 with
// a JSON body, never panic.
func FuzzSubmitMessage(f *testing.F) {
	f.Add(message(""))
	f.Add(message(`,"payment_data":{"amount":1,"notice_number":"301000000000012345","payee":{"fiscal_code":"01234567897"}}`))
	f.Add(message(`,"third_party_data":{"id":"x","configuration_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","has_attachments":true}`))
	f.Add(`{"content":null}`)
	f.Add(`{"content":{"subject":1e400}}`)
	f.Add(`[]`)
	f.Add(`{"fiscal_code":"AAAAAA00A00A000A","time_to_live":1e3,"content":{"subject":"","markdown":""}}`)
	fake := appiotest.New(appiotest.Config{AllowThirdParty: true, AllowPayee: true, AllowAdvanced: true,
		Citizens: map[string]appiotest.Citizen{cf: {SenderAllowed: true}}})
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/messages", "/messages/" + cf} {
			req := httptest.NewRequest(http.MethodPost, appiotest.BasePath+path, strings.NewReader(body))
			req.Header.Set("Ocp-Apim-Subscription-Key", appiotest.DefaultAPIKey)
			rec := httptest.NewRecorder()
			fake.ServeHTTP(rec, req)
			switch rec.Code {
			case 201, 400, 403:
			default:
				t.Fatalf("status %d for %q", rec.Code, body)
			}
			if !strings.HasPrefix(rec.Body.String(), "{") {
				t.Fatalf("body %q", rec.Body.String())
			}
		}
	})
}
