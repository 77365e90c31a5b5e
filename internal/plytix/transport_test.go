package plytix_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

func count(c *plytix.Client) error {
	_, err := c.Count(context.Background(), nil)
	return err
}

// TestErrors_TypedByStatus_Sec3 follows docs/reference/plytix-api.md §3.2 (bodies) and §3.3 (codes).
func TestErrors_TypedByStatus_Sec3(t *testing.T) {
	cases := []struct {
		name         string
		status       int
		body         string
		retryAfter   string
		wantType     string
		wantMsg      string
		wantFields   []plytix.FieldError
		wantAttempts int
	}{
		{"400 without fields", 400, `{"error":{"msg":"Bad request"}}`, "", "*plytix.RequestError", "Bad request", nil, 1},
		{"400 with fields", 400, `{"error":{"msg":"You must only supply attributes from parent product when accessing this resource","errors":[{"field":"attribute_labels","msg":"attributes.x not a parent attribute from family model"}]}}`, "",
			"*plytix.ValidationError", "You must only supply attributes from parent product when accessing this resource",
			[]plytix.FieldError{{Field: "attribute_labels", Msg: "attributes.x not a parent attribute from family model"}}, 1},
		{"403", 403, `{"error":{"msg":"Forbidden"}}`, "", "*plytix.ForbiddenError", "Forbidden", nil, 1},
		{"404 product", 404, `{"error":{"errors":[{"field":"id","msg":"product does not exist"}],"msg":" No results found for 5c4ad0e1575fae0020dd7dd3"}}`, "",
			"*plytix.NotFoundError", " No results found for 5c4ad0e1575fae0020dd7dd3", []plytix.FieldError{{Field: "id", Msg: "product does not exist"}}, 1},
		{"409 duplicate SKU", 409, `{"error":{"errors":[{"field":"sku","msg":"A product with the same SKU already exists"}],"msg":"product data validation failed"}}`, "",
			"*plytix.RequestError", "product data validation failed", []plytix.FieldError{{Field: "sku", Msg: "A product with the same SKU already exists"}}, 1},
		{"422 column limit", 422, `{"error":{"errors":[{"field":"schema","msg":"columns limit exceeded, current limit is 20"}],"msg":"Schema validation error"}}`, "",
			"*plytix.ValidationError", "Schema validation error", []plytix.FieldError{{Field: "schema", Msg: "columns limit exceeded, current limit is 20"}}, 1},
		{"422 accounts shape", 422, `{"detail":"One or more filter fields are not valid."}`, "", "*plytix.ValidationError", "One or more filter fields are not valid.", nil, 1},
		{"428", 428, `{"error":{"msg":"Too many results to sort"}}`, "", "*plytix.SortLimitError", "Too many results to sort", nil, 1},
		{"429 with Retry-After", 429, `{"error":{"msg":"Too Many Requests"}}`, "3", "*plytix.RateLimitedError", "Too Many Requests", nil, 4},
		{"500", 500, `{"error":{"msg":"Internal Server Error"}}`, "", "*plytix.ServerError", "Internal Server Error", nil, 4},
		{"503 not JSON", 503, `<html>upstream</html>`, "", "*plytix.ServerError", "", nil, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, plytixtest.Options{})
			e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: tc.status, Body: tc.body, RetryAfter: tc.retryAfter})
			err := count(e.client())
			var d interface{ Status() int }
			if !errors.As(err, &d) {
				t.Fatalf("err = %T %v, want a typed error", err, err)
			}
			if got := typeName(err); got != tc.wantType {
				t.Fatalf("type = %s, want %s (%v)", got, tc.wantType, err)
			}
			details := detailsOf(err)
			if details.StatusCode != tc.status || details.Message != tc.wantMsg || !reflect.DeepEqual(details.Fields, tc.wantFields) || details.Operation != searchOp {
				t.Fatalf("details = %+v", details)
			}
			if got := e.srv.FaultHits()[0]; got != tc.wantAttempts {
				t.Fatalf("attempts = %d, want %d", got, tc.wantAttempts)
			}
		})
	}
}

