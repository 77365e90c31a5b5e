package centra_test

import (
	"context"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// noSleep makes retries and polls immediate; tests never wait on the wall clock.
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func fastRetry() *retry.Policy {
	return &retry.Policy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Hour, Sleep: noSleep}
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
		Budgets:  centra.NewBudgets(centra.Limits{}),
		Sleep:    noSleep,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := centra.New(cfg)
	if err != nil {
		t.Fatalf("centra.New: %v", err)
	}
	return c
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
