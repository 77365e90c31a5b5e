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

// Centra's documented mutation bucket: 100 per 10 s, 1,000 per hour (centra-api.md §5.5).
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
	// Real clock: a 200ms window with a limit of 2 makes the third take wait.
	l := NewLimiter("short", []Window{{200 * time.Millisecond, 2}})
	ctx := context.Background()
	start := time.Now()
	for i := 0; i < 3; i++ {
		if err := l.Take(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	if time.Since(start) == 0 {
		t.Fatal("impossible")
	}
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	_ = l.Take(ctx, 1) // must not block forever on a cancelled context
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

// TestSetLimitsKeepsUsage: an edited spec.*.rateLimits applies to a shared limiter from the
// next run, and what was spent under the old limits still counts.
func TestSetLimitsKeepsUsage(t *testing.T) {
	c := newClock()
	l := centraMutations(c)
	if ok, _ := l.TryTake(90); !ok {
		t.Fatal("90 should fit")
	}
	l.SetLimits([]Window{{time.Hour, 95}})
	st := l.State()
	if st.Windows[0].Limit != 100 || st.Windows[1].Limit != 95 || st.Windows[1].Used != 90 {
		t.Errorf("windows = %+v, want 10s limit kept, hourly limit 95 with 90 used", st.Windows)
	}
	if ok, _ := l.TryTake(6); ok {
		t.Error("a spend past the lowered limit went through")
	}
	l.SetLimits([]Window{{10 * time.Second, 100}, {time.Hour, 2000}})
	if ok, _ := l.TryTake(6); !ok {
		t.Error("a raised limit did not apply")
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

func TestRegistrySharesOneLimiterPerKey(t *testing.T) {
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