func typeName(err error) string {
	for _, target := range []any{
		new(*plytix.UnauthorizedError), new(*plytix.ForbiddenError), new(*plytix.NotFoundError), new(*plytix.RateLimitedError),
		new(*plytix.ValidationError), new(*plytix.SortLimitError), new(*plytix.RequestError), new(*plytix.ServerError),
		new(*plytix.TransportError), new(*plytix.DecodeError),
	} {
		if errors.As(err, target) {
			return reflect.TypeOf(target).Elem().String()
		}
	}
	return "untyped"
}

func detailsOf(err error) plytix.Details {
	var (
		ve *plytix.ValidationError
		re *plytix.RequestError
		fe *plytix.ForbiddenError
		nf *plytix.NotFoundError
		sl *plytix.SortLimitError
		rl *plytix.RateLimitedError
		se *plytix.ServerError
	)
	switch {
	case errors.As(err, &ve):
		return ve.Details
	case errors.As(err, &re):
		return re.Details
	case errors.As(err, &fe):
		return fe.Details
	case errors.As(err, &nf):
		return nf.Details
	case errors.As(err, &sl):
		return sl.Details
	case errors.As(err, &rl):
		return rl.Details
	case errors.As(err, &se):
		return se.Details
	}
	return plytix.Details{}
}

func TestErrors_MessageNamesOperationStatusAndFields(t *testing.T) {
	err := &plytix.ValidationError{Details: plytix.Details{Operation: searchOp, StatusCode: 422, Message: "Schema validation error",
		Fields: []plytix.FieldError{{Field: "schema", Msg: "columns limit exceeded, current limit is 20"}, {Field: "page_size", Msg: "Must be ≤ 100"}}}}
	want := "plytix POST /api/v1/products/search: validation failed (HTTP 422): Schema validation error [schema: columns limit exceeded, current limit is 20; page_size: Must be ≤ 100]"
	if err.Error() != want {
		t.Fatalf("Error() =\n%s\nwant\n%s", err.Error(), want)
	}
}

// TestRetry_429HonoursRetryAfter_Sec4: Retry-After is waited exactly, and shared with every
// client of the account through the limiter.
func TestRetry_429HonoursRetryAfter_Sec4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 429, RetryAfter: "30", Times: 2})
	if err := count(e.client()); err != nil {
		t.Fatal(err)
	}
	if got := e.sleeps(); !reflect.DeepEqual(got, []time.Duration{30 * time.Second, 30 * time.Second}) {
		t.Fatalf("sleeps = %v, want two of 30s", got)
	}
}

func TestRetry_429WithoutRetryAfterBacksOffWithJitter_Sec4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 429, Times: 3})
	if err := count(e.client()); err != nil {
		t.Fatal(err)
	}
	slept := e.sleeps()
	if len(slept) != 3 {
		t.Fatalf("sleeps = %v, want 3", slept)
	}
	// Full jitter under a doubling ceiling: 100ms, 200ms, 400ms.
	for i, d := range slept {
		if ceiling := 100 * time.Millisecond << i; d <= 0 || d > ceiling {
			t.Fatalf("sleep %d = %v, want in (0, %v]", i, d, ceiling)
		}
	}
}

func TestRetry_BlockedAccountStopsOtherClients_Sec4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	shared := budget.NewLimiter("account", plytix.DefaultWindows(), budget.WithClock(e.clock.Now), budget.WithMaxWait(0))
	first := e.client(func(c *plytix.Config) { c.Limiter = shared; c.Retry.MaxAttempts = 1 })
	second := e.client(func(c *plytix.Config) { c.Limiter = shared })
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 429, RetryAfter: "45", Times: 1})
	err := count(first)
	var rl *plytix.RateLimitedError
	if !errors.As(err, &rl) || !rl.HasRetryAfter || rl.After != 45*time.Second {
		t.Fatalf("err = %v, want a 429 with a 45s Retry-After", err)
	}
	if got, want := first.Budget().BlockedUntil, e.clock.Now().Add(45*time.Second); !got.Equal(want) {
		t.Fatalf("BlockedUntil = %v, want %v", got, want)
	}
	requests := e.srv.Counters().Total()
	err = count(second)
	var exhausted *budget.ExhaustedError
	if !errors.As(err, &exhausted) || exhausted.RetryAfter != 45*time.Second {
		t.Fatalf("second client: err = %v, want the budget blocked for 45s", err)
	}
	if e.srv.Counters().Total() != requests {
		t.Fatal("the second client reached the server while the account was blocked")
	}
}

