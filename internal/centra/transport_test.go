package centra_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/go-logr/logr/funcr"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

func TestNew_RejectsBadConfig(t *testing.T) {
	cases := []struct {
		name string
		cfg  centra.Config
		want string
	}{
		{"relative endpoint", centra.Config{Endpoint: "/graphql", Token: secret.New("t")}, `centra endpoint "/graphql" must be an absolute http(s) URL`},
		{"empty token", centra.Config{Endpoint: "https://x.centra.com/graphql"}, "centra token is empty"},
		{"auth mode", centra.Config{Endpoint: "https://x.centra.com/graphql", Token: secret.New("t"), AuthMode: "basic"},
			`centra auth mode "basic" is neither "header" nor "cookie"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := centra.New(tc.cfg)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("New() error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestTransport_BearerHeaderAndCookie_Sec1_2(t *testing.T) {
	for _, mode := range []centra.AuthMode{centra.AuthHeader, centra.AuthCookie} {
		t.Run(string(mode), func(t *testing.T) {
			ts := sandbox(t, centratest.Options{})
			c := client(t, ts, func(cfg *centra.Config) { cfg.AuthMode = mode })
			limits, err := c.RateLimits(ctx(t))
			if err != nil {
				t.Fatalf("RateLimits: %v", err)
			}
			if len(limits) != 6 {
				t.Errorf("rate limits = %d, want 6", len(limits))
			}
		})
	}
}

func TestTransport_InvalidTokenIs403AndNotRetried_Sec5_1(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts, func(cfg *centra.Config) { cfg.Token = secret.New("wrong-token") })
	_, err := c.RateLimits(ctx(t))
	if !errors.Is(err, centra.ErrForbidden) {
		t.Fatalf("error = %v, want ErrForbidden", err)
	}
	var h *centra.HTTPError
	if !errors.As(err, &h) || h.StatusCode != http.StatusForbidden || h.Operation != "RateLimits" {
		t.Fatalf("error = %#v, want *HTTPError 403 for RateLimits", err)
	}
	if got := ts.Stats().Requests; got != 1 {
		t.Errorf("requests = %d, want 1 (403 is not retried)", got)
	}
}

func TestTransport_StatusesAreTypedAndRetriedWhenTransient_Sec5_1(t *testing.T) {
	cases := []struct {
		status    int
		sentinel  error
		retryable bool
	}{
		{http.StatusBadRequest, centra.ErrBadRequest, false},
		{http.StatusForbidden, centra.ErrForbidden, false},
		{http.StatusTooManyRequests, centra.ErrRateLimited, true},
		{499, centra.ErrClientClosed, true},
		{http.StatusInternalServerError, centra.ErrServer, true},
		{http.StatusServiceUnavailable, centra.ErrServer, true},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			ts := sandbox(t, centratest.Options{})
			ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: tc.status, Times: 10})
			c := client(t, ts)
			_, err := c.RateLimits(ctx(t))
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("error = %v, want %v", err, tc.sentinel)
			}
			if got := centra.IsTransient(err); got != tc.retryable {
				t.Errorf("IsTransient = %v, want %v", got, tc.retryable)
			}
			want := int64(1)
			if tc.retryable {
				want = 4 // fastRetry().MaxAttempts
			}
			if got := ts.Stats().Requests; got != want {
				t.Errorf("requests = %d, want %d", got, want)
			}
		})
	}
}

func TestTransport_RetriesThenSucceeds(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 502, Times: 2})
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultMalformed})
	c := client(t, ts)
	if _, err := c.RateLimits(ctx(t)); err != nil {
		t.Fatalf("RateLimits after two 502s and a malformed body: %v", err)
	}
	snap := c.Counters().Snapshot()
	if snap[httpx.CallKey{Operation: "RateLimits", Outcome: "502"}] != 2 || snap[httpx.CallKey{Operation: "RateLimits", Outcome: "200"}] != 2 {
		t.Errorf("counters = %v, want 2×502 and 2×200", snap)
	}
}

func TestTransport_RetryAfterAsSecondsOrTimestamp_Sec5_1(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name, header string
		want         time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"unix timestamp", strconv.FormatInt(now.Add(30*time.Second).Unix(), 10), 30 * time.Second},
		{"http date", now.Add(45 * time.Second).Format(http.TimeFormat), 45 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := sandbox(t, centratest.Options{})
			ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 429, RetryAfter: tc.header})
			clock := &fakeClock{t: now}
			var slept []time.Duration
			policy := retry.Policy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Hour}
			c := client(t, ts, withClock(clock), func(cfg *centra.Config) {
				policy.Sleep = func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return clock.Sleep(ctx, d) }
				cfg.Retry = &policy
			})
			if _, err := c.RateLimits(ctx(t)); err != nil {
				t.Fatalf("RateLimits: %v", err)
			}
			if len(slept) != 1 || slept[0] != tc.want {
				t.Fatalf("slept %v, want [%s]", slept, tc.want)
			}
		})
	}
}

func TestTransport_SandboxRateLimit429_Sec5_5(t *testing.T) {
	clock := time.Date(2025, 6, 1, 12, 0, 3, 0, time.UTC)
	ts := sandbox(t, centratest.Options{Now: func() time.Time { return clock },
		RateLimits: &centratest.RateLimits{Requests: centratest.Quota{TenSeconds: 2, OneHour: 100}}})
	c := client(t, ts, withClock(&fakeClock{t: clock}), func(cfg *centra.Config) { cfg.Retry = &retry.Policy{MaxAttempts: 1} })
	// ProductsByNumber, not RateLimits: RateLimits seeds the client's budgets with the
	// server's usage, and the client would then hold back instead of provoking the 429.
	for range 2 {
		if _, err := c.ProductsByNumber(ctx(t), []string{"X"}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.ProductsByNumber(ctx(t), []string{"X"})
	var h *centra.HTTPError
	if !errors.As(err, &h) || h.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third request error = %v, want 429", err)
	}
	// The 10-second window started at 12:00:00 and ends at 12:00:10: 7 s from "now".
	if d, ok := h.RetryAfter(); !ok || d != 7*time.Second {
		t.Errorf("RetryAfter = %s %v, want 7s", d, ok)
	}
	if got := ts.Stats().RateLimited; got != 1 {
		t.Errorf("sandbox rate limited %d requests, want 1", got)
	}
	if blocked := c.Budgets().State().Requests.BlockedUntil; blocked.IsZero() {
		t.Error("a 429 did not block the request budget")
	}
}

// TestTransport_TimeoutOfAQueryIsRetried_CreateIsNot: a request the server holds times out
// after RequestTimeout. The timeout passes when the sandbox holds the request, not on a
// timer, so the requests that are answered never race it.
func TestTransport_TimeoutOfAQueryIsRetried_CreateIsNot(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts, func(cfg *centra.Config) { cfg.RequestTimeout = 50 * time.Millisecond })
	asked := timeOutWhileHeld(c, ts)
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultHang, Times: 2})
	if _, err := c.RateLimits(ctx(t)); err != nil {
		t.Fatalf("query after two hangs: %v", err)
	}
	if got := c.Counters().Snapshot()[httpx.CallKey{Operation: "RateLimits", Outcome: "timeout"}]; got != 2 {
		t.Errorf("timeouts counted = %d, want 2", got)
	}
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultHang, Operation: "CreateProduct"})
	ref := mustReference(t, c)
	res, err := c.Execute(ctx(t), []centra.Mutation{centra.CreateProduct(tee(ref, "T-1"))})
	var unknown *centra.UnknownOutcomeError
	if !errors.As(err, &unknown) || !errors.As(res[0].Err, &unknown) {
		t.Fatalf("Execute error = %v / %v, want *UnknownOutcomeError", err, res[0].Err)
	}
	var te *centra.TransportError
	if !errors.As(err, &te) || !te.Timeout {
		t.Errorf("cause = %v, want a timeout *TransportError", err)
	}
	if got := ts.Stats().ByOperation["CreateProduct"]; got != 1 {
		t.Errorf("CreateProduct sent %d times, want 1: a create is never resent blindly", got)
	}
	if got := asked(); !allEqual(got, 50*time.Millisecond) || int64(len(got)) != ts.Stats().Requests {
		t.Errorf("request timeouts = %v, want RequestTimeout for each of the %d requests", got, ts.Stats().Requests)
	}
}

func TestTransport_ContextCancelStopsRetries(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 503, Times: 100})
	// The caller cancels once the client waits, for an hour, to retry the 503: not when the
	// sandbox has counted the request, which may be before its answer arrives.
	waiting := make(chan struct{}, 1)
	c := client(t, ts, func(cfg *centra.Config) {
		cfg.Retry = &retry.Policy{MaxAttempts: 100, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxElapsed: 1000 * time.Hour,
			Sleep: func(ctx context.Context, d time.Duration) error {
				select {
				case waiting <- struct{}{}:
				default:
				}
				return retry.SleepContext(ctx, d)
			}}
	})
	cctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-waiting:
			cancel()
		case <-cctx.Done():
		}
	}()
	_, err := c.RateLimits(cctx)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, centra.ErrServer) {
		t.Fatalf("error = %v, want the 503 joined with context.Canceled", err)
	}
	if got := ts.Stats().Requests; got != 1 {
		t.Errorf("requests = %d, want 1", got)
	}
}

func TestTransport_ResponseBodyIsCapped(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts, func(cfg *centra.Config) { cfg.MaxResponseBytes = 512 })
	_, err := c.ReadReference(ctx(t))
	if !errors.Is(err, httpx.ErrBodyTooLarge) {
		t.Fatalf("error = %v, want ErrBodyTooLarge", err)
	}
	if got := ts.Stats().Requests; got != 1 {
		t.Errorf("requests = %d, want 1 (a body too large is not retried)", got)
	}
}

// TestTransport_TokenNeverInErrorsOrLogs: a hostile server echoes the Authorization
// header in its error messages; the token must not come out of the client (docs/design.md §9,
// invariant 4).
func TestTransport_TokenNeverInErrorsOrLogs(t *testing.T) {
	var calls int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		echo := r.Header.Get("Authorization")
		switch n {
		case 1:
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"errors":[{"message":"bad header %s"}]}`, echo)
		case 2:
			_, _ = fmt.Fprintf(w, `{"data":null,"errors":[{"message":"token %s lacks Product:read","extensions":{"category":"authorization"}}]}`, echo)
		default:
			_, _ = fmt.Fprintf(w, `{"data":{"m0":{"product":null,"userErrors":[{"message":"no %s","path":["input"]}],"userWarnings":[{"message":"w %s"}]}}}`, echo, echo)
		}
	}))
	defer srv.Close()
	var logs strings.Builder
	logger := funcr.New(func(prefix, args string) { logs.WriteString(prefix + args + "\n") }, funcr.Options{Verbosity: 9})
	lctx := logr.NewContext(ctx(t), logger)
	c := stubClient(t, srv.URL)
	var errs []error
	_, err := c.RateLimits(lctx)
	errs = append(errs, err)
	_, err = c.RateLimits(lctx)
	errs = append(errs, err)
	res, _ := c.Execute(lctx, []centra.Mutation{centra.UpdateProduct(1, centra.ProductUpdate{Status: centra.Ptr(centra.ProductActive)})})
	errs = append(errs, res[0].Err)
	cfg := centra.Config{Endpoint: srv.URL, Token: secret.New(testToken)}
	for i, e := range errs {
		if e == nil {
			t.Fatalf("call %d returned no error", i)
		}
		if strings.Contains(e.Error(), testToken) || strings.Contains(fmt.Sprintf("%+v %#v", e, e), testToken) {
			t.Errorf("error %d leaks the token: %v", i, e)
		}
		if !strings.Contains(e.Error(), "[redacted]") {
			t.Errorf("error %d = %q, want the echoed token shown as [redacted]", i, e)
		}
	}
	if strings.Contains(logs.String(), testToken) {
		t.Errorf("logs leak the token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "Centra returned user warnings") {
		t.Errorf("warnings were not logged:\n%s", logs.String())
	}
	if strings.Contains(fmt.Sprintf("%+v %#v", cfg, cfg), testToken) {
		t.Error("a printed Config leaks the token")
	}
}

