package plytix_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// fakeClock is a settable clock shared by the sandbox and the client.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a sandbox with a client factory.
type env struct {
	t     *testing.T
	srv   *plytixtest.Server
	clock *fakeClock

	mu    sync.Mutex
	slept []time.Duration
}

// smallCatalog is a catalogue big enough for several pages and every product kind.
func smallCatalog() plytixtest.CatalogOptions {
	return plytixtest.CatalogOptions{Seed: 7, Parents: 12, Singles: 5}
}

// newEnv starts a sandbox on a fake clock. Rate limits are off unless opts set them.
func newEnv(t *testing.T, opts plytixtest.Options) *env {
	t.Helper()
	e := &env{t: t, clock: newFakeClock()}
	if opts.Clock == nil {
		opts.Clock = e.clock.Now
	}
	if opts.RateLimits == nil {
		opts.RateLimits = plytixtest.Unlimited()
	}
	e.srv = plytixtest.NewTestServer(t, opts)
	return e
}

// config is a client configuration for the sandbox: its clock, an unlimited budget and a
// retry policy that records its sleeps and advances the clock instead of sleeping.
func (e *env) config() plytix.Config {
	key, password := e.srv.Credentials()
	return plytix.Config{
		APIURL: e.srv.URL, AuthURL: e.srv.URL,
		APIKey: secret.New(key), APIPassword: secret.New(password),
		Now:     e.clock.Now,
		Limiter: budget.NewLimiter("test", []budget.Window{{Period: 10 * time.Second}, {Period: time.Hour}}, budget.WithClock(e.clock.Now)),
		Retry: retry.Policy{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxElapsed: time.Hour,
			Sleep: func(_ context.Context, d time.Duration) error {
				e.mu.Lock()
				defer e.mu.Unlock()
				e.slept = append(e.slept, d)
				e.clock.Advance(d)
				return nil
			}},
		RequestTimeout: 5 * time.Second,
	}
}

func (e *env) client(modify ...func(*plytix.Config)) *plytix.Client {
	e.t.Helper()
	cfg := e.config()
	for _, m := range modify {
		m(&cfg)
	}
	c, err := plytix.New(cfg)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	return c
}

// timeOutWhileHeld makes each request of c time out when the sandbox's fault at index holds
// it, instead of when RequestTimeout's timer fires: the request's context ends with
// context.DeadlineExceeded, as a passed deadline does, as soon as the fault has hit once
// more than when the request began (requests here are sent one at a time). It returns the
// timeouts c asked for, one per request.
func (e *env) timeOutWhileHeld(c *plytix.Client, fault int) (asked func() []time.Duration) {
	var mu sync.Mutex
	var timeouts []time.Duration
	plytix.SetWithTimeout(c, func(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
		mu.Lock()
		timeouts = append(timeouts, d)
		mu.Unlock()
		ctx, cancel := context.WithCancelCause(parent)
		held := e.srv.FaultHits()[fault] + 1
		go func() {
			if e.srv.AwaitFaultHits(ctx, fault, held) == nil {
				cancel(context.DeadlineExceeded)
			}
		}()
		return ctx, func() { cancel(context.Canceled) }
	})
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), timeouts...)
	}
}

// waitUntil waits for cond, which another goroutine makes true, failing the test if it is
// still false after a generous safety margin.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func (e *env) sleeps() []time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]time.Duration(nil), e.slept...)
}

// count returns how many requests the sandbox served for operation with outcome.
func (e *env) count(operation, outcome string) int64 {
	var n int64
	for k, v := range e.srv.Counters().Snapshot() {
		if k.Operation == operation && k.Outcome == outcome {
			n += v
		}
	}
	return n
}

const (
	searchOp = "POST /api/v1/products/search"
	authOp   = "POST /auth/api/get-token"
)

// all reads every product of q.
func all(t *testing.T, c *plytix.Client, q plytix.Query) []plytix.Product {
	t.Helper()
	var out []plytix.Product
	for p, err := range c.Products(context.Background(), q) {
		if err != nil {
			t.Fatalf("Products: %v", err)
		}
		out = append(out, p)
	}
	return out
}

func skus(products []plytix.Product) []string {
	out := make([]string, len(products))
	for i, p := range products {
		out[i] = p.SKU
	}
	return out
}
