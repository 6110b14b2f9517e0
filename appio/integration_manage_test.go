package appio_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

func TestManageAgainstFake(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t, appiotest.Config{})
	ctx := t.Context()
	p := appio.ServicePayload{
		ServiceData: appio.ServiceData{Name: "Tributi", Description: "Avvisi TARI e IMU",
			Organization: appio.Organization{Name: "Comune di Prova", FiscalCode: "01234567897"}},
		Metadata: appio.ServiceMetadata{Scope: "LOCAL", TopicID: 12, PrivacyURL: "https://comune.example/privacy"},
	}
	if err := p.Quality(); err == nil || !strings.Contains(err.Error(), "authorized_cidrs") {
		t.Errorf("Quality = %v", err)
	}
	s, err := c.CreateService(ctx, p)
	if err != nil || s.Status.Value != "draft" || s.Metadata.Topic == nil || s.Metadata.Topic.ID != 12 {
		t.Fatalf("create = %+v, %v", s, err)
	}
	p.AuthorizedCIDRs = []string{"192.0.2.0/24"}
	p.Metadata.Email = "tributi@comune.example"
	if err := p.Quality(); err != nil {
		t.Errorf("Quality = %v", err)
	}
	if s, err = c.UpdateService(ctx, s.ID, p); err != nil || len(s.AuthorizedCIDRs) != 1 {
		t.Fatalf("update = %+v, %v", s, err)
	}
	if err := c.ReleaseService(ctx, s.ID); !errors.Is(err, appio.ErrNotFound) && !isStatus(err, 409) {
		t.Errorf("release of a draft: %v", err)
	}
	if err := c.ReviewService(ctx, s.ID, true); err != nil {
		t.Fatal(err)
	}
	srv.ApproveService(s.ID)
	if pub, err := c.GetPublishedService(ctx, s.ID); err != nil || pub.Status.Value != "published" {
		t.Errorf("published = %+v, %v", pub, err)
	}
	if err := c.UnpublishService(ctx, s.ID); err != nil {
		t.Error(err)
	}
	keys, err := c.GetServiceKeys(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k2, err := c.RegenerateServiceKey(ctx, s.ID, "primary"); err != nil || k2.Primary == keys.Primary || k2.Secondary != keys.Secondary {
		t.Errorf("regenerate = %+v, %v", k2, err)
	}
	if err := c.UploadServiceLogo(ctx, s.ID, []byte("\x89PNG\r\n\x1a\n")); err != nil {
		t.Error(err)
	}
	if topics, err := c.ServiceTopics(ctx); err != nil || len(topics) == 0 {
		t.Errorf("topics = %v, %v", topics, err)
	}
	n := 0
	for _, err := range c.ListServices(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("listed %d", n)
	}
	if err := c.DeleteService(ctx, s.ID); err != nil {
		t.Error(err)
	}
	if _, err := c.GetService(ctx, s.ID); !errors.Is(err, appio.ErrNotFound) {
		t.Errorf("deleted service: %v", err)
	}
}

func isStatus(err error, code int) bool {
	e, ok := errors.AsType[*appio.APIError](err)
	return ok && e.StatusCode == code
}
