package centra_test

import (
	"errors"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

func TestDefaultLimits_Sec5_5(t *testing.T) {
	want := centra.Limits{
		Requests:   centra.Quota{TenSeconds: 20, OneHour: 10_000},
		Complexity: centra.Quota{TenSeconds: 150_000, OneHour: 20_000_000},
		Mutations:  centra.Quota{TenSeconds: 100, OneHour: 1_000},
	}
	if got := centra.DefaultLimits(); got != want {
		t.Fatalf("DefaultLimits() = %+v, want %+v", got, want)
	}
	b := centra.NewBudgets(want)
	st := b.State()
	if len(st.Mutations.Windows) != 2 || st.Mutations.Windows[0].Period != 10*time.Second || st.Mutations.Windows[1].Limit != 1000 {
		t.Errorf("mutation windows = %+v", st.Mutations.Windows)
	}
	if got := b.MutationsLeft(); got != 100 {
		t.Errorf("MutationsLeft() = %d, want 100", got)
	}
}

// TestSharedBudgets_UsagePerEndpointAndTokenLimitsPerCaller: clients of one endpoint and token
// spend from one usage, yet each keeps the limits it was configured with: an edited
// spec.centra.rateLimits applies to the next run without a restart, what was spent still
// counts, and a run already going keeps its own limits.
func TestSharedBudgets_UsagePerEndpointAndTokenLimitsPerCaller(t *testing.T) {
	reg := budget.NewRegistry()
	clock := newFakeClock()
	const endpoint = "https://a.centra.com/graphql"
	shared := func(token string, l centra.Limits) *centra.Budgets {
		return centra.SharedBudgets(reg, endpoint, secret.New(token), l, budget.WithClock(clock.Now), budget.WithMaxWait(0))
	}
	first := shared("t1", centra.DefaultLimits())
	for range 4 {
		if ok, _ := first.Mutations.TryTake(100); !ok {
			t.Fatal("100 mutations per 10 s should fit")
		}
		_ = clock.Sleep(ctx(t), 10*time.Second)
	}
	edited := centra.DefaultLimits()
	edited.Mutations.OneHour = 500
	next := shared("t1", edited)
	other := shared("t2", centra.DefaultLimits())

	tests := []struct {
		name string
		b    *centra.Budgets
		want budget.WindowState
	}{
		{"edited run: its own limit, the spend carried over", next, budget.WindowState{Period: time.Hour, Limit: 500, Used: 400, Remaining: 100}},
		{"running run: keeps its own limit", first, budget.WindowState{Period: time.Hour, Limit: 1000, Used: 400, Remaining: 600}},
		{"another token: a usage of its own", other, budget.WindowState{Period: time.Hour, Limit: 1000, Used: 0, Remaining: 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.State().Mutations.Windows[1]; got != tt.want {
				t.Errorf("hourly mutations = %+v, want %+v", got, tt.want)
			}
		})
	}
	if ok, _ := next.Mutations.TryTake(100); !ok {
		t.Fatal("the edited run's last 100 should fit")
	}
	if ok, _ := next.Mutations.TryTake(1); ok {
		t.Error("the edited run spent past its 500")
	}
	if got := first.State().Mutations.Windows[1].Remaining; got != 500 {
		t.Errorf("running run: %d mutations left this hour, want 500 of its 1,000", got)
	}
	if got := first.State().Mutations.Spent; got != 500 {
		t.Errorf("shared mutations spent = %d, want 500", got)
	}
	// The server's lower limit binds every run, also one that connects later.
	next.Seed([]centra.RateLimit{{Type: "MUTATION_COUNT", Interval: "ONE_HOUR", Quota: 450, UsedQuota: 500}})
	later := shared("t1", centra.DefaultLimits())
	for name, b := range map[string]*centra.Budgets{"running": first, "edited": next, "later": later} {
		if got := b.State().Mutations.Windows[1].Limit; got != 450 {
			t.Errorf("%s run: hourly mutation limit = %d, want the server's 450", name, got)
		}
	}
	if len(reg.All()) != 6 {
		t.Errorf("registry holds %d usages, want 6", len(reg.All()))
	}
}

// TestBudgets_MutationsTakenBeforeSending: a request whose mutations do not fit is never
// sent (§5.5: "every top-level mutation field counts").
func TestBudgets_MutationsTakenBeforeSending_Sec5_5(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	clock := newFakeClock()
	c := client(t, ts, withClock(clock), func(cfg *centra.Config) {
		cfg.Budgets = centra.NewBudgets(centra.Limits{Mutations: centra.Quota{TenSeconds: 100, OneHour: 3}},
			budget.WithClock(clock.Now), budget.WithMaxWait(0))
	})
	ref := mustReference(t, c)
	res, err := c.Execute(ctx(t), []centra.Mutation{centra.CreateProduct(tee(ref, "A")), centra.CreateProduct(tee(ref, "B"))})
	if err != nil || res[0].Err != nil || res[1].Err != nil {
		t.Fatalf("first two mutations: %v %v %v", err, res[0].Err, res[1].Err)
	}
	if got := c.Budgets().MutationsLeft(); got != 1 {
		t.Errorf("MutationsLeft() = %d, want 1", got)
	}
	res, err = c.Execute(ctx(t), []centra.Mutation{centra.CreateProduct(tee(ref, "C")), centra.CreateProduct(tee(ref, "D"))})
	var exhausted *budget.ExhaustedError
	if !errors.As(err, &exhausted) || exhausted.Period != time.Hour || exhausted.Limit != 3 {
		t.Fatalf("error = %v, want the hourly mutation budget exhausted", err)
	}
	// The last mutation the quota allows is still sent; only the one beyond it is refused.
	if res[0].Err != nil || !errors.As(res[1].Err, &exhausted) || !centra.IsTransient(err) {
		t.Errorf("results = %v, %v; want C sent and D refused by the budget", res[0].Err, res[1].Err)
	}
	if got := ts.Stats().TotalMutations(); got != 3 {
		t.Errorf("sandbox ran %d mutations, want 3", got)
	}
	if got := ts.Stats().ByOperation["MutationBatch"] + ts.Stats().ByOperation["CreateProduct"]; got != 2 {
		t.Errorf("mutation requests sent = %d, want 2", got)
	}
	// An hour later the window is free again.
	if got := c.Budgets().UntilMutations(2); got <= 0 || got > time.Hour {
		t.Errorf("UntilMutations(2) = %s, want within the hour", got)
	}
	_ = clock.Sleep(ctx(t), time.Hour)
	if got := c.Budgets().UntilMutations(2); got != 0 {
		t.Errorf("UntilMutations(2) after an hour = %s, want 0", got)
	}
}

// TestBudgets_ComplexityRecordedFromExtensions: the complexity budget is charged what the
// server reports in extensions.complexity (§5.5).
func TestBudgets_ComplexityRecordedFromExtensions_Sec5_5(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	if _, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "A")}); err != nil {
		t.Fatal(err)
	}
	server := ts.Stats().Complexity
	if server == 0 {
		t.Fatal("the sandbox reported no complexity")
	}
	if got := c.Budgets().State().Complexity.Spent; got != server {
		t.Errorf("complexity spent = %d, want the server's %d", got, server)
	}
	if got := c.Budgets().State().Requests.Spent; got != ts.Stats().Requests {
		t.Errorf("requests spent = %d, want %d", got, ts.Stats().Requests)
	}
}

