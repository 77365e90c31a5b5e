package budget

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

// Centra's documented mutation bucket: 100 per 10 s, 1,000 per hour (docs/reference/centra-api.md §5.5).
func centraMutations(c *fakeClock) *Limiter {
	return NewLimiter("centra mutations", []Window{{10 * time.Second, 100}, {time.Hour, 1000}},
		WithClock(c.Now), WithMaxWait(time.Minute))
}

func TestShortWindowRefillsWithinTheLongWindow(t *testing.T) {
	c := newClock()
	l := centraMutations(c)
	if ok, _ := l.TryTake(100); !ok {
		t.Fatal("first 100 should fit")
	}
	ok, wait := l.TryTake(1)
	if ok || wait <= 0 || wait > 10*time.Second {
		t.Fatalf("101st within 10s: ok=%v wait=%v, want a wait of at most 10s", ok, wait)
	}
	c.Advance(10 * time.Second)
	if ok, _ := l.TryTake(100); !ok {
		t.Fatal("the 10s window should have freed")
	}
}

func TestHourlyWindowExhaustionReportsWhenToResume(t *testing.T) {
	c := newClock()
	l := centraMutations(c)
	for i := 0; i < 10; i++ {
		if err := l.Take(context.Background(), 100); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		c.Advance(10 * time.Second)
	}
	err := l.Take(context.Background(), 1)
	var exhausted *ExhaustedError
	if !errors.As(err, &exhausted) {
		t.Fatalf("want ExhaustedError, got %v", err)
	}
	if exhausted.Period != time.Hour || exhausted.Limit != 1000 {
		t.Errorf("blocking window = %v/%d, want 1h/1000", exhausted.Period, exhausted.Limit)
	}
	// The first 100 were spent at t=0; they leave the hour window just after t=1h.
	if exhausted.RetryAfter < 58*time.Minute || exhausted.RetryAfter > time.Hour {
		t.Errorf("RetryAfter = %v, want about 58-60 minutes", exhausted.RetryAfter)
	}
	st := l.State()
	if st.Spent != 1000 || st.Windows[1].Remaining != 0 || st.Windows[1].Used != 1000 {
		t.Errorf("state = %+v", st)
	}
}

func TestExhaustedTakeSpendsNothing(t *testing.T) {
	c := newClock()
	l := NewLimiter("x", []Window{{time.Hour, 10}}, WithClock(c.Now), WithMaxWait(time.Second))
	_ = l.Take(context.Background(), 10)
	if err := l.Take(context.Background(), 5); err == nil {
		t.Fatal("want exhausted")
	}
	if got := l.State().Spent; got != 10 {
		t.Errorf("Spent = %d, want 10", got)
	}
}

func TestUnlimitedWindowCountsButNeverWaits(t *testing.T) {
	l := NewLimiter("bench", []Window{{10 * time.Second, 0}, {time.Hour, 0}})
	for i := 0; i < 1000; i++ {
		if err := l.Take(context.Background(), 50); err != nil {
			t.Fatal(err)
		}
	}
	st := l.State()
	if st.Spent != 50000 || st.Windows[0].Remaining != -1 {
		t.Errorf("state = %+v", st)
	}
}

