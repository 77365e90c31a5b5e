// Package budget enforces API quotas that are counted in several sliding windows at once,
// such as Plytix's "requests per 10 s and per hour" (docs/reference/plytix-api.md §4) and Centra's three
// buckets of requests, query complexity and mutations, each per 10 s and per hour
// (docs/reference/centra-api.md §5.5).
//
// A Limiter guards one kind of spend for one account or endpoint. What has been spent (the
// windows' usage, a server's block, the total) belongs to the account, so every client in the
// process that spends from one quota shares it, through a Registry. The limits belong to the
// caller: View gives each run a Limiter of its own limits over the shared usage, so two
// CatalogSyncs of one account with different spec.*.rateLimits each stay within their own
// limit, and an edited limit applies to the next run without a restart. A limit the server
// reports (Seed) caps every view of the usage.
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
// is not enforced but still counted, which is what benchmarks with quotas disabled use; a
// limit the server reports does not change that.
type Window struct {
	Period time.Duration
	Limit  int64
}

// WindowState is what a window has left, for status and planning. Limit is the limit the
// Limiter enforces: its own, lowered to the server's when the server reported a lower one.
type WindowState struct {
	Period    time.Duration
	Limit     int64
	Used      int64
	Remaining int64
}

// State is a point-in-time view of a Limiter: its own windows and limits over the shared usage.
type State struct {
	Name         string
	Windows      []WindowState
	BlockedUntil time.Time
	// Spent counts every unit taken or recorded through any view of the usage since it was
	// made.
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
//
// NewLimiter makes a usage and a Limiter over it; View makes further Limiters over the same
// usage with limits of their own. Every spend, through any of them, counts in the usage of
// all; each checks only its own limits against that usage.
type Limiter struct {
	name    string
	maxWait time.Duration
	u       *usage
	// rules are the limits this limiter enforces, each on the shared window of its period.
	rules []rule
	// followsNewest makes the limiter enforce and report the rules of the newest view instead
	// of rules of its own: the limiter NewLimiter returns, which a Registry hands out.
	followsNewest bool
}

// usage is what the limiters of one quota share. One mutex guards all of it and every
// limiter's spend, so a check and the spend it allows are atomic across views.
type usage struct {
	now func() time.Time
	// sleep, when set, replaces the timer Take waits on; tests set it with a fake clock.
	sleep func(ctx context.Context, d time.Duration) error

	mu sync.Mutex
	// windows holds one sliding window per period any view enforces, in order of first use.
	windows      []*slidingWindow
	newest       []rule
	blockedUntil time.Time
	spent        int64
}

// rule is one limit of one limiter over a shared window.
type rule struct {
	win   *slidingWindow
	limit int64
}

// effective is the limit the rule enforces: its own, lowered to what the server reported.
// An unlimited rule stays unlimited.
func (r rule) effective() int64 {
	if r.limit > 0 && r.win.serverLimit > 0 && r.win.serverLimit < r.limit {
		return r.win.serverLimit
	}
	return r.limit
}

// rulesLocked returns the window of each of windows' periods, made if no view used the period
// before, with the windows' limits.
func (u *usage) rulesLocked(windows []Window) []rule {
	rules := make([]rule, 0, len(windows))
	for _, w := range windows {
		var win *slidingWindow
		for _, sw := range u.windows {
			if sw.period == w.Period {
				win = sw
				break
			}
		}
		if win == nil {
			win = newSlidingWindow(w.Period)
			u.windows = append(u.windows, win)
		}
		rules = append(rules, rule{win: win, limit: w.Limit})
	}
	return rules
}

// Option configures a Limiter.
type Option func(*Limiter)

// WithClock replaces the wall clock, for tests. Views share their usage's clock.
func WithClock(now func() time.Time) Option { return func(l *Limiter) { l.u.now = now } }

// WithMaxWait sets how long Take may block before it reports the budget exhausted instead.
// The default is 30 seconds: long enough to ride out a 10-second window, short enough that
// an exhausted hourly window ends the run instead of holding a worker. Views inherit it.
func WithMaxWait(d time.Duration) Option { return func(l *Limiter) { l.maxWait = d } }

// NewLimiter returns a limiter named name (used in errors and status) over windows and a
// usage of its own. Until View is called it enforces windows; after, it enforces and reports
// the limits of the newest view, which is what a Registry's All shows.
func NewLimiter(name string, windows []Window, opts ...Option) *Limiter {
	l := &Limiter{name: name, maxWait: 30 * time.Second, u: &usage{now: time.Now}, followsNewest: true}
	for _, opt := range opts {
		opt(l)
	}
	l.u.newest = l.u.rulesLocked(windows)
	return l
}

// View returns a limiter that spends from l's usage but enforces windows, lowered to any
// limit the server reports (Seed). A window whose period no view of the usage had before
// counts from now on. Making a view changes no other view's limits.
func (l *Limiter) View(windows []Window) *Limiter {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	v := &Limiter{name: l.name, maxWait: l.maxWait, u: l.u, rules: l.u.rulesLocked(windows)}
	l.u.newest = v.rules
	return v
}

// Name returns the limiter's name.
func (l *Limiter) Name() string { return l.name }

func (l *Limiter) rulesLocked() []rule {
	if l.followsNewest {
		return l.u.newest
	}
	return l.rules
}

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
		if err := l.u.wait(ctx, wait); err != nil {
			return err
		}
	}
}

