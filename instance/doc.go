// Package instance is the heart of siopi: the catalogue of a Comune's online
// services, the wizard through which citizens submit applications (istanze),
// the state machine that carries an application to its decision, the legal
// clock of L. 241/1990, the protocol register and the dossier, the
// communications between citizen and office, and the queries of the personal
// area and of the back office. municipal-services.md (§1 OpenCity, §2 the
// Modello Comuni criteria C.SE.*, §4 the law) is its specification.
//
// The package knows nothing of HTTP, SAML, App IO or pagoPA: the portal maps
// a SPID or CIE identity into an [Applicant], reacts to [Event]s (by draining
// the [Outbox] or through [Config.OnEvent]) to send App IO messages and
// e-mails, and reports pagoPA receipts back as [ActionConfirmPayment].
//
// # Services
//
// A [Service] is a catalogue entry: its Modello Comuni category and service
// page ([ServicePage]), the office that handles it, the authentication it
// requires ([AccessLevel]: SPID L1–L3, CIE), the legal term with its source,
// the suspension rules, silence-means-consent, the payment (none, upfront,
// deferred; euro cents and a pagoPA taxonomy code), whether the protocol is
// required and how its dossiers are classified in the Comuni titolario,
// whether withdrawal, reopening and integration requests are allowed, the
// notices per state and the opening window of calls and tenders.
// [Service.Validate] checks a definition; [ExampleServices] defines the five
// services of the brochure's initial offer.
//
// # The wizard
//
// A service's form is a list of [Step]s (by default the brochure's four:
// conditions and privacy, applicant, beneficiary, documents and submission)
// whose [Field]s have types and validation: required, patterns, fiscal code,
// IBAN, dates, e-mail, options, file attachments with MIME types and size
// limits, and fields shown only when another field has a value. Errors are
// [*ValidationError]s that name each field with an Italian message. A
// [Desk] starts a draft prefilled from the identity (C.SE.1.5), saves it at
// any step ([Desk.SaveDraft], C.SE.1.6), validates step by step
// ([Desk.Advance]), stores attachments in a [BlobStore] with their SHA-256,
// renders the textual [Summary] shown before submission (C.SE.1.4) and
// submits ([Desk.Submit]).
//
// # States and transitions
//
// Citizens see six statuses ([Status]: BOZZA, INVIATA, IN ELABORAZIONE,
// INTEGRAZIONE RICHIESTA, ELABORATA, ANNULLATA DAL CITTADINO), a projection of
// a richer internal [State] machine after OpenCity's: payment pending,
// protocolled, taken in charge, integration requested, drafted, submitted and
// protocolled in several rounds, the art. 10-bis notice of intended rejection
// with its 10-day window for observations, accepted or rejected while the
// outcome document is protocolled, accepted by silence, withdrawn, revoked,
// reopened. [Rules] is the explicit whitelist: each [Rule] names the state,
// the [Action], the actor allowed (citizen, operator of the service's office,
// system), what the [Command] must carry ([Needs]) and the service settings it
// depends on ([Cond]). [Application.Apply] refuses anything else with errors
// wrapping [ErrTransition], [ErrForbidden] or [ErrRequirement].
//
// # Events and storage
//
// Every change is an [Event] in an append-only log: who, when, from which
// state to which, why, and a payload. A [Store] keeps applications with
// optimistic concurrency: [Applications.Update] applies a change and appends
// its event and outbox entry atomically, and refuses a stale version with
// [ErrConflict], so two operators cannot overwrite each other. [MemoryStore]
// is the in-memory implementation; instancetest.TestStore is the conformance
// suite that SQL implementations pass too. [Finder] answers a citizen's list
// (also as beneficiary) and an office's worklist ([Bucket]: to take in charge,
// mine, waiting for the citizen, near or past the deadline) with filters,
// sorting and paging; [BucketToRegister] holds what waits for the protocol.
//
// # The legal clock
//
// [Clock] computes, for each application, the deadline of L. 241/1990 art. 2:
// receipt plus the term plus the suspended days (art. 2 c.7: once, at most 30
// days; art. 10-bis: until 10 days after the observations, or the end of the
// 10-day window), moved to the next working day of a workday.Calendar (by
// default; [DeadlinePolicy]); the days elapsed gross and net of suspensions;
// the days late; silence-means-consent on services that allow it (art. 20,
// applied by [Desk.Sweep]); and the statement a late decision must carry
// ([Timing.LateStatement], art. 2 c.9-quinquies), which [Application.Apply]
// stamps into a late accept or reject event's payload (late_statement,
// late_days, late_by, term_days, days_taken). The expected decision date
// shown to the citizen (C.SE.1.10) is [Timing.Deadline].
//
// # Protocol and dossier
//
// [Protocol] registers incoming and outgoing documents, returning number,
// date, AOO and segnatura; [ProtocolRegister] is the built-in register, with
// numbers progressive within each calendar year in Europe/Rome and the
// document's hash recorded. [Dossiers] files applications in a [Dossier]
// per application or per service and year ([DossierPolicy]), classified in the
// titolario ([Classification]). Applications keep the [Registration] of the
// application and of every later document: integration request and reply,
// notice, observations, outcome, messages. A [Desk] with a Protocol
// registers each document before the change that records it and cancels
// the registration ([Protocol.Cancel]) if that change fails, so that no
// number is left unexplained; what could not be registered waits in
// [BucketToRegister] for [Desk.Sweep] to retry.
//
// # Periodic jobs
//
// [Desk.Sweep], run every few minutes, retries protocol registrations,
// emits [EventDeadlineNear] once per deadline (again when a suspension moves
// it), stores deadlines that time alone moved ([EventDeadlineMoved]) and
// accepts by silence the applications whose term passed on services that
// allow it; it also closes the per-service-year dossiers of past years that no
// open application is filed in ([Desk.CloseDossiers]).
//
// # Communications and survey
//
// [Desk.Send] and [Desk.SendFiles] add messages both ways; files are checked
// like form attachments against the service's MessageFiles, stored in the
// BlobStore with their SHA-256 and, on protocolled services, registered with
// the message ([Registration.Attachments]). After the decision the applicant
// may answer the C.SE.1.7 satisfaction survey once ([Desk.Rate], [EventSurvey]).
package instance
