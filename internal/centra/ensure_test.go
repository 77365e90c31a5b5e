package centra_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

// TestEnsureProducts_LostResponseNeverDuplicates_Sec5_4 replays the crash between lookup
// and create inside one call: the create runs but its response is lost (the connection
// drops, the server fails after executing, the client times out). The client does not
// resend it; it looks the product up, finds it and reports it created.
func TestEnsureProducts_LostResponseNeverDuplicates_Sec5_4(t *testing.T) {
	cases := []struct {
		name  string
		fault centratest.Fault
		// timesOut: the client times the request out while the sandbox holds it.
		timesOut bool
	}{
		{"connection dropped after executing", centratest.Fault{Kind: centratest.FaultHang, Duration: time.Millisecond, AfterExecute: true}, false},
		{"timeout after executing", centratest.Fault{Kind: centratest.FaultHang, AfterExecute: true}, true},
		{"500 after executing", centratest.Fault{Kind: centratest.FaultStatus, Status: 500, AfterExecute: true}, false},
		{"malformed body after executing", centratest.Fault{Kind: centratest.FaultMalformed, AfterExecute: true}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := sandbox(t, centratest.Options{})
			// Only the timeout case needs a short RequestTimeout, and its timeout passes when
			// the sandbox holds the create, never on a timer that the requests that are
			// answered could race. Elsewhere the default RequestTimeout is a safety net.
			var mods []func(*centra.Config)
			if tc.timesOut {
				mods = append(mods, func(cfg *centra.Config) { cfg.RequestTimeout = 200 * time.Millisecond })
			}
			c := client(t, ts, mods...)
			asked := func() []time.Duration { return nil }
			if tc.timesOut {
				asked = timeOutWhileHeld(c, ts)
			}
			ref := mustReference(t, c)
			tc.fault.Operation = "MutationBatch"
			ts.InjectFault(tc.fault)
			res, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "LOST-1"), tee(ref, "LOST-2")})
			if err != nil {
				t.Fatalf("EnsureProducts: %v", err)
			}
			for _, r := range res {
				if r.Err != nil || !r.Created || r.Product == nil || r.Ref != nil {
					t.Errorf("%s = %+v, want created and recovered by look-up", r.ProductNumber, r)
				}
			}
			if got := ts.Stats().Mutations["createProduct"]; got != 2 {
				t.Errorf("createProduct ran %d times, want 2", got)
			}
			if ts.ProductCount() != 2 || len(ts.DuplicateProductNumbers()) != 0 {
				t.Errorf("products = %d, duplicates %v", ts.ProductCount(), ts.DuplicateProductNumbers())
			}
			if got := asked(); tc.timesOut && (!allEqual(got, 200*time.Millisecond) || int64(len(got)) != ts.Stats().Requests) {
				t.Errorf("request timeouts = %v, want RequestTimeout for each of the %d requests", got, ts.Stats().Requests)
			}
			if got := c.Counters().Snapshot()[httpx.CallKey{Operation: "MutationBatch", Outcome: "timeout"}]; tc.timesOut && got != 1 {
				t.Errorf("timeouts counted = %d, want 1", got)
			}
		})
	}
}

// TestEnsureProducts_FailureBeforeExecutingCreatesOnce: a 503 before execution is an
// unknown outcome to the client too; the look-up finds nothing and the create is sent
// once more, exactly once.
func TestEnsureProducts_FailureBeforeExecutingCreatesOnce(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 503, Operation: "CreateProduct"})
	res, err := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "ONCE-1")})
	if err != nil || res[0].Err != nil || !res[0].Created || res[0].Ref == nil {
		t.Fatalf("EnsureProducts = %+v (%v)", res[0], err)
	}
	stats := ts.Stats()
	if stats.ByOperation["CreateProduct"] != 2 || stats.Mutations["createProduct"] != 1 || ts.ProductCount() != 1 {
		t.Errorf("requests %v, mutations %v, products %d", stats.ByOperation, stats.Mutations, ts.ProductCount())
	}
}

