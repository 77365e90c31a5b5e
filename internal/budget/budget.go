// Package budget enforces API quotas that are counted in several sliding windows at once,
// such as Plytix's "requests per 10 s and per hour" (plytix-api.md §4) and Centra's three
// buckets of requests, query complexity and mutations, each per 10 s and per hour
// (centra-api.md §5.5).
//
// One Limiter guards one kind of spend for one account or endpoint. Limiters are shared by
// every client in the process that spends from the same quota, through a Registry, because
// the quota belongs to the account, not to a CatalogSync.
package budget

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// slotsPerWindow is the resolution of the sliding windows. Usage is kept per slot and a
// slot only frees when it has wholly left the window, so the limiter errs on the safe side
// by at most one slot (1/60 of the window).
const slotsPerWindow = 60

// Window allows at most Limit units in any Period. A Limit of zero or less means the window
// is not enforced but still counted, which is what benchmarks with quotas disabled use.
type Window struct {
	Period time.Duration
	Limit  int64
}

// WindowState is what a window has left, for status and planning.
type WindowState struct {
	Period    time.Duration
	Limit     int64
	Used      int64
	Remaining int64
}

// State is a point-in-time view of a Limiter.
type State struct {
	Name         string
	Windows      []WindowState
	BlockedUntil time.Time
	// Spent counts every unit taken or recorded since the limiter was made.
	Spent int64
}

// ExhaustedError says that the budget cannot pay for a spend soon enough. The caller is
// expected to stop cleanly and resume after RetryAfter.
type ExhaustedError struct {
	Name       string
	Period     time.Duration
	Limit      int64
	RetryAfter time.Duration
}

func (e *ExhaustedError) Error() string {
	if e.Period == 0 {
		return fmt.Sprintf("%s budget blocked by the server for %s", e.Name, e.RetryAfter.Round(time.Second))
	}
	return fmt.Sprintf("%s budget of %d per %s exhausted; enough frees in %s",
		e.Name, e.Limit, e.Period, e.RetryAfter.Round(time.Second))
}

// Limiter enforces a set of windows over one kind of spend. It is safe for concurrent use.
type Limiter struct {
	name    string
	now     func() time.Time
	maxWait time.Duration

	mu           sync.Mutex
	windows      []*slidingWindow
	blockedUntil time.Time
	spent        int64
}

// Option configures a Limiter.
type Option func(*Limiter)

// WithClock replaces the wall clock, for tests.
func WithClock(now func() time.Time) Option { return func(l *Limiter) { l.now = now } }

// WithMaxWait sets how long Take may block before it reports the budget exhausted instead.
// The default is 30 seconds: long enough to ride out a 10-second window, short enough that
// an exhausted hourly window ends the run instead of holding a worker.
func WithMaxWait(d time.Duration) Option { return func(l *Limiter) { l.maxWait = d } }

// NewLimiter returns a limiter named name (used in errors and status) over windows.
func NewLimiter(name string, windows []Window, opts ...Option) *Limiter {
	l := &Limiter{name: name, now: time.Now, maxWait: 30 * time.Second}
	for _, opt := range opts {
		opt(l)
	}
	for _, w := range windows {
		l.windows = append(l.windows, newSlidingWindow(w))
	}
	return l
}

// Name returns the limiter's name.
func (l *Limiter) Name() string { return l.name }