func TestRetry_ClientRidesOutTheServerRateLimit_Sec4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{RateLimits: []budget.Window{{Period: 10 * time.Second, Limit: 3}, {Period: time.Hour, Limit: 5000}}})
	c := e.client()
	for i := range 7 {
		if err := count(c); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if got := e.count(searchOp, "200"); got != 7 {
		t.Fatalf("successful searches = %d, want 7", got)
	}
	if e.count(searchOp, "429") == 0 {
		t.Fatal("the sandbox never refused a request: the test proves nothing")
	}
}

// TestRetry_HangTimesOutAndIsRetried: a request the server holds times out after
// RequestTimeout and is tried again. The timeout passes when the sandbox holds the request,
// not on a timer, so the requests that are answered never race it.
func TestRetry_HangTimesOutAndIsRetried(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultHang, Path: "/api/", Times: 1})
	c := e.client(func(c *plytix.Config) { c.RequestTimeout = 150 * time.Millisecond })
	asked := e.timeOutWhileHeld(c, 0)
	if err := count(c); err != nil {
		t.Fatal(err)
	}
	want := map[httpx.CallKey]int64{{Operation: authOp, Outcome: "200"}: 1, {Operation: searchOp, Outcome: "timeout"}: 1, {Operation: searchOp, Outcome: "200"}: 1}
	if got := c.Counters().Snapshot(); !reflect.DeepEqual(got, want) {
		t.Fatalf("client counters = %v, want %v", got, want)
	}
	if got, want := asked(), []time.Duration{150 * time.Millisecond, 150 * time.Millisecond, 150 * time.Millisecond}; !reflect.DeepEqual(got, want) {
		t.Fatalf("request timeouts = %v, want RequestTimeout for each of the 3 requests", got)
	}
}

func TestRetry_PersistentTimeoutIsBounded(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultHang, Path: "/api/"})
	c := e.client(func(c *plytix.Config) { c.RequestTimeout = 50 * time.Millisecond; c.Retry.MaxAttempts = 3 })
	asked := e.timeOutWhileHeld(c, 0)
	err := count(c)
	var te *plytix.TransportError
	if !errors.As(err, &te) || !te.Timeout || te.Operation != searchOp {
		t.Fatalf("err = %v, want a timeout TransportError", err)
	}
	if got := e.srv.FaultHits()[0]; got != 3 {
		t.Fatalf("attempts = %d, want 3", got)
	}
	if got, want := asked(), []time.Duration{50 * time.Millisecond, 50 * time.Millisecond, 50 * time.Millisecond, 50 * time.Millisecond}; !reflect.DeepEqual(got, want) {
		t.Fatalf("request timeouts = %v, want RequestTimeout for the token request and each of the 3 attempts", got)
	}
}

// TestRetry_CallerCancellationEndsAtOnce: the caller cancels while the server holds the
// request; the call ends with the cancellation after that one attempt. The cancellation
// follows the sandbox's hit counter, so it always lands mid-request.
func TestRetry_CallerCancellationEndsAtOnce(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultHang, Path: "/api/"})
	c := e.client(func(c *plytix.Config) { c.RequestTimeout = 30 * time.Millisecond; c.Retry.MaxAttempts = 1 })
	e.timeOutWhileHeld(c, 0)
	if err := count(c); err == nil { // warm the token first
		t.Fatal("want the hang to time out")
	}
	c = e.client(func(c *plytix.Config) { c.RequestTimeout = time.Minute })
	// The deadline is only a safety net: it fails the test rather than letting it hang.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	before := e.srv.FaultHits()[0]
	go func() {
		if e.srv.AwaitFaultHits(ctx, 0, before+1) == nil {
			cancel() // the sandbox holds the request: give up mid-request
		}
	}()
	_, err := c.Count(ctx, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := e.srv.FaultHits()[0] - before; got != 1 {
		t.Fatalf("attempts after cancellation = %d, want 1", got)
	}
}

