// Package appio is a client of App IO's API for enti (public bodies): it
// checks citizens' profiles, sends messages with payment notices and due
// dates, reads their status, manages activations, the subscriptions feed,
// the organisation logo and the service itself (CMS), and sends one message
// to many citizens within IO's rate limit.
//
// The API is "IO API for Public Administration Services" v4.1.1
// (pagopa/io-functions-services openapi/index.yaml), whose message
// endpoints are now served by pagopa/io-messages services-func; the
// service-management calls follow pagopa/io-services-cms. Each method names
// the operation it implements.
//
// # Sending a payment notice
//
// IO requires a profile check before every message: send only when the
// citizen is on IO and accepts the service.
//
//	c, err := appio.NewClient(appio.Config{APIKey: key})
//	...
//	switch err := c.CheckRecipient(ctx, cf); {
//	case appio.IsNotOnIO(err), appio.IsOptedOut(err):
//		return nil // use another channel
//	case err != nil:
//		return err
//	}
//	id, err := c.SubmitMessage(ctx, appio.NewMessage{
//		FiscalCode: cf,
//		Content: appio.MessageContent{
//			Subject:  "Avviso di pagamento TARI 2026",
//			Markdown: "...at least 80 characters...",
//			DueDate:  appio.EndOfDay(workday.NewDate(2026, time.July, 31)),
//			PaymentData: &appio.PaymentData{
//				Amount:       12345, // cents
//				NoticeNumber: "301000000000012345",
//			},
//		},
//		IdempotencyKey: "tari-2026:" + cf,
//	})
//
// Leave PaymentData.Payee empty: IO fills in the service's organisation, and
// sending it needs a permission Comuni normally lack. Due dates are sent in
// UTC; [EndOfDay] turns "by the end of that day" in Europe/Rome into the
// right instant in summer and winter time.
//
// # Validation
//
// Requests are validated before they are sent, with [*FieldError]s that
// name the field: fiscal codes (upper-cased; IO's format only unless
// [Config].StrictFiscalCode; the sandbox code AAAAAA00A00A000A always
// passes), subject 10–120 and markdown 80–10000 characters counted in UTF-16
// units as IO counts them, amount 1–9999999999 cents, 18-digit notice
// number, time to live, feature level and third-party data.
//
// # Errors
//
// Every non-2xx answer is an [*APIError], whether IO sent a problem JSON, the
// gateway's {"statusCode","message"} or no body at all. It matches sentinel
// errors with [errors.Is]: [ErrNotOnIO], [ErrForbidden], [ErrRateLimited],
// [ErrNotFound] and so on; [IsNotOnIO], [IsOptedOut], [IsServiceNotAuthorized]
// and [IsTestMode] tell the cases IO's users most often confuse apart.
//
// # Rate limits and retries
//
// IO allows 150 requests per 5 s per ente. A [Client] never exceeds its
// [Limit] (shared by all its goroutines), pauses when IO reports the quota
// spent, and waits x-rate-limit-retry-after after a 429. Reads and
// idempotent upserts are retried with exponential backoff and jitter on
// network errors, 429 and 5xx. POST /messages creates a new message on
// every call, so it is retried only on 429 or when the connection was
// refused — never after a timeout or a dropped connection.
//
// # Idempotency and bulk sending
//
// [NewMessage].IdempotencyKey makes a submission happen at most once per key,
// recorded in a [SentStore] (reserve, then complete). [Client.SendBulk]
// sends a template to many citizens with a profile check each, reports
// progress and an outcome per citizen, and resumes from the SentStore when
// run again after a crash.
//
// # Service management and remote content
//
// With the manage key, a Client creates and updates the service
// ([Client.CreateService], [ServicePayload.Quality] for IO's production
// checks), sends it to review, publishes it, rotates its keys and reads its
// history; [Client.CreateRemoteContentConfig] registers the endpoints from
// which IO fetches third-party message details and attachments.
//
// # Testing
//
// Package appio/appiotest is a fake IO server that enforces the same rules,
// rate-limits with the real headers and injects faults.
package appio