// TestEnsureProducts_ReplayAfterCrash_Sec5_4: the process dies while its create is in
// flight (its context ends); a new process, with a new client, runs the same sync again
// and finds the product instead of creating a second one.
func TestEnsureProducts_ReplayAfterCrash_Sec5_4(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultHang, Operation: "CreateProduct", AfterExecute: true})
	first := client(t, ts)
	ref := mustReference(t, first)
	// The process dies once its create has run and the sandbox holds the response; the
	// deadline is only a safety net, which fails the test below.
	crashed, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		if ts.AwaitFaultHits(crashed, centratest.FaultHang, 1) == nil {
			cancel()
		}
	}()
	res, err := first.EnsureProducts(crashed, []centra.ProductCreate{tee(ref, "CRASH-1")})
	if err == nil && res[0].Err == nil {
		t.Fatal("the first run should have died with its context")
	}
	if ts.ProductCount() != 1 {
		t.Fatalf("products after the crash = %d, want 1 (the create ran)", ts.ProductCount())
	}
	restarted := client(t, ts)
	res, err = restarted.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "CRASH-1")})
	if err != nil || res[0].Err != nil || res[0].Created || res[0].Product == nil {
		t.Fatalf("replay = %+v (%v), want the existing product", res[0], err)
	}
	if got := ts.Stats().Mutations["createProduct"]; got != 1 || ts.ProductCount() != 1 {
		t.Errorf("createProduct ran %d times, products %d; want 1 and 1", got, ts.ProductCount())
	}
}

// TestEnsureDisplays_LostResponseNeverDuplicates: displays have no external id; they are
// found again by product and store.
func TestEnsureDisplays_LostResponseNeverDuplicates_Sec5_4(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	c := client(t, ts)
	ref := mustReference(t, c)
	res, _ := c.EnsureProducts(ctx(t), []centra.ProductCreate{tee(ref, "LD-1")})
	retail, _ := ref.StoreByName("Retail")
	ts.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 502, Operation: "CreateDisplay", AfterExecute: true})
	ds, err := c.EnsureDisplays(ctx(t), []centra.DisplayCreate{{Store: centra.IDRef{ID: retail.ID}, Product: centra.ByID(res[0].Ref.ID), Name: "LD", Status: centra.Active}})
	if err != nil || ds[0].Err != nil || !ds[0].Created || ds[0].Display == nil {
		t.Fatalf("EnsureDisplays = %+v (%v)", ds[0], err)
	}
	if snap, _ := ts.Product("LD-1"); len(snap.Displays) != 1 {
		t.Errorf("displays = %d, want 1", len(snap.Displays))
	}
}

// TestEnsureProducts_BudgetExhaustedStopsCleanly: when the budget runs out the protocol
// stops, says which products were not created, and a later run resumes.
func TestEnsureProducts_BudgetExhaustedStopsCleanly(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	clock := newFakeClock()
	c := client(t, ts, withClock(clock), func(cfg *centra.Config) {
		cfg.MaxMutationsPerRequest = 1
		cfg.Budgets = centra.NewBudgets(centra.Limits{Mutations: centra.Quota{OneHour: 2}}, budgetClock(clock), budgetNoWait())
	})
	ref := mustReference(t, c)
	creates := []centra.ProductCreate{tee(ref, "B-1"), tee(ref, "B-2"), tee(ref, "B-3")}
	res, err := c.EnsureProducts(ctx(t), creates)
	if !centra.IsTransient(err) {
		t.Fatalf("error = %v, want a transient budget exhaustion", err)
	}
	var exhausted *budget.ExhaustedError
	if !res[0].Created || !res[1].Created || res[2].Created || !errors.As(res[2].Err, &exhausted) {
		t.Fatalf("results = %+v", res)
	}
	_ = clock.Sleep(ctx(t), time.Hour)
	res, err = c.EnsureProducts(ctx(t), creates)
	if err != nil || res[0].Created || res[1].Created || !res[2].Created {
		t.Fatalf("resumed run = %+v (%v)", res, err)
	}
	if ts.ProductCount() != 3 {
		t.Errorf("products = %d, want 3", ts.ProductCount())
	}
}
