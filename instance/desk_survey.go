package instance

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Survey is the applicant's answer to the satisfaction survey of Modello
// Comuni criterion C.SE.1.7: "Quanto è stato facile usare questo servizio?"
// from 1 to 5 stars; the aspects [SurveyAspects] offers for that rating
// (difficulties for 1–3, strengths for 4–5); a free comment.
type Survey struct {
	Rating  int
	Aspects []string
	Comment string
}

// Survey aspects (C.SE.1.7). The first five are offered for 1–3 stars
// ("Dove hai incontrato le maggiori difficoltà?"), the others, and
// AspectOther, for 4–5 ("Quali sono stati gli aspetti che hai preferito?").
const (
	AspectUnclear           = "indicazioni_non_chiare"
	AspectIncomplete        = "indicazioni_non_complete"
	AspectUnsure            = "non_capivo_se_procedevo"
	AspectTechnicalProblems = "problemi_tecnici"
	AspectClear             = "indicazioni_chiare"
	AspectComplete          = "indicazioni_complete"
	AspectSure              = "capivo_che_procedevo"
	AspectNoTechnical       = "nessun_problema_tecnico"
	AspectOther             = "altro"
)

// MaxSurveyComment caps the survey's comment, in characters.
const MaxSurveyComment = 1000

var (
	difficulties = []Option{
		{AspectUnclear, "A volte le indicazioni non erano chiare"},
		{AspectIncomplete, "A volte le indicazioni non erano complete"},
		{AspectUnsure, "A volte non capivo se stavo procedendo correttamente"},
		{AspectTechnicalProblems, "Ho avuto problemi tecnici"},
		{AspectOther, "Altro"},
	}
	strengths = []Option{
		{AspectClear, "Le indicazioni erano chiare"},
		{AspectComplete, "Le indicazioni erano complete"},
		{AspectSure, "Capivo sempre che stavo procedendo correttamente"},
		{AspectNoTechnical, "Non ho avuto problemi tecnici"},
		{AspectOther, "Altro"},
	}
)

// SurveyAspects returns the aspects offered for a rating, with their Italian
// labels; nil for a rating outside 1–5.
func SurveyAspects(rating int) []Option {
	switch {
	case rating >= 1 && rating <= 3:
		return slices.Clone(difficulties)
	case rating >= 4 && rating <= 5:
		return slices.Clone(strengths)
	}
	return nil
}

// Validate checks the rating, that each aspect is offered for it (once) and
// the comment's length; errors wrap [ErrInvalid].
func (s Survey) Validate() error {
	offered := SurveyAspects(s.Rating)
	if offered == nil {
		return fmt.Errorf("instance: survey: rating %d not in 1–5: %w", s.Rating, ErrInvalid)
	}
	for i, a := range s.Aspects {
		if !slices.ContainsFunc(offered, func(o Option) bool { return o.Value == a }) || slices.Contains(s.Aspects[:i], a) {
			return fmt.Errorf("instance: survey: aspect %q not offered for %d stars: %w", a, s.Rating, ErrInvalid)
		}
	}
	if utf8.RuneCountInString(s.Comment) > MaxSurveyComment {
		return fmt.Errorf("instance: survey: comment longer than %d characters: %w", MaxSurveyComment, ErrInvalid)
	}
	return nil
}

// Rate records the applicant's survey answer (C.SE.1.7) on a decided
// application as an [EventSurvey], once per application ([ErrExists] for a
// second answer). Only the applicant answers ([ErrForbidden]); before the
// decision it is [ErrTransition]. The application's state does not change.
func (d *Desk) Rate(ctx context.Context, id string, version int64, actor Actor, s Survey) (*Application, error) {
	app, err := d.cfg.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !app.isApplicant(actor) {
		return nil, fmt.Errorf("instance: survey %s: only the applicant answers: %w", id, ErrForbidden)
	}
	if !app.State.Final() {
		return nil, fmt.Errorf("instance: survey %s: not decided yet (%s): %w", id, app.State, ErrTransition)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	// Checked outside the update: an answer stored meanwhile would have
	// moved the version, and the update conflicts.
	evs, err := d.cfg.Store.Events(ctx, id)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(evs, func(e Event) bool { return e.Kind == EventSurvey }) {
		return nil, fmt.Errorf("instance: survey %s: already answered: %w", id, ErrExists)
	}
	at := d.cfg.Now().UTC()
	return d.update(ctx, id, version, func(a *Application) (Event, error) {
		return Event{Kind: EventSurvey, Actor: actor, At: at, From: a.State, To: a.State, Payload: map[string]string{
			"rating": strconv.Itoa(s.Rating), "aspects": strings.Join(s.Aspects, ","), "comment": strings.TrimSpace(s.Comment),
		}}, nil
	})
}