func TestDecode_MalformedBodyIsTypedAndNotRetried(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultMalformed, Path: "/api/"})
	err := count(e.client())
	var de *plytix.DecodeError
	if !errors.As(err, &de) || de.StatusCode != 200 || de.Operation != searchOp {
		t.Fatalf("err = %v, want a DecodeError for a 200", err)
	}
	if got := e.srv.FaultHits()[0]; got != 1 {
		t.Fatalf("attempts = %d, want 1", got)
	}
}

func TestDecode_BodyOverTheCapIsRefused(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultOversized, Path: "/api/", Size: 8192})
	err := count(e.client(func(c *plytix.Config) { c.MaxBodyBytes = 4096 }))
	var de *plytix.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, httpx.ErrBodyTooLarge) {
		t.Fatalf("err = %v, want a DecodeError wrapping httpx.ErrBodyTooLarge", err)
	}
}

// TestHygiene_NoTrailingSlashAndNoRedirects_Sec1: a trailing slash makes Plytix redirect and
// drop the Authorization header.
func TestHygiene_NoTrailingSlashAndNoRedirects_Sec1(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	c := e.client(func(c *plytix.Config) { c.APIURL += "/"; c.AuthURL += "//" })
	if err := count(c); err != nil {
		t.Fatal(err)
	}
	if got := e.count("* unknown", "301"); got != 0 {
		t.Fatalf("the sandbox redirected %d requests", got)
	}
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 301, Times: 1})
	err := count(c)
	var re *plytix.RequestError
	if !errors.As(err, &re) || re.StatusCode != 301 || !strings.Contains(re.Message, "unexpected redirect") {
		t.Fatalf("err = %v, want the redirect refused", err)
	}
}

func TestBudget_DefaultsAreTheDocumentedWindows_Sec4(t *testing.T) {
	want := []budget.Window{{Period: 10 * time.Second, Limit: 20}, {Period: time.Hour, Limit: 5000}}
	if got := plytix.DefaultWindows(); !reflect.DeepEqual(got, want) {
		t.Fatalf("DefaultWindows() = %v, want %v", got, want)
	}
	e := newEnv(t, plytixtest.Options{})
	c := e.client(func(c *plytix.Config) { c.Limiter = nil })
	for range 3 {
		if err := count(c); err != nil {
			t.Fatal(err)
		}
	}
	st := c.Budget()
	got := []budget.WindowState{st.Windows[0], st.Windows[1]}
	wantState := []budget.WindowState{{Period: 10 * time.Second, Limit: 20, Used: 3, Remaining: 17}, {Period: time.Hour, Limit: 5000, Used: 3, Remaining: 4997}}
	if !reflect.DeepEqual(got, wantState) || st.Name != "plytix" {
		t.Fatalf("Budget() = %+v, want %+v", st, wantState)
	}
}

// TestBudget_OneUsagePerAccountInTheProcess_Sec4: every client of one account spends from one
// usage, each within the limits it was configured with.
func TestBudget_OneUsagePerAccountInTheProcess_Sec4(t *testing.T) {
	reg := budget.NewRegistry()
	a := plytix.SharedLimiter(reg, "https://pim.plytix.com/", secret.New("key-1"), nil)
	b := plytix.SharedLimiter(reg, "https://pim.plytix.com", secret.New("key-1"),
		[]budget.Window{{Period: 10 * time.Second, Limit: 5}, {Period: time.Hour, Limit: 100}})
	other := plytix.SharedLimiter(reg, "https://pim.plytix.com", secret.New("key-2"), nil)
	if ok, _ := a.TryTake(3); !ok {
		t.Fatal("3 requests should fit")
	}
	if got := b.State().Windows; len(got) != 2 || got[0] != (budget.WindowState{Period: 10 * time.Second, Limit: 5, Used: 3, Remaining: 2}) {
		t.Fatalf("second client's windows = %+v, want its own limit of 5 over the 3 the first spent", got)
	}
	if got := a.State().Windows; len(got) != 2 || got[0].Limit != 20 || got[1].Limit != 5000 {
		t.Fatalf("first client's windows = %+v, want the defaults", got)
	}
	if got := other.State().Spent; got != 0 {
		t.Fatalf("another account spent %d, want its own usage", got)
	}
	if plytix.SharedAuthLimiter(reg, "") != plytix.SharedAuthLimiter(reg, plytix.DefaultAuthURL) {
		t.Fatal("want one auth limiter per auth service")
	}
	if got := len(reg.All()); got != 3 {
		t.Fatalf("registry holds %d usages, want 3 (two accounts and the auth service)", got)
	}
	for _, l := range reg.All() {
		if strings.Contains(l.Name(), "key-1") {
			t.Fatal("a credential is in a limiter's name")
		}
	}
}

