package spidtest_test

import (
	"strings"
	"testing"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// TestDefaultUsers: valid fiscal and VAT numbers, SPID attribute names only,
// and a first user with every SPID attribute.
func TestDefaultUsers(t *testing.T) {
	t.Parallel()
	users := spidtest.DefaultUsers()
	for _, u := range users {
		cf, ok := strings.CutPrefix(u.Attributes["fiscalNumber"], "TINIT-")
		if !ok {
			t.Errorf("%s: fiscalNumber %q without TINIT-", u.Username, u.Attributes["fiscalNumber"])
		}
		if err := fiscalcode.Validate(cf); err != nil {
			t.Errorf("%s: %v", u.Username, err)
		}
		if v, ok := u.Attributes["ivaCode"]; ok {
			if err := fiscalcode.ValidateOrganization(strings.TrimPrefix(v, "VATIT-")); err != nil {
				t.Errorf("%s: ivaCode: %v", u.Username, err)
			}
		}
		for name := range u.Attributes {
			if !spid.Attribute(name).Valid() {
				t.Errorf("%s: %q is not a SPID attribute", u.Username, name)
			}
		}
	}
	for _, a := range spid.Attributes() {
		if users[0].Attributes[string(a)] == "" {
			t.Errorf("first user lacks %s", a)
		}
	}
	for _, u := range spidtest.DefaultCIEUsers() {
		if len(u.Attributes) != 4 {
			t.Errorf("CIE user %s has %d attributes, want the eIDAS 4", u.Username, len(u.Attributes))
		}
	}
}