func TestBlockUntilHonoursServerRetryAfter(t *testing.T) {
	c := newClock()
	l := NewLimiter("plytix", []Window{{10 * time.Second, 20}}, WithClock(c.Now), WithMaxWait(time.Second))
	l.BlockUntil(c.Now().Add(5 * time.Minute))
	err := l.Take(context.Background(), 1)
	var exhausted *ExhaustedError
	if !errors.As(err, &exhausted) || exhausted.RetryAfter != 5*time.Minute || exhausted.Period != 0 {
		t.Fatalf("got %v", err)
	}
	c.Advance(5 * time.Minute)
	if err := l.Take(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}

func TestTakeWaitsForTheShortWindow(t *testing.T) {
	// A 200ms window with a limit of 2 makes the third take wait until the slot of the first
	// two has wholly left the window. The wait runs on the fake clock, which it advances.
	c := newClock()
	l := NewLimiter("short", []Window{{200 * time.Millisecond, 2}}, WithClock(c.Now))
	var waits []time.Duration
	l.u.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		c.Advance(d)
		return ctx.Err()
	}
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := l.Take(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	slot := 200 * time.Millisecond / slotsPerWindow
	if len(waits) != 1 || waits[0] <= 200*time.Millisecond-slot || waits[0] > 200*time.Millisecond {
		t.Fatalf("waits = %v, want one of (%v, 200ms]", waits, 200*time.Millisecond-slot)
	}
	if st := l.State(); st.Spent != 3 || st.Windows[0].Used != 1 {
		t.Fatalf("state = %+v, want 3 spent and only the third in the window", st)
	}

	// On the wall clock a wait ends as soon as the context is done: a one-per-20s window
	// would make this take wait 20 s (within the default maximum wait of 30 s).
	wall := NewLimiter("long", []Window{{20 * time.Second, 1}})
	if err := wall.Take(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := wall.Take(cancelled, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("take on a cancelled context = %v, want context.Canceled", err)
	}
	if got := wall.State().Spent; got != 1 {
		t.Fatalf("Spent = %d, want 1: a cancelled take spends nothing", got)
	}
}

func TestSeedRaisesUsageAndOnlyLowersLimits(t *testing.T) {
	c := newClock()
	l := centraMutations(c)
	l.Seed(time.Hour, 2000, 1500)
	st := l.State()
	if st.Windows[1].Limit != 1000 || st.Windows[1].Used != 1500 || st.Windows[1].Remaining != 0 {
		t.Errorf("a higher server limit must not raise the configured one: %+v", st.Windows[1])
	}
	l.Seed(time.Hour, 800, 0)
	if got := l.State().Windows[1].Limit; got != 800 {
		t.Errorf("a lower server limit must lower the configured one: %d", got)
	}
	unlimited := NewLimiter("bench", []Window{{time.Hour, 0}}, WithClock(c.Now))
	unlimited.Seed(time.Hour, 1000, 10)
	if got := unlimited.State().Windows[0].Limit; got != 0 {
		t.Errorf("an unlimited window must stay unlimited: %d", got)
	}
	l.Seed(time.Hour, 0, 10) // a stale lower report never lowers usage
	if got := l.State().Windows[1].Used; got != 1500 {
		t.Errorf("Used = %d, want 1500", got)
	}
}

// TestViewsKeepTheirOwnLimitsOverSharedUsage: two CatalogSyncs of one account, one capped at
// 200 an hour and one at 1,000, spend from one usage; each stays within its own limit, and a
// view made later with edited limits changes neither.
func TestViewsKeepTheirOwnLimitsOverSharedUsage(t *testing.T) {
	c := newClock()
	shared := NewLimiter("plytix", []Window{{10 * time.Second, 0}, {time.Hour, 1000}}, WithClock(c.Now), WithMaxWait(0))
	views := map[string]*Limiter{
		"low":  shared.View([]Window{{10 * time.Second, 0}, {time.Hour, 200}}),
		"high": shared.View([]Window{{10 * time.Second, 0}, {time.Hour, 1000}}),
	}
	steps := []struct {
		view string
		n    int64
		ok   bool
	}{
		{"low", 150, true},
		{"high", 40, true},
		{"low", 11, false}, // 190 used: 10 left under 200
		{"low", 10, true},
		{"low", 1, false},
		{"high", 800, true}, // the neighbour's 1,000 still has room
		{"high", 1, false},
	}
	for i, s := range steps {
		if ok, _ := views[s.view].TryTake(s.n); ok != s.ok {
			t.Fatalf("step %d: %s takes %d: ok=%v, want %v", i, s.view, s.n, ok, s.ok)
		}
	}
	for name, want := range map[string]WindowState{
		"low":  {Period: time.Hour, Limit: 200, Used: 1000, Remaining: 0},
		"high": {Period: time.Hour, Limit: 1000, Used: 1000, Remaining: 0},
	} {
		st := views[name].State()
		if st.Windows[1] != want || st.Spent != 1000 {
			t.Errorf("%s: hourly window %+v spent %d, want %+v spent 1000", name, st.Windows[1], st.Spent, want)
		}
	}
	// An edited limit is a new view: it sees what was spent and leaves the others alone.
	edited := shared.View([]Window{{10 * time.Second, 0}, {time.Hour, 1200}})
	if got := edited.Available(); got != 200 {
		t.Errorf("edited view: Available = %d, want 200", got)
	}
	if got := views["low"].State().Windows[1].Limit; got != 200 {
		t.Errorf("a new view changed an older view's limit to %d", got)
	}
	if ok, _ := views["low"].TryTake(1); ok {
		t.Error("the 200 view spent past its limit after a new view was made")
	}
	// A server block binds every view.
	views["high"].BlockUntil(c.Now().Add(time.Minute))
	if got := edited.Until(1); got != time.Minute {
		t.Errorf("edited view: Until(1) while blocked = %s, want 1m", got)
	}
}

// TestServerLimitBindsEveryViewAndLaterOnes: a limit Centra reports lower than the configured
// ones (Seed) binds every view, also ones made after it, is not raised again by a higher
// report or a new view, and leaves an unlimited view unlimited.
func TestServerLimitBindsEveryViewAndLaterOnes(t *testing.T) {
	c := newClock()
	shared := centraMutations(c)
	high := shared.View([]Window{{10 * time.Second, 100}, {time.Hour, 1000}})
	low := shared.View([]Window{{10 * time.Second, 100}, {time.Hour, 200}})
	unlimited := shared.View([]Window{{10 * time.Second, 0}, {time.Hour, 0}})

	high.Seed(time.Hour, 300, 0)
	later := shared.View([]Window{{10 * time.Second, 100}, {time.Hour, 1000}})
	later.Seed(time.Hour, 2000, 0) // a higher report does not lift the server's limit
	tests := []struct {
		name string
		l    *Limiter
		want int64
	}{
		{"configured above the server's limit", high, 300},
		{"configured below the server's limit", low, 200},
		{"unlimited", unlimited, 0},
		{"made after the report", later, 300},
		{"the registry's limiter (newest view)", shared, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.State().Windows[1].Limit; got != tt.want {
				t.Errorf("hourly limit = %d, want %d", got, tt.want)
			}
		})
	}
	for i := 0; i < 3; i++ {
		if err := later.Take(context.Background(), 100); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		c.Advance(10 * time.Second)
	}
	var exhausted *ExhaustedError
	if err := later.Take(context.Background(), 1); !errors.As(err, &exhausted) || exhausted.Limit != 300 || exhausted.Period != time.Hour {
		t.Fatalf("after 300: %v, want the server's hourly 300 exhausted", err)
	}
	if ok, _ := unlimited.TryTake(500); !ok {
		t.Error("an unlimited view was held back by the server's limit")
	}
}

// TestConcurrentTakesFromTwoViewsNeverExceedEitherLimit: spends race from two views with
// different limits; together they never pass the larger limit, and the smaller view never
// passes its own.
func TestConcurrentTakesFromTwoViewsNeverExceedEitherLimit(t *testing.T) {
	c := newClock()
	shared := NewLimiter("x", []Window{{time.Hour, 1000}}, WithClock(c.Now), WithMaxWait(0))
	views := []*Limiter{shared.View([]Window{{time.Hour, 300}}), shared.View([]Window{{time.Hour, 1000}})}
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := make([]int64, len(views))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := g % len(views)
			for i := 0; i < 500; i++ {
				if ok, _ := views[v].TryTake(1); ok {
					mu.Lock()
					granted[v]++
					mu.Unlock()
				}
				_ = views[v].Available()
				_ = views[1-v].State()
			}
		}()
	}
	wg.Wait()
	if granted[0] > 300 || granted[0]+granted[1] != 1000 {
		t.Errorf("granted %d (limit 300) and %d (limit 1000): want at most 300 and exactly 1000 together", granted[0], granted[1])
	}
	if got := shared.State().Spent; got != 1000 {
		t.Errorf("Spent = %d, want 1000", got)
	}
}