// wait blocks for d, or until ctx is done.
func (u *usage) wait(ctx context.Context, d time.Duration) error {
	if u.sleep != nil {
		return u.sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
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
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	now := l.u.now()
	wait, blocking := l.waitLocked(now, n)
	if wait == 0 {
		l.u.spendLocked(now, n)
		return 0, nil
	}
	if wait > l.maxWait {
		err := &ExhaustedError{Name: l.name, RetryAfter: wait}
		if blocking != nil {
			err.Period, err.Limit = blocking.win.period, blocking.effective()
		}
		return 0, err
	}
	return wait, nil
}

// spendLocked counts n units in every window of the usage, whichever view spends them.
func (u *usage) spendLocked(now time.Time, n int64) {
	for _, w := range u.windows {
		w.add(now, n)
	}
	u.spent += n
}

// waitLocked returns how long until n units fit under every limit of l, and the rule that
// forces the longest wait (nil when a server block is the cause).
func (l *Limiter) waitLocked(now time.Time, n int64) (time.Duration, *rule) {
	var longest time.Duration
	var blocking *rule
	if now.Before(l.u.blockedUntil) {
		longest = l.u.blockedUntil.Sub(now)
	}
	rules := l.rulesLocked()
	for i := range rules {
		if d := rules[i].win.until(now, n, rules[i].effective()); d > longest {
			longest, blocking = d, &rules[i]
		}
	}
	return longest, blocking
}

// Until reports how long until n units could be spent, without spending them.
func (l *Limiter) Until(n int64) time.Duration {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	d, _ := l.waitLocked(l.u.now(), n)
	return d
}

// Available is how many units could be spent now without waiting: what the tightest window
// has left, 0 while the server blocks spending, and -1 when no window limits spending. Callers
// that spend in batches (aliased mutations) size their next batch with it.
func (l *Limiter) Available() int64 {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	now := l.u.now()
	if now.Before(l.u.blockedUntil) {
		return 0
	}
	available := int64(-1)
	for _, r := range l.rulesLocked() {
		limit := r.effective()
		if limit <= 0 {
			continue
		}
		left := max(limit-r.win.used(now), 0)
		if available < 0 || left < available {
			available = left
		}
	}
	return available
}

// Record spends n units without waiting, for costs known only after the call (Centra
// reports a query's complexity in the response).
func (l *Limiter) Record(n int64) {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	l.u.spendLocked(l.u.now(), n)
}

// BlockUntil stops all spending until t, as a server's 429 with Retry-After demands. The
// block binds every view of the usage.
func (l *Limiter) BlockUntil(t time.Time) {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	if t.After(l.u.blockedUntil) {
		l.u.blockedUntil = t
	}
}

// Seed aligns the window of the given period with what the server says is used and allowed
// (Centra's rateLimits query), for every view of the usage. The server's limit only ever
// lowers a view's own: a lower configured limit leaves quota for the environment's other
// integrations, and an unlimited window (benchmarks) stays unlimited. The server's limit is
// kept with the usage and itself only ever lowered, so it binds every view, including views
// made later, for the life of the process. Usage is only ever raised, never lowered, so a
// stale server report cannot make the limiter overspend.
func (l *Limiter) Seed(period time.Duration, limit, used int64) {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	now := l.u.now()
	for _, w := range l.u.windows {
		if w.period != period {
			continue
		}
		if limit > 0 && (w.serverLimit <= 0 || limit < w.serverLimit) {
			w.serverLimit = limit
		}
		if extra := used - w.used(now); extra > 0 {
			w.add(now, extra)
		}
	}
}

// State returns what every window of the limiter has used and has left, against the limits
// the limiter enforces.
func (l *Limiter) State() State {
	l.u.mu.Lock()
	defer l.u.mu.Unlock()
	now := l.u.now()
	s := State{Name: l.name, BlockedUntil: l.u.blockedUntil, Spent: l.u.spent}
	if !now.Before(s.BlockedUntil) {
		s.BlockedUntil = time.Time{}
	}
	for _, r := range l.rulesLocked() {
		used := r.win.used(now)
		limit := r.effective()
		remaining := int64(-1)
		if limit > 0 {
			remaining = max(limit-used, 0)
		}
		s.Windows = append(s.Windows, WindowState{Period: r.win.period, Limit: limit, Used: used, Remaining: remaining})
	}
	return s
}
