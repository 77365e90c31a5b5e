package plytix_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/go-logr/logr/funcr"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// attributesOp is a cheap authenticated call.
func callAPI(c *plytix.Client) error {
	_, err := c.Attributes(context.Background())
	return err
}

func TestAuth_TokenIsReusedUntilNearExpiry_Sec2_2(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	c := e.client()
	for range 3 {
		if err := callAPI(c); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.count(authOp, "200"); got != 1 {
		t.Fatalf("auth requests = %d, want 1 for three calls within the token's life", got)
	}
	e.clock.Advance(13 * time.Minute) // 2 min left, more than the 60 s leeway
	if err := callAPI(c); err != nil {
		t.Fatal(err)
	}
	if got := e.count(authOp, "200"); got != 1 {
		t.Fatalf("auth requests = %d after 13 min, want 1", got)
	}
	e.clock.Advance(90 * time.Second) // 30 s left: inside the leeway
	if err := callAPI(c); err != nil {
		t.Fatal(err)
	}
	if got := e.count(authOp, "200"); got != 2 {
		t.Fatalf("auth requests = %d after 14.5 min, want 2 (refreshed before expiry)", got)
	}
	if got := e.count("POST /api/v1/attributes/product/search", "401"); got != 0 {
		t.Fatalf("the API refused %d tokens; proactive refresh should avoid every 401", got)
	}
}

func TestAuth_LifetimeComesFromTheJWT_Sec2_2(t *testing.T) {
	e := newEnv(t, plytixtest.Options{TokenTTL: 5 * time.Minute})
	c := e.client()
	if err := callAPI(c); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(4*time.Minute + 1*time.Second) // past exp − leeway of a 5-minute token
	if err := callAPI(c); err != nil {
		t.Fatal(err)
	}
	if got := e.count(authOp, "200"); got != 2 {
		t.Fatalf("auth requests = %d, want 2: a 5-minute token must be replaced after 4 minutes", got)
	}
}

func TestAuth_ConcurrentCallersShareOneRefresh_Sec2_4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	c := e.client()
	run := func() {
		t.Helper()
		// The sandbox holds the token request until every caller has spent its request from
		// the budget, the step just before asking for a token, so that every caller arrives
		// while the first refresh is in flight.
		e.srv.ClearFaults()
		release := make(chan struct{})
		e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultLatency, Path: "/auth/", Until: release})
		spent := c.Budget().Spent
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Go(func() { errs[i] = callAPI(c) })
		}
		held, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a safety net
		defer cancel()
		if err := e.srv.AwaitFaultHits(held, 0, 1); err != nil {
			t.Fatalf("the token request never reached the sandbox: %v", err)
		}
		waitUntil(t, "every caller to spend its request", func() bool { return c.Budget().Spent >= spent+int64(len(errs)) })
		close(release)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	}
	run()
	if got := e.count(authOp, "200"); got != 1 {
		t.Fatalf("auth requests = %d for 40 concurrent callers, want 1", got)
	}
	e.clock.Advance(15 * time.Minute)
	run()
	if got := e.count(authOp, "200"); got != 2 {
		t.Fatalf("auth requests = %d after expiry, want 2", got)
	}
}

func TestAuth_ReauthenticatesOnceOn401_Sec2_4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	c := e.client()
	if err := callAPI(c); err != nil {
		t.Fatal(err)
	}
	e.srv.ExpireTokens() // revoked server-side before its exp
	if err := callAPI(c); err != nil {
		t.Fatalf("call after revocation: %v", err)
	}
	op := "POST /api/v1/attributes/product/search"
	if got, want := [3]int64{e.count(op, "401"), e.count(op, "200"), e.count(authOp, "200")}, [3]int64{1, 2, 2}; got != want {
		t.Fatalf("(401s, 200s, token requests) = %v, want %v", got, want)
	}
}

func TestAuth_PersistentUnauthorizedIsTypedAndNotRetried_Sec2_4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/", Status: 401,
		Body: `{"error":{"msg":"Token has expired"}}`})
	err := callAPI(e.client())
	var ua *plytix.UnauthorizedError
	if !errors.As(err, &ua) {
		t.Fatalf("err = %T %v, want *UnauthorizedError", err, err)
	}
	if ua.StatusCode != 401 || ua.Message != "Token has expired" {
		t.Fatalf("details = %+v", ua.Details)
	}
	// The first request, then one retry with a fresh token; nothing more.
	if got := e.srv.FaultHits(); !reflect.DeepEqual(got, []int{2}) {
		t.Fatalf("fault hits = %v, want [2]", got)
	}
	if got := e.count(authOp, "200"); got != 2 {
		t.Fatalf("token requests = %d, want 2", got)
	}
}