func TestTransport_CountsRequestsAndMutationsByName(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "m1"})
	if _, err := c.Execute(ctx(t), []centra.Mutation{centra.CreateProduct(tee(ref, "A")), centra.CreateProduct(tee(ref, "B"))}); err != nil {
		t.Fatal(err)
	}
	reqs := c.Counters().Snapshot()
	if reqs[httpx.CallKey{Operation: "ReferenceData", Outcome: "200"}] != 1 || reqs[httpx.CallKey{Operation: "MutationBatch", Outcome: "200"}] != 1 {
		t.Errorf("request counters = %v", reqs)
	}
	muts := c.MutationCounters().Snapshot()
	want := map[httpx.CallKey]int64{{Operation: "createProduct", Outcome: "ok"}: 1, {Operation: "createProduct", Outcome: "userErrors"}: 1}
	if len(muts) != len(want) || muts[httpx.CallKey{Operation: "createProduct", Outcome: "ok"}] != 1 ||
		muts[httpx.CallKey{Operation: "createProduct", Outcome: "userErrors"}] != 1 {
		t.Errorf("mutation counters = %v, want %v", muts, want)
	}
}

func TestTransport_RequestBodyIsCapped(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts, func(cfg *centra.Config) { cfg.MaxRequestBytes = 2048 })
	var numbers []string
	for i := range 100 {
		numbers = append(numbers, fmt.Sprintf("NUMBER-%03d", i))
	}
	_, err := c.ProductsByNumber(ctx(t), numbers)
	if !errors.Is(err, centra.ErrRequestTooLarge) {
		t.Fatalf("error = %v, want ErrRequestTooLarge", err)
	}
	if ts.Stats().Requests != 0 || c.Budgets().State().Requests.Spent != 0 {
		t.Errorf("an oversized request was sent or charged")
	}
}

// TestClient_PermissionsUsed collects extensions.permissionsUsed, to mint a minimal
// production token (§1.3).
func TestClient_PermissionsUsed_Sec1_3(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	if _, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "PERM-1")}); err != nil {
		t.Fatal(err)
	}
	got := c.PermissionsUsed()
	for _, want := range []string{"Attribute:read", "Brand:read", "Category:read", "Product:read", "Product:write", "ProductVariant:write", "SizeChart:read", "Store:read"} {
		if !slices.Contains(got, want) {
			t.Errorf("PermissionsUsed() = %v, missing %s", got, want)
		}
	}
	for _, p := range got {
		if strings.Contains(p, "Stock") || strings.Contains(p, "Price") {
			t.Errorf("a PIM sync used %s", p)
		}
	}
}
