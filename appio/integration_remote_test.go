package appio_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

func remoteConfig() appio.RemoteContentConfig {
	env := appio.RemoteContentEnvironment{
		BaseURL: "https://servizi.comune.example/io",
		Auth:    appio.RemoteContentAuth{HeaderKeyName: "X-Api-Key", Key: "secret", Type: "API-KEY"},
	}
	return appio.RemoteContentConfig{
		Name: "Pratiche", Description: "Dettaglio delle pratiche", HasPrecondition: appio.PreconditionNever,
		DisableLollipopFor: []string{}, TestEnvironment: &appio.RemoteContentTestEnvironment{RemoteContentEnvironment: env, TestUsers: []string{strings.ToLower(citizen)}},
		ProdEnvironment: &env,
	}
}

func TestRemoteContentAgainstFake(t *testing.T) {
	t.Parallel()
	c, _ := newFake(t, appiotest.Config{AllowThirdParty: true})
	ctx := t.Context()
	rc, err := c.CreateRemoteContentConfig(ctx, remoteConfig())
	if err != nil || len(rc.ID) != 26 {
		t.Fatalf("create = %+v, %v", rc, err)
	}
	got, err := c.GetRemoteContentConfig(ctx, rc.ID)
	if err != nil || got.UserID == "" || got.TestEnvironment.TestUsers[0] != citizen || got.ProdEnvironment.Auth.Type != "API-KEY" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	upd := remoteConfig()
	upd.Name = "Pratiche edilizie"
	if err := c.UpdateRemoteContentConfig(ctx, rc.ID, upd); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListRemoteContentConfigs(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "Pratiche edilizie" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if _, err := c.GetRemoteContentConfig(ctx, "01ARZ3NDEKTSV4RRFFQ69G5FAV"); !errors.Is(err, appio.ErrNotFound) {
		t.Errorf("unknown configuration: %v", err)
	}

	m := newMessage()
	m.Content.ThirdPartyData = &appio.ThirdPartyData{ID: "pratica-42", ConfigurationID: rc.ID, HasRemoteContent: true, Summary: "Pratica 42"}
	if _, err := c.SubmitMessage(ctx, m); err != nil {
		t.Errorf("third-party message: %v", err)
	}
	m.Content.ThirdPartyData.ConfigurationID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
	_, err = c.SubmitMessage(ctx, m)
	if e, ok := errors.AsType[*appio.APIError](err); !ok || e.StatusCode != 403 || !strings.Contains(e.Detail, "Not your configuration") {
		t.Errorf("someone else's configuration: %v", err)
	}
}

func TestRemoteContentValidation(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	bad := remoteConfig()
	bad.Name, bad.HasPrecondition = "", "SOMETIMES"
	bad.ProdEnvironment.Auth.Key = ""
	bad.TestEnvironment.TestUsers = []string{"nope"}
	_, err := c.CreateRemoteContentConfig(t.Context(), bad)
	for _, f := range []string{"name", "has_precondition", "prod_environment.details_authentication", "test_environment.test_users[0]"} {
		if err == nil || !strings.Contains(err.Error(), "invalid "+f+":") {
			t.Errorf("missing %s in %v", f, err)
		}
	}
	if err := c.UpdateRemoteContentConfig(t.Context(), "x", remoteConfig()); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("bad id: %v", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Error("invalid configuration sent")
	}
}

func TestServiceHistoryAgainstFake(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t, appiotest.Config{})
	ctx := t.Context()
	p := appio.ServicePayload{
		ServiceData: appio.ServiceData{Name: "Anagrafe", Description: "Certificati",
			Organization: appio.Organization{Name: "Comune di Prova", FiscalCode: "01234567897"}},
		Metadata: appio.ServiceMetadata{Scope: "LOCAL", TopicID: 3},
	}
	s, err := c.CreateService(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for range 120 {
		if _, err := c.UpdateService(ctx, s.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	c.ReviewService(ctx, s.ID, true)
	srv.ApproveService(s.ID)
	var kinds []string
	for item, err := range c.ServiceHistory(ctx, s.ID, false) {
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, item.Status.Kind+":"+item.Status.Value)
	}
	if len(kinds) != 124 || kinds[0] != "publication:published" || kinds[1] != "lifecycle:approved" || kinds[123] != "lifecycle:draft" {
		t.Errorf("%d items, first %v", len(kinds), kinds[:3])
	}
	n := 0
	for item, err := range c.ServiceHistory(ctx, s.ID, true) {
		if err != nil || item.Status.Value != "draft" {
			t.Fatalf("ascending: %+v, %v", item.Status, err)
		}
		if n++; n == 5 {
			break
		}
	}
}
