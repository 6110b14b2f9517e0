// Package appiotest is a fake of App IO's API for enti, served by
// net/http/httptest, for tests and for the portal's demo mode.
//
// # What it implements
//
// Under [BasePath] (/api/v1), with the subscription key in
// Ocp-Apim-Subscription-Key: profiles (getProfileByPOST, getProfile),
// messages (submitMessageforUserWithFiscalCodeInBody, submitMessageforUser,
// getMessage with ACCEPTED → PROCESSED/REJECTED progression), the
// subscriptions feed, activations, the organisation logo, and with the
// manage key the service management (CMS) operations, service history and
// remote-content configurations (a third-party message must name one the
// ente owns; see [Fake.AddRemoteContentConfig]). Requests are validated
// with IO's codecs' rules and refused with the same statuses and body
// shapes: problem JSON from the functions, {"statusCode","message"} from
// the gateway (401, 404 on unknown paths, 429).
//
// # Rate limits and faults
//
// [Config].Limit applies APIM's quota with x-rate-limit-remaining on every
// answer and x-rate-limit-retry-after on 429. [Fake.InjectFault] adds 429s,
// 500s, slow answers and dropped connections, before or after the operation
// runs, for the next N calls or a share of them.
//
// # Inspecting
//
// [Fake.Messages] lists the accepted messages; [Fake.Requests] counts calls
// per operation; [Fake.SetMessageStatus] forces a status.
//
// # Conformance
//
// [TestSentStore] is the conformance suite of appio.SentStore.
package appiotest