func TestBudget_ExhaustedBudgetSpendsNoRequest_Sec4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	limiter := budget.NewLimiter("plytix", []budget.Window{{Period: 10 * time.Second, Limit: 2}}, budget.WithClock(e.clock.Now), budget.WithMaxWait(0))
	c := e.client(func(c *plytix.Config) { c.Limiter = limiter })
	for range 2 {
		if err := count(c); err != nil {
			t.Fatal(err)
		}
	}
	err := count(c)
	var exhausted *budget.ExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Limit != 2 {
		t.Fatalf("err = %v, want the budget exhausted", err)
	}
	if got := e.count(searchOp, "200"); got != 2 {
		t.Fatalf("searches served = %d, want 2", got)
	}
	if got := c.Budget().Windows[0].Remaining; got != 0 {
		t.Fatalf("remaining = %d, want 0", got)
	}
}

// TestRateLimit_WaitFromTheLiveBody_Sec15: the live API sends no Retry-After; its 429 body
// names the wait as ttl (milliseconds) or, without it, the window. Either is honoured, and a
// huge one is capped like a Retry-After.
func TestRateLimit_WaitFromTheLiveBody_Sec15(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       time.Duration
	}{
		{"ttl", `{"message":"API rate limit exceeded","limit":50,"window_size":10,"ttl":1500}`, 1500 * time.Millisecond},
		{"window only", `{"message":"API rate limit exceeded","limit":50,"window_size":10}`, 10 * time.Second},
		{"a ttl of a year", `{"message":"API rate limit exceeded","ttl":31536000000}`, retry.MaxRetryAfter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, plytixtest.Options{})
			e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 429, Body: tc.body, Times: 100})
			c := e.client(func(c *plytix.Config) { c.Retry.MaxAttempts = 1 })
			err := count(c)
			var limited *plytix.RateLimitedError
			if !errors.As(err, &limited) || !limited.HasRetryAfter || limited.After != tc.want {
				t.Fatalf("err = %v (%+v), want a wait of %v", err, limited, tc.want)
			}
		})
	}
}

// TestRateLimit_AdoptsTheLimitOfTheLiveBody_Sec15: a 429 whose body names a lower limit than
// configured ({"limit":8,"window_size":10}) lowers the client's 10-second window to it, for
// every later request of the account, so the run paces itself instead of meeting the limit
// again after each wait.
func TestRateLimit_AdoptsTheLimitOfTheLiveBody_Sec15(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 429, Times: 1,
		Body: `{"message":"API rate limit exceeded","limit":8,"window_size":10}`})
	c := e.client(func(c *plytix.Config) {
		c.Retry.MaxAttempts = 1
		c.Limiter = budget.NewLimiter("plytix", []budget.Window{{Period: 10 * time.Second, Limit: 20}, {Period: time.Hour, Limit: 5000}})
	})
	if before := c.Budget().Windows[0]; before.Period != 10*time.Second || before.Limit <= 8 {
		t.Fatalf("configured window %+v, want more than 8 per 10 s", before)
	}
	var limited *plytix.RateLimitedError
	if err := count(c); !errors.As(err, &limited) {
		t.Fatalf("err = %v, want the 429", err)
	}
	if w := c.Budget().Windows[0]; w.Limit != 8 || w.Remaining != 0 {
		t.Errorf("after the 429 the 10 s window is %+v, want the server's limit of 8, spent", w)
	}
	for _, body := range []string{`{"limit":0,"window_size":10}`, `{"limit":8}`, `{"limit":"8","window_size":10}`, `not json`} {
		if _, _, ok := plytix.LimitInBody([]byte(body)); ok {
			t.Errorf("%s was taken for a limit", body)
		}
	}
}
