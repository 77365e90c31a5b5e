package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// centraError is what the real Centra client returns when the sandbox answers every request
// with status (and Retry-After, when set).
func centraError(t *testing.T, status int, retryAfter string) error {
	t.Helper()
	srv := centratest.NewTestServer(t, centratest.Options{RateLimits: &centratest.RateLimits{Disabled: true}})
	srv.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: status, RetryAfter: retryAfter, Times: 10})
	c, err := centra.New(centra.Config{Endpoint: srv.URL, Token: secret.New(centratest.DefaultToken),
		Retry: &retry.Policy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxElapsed: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ReadReference(context.Background())
	if err == nil {
		t.Fatalf("HTTP %d: no error", status)
	}
	return fmt.Errorf("reading Centra reference data: %w", err)
}

// TestClassify types errors by what the controller does next (DEVELOPMENT.md §4):
// stalled needs a human, waiting resumes at a known time, the rest is transient.
func TestClassify(t *testing.T) {
	type want struct {
		kind   string // stalled, waiting or transient
		reason string
		after  time.Duration
	}
	cases := []struct {
		name string
		err  func(t *testing.T) error
		want want
	}{
		{"spent budget", func(*testing.T) error {
			return &budget.ExhaustedError{Name: centra.KindMutations, Period: time.Hour, Limit: 1000, RetryAfter: 7 * time.Minute}
		}, want{"waiting", pimv1alpha1.ReasonQuotaExhausted, 7 * time.Minute}},
		{"Plytix 429 with Retry-After (docs/reference/plytix-api.md §4)", func(*testing.T) error {
			return &plytix.RateLimitedError{After: 30 * time.Second, HasRetryAfter: true}
		}, want{"waiting", pimv1alpha1.ReasonQuotaExhausted, 30 * time.Second}},
		{"Plytix 429 without Retry-After", func(*testing.T) error { return &plytix.RateLimitedError{} }, want{kind: "transient"}},
		{"Centra 429 with Retry-After (docs/reference/centra-api.md §5.1)", func(t *testing.T) error { return centraError(t, 429, "90") },
			want{"waiting", pimv1alpha1.ReasonQuotaExhausted, 90 * time.Second}},
		{"Centra 429 without Retry-After waits out the 10-second window (docs/reference/centra-api.md §5.5)", func(t *testing.T) error { return centraError(t, 429, "") },
			want{"waiting", pimv1alpha1.ReasonQuotaExhausted, 10 * time.Second}},
		{"Centra 500", func(t *testing.T) error { return centraError(t, 500, "") }, want{kind: "transient"}},
		{"Centra 403 (docs/reference/centra-api.md §5.1)", func(t *testing.T) error { return centraError(t, 403, "") }, want{"stalled", pimv1alpha1.ReasonAuthFailed, 0}},
		{"Plytix 401", func(*testing.T) error { return &plytix.UnauthorizedError{} }, want{"stalled", pimv1alpha1.ReasonAuthFailed, 0}},
		{"already stalled", func(*testing.T) error {
			return fmt.Errorf("reading Plytix: %w", syncerr.Stall(pimv1alpha1.ReasonInvalidSpec, errors.New("spec.plytix.filters[0][0]: bad")))
		}, want{"stalled", pimv1alpha1.ReasonInvalidSpec, 0}},
		{"a timeout while reading", func(*testing.T) error { return context.DeadlineExceeded }, want{kind: "transient"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := classify(tc.err(t))
			got := want{kind: "transient"}
			if s, ok := syncerr.AsStalled(err); ok {
				got = want{"stalled", s.Reason, 0}
			} else if w, ok := syncerr.AsWaiting(err); ok {
				got = want{"waiting", w.Reason, w.RetryAfter}
			}
			// A Retry-After in seconds is read against the clock: allow for the time the request took.
			if got.kind == tc.want.kind && got.reason == tc.want.reason && got.after <= tc.want.after && got.after > tc.want.after-2*time.Second {
				return
			}
			t.Errorf("classify(%v) = %+v, want %+v", err, got, tc.want)
		})
	}
}

// TestInvalidFiltersStall: a filter Plytix cannot take is a spec error no retry fixes, whether
// the client finds it (a field name with a space) or Plytix does (a 422 naming a field it does
// not have, docs/reference/plytix-api.md §5.1). The run stalls with InvalidSpec, naming the filter.
func TestInvalidFiltersStall(t *testing.T) {
	cases := []struct {
		name    string
		filters [][]pimv1alpha1.PlytixFilter
		want    string
	}{
		{"field with a space", [][]pimv1alpha1.PlytixFilter{{{Field: "status", Operator: "eq", Value: ptr("Completed")}},
			{{Field: "attributes.care instructions", Operator: "exists"}}}, "spec.plytix.filters[1][0]"},
		{"field Plytix does not have", [][]pimv1alpha1.PlytixFilter{{{Field: "attributes.no_such_label", Operator: "exists"}}},
			`spec.plytix.filters[0][0]: Plytix refused field "attributes.no_such_label"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, problemCatalog)
			w.req.Spec.Plytix.Filters = tc.filters
			_, err := w.run()
			stalled, ok := syncerr.AsStalled(err)
			if !ok || stalled.Reason != pimv1alpha1.ReasonInvalidSpec || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a stall InvalidSpec naming %s", err, tc.want)
			}
			if w.centra.Stats().TotalMutations() != 0 {
				t.Errorf("a stalled run wrote to Centra")
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
