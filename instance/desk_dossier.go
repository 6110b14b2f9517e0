package instance

import (
	"context"
	"fmt"

	"github.com/siopi/siopi/workday"
)

// syncDossier tells a [DossierCloser] that a transition closed or reopened
// the application's per-application dossier. A failure is logged: the
// event's payload (dossier_closed, dossier_reopened) remains the reliable
// record, through the outbox.
func (d *Desk) syncDossier(ctx context.Context, before, after *Application) {
	closer, ok := d.cfg.Dossiers.(DossierCloser)
	if !ok || before.Dossier == nil || after.Dossier == nil || after.Dossier.Scope != DossierPerApplication ||
		before.Dossier.Open() == after.Dossier.Open() {
		return
	}
	var err error
	if after.Dossier.Open() {
		_, err = closer.Reopen(ctx, after.Dossier.ID)
	} else {
		_, err = closer.Close(ctx, after.Dossier.ID, after.Dossier.ClosedAt)
	}
	if err != nil {
		d.cfg.Logger.WarnContext(ctx, "instance: dossier state not recorded in the archive", "dossier", after.Dossier.ID, "application", after, "error", err)
	}
}

// CloseDossiers closes the per-service-year dossiers of year, which must
// have ended (Europe/Rome), in which no open application of the desk's Comune
// is filed; year 0 means every year before the current one. It returns the
// dossiers it closed. It needs [Config.Dossiers] to be a [DossierCloser]
// (the default [Archive] is); otherwise it does nothing. Applications still
// awaiting an upfront payment do not keep a dossier open. [Desk.Sweep] runs
// it with year 0.
func (d *Desk) CloseDossiers(ctx context.Context, year int) ([]Dossier, error) {
	now := d.cfg.Now()
	current := workday.DateOf(now).Year
	if year >= current {
		return nil, fmt.Errorf("instance: close dossiers: %d has not ended: %w", year, ErrRequirement)
	}
	closer, ok := d.cfg.Dossiers.(DossierCloser)
	if !ok {
		return nil, nil
	}
	open, err := closer.OpenServiceYear(ctx)
	if err != nil {
		return nil, err
	}
	candidates := map[string]Dossier{}
	for _, ds := range open {
		if ds.Year < current && (year == 0 || ds.Year == year) {
			candidates[ds.ID] = ds
		}
	}
	if len(candidates) == 0 {
		return nil, nil
	}
	if err := d.dropBusy(ctx, candidates); err != nil {
		return nil, err
	}
	var closed []Dossier
	for _, ds := range open {
		if _, ok := candidates[ds.ID]; !ok {
			continue
		}
		c, err := closer.Close(ctx, ds.ID, now)
		if err != nil {
			return closed, fmt.Errorf("instance: close dossier %s: %w", ds.ID, err)
		}
		closed = append(closed, c)
	}
	return closed, nil
}

// dropBusy removes from candidates the dossiers an open application is filed in.
func (d *Desk) dropBusy(ctx context.Context, candidates map[string]Dossier) error {
	offices := map[string]bool{}
	for _, s := range d.services {
		offices[s.Office] = true
	}
	for office := range offices {
		q := WorklistQuery{Office: office, Bucket: BucketOpen, Limit: MaxLimit}
		for q.Offset = 0; q.Offset >= 0; {
			page, err := d.Worklist(ctx, q)
			if err != nil {
				return err
			}
			for _, r := range page.Rows {
				delete(candidates, r.Dossier)
			}
			q.Offset = page.Next
		}
	}
	return nil
}
