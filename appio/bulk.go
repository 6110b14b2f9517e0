package appio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// BulkJob sends one message to many citizens, e.g. the year's TARI notices.
type BulkJob struct {
	// ID names the run. Each citizen's idempotency key is derived from it,
	// so running a job again with the same ID resumes it: citizens already
	// messaged are skipped. Required.
	ID string
	// Template is the message; its FiscalCode and IdempotencyKey are set per
	// recipient.
	Template NewMessage
	// Personalize, if set, adapts the message to one recipient (e.g. its
	// notice number and amount) before the message is validated; it gets
	// only fiscal codes that passed validation. An error fails that
	// recipient only. It is called from several goroutines at once.
	Personalize func(fiscalCode string, m *NewMessage) error
	// Recipients are fiscal codes; duplicates are messaged once.
	Recipients []string
	// Workers is the number of concurrent sends; zero means 16. The client's
	// rate limiter, not the worker count, sets the pace.
	Workers int
	// SkipProfileCheck sends without calling getProfile first; only for
	// services that PagoPA authorised to use the subscriptions feed instead.
	SkipProfileCheck bool
	// Progress, if set, is called at most every ProgressInterval (and once
	// at the end) from one goroutine at a time.
	Progress func(BulkProgress)
	// ProgressInterval defaults to 1 s.
	ProgressInterval time.Duration
	// SubmitTimeout bounds a submission that is already under way when ctx
	// is cancelled: cancelling stops new sends but lets those finish and be
	// recorded, so nothing is left with an unknown outcome. Zero means 30 s.
	SubmitTimeout time.Duration
}

// BulkProgress is a snapshot of a running [BulkJob].
type BulkProgress struct {
	// Total is the number of recipients; Done how many were handled so
	// far. Done is the sum of the six counts below.
	Total, Done int
	// Sent were messaged in this run; AlreadySent were messaged by an
	// earlier run of the job (or appear twice in Recipients).
	Sent, AlreadySent int
	// NotOnIO have no IO profile (or disabled the inbox); OptedOut blocked
	// the service. Neither was messaged.
	NotOnIO, OptedOut int
	// Uncertain may or may not have been messaged (see
	// [BulkReport].UncertainCodes); Failed were not (see
	// [BulkReport].Failures).
	Uncertain, Failed int
	// Elapsed is the time since the run started; ETA the time left at
	// the rate so far (zero at the end).
	Elapsed, ETA time.Duration
	// Rate is recipients handled per second so far.
	Rate float64
}

// BulkFailure is one recipient the job could not message.
type BulkFailure struct {
	// FiscalCode is the recipient; it is masked in Error and LogValue.
	FiscalCode string
	// Stage is "validate", "profile" or "submit".
	Stage string
	// Err is the cause; it matches the package's sentinel errors.
	Err error
}

// Unwrap returns the cause.
func (f BulkFailure) Unwrap() error { return f.Err }

// Error reports the masked fiscal code, the stage and the cause.
func (f BulkFailure) Error() string {
	return fmt.Sprintf("%s: %s: %v", fiscalcode.Mask(f.FiscalCode), f.Stage, f.Err)
}

// LogValue masks the fiscal code.
func (f BulkFailure) LogValue() slog.Value {
	return slog.GroupValue(slog.String("fiscal_code", fiscalcode.Mask(f.FiscalCode)),
		slog.String("stage", f.Stage), slog.String("error", f.Err.Error()))
}

// BulkReport is the outcome of [Client.SendBulk].
type BulkReport struct {
	BulkProgress
	// UncertainCodes lists citizens whose submission has an unknown outcome
	// (IO may have created the message: a timeout or a dropped connection in
	// this run, or a key left pending by an earlier run or a crash). They
	// are not messaged again until the caller resolves them: Release the key
	// [BulkKey](job ID, code) to send again, or Complete it with the
	// message id.
	UncertainCodes []string
	// Failures lists the recipients that failed, with the reason.
	Failures []BulkFailure
	// Interrupted is true when ctx ended before every recipient was handled.
	Interrupted bool
}

// BulkKey is the idempotency key of one recipient of a job.
func BulkKey(jobID, fiscalCode string) string {
	return "bulk:" + jobID + ":" + HashFiscalCode(fiscalCode)
}

type outcome int

const (
	outSent outcome = iota
	outAlreadySent
	outNotOnIO
	outOptedOut
	outUncertain
	outFailed
	outSkipped // ctx ended before this recipient was handled
)

// SendBulk sends job.Template to every recipient: for each it checks the
// profile (IO requires it), then submits with an idempotency key derived
// from job.ID, within the client's rate limit. Running the same job again
// after a crash or a cancellation resumes it from the client's [SentStore]:
// every citizen is messaged at most once. The report counts sent, already
// sent, not on IO, opted out, uncertain and failed recipients; the error is
// ctx's when the run was interrupted.
func (c *Client) SendBulk(ctx context.Context, job BulkJob) (BulkReport, error) {
	if job.ID == "" {
		return BulkReport{}, errors.New("appio: send bulk: job ID is required")
	}
	workers := job.Workers
	if workers <= 0 {
		workers = 16
	}
	interval := job.ProgressInterval
	if interval <= 0 {
		interval = time.Second
	}
	run := &bulkRun{c: c, job: job, start: c.now(), interval: interval}
	run.rep.Total = len(job.Recipients)

	todo := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for cf := range todo {
				run.record(cf, run.one(ctx, cf))
			}
		})
	}
	seen := make(map[string]bool, len(job.Recipients))
