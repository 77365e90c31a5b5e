package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// classify types an error by what the controller should do next: a rejected credential or a
// missing store needs a human (stalled); a spent quota or a server's Retry-After resolves by
// itself (waiting); the rest is transient.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := syncerr.AsStalled(err); ok {
		return err
	}
	var exhausted *budget.ExhaustedError
	if errors.As(err, &exhausted) {
		return syncerr.Wait(pimv1alpha1.ReasonQuotaExhausted, exhausted.RetryAfter, err)
	}
	var limited *plytix.RateLimitedError
	if errors.As(err, &limited) && limited.HasRetryAfter {
		return syncerr.Wait(pimv1alpha1.ReasonQuotaExhausted, limited.After, err)
	}
	if after, ok := centraRetryAfter(err); ok {
		return syncerr.Wait(pimv1alpha1.ReasonQuotaExhausted, after, err)
	}
	if plytix.IsUnauthorized(err) || isForbidden(err) {
		return syncerr.Stall(pimv1alpha1.ReasonAuthFailed, fmt.Errorf("%w: check the Plytix API key and password in spec.plytix.credentialsSecretRef", err))
	}
	if errors.Is(err, centra.ErrForbidden) || isCentraAuthorization(err) {
		return syncerr.Stall(pimv1alpha1.ReasonAuthFailed, fmt.Errorf("%w: check the Centra token in spec.centra.tokenSecretRef and its permissions", err))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the run reached spec.timeout before it finished reading; raise spec.timeout for a catalogue this size: %w", err)
	}
	return err
}

// centraRetryAfter is the wait a Centra 429 names (docs/reference/centra-api.md §5.1: Retry-After "contains the
// timestamp of when you can resume"); the client fills in the short window when the header is
// missing, and holds every budget of the environment until then.
func centraRetryAfter(err error) (time.Duration, bool) {
	var h *centra.HTTPError
	if !errors.As(err, &h) || !errors.Is(h, centra.ErrRateLimited) {
		return 0, false
	}
	return h.RetryAfter()
}

func isForbidden(err error) bool {
	var f *plytix.ForbiddenError
	return errors.As(err, &f)
}

func isCentraAuthorization(err error) bool {
	var g *centra.GraphQLErrors
	return errors.As(err, &g) && g.Authorization()
}
