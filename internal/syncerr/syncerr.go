// Package syncerr types errors by what the controller should do next (DEVELOPMENT.md §4):
// a Stalled error needs a human and is not retried hot; a Waiting error is retried at a known
// time (a spent quota, a server's Retry-After); any other error is transient and retried with
// backoff.
package syncerr

import (
	"errors"
	"time"
)

// Stalled is an error no retry can fix: a bad spec, a missing or malformed Secret, an invalid
// mapping, a credential the API rejects.
type Stalled struct {
	// Reason is the CamelCase condition reason.
	Reason string
	Err    error
}

func (e *Stalled) Error() string { return e.Err.Error() }
func (e *Stalled) Unwrap() error { return e.Err }

// Waiting is an error that resolves by itself at a known time.
type Waiting struct {
	Reason     string
	RetryAfter time.Duration
	Err        error
}

func (e *Waiting) Error() string { return e.Err.Error() }
func (e *Waiting) Unwrap() error { return e.Err }

// Stall wraps err as Stalled with reason.
func Stall(reason string, err error) error { return &Stalled{Reason: reason, Err: err} }

// Wait wraps err as Waiting with reason, to be retried after d.
func Wait(reason string, d time.Duration, err error) error {
	return &Waiting{Reason: reason, RetryAfter: d, Err: err}
}

// AsStalled returns the Stalled error in err's chain.
func AsStalled(err error) (*Stalled, bool) {
	var s *Stalled
	ok := errors.As(err, &s)
	return s, ok
}

// AsWaiting returns the Waiting error in err's chain.
func AsWaiting(err error) (*Waiting, bool) {
	var w *Waiting
	ok := errors.As(err, &w)
	return w, ok
}
