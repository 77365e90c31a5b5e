package centra_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// fakeClock is the client's clock in tests: waits (retry backoff, Retry-After, media
// polls) advance it instead of the wall clock, and the budgets read it, so a 429 that
// blocks the budgets for 30 s costs a test nothing.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return nil
}

// noSleep makes a wait immediate without moving any clock.
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func fastRetry() *retry.Policy {
	return &retry.Policy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Hour, Sleep: noSleep}
}

// withClock makes the client, its retries and its budgets run on clock.
func withClock(clock *fakeClock) func(*centra.Config) {
	return func(cfg *centra.Config) {
		cfg.Now, cfg.Sleep = clock.Now, clock.Sleep
		if cfg.Retry != nil {
			policy := *cfg.Retry
			policy.Sleep = clock.Sleep
			cfg.Retry = &policy
		}
		cfg.Budgets = centra.NewBudgets(centra.Limits{}, budget.WithClock(clock.Now))
	}
}

// sandbox starts a sandbox without rate limits unless the test sets them.
func sandbox(t *testing.T, opts centratest.Options) *centratest.TestServer {
	t.Helper()
	if opts.RateLimits == nil {
		opts.RateLimits = &centratest.RateLimits{Disabled: true}
	}
	return centratest.NewTestServer(t, opts)
}

// client returns a client of ts with unlimited (but counted) budgets and instant retries.
func client(t *testing.T, ts *centratest.TestServer, mods ...func(*centra.Config)) *centra.Client {
	t.Helper()
	cfg := centra.Config{
		Endpoint: ts.URL,
		Token:    secret.New(centratest.DefaultToken),
		StoreID:  ts.Reference().Stores["Retail"],
		Retry:    fastRetry(),
	}
	withClock(newFakeClock())(&cfg)
	for _, m := range mods {
		m(&cfg)
	}
	c, err := centra.New(cfg)
	if err != nil {
		t.Fatalf("centra.New: %v", err)
	}
	return c
}

// timeOutWhileHeld makes each request of c time out when a hang fault of ts holds it,
// instead of when RequestTimeout's timer fires: the request's context ends with
// context.DeadlineExceeded, as a passed deadline does, as soon as hang faults have fired once
// more than when the request began (the client sends one request at a time). It returns the
// timeouts c asked for, one per request.
func timeOutWhileHeld(c *centra.Client, ts *centratest.TestServer) (asked func() []time.Duration) {
	var mu sync.Mutex
	var timeouts []time.Duration
	centra.SetWithTimeout(c, func(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
		mu.Lock()
		timeouts = append(timeouts, d)
		mu.Unlock()
		ctx, cancel := context.WithCancelCause(parent)
		held := ts.FaultHits(centratest.FaultHang) + 1
		go func() {
			if ts.AwaitFaultHits(ctx, centratest.FaultHang, held) == nil {
				cancel(context.DeadlineExceeded)
			}
		}()
		return ctx, func() { cancel(context.Canceled) }
	})
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(timeouts)
	}
}

// allEqual reports whether ds is not empty and every one is want.
func allEqual(ds []time.Duration, want time.Duration) bool {
	return len(ds) > 0 && !slices.ContainsFunc(ds, func(d time.Duration) bool { return d != want })
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// exchange is one request the recorder saw.
type exchange struct {
	operation  string
	status     int
	complexity int64
	body       string
}

// recorder sits between the client and a handler and keeps every exchange, so tests can
// assert what went over the wire (operation names, statuses, complexity per request).
type recorder struct {
	next http.Handler
	// rewrite, when set, may replace the response.
	rewrite func(operation string, status int, body string) (int, string)

	mu        sync.Mutex
	exchanges []exchange
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	raw, _ := io.ReadAll(req.Body)
	var in struct {
		OperationName string `json:"operationName"`
	}
	_ = json.Unmarshal(raw, &in)
	req.Body = io.NopCloser(bytes.NewReader(raw))
	rec := httptest.NewRecorder()
	r.next.ServeHTTP(rec, req)
	status, body := rec.Code, rec.Body.String()
	if r.rewrite != nil {
		status, body = r.rewrite(in.OperationName, status, body)
	}
	var out struct {
		Extensions struct {
			Complexity int64 `json:"complexity"`
		} `json:"extensions"`
	}
	_ = json.Unmarshal([]byte(body), &out)
	r.mu.Lock()
	r.exchanges = append(r.exchanges, exchange{operation: in.OperationName, status: status, complexity: out.Extensions.Complexity, body: body})
	r.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (r *recorder) seen() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.exchanges)
}

// operations lists the operation names seen, in order.
func (r *recorder) operations() []string {
	var out []string
	for _, e := range r.seen() {
		out = append(out, e.operation)
	}
	return out
}

// recorded serves ts through a recorder and returns the GraphQL URL to point a client at.
func recorded(t *testing.T, ts *centratest.TestServer) (*recorder, string) {
	t.Helper()
	rec := &recorder{next: ts.Handler()}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL + "/graphql"
}

// stub answers every request with the next canned response, for contract tests against
// the documented bodies.
func stub(t *testing.T, responses ...string) (*httptest.Server, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		mu.Lock()
		i := len(bodies)
		bodies = append(bodies, string(raw))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if i >= len(responses) {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(w, responses[i])
	}))
	t.Cleanup(srv.Close)
	return srv, &bodies
}

// stubClient is a client of a stub server.
func stubClient(t *testing.T, url string, mods ...func(*centra.Config)) *centra.Client {
	t.Helper()
	cfg := centra.Config{Endpoint: url + "/graphql", Token: secret.New(testToken), Retry: fastRetry()}
	withClock(newFakeClock())(&cfg)
	for _, m := range mods {
		m(&cfg)
	}
	c, err := centra.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testToken is a token distinctive enough to search for in errors and logs.
const testToken = "tok-3f9a-SECRET-centra-7c21"

// tee is a one-size product of the default seed, ready to create.
func tee(ref *centra.ReferenceData, number string) centra.ProductCreate {
	letter, _ := ref.SizeChartByName("Letter")
	brand, _ := ref.BrandByName("Northwind Apparel")
	return centra.ProductCreate{ProductNumber: number, Name: "Tee " + number, Status: centra.ProductActive,
		Brand: centra.Ptr(centra.ByID(brand.ID)),
		Variants: []centra.VariantSpec{{Name: "Black", Status: centra.Active, VariantNumber: "-BLK", SizeChart: centra.Ptr(centra.ByID(letter.ID)),
			Sizes: []centra.SizeSpec{{Size: centra.ByName("S"), SizeNumber: "-S", IsActive: true}, {Size: centra.ByName("M"), SizeNumber: "-M", IsActive: true}}}}}
}

func mustReference(t *testing.T, c *centra.Client) *centra.ReferenceData {
	t.Helper()
	ref, err := c.ReadReference(ctx(t))
	if err != nil {
		t.Fatalf("ReadReference: %v", err)
	}
	return ref
}

// centraRetryOnce makes a single attempt.
func centraRetryOnce() *retry.Policy { return &retry.Policy{MaxAttempts: 1} }

func budgetClock(c *fakeClock) budget.Option { return budget.WithClock(c.Now) }

func budgetNoWait() budget.Option { return budget.WithMaxWait(0) }

var tokenForFuzz = secret.New(testToken)
