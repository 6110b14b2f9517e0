package instance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/workday"
)

// Sweep runs the desk's periodic jobs on the day of now, over every office:
// it protocols what waits for the protocol ([BucketToRegister]), emits
// [EventDeadlineNear] once per deadline for applications whose deadline is
// within the clock's near window (again if a suspension moved it), and
// accepts by silence (art. 20) those whose term has passed on services that
// allow it. It also brings stored deadlines up to date where time alone moved
// them (an art. 10-bis window that closed without observations), with
// [EventDeadlineMoved], so that worklists stay right, and closes the
// per-service-year dossiers of past years ([Desk.CloseDossiers]). It returns how many
// applications it changed; conflicts (someone
// acted meanwhile) and protocol failures are skipped and retried by the next
// sweep. Run it every few minutes.
func (d *Desk) Sweep(ctx context.Context) (int, error) {
	now := d.cfg.Now()
	offices := map[string]bool{}
	for _, s := range d.services {
		offices[s.Office] = true
	}
	// Collect first, then act: acting moves rows out of the buckets, which
	// would shift the pages under an offset.
	var rows []Row
	for office := range offices {
		for _, q := range []WorklistQuery{{Bucket: BucketToRegister}, {Bucket: BucketNearDeadline},
			{Bucket: BucketPastDeadline}, {States: []State{StateRejectionNotice}}} {
			q.Office, q.Today, q.Limit, q.Sort, q.Ascending = office, workday.DateOf(now), MaxLimit, SortDeadline, true
			for q.Offset = 0; q.Offset >= 0; {
				page, err := d.Worklist(ctx, q)
				if err != nil {
					return 0, err
				}
				rows = append(rows, page.Rows...)
				q.Offset = page.Next
			}
		}
	}
	if _, err := d.CloseDossiers(ctx, 0); err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rows {
		changed, err := d.sweepOne(ctx, r, now)
		if err != nil && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrRequirement) && !errors.Is(err, ErrTransition) {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}

func (d *Desk) sweepOne(ctx context.Context, r Row, now time.Time) (bool, error) {
	app, svc, err := d.load(ctx, r.ID)
	if err != nil {
		return false, err
	}
	if r.Version != app.Version {
		return false, nil // changed since it was listed; the next sweep sees it again
	}
	if next := d.followUp(ctx, app, svc); next.Version != app.Version {
		return true, nil
	}
	t := d.cfg.Clock.Timing(app, svc, now)
	switch {
	case !app.State.Open():
		return false, nil
	case t.SilenceConsent:
		_, err := d.Do(ctx, app.ID, app.Version, Command{Action: ActionSilenceConsent, Actor: System("clock"), At: now})
		return err == nil, err
	case app.NearNotified != t.Deadline && t.DaysLeft >= 0 && t.DaysLeft <= d.cfg.Clock.Near():
		_, err := d.update(ctx, app.ID, app.Version, func(a *Application) (Event, error) {
			a.NearNotified, a.Deadline = t.Deadline, t.Deadline
			return Event{Kind: EventDeadlineNear, Actor: System("clock"), At: now.UTC(), From: a.State, To: a.State,
				Payload: map[string]string{"deadline": t.Deadline.String(), "days_left": fmt.Sprint(t.DaysLeft)}}, nil
		})
		return err == nil, err
	case app.Deadline != t.Deadline:
		_, err := d.update(ctx, app.ID, app.Version, func(a *Application) (Event, error) {
			ev := Event{Kind: EventDeadlineMoved, Actor: System("clock"), At: now.UTC(), From: a.State, To: a.State,
				Payload: map[string]string{"previous": a.Deadline.String(), "deadline": t.Deadline.String()}}
			a.Deadline = t.Deadline
			return ev, nil
		})
		return err == nil, err
	}
	return false, nil
}