func TestAuth_BadCredentialsParseBothBodyShapes_Sec2_3(t *testing.T) {
	cases := []struct {
		shape      plytixtest.AuthErrorShape
		wantMsg    string
		wantFields []plytix.FieldError
	}{
		{plytixtest.AuthErrorLive, "Bad api_key or api_password: Credentials not valid", []plytix.FieldError{{Field: "http_status_code", Msg: "401"}}},
		{plytixtest.AuthErrorDocumented, "Bad api_key or api_password", nil},
	}
	for _, tc := range cases {
		t.Run(string(tc.shape), func(t *testing.T) {
			e := newEnv(t, plytixtest.Options{AuthErrors: tc.shape})
			err := callAPI(e.client(func(c *plytix.Config) { c.APIPassword = secret.New("wrong-password") }))
			var ua *plytix.UnauthorizedError
			if !errors.As(err, &ua) {
				t.Fatalf("err = %T %v, want *UnauthorizedError", err, err)
			}
			if ua.Operation != authOp || ua.StatusCode != 401 || ua.Message != tc.wantMsg || !reflect.DeepEqual(ua.Fields, tc.wantFields) {
				t.Fatalf("details = %+v", ua.Details)
			}
			if got := e.count(authOp, "401"); got != 1 {
				t.Fatalf("token requests = %d, want 1: bad credentials are not retried", got)
			}
		})
	}
}

func TestAuth_RetriesTransientAuthFailures_Sec2_3(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/auth/", Status: 503, Times: 1})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/auth/", Status: 502, Times: 1})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/auth/", Status: 429, RetryAfter: "7", Times: 1})
	if err := callAPI(e.client()); err != nil {
		t.Fatal(err)
	}
	if got := [4]int64{e.count(authOp, "503"), e.count(authOp, "502"), e.count(authOp, "429"), e.count(authOp, "200")}; got != [4]int64{1, 1, 1, 1} {
		t.Fatalf("auth outcomes (503, 502, 429, 200) = %v", got)
	}
	slept := e.sleeps()
	if len(slept) != 3 || slept[2] != 7*time.Second {
		t.Fatalf("sleeps = %v, want three with the last the 429's Retry-After of 7s", slept)
	}
}

func TestAuth_SpendsFromTheAuthServiceLimit_Sec2_3(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	authLimiter := budget.NewLimiter("auth", []budget.Window{{Period: time.Second, Limit: plytix.AuthRequestsPerSecond}},
		budget.WithClock(e.clock.Now), budget.WithMaxWait(0))
	c := e.client(func(c *plytix.Config) { c.AuthLimiter = authLimiter })
	for i := range 8 {
		e.srv.ExpireTokens()
		if err := callAPI(c); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	e.srv.ExpireTokens()
	err := callAPI(c)
	var exhausted *budget.ExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Limit != 8 || exhausted.Period != time.Second {
		t.Fatalf("ninth token request in one second: err = %v, want the 8/s auth budget exhausted", err)
	}
	if got := e.count(authOp, "200"); got != 8 {
		t.Fatalf("token requests = %d, want 8", got)
	}
}

func TestCredentialsNeverAppearInErrorsOrLogs(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	// A server that echoes the Authorization header and the request body into its error.
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultEcho, Path: "/auth/", Times: 1})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultEcho, Path: "/api/v1/attributes/"})
	var logs strings.Builder
	logger := funcr.New(func(prefix, args string) { logs.WriteString(prefix + args + "\n") }, funcr.Options{Verbosity: 10})
	ctx := logr.NewContext(context.Background(), logger)
	c := e.client(func(cfg *plytix.Config) { cfg.Retry.MaxAttempts = 2 })

	_, err := c.Attributes(ctx)
	if err == nil {
		t.Fatal("want the echoed 500 as an error")
	}
	var se *plytix.ServerError
	if !errors.As(err, &se) || se.StatusCode != 500 {
		t.Fatalf("err = %T %v, want *ServerError 500", err, err)
	}
	key, password := e.srv.Credentials()
	text := err.Error() + "\n" + logs.String() + "\n" + se.Message
	for _, secretValue := range []string{key, password, "eyJ"} { // "eyJ" starts every JWT
		if strings.Contains(text, secretValue) {
			t.Fatalf("a credential leaked into the error or logs:\n%s", text)
		}
	}
	if !strings.Contains(se.Message, "Bearer [redacted]") {
		t.Fatalf("message %q should show where the token was redacted", se.Message)
	}
	if logs.Len() == 0 {
		t.Fatal("expected retry and token logs to check")
	}
}

func TestNew_RequiresCredentialsAndCleanURLs(t *testing.T) {
	key, pw := secret.New("k"), secret.New("p")
	cases := []struct {
		name    string
		cfg     plytix.Config
		wantErr string
	}{
		{"no key", plytix.Config{APIPassword: pw}, "plytix: API key and password are required"},
		{"bad scheme", plytix.Config{APIKey: key, APIPassword: pw, APIURL: "ftp://pim.plytix.com"}, `plytix: API URL: scheme "ftp" is not http(s)`},
		{"userinfo", plytix.Config{APIKey: key, APIPassword: pw, AuthURL: "https://me:hunter2@auth.plytix.com"}, "plytix: auth URL: must not carry credentials; use APIKey and APIPassword"},
		{"query", plytix.Config{APIKey: key, APIPassword: pw, APIURL: "https://pim.plytix.com?x=1"}, "plytix: API URL: must not carry a query or fragment"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := plytix.New(tc.cfg)
			if err == nil || err.Error() != tc.wantErr {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatal("a password in the URL leaked into the error")
			}
		})
	}
}
