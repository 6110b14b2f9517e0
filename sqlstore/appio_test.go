package sqlstore_test

import (
	"testing"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

func TestAppIOSentStore(t *testing.T) {
	t.Parallel()
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			o.skip(t)
			appiotest.TestSentStore(t, func(t *testing.T) appio.SentStore { return o.open(t).AppIOSent(testOrg) })
		})
	}
}
