package appio_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
	"github.com/siopi/siopi/workday"
)

// Send a pagoPA payment notice to a citizen, after the profile check IO
// requires.
func Example_paymentNotice() {
	const cf = "RSSMRA79B11C566R"
	io := appiotest.NewServer(appiotest.Config{
		Citizens: map[string]appiotest.Citizen{cf: {SenderAllowed: true}},
	})
	defer io.Close()

	c, err := appio.NewClient(appio.Config{BaseURL: io.BaseURL, APIKey: appiotest.DefaultAPIKey})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := c.CheckRecipient(ctx, cf); err != nil {
		fmt.Println("not reachable on IO:", err)
		return
	}
	id, err := c.SubmitMessage(ctx, appio.NewMessage{
		FiscalCode: cf,
		Content: appio.MessageContent{
			Subject: "Avviso di pagamento TARI 2026",
			Markdown: "Gentile contribuente, è disponibile l'avviso di pagamento della **TARI 2026**. " +
				"Può pagarlo direttamente dall'app IO entro la scadenza indicata.",
			DueDate: appio.EndOfDay(workday.NewDate(2026, time.July, 31)),
			PaymentData: &appio.PaymentData{
				Amount:       12345, // euro cents
				NoticeNumber: "301000000000012345",
			},
		},
		IdempotencyKey: "tari-2026:" + cf,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	msg, err := c.GetMessage(ctx, cf, id)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("status:", msg.Status)
	fmt.Println("due date:", appio.Timestamp(msg.DueDate))
	fmt.Println("amount:", msg.PaymentData.Amount, "payee:", msg.PaymentData.Payee)
	fmt.Println("messages received by IO:", len(io.MessagesTo(cf)))
	// Output:
	// status: PROCESSED
	// due date: 2026-07-31T21:59:59.000Z
	// amount: 12345 payee: 01234567897
	// messages received by IO: 1
}

// A citizen without IO and one who blocked the service are told apart.
func ExampleClient_CheckRecipient() {
	io := appiotest.NewServer(appiotest.Config{
		Citizens: map[string]appiotest.Citizen{"FRNSST75D50A717N": {SenderAllowed: false}},
	})
	defer io.Close()
	c, _ := appio.NewClient(appio.Config{BaseURL: io.BaseURL, APIKey: appiotest.DefaultAPIKey})
	for _, cf := range []string{"FRNSST75D50A717N", "RSSMRA79B11C566R"} {
		err := c.CheckRecipient(context.Background(), cf)
		fmt.Printf("opted out: %v, not on IO: %v\n", appio.IsOptedOut(err), appio.IsNotOnIO(err))
	}
	// Output:
	// opted out: true, not on IO: false
	// opted out: false, not on IO: true
}

// Validation names the field at fault before anything is sent.
func ExampleNewMessage_Validate() {
	err := appio.NewMessage{
		FiscalCode: "aaaaaa00a00a000a", // the sandbox code, upper-cased
		Content:    appio.MessageContent{Subject: "Breve", Markdown: strings.Repeat("x", 80)},
	}.Validate()
	fmt.Println(err)
	// Output:
	// appio: invalid content.subject: length 5, want 10..120
}

// The end of a civil day in Europe/Rome, in summer and in winter time.
func ExampleEndOfDay() {
	fmt.Println(appio.Timestamp(appio.EndOfDay(workday.NewDate(2026, time.March, 28))))
	fmt.Println(appio.Timestamp(appio.EndOfDay(workday.NewDate(2026, time.March, 29))))
	// Output:
	// 2026-03-28T22:59:59.000Z
	// 2026-03-29T21:59:59.000Z
}

// Send the year's TARI notice to many citizens, each with its own notice
// number. Running the same job again (e.g. after a crash) skips everyone
// already messaged.
func ExampleClient_SendBulk() {
	io := appiotest.NewServer(appiotest.Config{Citizens: map[string]appiotest.Citizen{
		"RSSMRA79B11C566R": {SenderAllowed: true},
		"FRNSST75D50A717N": {SenderAllowed: false},
	}})
	defer io.Close()
	c, err := appio.NewClient(appio.Config{BaseURL: io.BaseURL, APIKey: appiotest.DefaultAPIKey})
	if err != nil {
		panic(err)
	}
	notices := map[string]string{
		"RSSMRA79B11C566R": "301000000000000001",
		"FRNSST75D50A717N": "301000000000000002",
		"RSRNOU70S54S000L": "301000000000000003",
	}
	job := appio.BulkJob{
		ID: "tari-2026",
		Template: appio.NewMessage{Content: appio.MessageContent{
			Subject: "Avviso di pagamento TARI 2026",
			Markdown: "Gentile contribuente, è disponibile l'avviso di pagamento della **TARI 2026**. " +
				"Può pagarlo direttamente dall'app IO entro la scadenza indicata.",
			DueDate:     appio.EndOfDay(workday.NewDate(2026, time.July, 31)),
			PaymentData: &appio.PaymentData{Amount: 12345},
		}},
		Personalize: func(cf string, m *appio.NewMessage) error {
			m.Content.PaymentData.NoticeNumber = notices[cf]
			return nil
		},
		Recipients: []string{"RSSMRA79B11C566R", "FRNSST75D50A717N", "RSRNOU70S54S000L"},
	}
	for range 2 {
		rep, err := c.SendBulk(context.Background(), job)
		if err != nil {
			panic(err)
		}
		fmt.Printf("sent %d, already sent %d, opted out %d, not on IO %d, failed %d\n",
			rep.Sent, rep.AlreadySent, rep.OptedOut, rep.NotOnIO, rep.Failed)
	}
	// Output:
	// sent 1, already sent 0, opted out 1, not on IO 1, failed 0
	// sent 0, already sent 1, opted out 1, not on IO 1, failed 0
}
