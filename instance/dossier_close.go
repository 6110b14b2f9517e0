package instance

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// DossierCloser is implemented by [Dossiers] that keep the dossiers' state
// (the built-in [Archive], an adapter to the Comune's document system). The
// [Desk] tells it when a per-application dossier closes with its
// application's decision or opens again when the application is reopened,
// and closes the per-service-year dossiers whose year has ended
// ([Desk.CloseDossiers]). Implementations must be safe for concurrent use.
type DossierCloser interface {
	// Close closes dossier id at the instant at; closing a closed dossier
	// keeps its first closing instant. [ErrNotFound] if unknown.
	Close(ctx context.Context, id string, at time.Time) (Dossier, error)
	// Reopen opens a closed dossier again. [ErrNotFound] if unknown.
	Reopen(ctx context.Context, id string) (Dossier, error)
	// OpenServiceYear lists the open per-service-year dossiers, oldest year
	// first.
	OpenServiceYear(ctx context.Context) ([]Dossier, error)
}

var _ DossierCloser = (*Archive)(nil)

// Dossier returns a dossier the archive opened; [ErrNotFound] if unknown.
func (a *Archive) Dossier(ctx context.Context, id string) (Dossier, error) {
	return a.set(ctx, id, nil)
}

// Close implements [DossierCloser].
func (a *Archive) Close(ctx context.Context, id string, at time.Time) (Dossier, error) {
	return a.set(ctx, id, func(d *Dossier) {
		if d.ClosedAt.IsZero() {
			d.ClosedAt = at.UTC()
		}
	})
}

// Reopen implements [DossierCloser].
func (a *Archive) Reopen(ctx context.Context, id string) (Dossier, error) {
	return a.set(ctx, id, func(d *Dossier) { d.ClosedAt = time.Time{} })
}

// set returns a dossier after applying fn to it, if fn is not nil, under the
// archive's lock.
func (a *Archive) set(ctx context.Context, id string, fn func(*Dossier)) (Dossier, error) {
	if err := ctx.Err(); err != nil {
		return Dossier{}, fmt.Errorf("instance: dossier: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	d, ok := a.byID[id]
	if !ok {
		return Dossier{}, fmt.Errorf("instance: dossier %s: %w", id, ErrNotFound)
	}
	if fn != nil {
		fn(&d)
		a.byID[id] = d
	}
	return d, nil
}

// OpenServiceYear implements [DossierCloser].
func (a *Archive) OpenServiceYear(ctx context.Context) ([]Dossier, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("instance: dossiers: %w", err)
	}
	a.mu.Lock()
	var out []Dossier
	for _, id := range a.byKey {
		if d := a.byID[id]; d.Open() {
			out = append(out, d)
		}
	}
	a.mu.Unlock()
	slices.SortFunc(out, func(x, y Dossier) int { return cmp.Or(cmp.Compare(x.Year, y.Year), cmp.Compare(x.ID, y.ID)) })
	return out, nil
}