// TestViewOfANewPeriodCountsFromItsCreation: a view may enforce a period no view had; its
// window counts every view's spend from then on.
func TestViewOfANewPeriodCountsFromItsCreation(t *testing.T) {
	c := newClock()
	shared := NewLimiter("x", []Window{{time.Hour, 100}}, WithClock(c.Now), WithMaxWait(0))
	if ok, _ := shared.TryTake(50); !ok {
		t.Fatal("50 should fit")
	}
	perMinute := shared.View([]Window{{time.Minute, 10}})
	if ok, _ := shared.TryTake(8); !ok {
		t.Fatal("8 should fit the hour")
	}
	st := perMinute.State()
	if len(st.Windows) != 1 || st.Windows[0] != (WindowState{Period: time.Minute, Limit: 10, Used: 8, Remaining: 2}) {
		t.Errorf("per-minute view = %+v, want 8 of 10 used", st.Windows)
	}
}

func TestSpendLargerThanTheLimitNeverFitsAndAvailableSizesBatches(t *testing.T) {
	c := newClock()
	l := NewLimiter("mutations", []Window{{10 * time.Second, 100}, {time.Hour, 7}}, WithClock(c.Now), WithMaxWait(time.Minute))
	if ok, wait := l.TryTake(10); ok || wait != time.Hour {
		t.Fatalf("10 mutations against an hourly quota of 7: ok=%v wait=%v", ok, wait)
	}
	if got := l.Available(); got != 7 {
		t.Fatalf("Available = %d, want 7 (the tightest window)", got)
	}
	if ok, _ := l.TryTake(l.Available()); !ok || l.Available() != 0 {
		t.Fatalf("a batch sized by Available must fit, then nothing is left")
	}
	l.BlockUntil(c.Now().Add(time.Minute))
	if got := l.Available(); got != 0 {
		t.Errorf("Available while blocked = %d", got)
	}
	if got := NewLimiter("bench", []Window{{time.Hour, 0}}).Available(); got != -1 {
		t.Errorf("Available of an unlimited limiter = %d, want -1", got)
	}
}