// Take spends n units, waiting while the wait is at most the limiter's maximum wait. When
// the budget cannot pay within that time it returns an *ExhaustedError and spends nothing.
func (l *Limiter) Take(ctx context.Context, n int64) error {
	for {
		wait, err := l.tryTake(n)
		if err != nil {
			return err
		}
		if wait == 0 {
			return nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// TryTake spends n units if the budget allows it now, and otherwise reports how long until it
// would.
func (l *Limiter) TryTake(n int64) (ok bool, retryIn time.Duration) {
	wait, err := l.tryTake(n)
	if err != nil {
		var exhausted *ExhaustedError
		if asExhausted(err, &exhausted) {
			return false, exhausted.RetryAfter
		}
		return false, 0
	}
	return wait == 0, wait
}

func (l *Limiter) tryTake(n int64) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	wait, blocking := l.waitLocked(now, n)
	if wait == 0 {
		for _, w := range l.windows {
			w.add(now, n)
		}
		l.spent += n
		return 0, nil
	}
	if wait > l.maxWait {
		err := &ExhaustedError{Name: l.name, RetryAfter: wait}
		if blocking != nil {
			err.Period, err.Limit = blocking.Period, blocking.Limit
		}
		return 0, err
	}
	return wait, nil
}

// waitLocked returns how long until n units fit in every window, and the window that
// forces the longest wait (nil when a server block is the cause).
func (l *Limiter) waitLocked(now time.Time, n int64) (time.Duration, *slidingWindow) {
	var longest time.Duration
	var blocking *slidingWindow
	if now.Before(l.blockedUntil) {
		longest = l.blockedUntil.Sub(now)
	}
	for _, w := range l.windows {
		if d := w.until(now, n); d > longest {
			longest, blocking = d, w
		}
	}
	return longest, blocking
}

// Until reports how long until n units could be spent, without spending them.
func (l *Limiter) Until(n int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, _ := l.waitLocked(l.now(), n)
	return d
}

// Available is how many units could be spent now without waiting: what the tightest window
// has left, 0 while the server blocks spending, and -1 when no window limits spending. Callers
// that spend in batches (aliased mutations) size their next batch with it.
func (l *Limiter) Available() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.blockedUntil) {
		return 0
	}
	available := int64(-1)
	for _, w := range l.windows {
		if w.Limit <= 0 {
			continue
		}
		left := max(w.Limit-w.used(now), 0)
		if available < 0 || left < available {
			available = left
		}
	}
	return available
}

// Record spends n units without waiting, for costs known only after the call (Centra
// reports a query's complexity in the response).
func (l *Limiter) Record(n int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, w := range l.windows {
		w.add(now, n)
	}
	l.spent += n
}

// BlockUntil stops all spending until t, as a server's 429 with Retry-After demands.
func (l *Limiter) BlockUntil(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.After(l.blockedUntil) {
		l.blockedUntil = t
	}
}

// SetLimits replaces the limits of the windows with the given periods and keeps what they have
// used. A shared limiter takes the limits of the run that uses it next, so an edited
// spec.*.rateLimits applies from the next run without a restart; when two CatalogSyncs share a
// quota with different limits, each run stays within its own limit over the shared usage.
func (l *Limiter) SetLimits(windows []Window) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.windows {
		for _, nw := range windows {
			if nw.Period == w.Period {
				w.Limit = nw.Limit
			}
		}
	}
}

// Seed aligns the window of the given period with what the server says is used and allowed
// (Centra's rateLimits query). The server's limit only ever lowers the configured one: a lower
// configured limit leaves quota for the environment's other integrations, and an unlimited
// window (benchmarks) stays unlimited. Local usage is only ever raised, never lowered, so a
// stale server report cannot make the limiter overspend.
func (l *Limiter) Seed(period time.Duration, limit, used int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, w := range l.windows {
		if w.Period != period {
			continue
		}
		if limit > 0 && w.Limit > 0 && limit < w.Limit {
			w.Limit = limit
		}
		if extra := used - w.used(now); extra > 0 {
			w.add(now, extra)
		}
	}
}

// State returns what every window has used and has left.
func (l *Limiter) State() State {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	s := State{Name: l.name, BlockedUntil: l.blockedUntil, Spent: l.spent}
	if !now.Before(s.BlockedUntil) {
		s.BlockedUntil = time.Time{}
	}
	for _, w := range l.windows {
		used := w.used(now)
		remaining := int64(-1)
		if w.Limit > 0 {
			remaining = max(w.Limit-used, 0)
		}
		s.Windows = append(s.Windows, WindowState{Period: w.Period, Limit: w.Limit, Used: used, Remaining: remaining})
	}
	return s
}
