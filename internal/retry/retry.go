// Package retry runs an operation again after transient failures, with exponential backoff,
// full jitter and the server's Retry-After, bounded in attempts and elapsed time, and
// cancelled by its context.
//
// An error takes part by implementing the small interfaces below; the HTTP clients' typed
// errors do, so the policy never needs to know about status codes.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Retryable is implemented by errors that may succeed when tried again (429, 5xx, timeouts).
type Retryable interface {
	Retryable() bool
}

// AfterHinter is implemented by errors that carry the server's Retry-After.
type AfterHinter interface {
	RetryAfter() (time.Duration, bool)
}

// Policy bounds the retries of one operation.
type Policy struct {
	// MaxAttempts is the total number of tries, the first included.
	MaxAttempts int
	// BaseDelay is the backoff before the second try; it doubles each time, up to MaxDelay.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// MaxElapsed bounds the total time spent waiting between tries. A Retry-After longer than
	// what is left ends the retries, so the caller can requeue instead of holding a worker.
	MaxElapsed time.Duration
	// Sleep waits between tries; tests replace it. Nil means a timer bound to the context.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Default is the policy both SaaS clients start from: five tries within two minutes.
func Default() Policy {
	return Policy{MaxAttempts: 5, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second, MaxElapsed: 2 * time.Minute}
}

// IsRetryable reports whether err asks to be tried again.
func IsRetryable(err error) bool {
	var r Retryable
	return errors.As(err, &r) && r.Retryable()
}

// Do calls op until it succeeds, returns an error that is not retryable, or the policy's
// bounds are reached; it then returns op's last error. attempt counts from 1.
func (p Policy) Do(ctx context.Context, op func(ctx context.Context, attempt int) error) error {
	sleep := p.Sleep
	if sleep == nil {
		sleep = SleepContext
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		err := op(ctx, attempt)
		if err == nil || !IsRetryable(err) || attempt >= p.MaxAttempts {
			return err
		}
		delay := p.backoff(attempt)
		var hint AfterHinter
		if errors.As(err, &hint) {
			if after, ok := hint.RetryAfter(); ok {
				delay = after
			}
		}
		if waited+delay > p.MaxElapsed {
			return err
		}
		if serr := sleep(ctx, delay); serr != nil {
			return errors.Join(err, serr)
		}
		waited += delay
	}
}

// backoff is "full jitter": a uniform delay up to the exponential ceiling, which spreads
// the retries of many workers hitting one rate limit.
func (p Policy) backoff(attempt int) time.Duration {
	ceiling := p.BaseDelay << (attempt - 1)
	if ceiling <= 0 || ceiling > p.MaxDelay {
		ceiling = p.MaxDelay
	}
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling))) + 1
}

// SleepContext waits d, or returns the context's error as soon as it is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// MaxRetryAfter is the longest wait a server can impose: the APIs' quota windows are an hour at
// most (docs/reference/centra-api.md §5.5, docs/reference/plytix-api.md §4), so a longer
// Retry-After is a server's mistake, and obeying it would stop a sync until the process restarts.
const MaxRetryAfter = time.Hour

// ParseRetryAfter reads a Retry-After header value as delta-seconds, an HTTP-date, an
// RFC 3339 timestamp or a Unix timestamp, capped at MaxRetryAfter. Centra documents the header
// as "the timestamp of when you can resume" without a format (docs/reference/centra-api.md
// §5.1), Plytix does not document it at all (docs/reference/plytix-api.md §4), so every form is
// accepted. A time in the past means "now".
func ParseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	d, ok := parseRetryAfter(value, now)
	return min(d, MaxRetryAfter), ok
}

func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(value, 64); err == nil && n >= 0 {
		// Anything that large is a Unix timestamp, not a delay of decades.
		if n > 1e9 {
			return nonNegative(time.Unix(int64(n), 0).Sub(now)), true
		}
		return time.Duration(n * float64(time.Second)), true
	}
	for _, layout := range []string{time.RFC1123, time.RFC1123Z, time.RFC850, time.ANSIC, time.RFC3339Nano} {
		if t, err := time.Parse(layout, value); err == nil {
			return nonNegative(t.Sub(now)), true
		}
	}
	return 0, false
}

func nonNegative(d time.Duration) time.Duration { return max(d, 0) }