func TestRegistrySharesOneUsagePerKey(t *testing.T) {
	r := NewRegistry()
	k1 := Key("https://x.centra.com/graphql", secret.New("token-a"), "mutations")
	k2 := Key("https://x.centra.com/graphql", secret.New("token-b"), "mutations")
	mk := func() *Limiter { return NewLimiter("m", []Window{{time.Hour, 1}}) }
	a, b, c := r.Get(k1, mk), r.Get(k1, mk), r.Get(k2, mk)
	if a != b || a == c {
		t.Fatal("same key must share, different credentials must not")
	}
	if len(r.All()) != 2 {
		t.Fatalf("All() = %d", len(r.All()))
	}
	// The registry's limiter reports the shared usage against the newest view's limits.
	v := r.Get(k1, mk).View([]Window{{time.Hour, 5}})
	_ = r.Get(k1, mk).View([]Window{{time.Hour, 3}})
	if ok, _ := v.TryTake(2); !ok {
		t.Fatal("2 of 5 should fit")
	}
	if got := a.State().Windows[0]; got != (WindowState{Period: time.Hour, Limit: 3, Used: 2, Remaining: 1}) {
		t.Errorf("registry limiter = %+v, want the newest view's limit 3 with 2 used", got)
	}
	if got := k1; len(got) == 0 || strings.Contains(got, "token-a") {
		t.Fatalf("key leaks credential: %q", got)
	}
}

func TestConcurrentTakesNeverOverspend(t *testing.T) {
	c := newClock()
	l := NewLimiter("x", []Window{{time.Hour, 1000}}, WithClock(c.Now), WithMaxWait(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				if ok, _ := l.TryTake(1); ok {
					mu.Lock()
					granted++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if granted != 1000 {
		t.Errorf("granted %d, want exactly 1000", granted)
	}
}
