package appio_test

import (
	"testing"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

func TestMemorySentStore(t *testing.T) {
	t.Parallel()
	appiotest.TestSentStore(t, func(*testing.T) appio.SentStore { return appio.NewMemorySentStore() })
}