// TestBudgets_SeededFromRateLimits: a process that starts while others already spent
// quota learns it from rateLimits and holds back (§5.5).
func TestBudgets_SeededFromRateLimits_Sec5_5(t *testing.T) {
	clock := time.Date(2025, 6, 1, 12, 0, 1, 0, time.UTC)
	ts := sandbox(t, centratest.Options{Now: func() time.Time { return clock },
		RateLimits: &centratest.RateLimits{Requests: centratest.Quota{TenSeconds: 5, OneHour: 50},
			Mutations: centratest.Quota{TenSeconds: 100, OneHour: 1000}}})
	other := client(t, ts)
	for range 3 {
		if _, err := other.ProductsByNumber(ctx(t), []string{"X"}); err != nil {
			t.Fatal(err)
		}
	}
	fc := &fakeClock{t: clock}
	c := client(t, ts, withClock(fc), func(cfg *centra.Config) {
		cfg.Budgets = centra.NewBudgets(centra.DefaultLimits(), budget.WithClock(fc.Now), budget.WithMaxWait(0))
	})
	limits, err := c.RateLimits(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(limits) != 6 || limits[0] != (centra.RateLimit{Type: "REQUEST_COUNT", Interval: "TEN_SECONDS", Quota: 5, UsedQuota: 4, RemainingQuota: 1}) {
		t.Fatalf("rateLimits[0] = %+v", limits[0])
	}
	st := c.Budgets().State().Requests
	if st.Windows[0].Limit != 5 || st.Windows[0].Used != 4 || st.Windows[1].Limit != 50 {
		t.Errorf("seeded request windows = %+v, want limit 5 used 4, hourly limit 50", st.Windows)
	}
	if _, err := c.ProductsByNumber(ctx(t), []string{"X"}); err != nil {
		t.Fatalf("the last request of the window: %v", err)
	}
	_, err = c.ProductsByNumber(ctx(t), []string{"X"})
	var exhausted *budget.ExhaustedError
	if !errors.As(err, &exhausted) {
		t.Fatalf("error = %v, want the client to hold back before the server's 429", err)
	}
	if got := ts.Stats().RateLimited; got != 0 {
		t.Errorf("the server rate limited %d requests, want 0", got)
	}
}

func TestBudgets_429BlocksEveryBudget_Sec5_5(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 429, RetryAfter: "30"})
	clock := newFakeClock()
	c := client(t, ts, withClock(clock), func(cfg *centra.Config) {
		cfg.Budgets = centra.NewBudgets(centra.DefaultLimits(), budget.WithClock(clock.Now))
		cfg.Retry = centraRetryOnce()
	})
	_, err := c.ProductsByNumber(ctx(t), []string{"X"})
	if !errors.Is(err, centra.ErrRateLimited) {
		t.Fatalf("error = %v, want ErrRateLimited", err)
	}
	want := clock.Now().Add(30 * time.Second)
	st := c.Budgets().State()
	for name, s := range map[string]budget.State{"requests": st.Requests, "complexity": st.Complexity, "mutations": st.Mutations} {
		if !s.BlockedUntil.Equal(want) {
			t.Errorf("%s blocked until %s, want %s", name, s.BlockedUntil, want)
		}
	}
	if got := c.Budgets().UntilMutations(1); got != 30*time.Second {
		t.Errorf("UntilMutations(1) = %s, want 30s", got)
	}
}
