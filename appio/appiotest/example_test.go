package appiotest_test

import (
	"context"
	"fmt"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

// Start a fake IO with one citizen, send a message with the appio client and
// list what the fake received.
func Example() {
	io := appiotest.NewServer(appiotest.Config{
		Citizens: map[string]appiotest.Citizen{"RSSMRA79B11C566R": {SenderAllowed: true}},
	})
	defer io.Close()

	c, err := appio.NewClient(appio.Config{BaseURL: io.BaseURL, APIKey: appiotest.DefaultAPIKey})
	if err != nil {
		panic(err)
	}
	_, err = c.SubmitMessage(context.Background(), appio.NewMessage{
		FiscalCode: "RSSMRA79B11C566R",
		Content: appio.MessageContent{
			Subject:  "Appuntamento confermato",
			Markdown: "Il suo appuntamento all'ufficio anagrafe è confermato per lunedì alle 9:30. Porti un documento d'identità.",
		},
	})
	if err != nil {
		panic(err)
	}
	for _, m := range io.Messages() {
		fmt.Println(m.FiscalCode, m.Subject)
	}
	// Output:
	// RSSMRA79B11C566R Appuntamento confermato
}

// Make IO misbehave: the next two profile lookups fail with 500, then one
// submission's answer is lost after IO created the message.
func ExampleFake_InjectFault() {
	f := appiotest.New(appiotest.Config{})
	f.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.Fault500, Times: 2})
	f.InjectFault(appiotest.FaultRule{Op: "submitMessageforUserWithFiscalCodeInBody", Kind: appiotest.FaultDropAfter, Times: 1})
	// And answer 5% of all calls with APIM's 429.
	f.InjectFault(appiotest.FaultRule{Kind: appiotest.Fault429, Rate: 0.05})
	fmt.Println(len(f.Messages()))
	// Output: 0
}