feed:
	for _, raw := range job.Recipients {
		cf := normalizeCF(raw)
		if seen[cf] {
			run.record(cf, result{out: outAlreadySent})
			continue
		}
		seen[cf] = true
		select {
		case todo <- cf:
		case <-ctx.Done():
			break feed
		}
	}
	close(todo)
	wg.Wait()

	run.mu.Lock()
	defer run.mu.Unlock()
	run.snapshot()
	rep := run.rep
	rep.Interrupted = rep.Done < rep.Total
	if job.Progress != nil {
		job.Progress(rep.BulkProgress)
	}
	if rep.Interrupted {
		return rep, fmt.Errorf("appio: send bulk %s: interrupted after %d of %d: %w", job.ID, rep.Done, rep.Total, context.Cause(ctx))
	}
	return rep, nil
}

type result struct {
	out   outcome
	stage string
	err   error
}

type bulkRun struct {
	c        *Client
	job      BulkJob
	start    time.Time
	interval time.Duration

	mu       sync.Mutex
	rep      BulkReport
	lastProg time.Time
}

// one handles one recipient.
func (r *bulkRun) one(ctx context.Context, cf string) result {
	if ctx.Err() != nil {
		return result{out: outSkipped}
	}
	if err := validateCF("fiscal_code", cf, r.c.strict); err != nil {
		return result{out: outFailed, stage: "validate", err: err}
	}
	key := BulkKey(r.job.ID, cf)
	rec, err := r.c.sent.Get(ctx, key)
	switch {
	case err == nil && rec.State == SentDone:
		return result{out: outAlreadySent}
	case err == nil:
		return result{out: outUncertain}
	case !errors.Is(err, ErrNotFound):
		return result{out: outFailed, stage: "store", err: err}
	}
	m := r.job.Template
	m.FiscalCode, m.IdempotencyKey = cf, key
	if p := m.Content.PaymentData; p != nil {
		cp := *p
		m.Content.PaymentData = &cp
	}
	if t := m.Content.ThirdPartyData; t != nil {
		cp := *t
		m.Content.ThirdPartyData = &cp
	}
	if r.job.Personalize != nil {
		if err := r.job.Personalize(cf, &m); err != nil {
			return result{out: outFailed, stage: "validate", err: err}
		}
	}
	if err := m.validate(r.c.strict); err != nil {
		return result{out: outFailed, stage: "validate", err: err}
	}
	if !r.job.SkipProfileCheck {
		switch err := r.c.CheckRecipient(ctx, cf); {
		case err == nil:
		case IsNotOnIO(err):
			return result{out: outNotOnIO}
		case IsOptedOut(err):
			return result{out: outOptedOut}
		case ctx.Err() != nil:
			return result{out: outSkipped}
		default:
			return result{out: outFailed, stage: "profile", err: err}
		}
	}
	if ctx.Err() != nil {
		return result{out: outSkipped}
	}
	// Once started, a submission runs to its end so that its outcome is
	// recorded: a cancelled request would leave the key pending forever.
	timeout := r.job.SubmitTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	_, err = r.c.SubmitMessage(sctx, m)
	switch {
	case err == nil:
		return result{out: outSent}
	case errors.Is(err, ErrPending):
		return result{out: outUncertain}
	}
	// A failure that may have reached IO (a timeout, a dropped connection)
	// leaves the key pending: report it as uncertain now, since running the
	// job again will not retry it.
	if rec, gerr := r.c.sent.Get(sctx, key); gerr == nil && rec.State == SentPending {
		r.c.log.DebugContext(ctx, "appio: bulk submission with unknown outcome", "job", r.job.ID,
			"fiscal_code", fiscalcode.Mask(cf), "error", err)
		return result{out: outUncertain}
	}
	return result{out: outFailed, stage: "submit", err: err}
}

func (r *bulkRun) record(cf string, res result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res.out == outSkipped {
		return
	}
	p := &r.rep.BulkProgress
	p.Done++
	switch res.out {
	case outSent:
		p.Sent++
	case outAlreadySent:
		p.AlreadySent++
	case outNotOnIO:
		p.NotOnIO++
	case outOptedOut:
		p.OptedOut++
	case outUncertain:
		p.Uncertain++
		r.rep.UncertainCodes = append(r.rep.UncertainCodes, cf)
	case outFailed:
		p.Failed++
		r.rep.Failures = append(r.rep.Failures, BulkFailure{FiscalCode: cf, Stage: res.stage, Err: res.err})
	}
	if now := r.c.now(); r.job.Progress != nil && now.Sub(r.lastProg) >= r.interval {
		r.lastProg = now
		r.snapshot()
		r.job.Progress(r.rep.BulkProgress)
	}
}

// snapshot updates the timing fields; r.mu is held.
func (r *bulkRun) snapshot() {
	p := &r.rep.BulkProgress
	p.Elapsed = r.c.now().Sub(r.start)
	p.ETA, p.Rate = 0, 0
	if p.Done > 0 && p.Elapsed > 0 {
		p.Rate = float64(p.Done) / p.Elapsed.Seconds()
		p.ETA = time.Duration(float64(p.Total-p.Done) / p.Rate * float64(time.Second))
	}
}
