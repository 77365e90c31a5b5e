package engine

// End-to-end runs of the engine with the real clients against both sandboxes over HTTP. Each
// test names the invariant of docs/design.md §9 or the reference section it proves.

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// problemCatalog has one product of each planted problem among clean ones.
var problemCatalog = plytixtest.CatalogOptions{Seed: 7, Parents: 12, Singles: 3,
	Problems: plytixtest.ProblemCounts{MissingRequired: 1, UnmappedBrand: 1, MissingAxis: 1}}

func failures(rep *report.Report) []report.Failure {
	f, _ := rep.Failures()
	return f
}

func hasFailure(rep *report.Report, reason, skuPrefix string) bool {
	return slices.ContainsFunc(failures(rep), func(f report.Failure) bool {
		return f.Reason == reason && strings.HasPrefix(f.SKU, skuPrefix)
	})
}

func TestInitialLoadCreatesVisibleProductsAndBlocksGatedOnes(t *testing.T) {
	w := newWorld(t, problemCatalog)
	rep := w.mustRun()
	if rep.Result != report.ResultSucceeded || !rep.FullSync {
		t.Fatalf("result %s, full pass %v: %s", rep.Result, rep.FullSync, rep.Message)
	}
	p := rep.Products
	if p.Seen != 15 || p.Created+p.Blocked != p.Seen || p.Created != 10 || rep.InSync != 10 {
		t.Errorf("products = %+v, in sync %d", p, rep.InSync)
	}
	// Mutation floor (docs/reference/centra-api.md §3.4, §5.5): one nested createProduct and one createDisplay
	// per product, and one createMediaBatch for up to 100 images.
	if rep.CentraMutations != 2*p.Created+1 {
		t.Errorf("spent %d mutations for %d products; the floor is %d", rep.CentraMutations, p.Created, 2*p.Created+1)
	}
	issues := w.plytix.Report()
	for _, problem := range []struct {
		planted plytixtest.Problem
		reason  string
	}{
		{plytixtest.ProblemUnmappedBrand, "BrandNotMapped"},
		{plytixtest.ProblemMissingRequired, "MissingRequiredAttribute"},
		{plytixtest.ProblemMissingAxis, "MissingAxisValue"},
	} {
		for _, sku := range issues.SKUs(problem.planted) {
			parent := strings.Join(strings.SplitN(sku, "-", 2)[:1], "")
			if !hasFailure(rep, problem.reason, parent) {
				t.Errorf("planted %s on %s: no %s failure in %+v", problem.planted, sku, problem.reason, failures(rep))
			}
			if _, inCentra := w.centra.Product(parent); inCentra {
				t.Errorf("invariant 3: gated product %s was written to Centra", parent)
			}
		}
	}
	if !hasFailure(rep, "BrandNotInStore", "") {
		t.Errorf("a product of %s must be blocked, not created invisible", "Brisa Mar")
	}
	if invisible := w.invisible(); len(invisible) != 0 {
		t.Errorf("created products not visible in Retail/EU: %v", invisible)
	}
	if n := len(w.centra.AllProducts()); n != int(p.Created) {
		t.Errorf("%d products in Centra, %d created", n, p.Created)
	}
	stats := w.centra.Stats()
	if stats.StockMutationAttempts != 0 || stats.PriceMutationAttempts != 0 {
		t.Errorf("invariant 1: stock or price mutation attempted: %+v", stats)
	}
}

func TestUnchangedCatalogueCostsNoMutations(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	delta := w.mustRun()
	if delta.FullSync || delta.CentraMutations != 0 {
		t.Errorf("invariant 6: a delta over an unchanged catalogue spent %d mutations (full=%v)", delta.CentraMutations, delta.FullSync)
	}
	w.req.LastFullSync = time.Time{}
	full := w.mustRun()
	if !full.FullSync || full.CentraMutations != 0 || full.InSync != 10 || full.Products.Drifted != 0 {
		t.Errorf("invariant 6: a full pass over an unchanged catalogue: %s", full.Message)
	}
}

func TestPlytixEditReachesCentraOnTheNextRun(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	id := w.plytix.LookupSKU("AP100000")[0]
	if err := w.plytix.UpdateProduct(id, plytixtest.ProductPatch{Attributes: map[string]any{"description": "<p>Now waxed.</p>"}}); err != nil {
		t.Fatal(err)
	}
	rep := w.mustRun()
	if rep.FullSync || rep.Products.Updated != 1 || rep.CentraMutations != 1 {
		t.Errorf("a one-field change: %s", rep.Message)
	}
	p, _ := w.centra.Product("AP100000")
	if p.Displays[0].Description != "<p>Now waxed.</p>" {
		t.Errorf("Centra description = %q", p.Displays[0].Description)
	}
}

func TestHandEditInCentraIsDriftWarnedOrCorrected(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	edited := "Edited in AMS"
	if err := w.centra.EditProduct("AP100000", centratest.ProductEdit{
		Displays: map[string]centratest.DisplayEdit{"Retail": {Description: &edited}}}); err != nil {
		t.Fatal(err)
	}
	w.req.LastFullSync = time.Time{} // drift is found by full passes
	warn := w.mustRun()
	if warn.Products.Drifted != 1 || warn.CentraMutations != 0 {
		t.Errorf("Warn: %s", warn.Message)
	}
	rows := warn.Attributes()
	row := slices.IndexFunc(rows, func(r report.AttributeRow) bool { return r.Name == "display.description" })
	if row < 0 || rows[row].Drifted == 0 ||
		!slices.ContainsFunc(rows[row].SampleSKUs, func(sku string) bool { return strings.HasPrefix(sku, "AP100000-") }) {
		t.Errorf("display.description row must count AP100000's SKUs as drifted and name one: %+v", rows)
	}
	if p, _ := w.centra.Product("AP100000"); p.Displays[0].Description != edited {
		t.Errorf("Warn must leave Centra as it is")
	}
	w.req.Spec.Drift.Mode = pimv1alpha1.DriftModeEnforce
	w.req.LastFullSync = time.Time{}
	enforce := w.mustRun()
	if enforce.Products.Drifted != 1 || enforce.CentraMutations != 1 {
		t.Errorf("Enforce: %s", enforce.Message)
	}
	if p, _ := w.centra.Product("AP100000"); p.Displays[0].Description == edited {
		t.Errorf("Enforce must restore the Plytix description")
	}
}

func TestPlanModeReportsWithoutWriting(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Spec.Mode = pimv1alpha1.SyncModePlan
	rep := w.mustRun()
	if rep.CentraMutations != 0 || len(w.centra.AllProducts()) != 0 {
		t.Fatalf("mode Plan wrote to Centra: %s", rep.Message)
	}
	if rep.PlanTotal != 10 || rep.PlanByAction["Create"] != 10 || len(rep.PlanSample()[0].Changes) == 0 {
		t.Errorf("plan: %d products %v", rep.PlanTotal, rep.PlanByAction)
	}
	if !rep.Watermark.IsZero() {
		t.Errorf("a plan must not advance the watermark")
	}
}

func TestQuotaRunsOutMidPlanAndTheNextRunResumes(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Spec.Centra.RateLimits.Mutations = &pimv1alpha1.WindowLimits{PerHour: ptr64(7)}
	first := w.mustRun()
	if first.Result != report.ResultPartial || first.Progress.ResumeAt.IsZero() || first.Progress.Remaining == 0 ||
		first.Progress.ETA.IsZero() {
		t.Fatalf("first run: %s, progress %+v", first.Message, first.Progress)
	}
	if first.Progress.Deadline {
		t.Errorf("a quota, not the run's deadline, stopped the first run: %+v", first.Progress)
	}
	if first.CentraMutations > 7 {
		t.Errorf("spent %d mutations with a quota of 7", first.CentraMutations)
	}
	// The next hour: a fresh window.
	w.budgets = budget.NewRegistry()
	w.engine.Connect = (&Clients{Budgets: w.budgets}).Connect
	w.req.Spec.Centra.RateLimits.Mutations = nil
	second := w.mustRun()
	if second.Result != report.ResultSucceeded {
		t.Fatalf("second run: %s", second.Message)
	}
	if n := len(w.centra.AllProducts()); n != 10 {
		t.Errorf("%d products in Centra after resuming, want 10", n)
	}
	if dups := w.centra.DuplicateProductNumbers(); len(dups) != 0 {
		t.Errorf("invariant 2: duplicates %v", dups)
	}
}

func ptr64(n int64) *int64 { return &n }

// TestEditedRateLimitsApplyWithoutARestart: budgets are shared per account for the life of the
// process, yet a lowered spec.centra.rateLimits binds the very next run.
func TestEditedRateLimitsApplyWithoutARestart(t *testing.T) {
	w := newWorld(t, problemCatalog)
	first := w.mustRun()
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100000")[0],
		plytixtest.ProductPatch{Attributes: map[string]any{"description": "Rewritten copy"}}); err != nil {
		t.Fatal(err)
	}
	// Exactly what the first run spent: nothing is left this hour.
	w.req.Spec.Centra.RateLimits.Mutations = &pimv1alpha1.WindowLimits{PerHour: ptr64(first.CentraMutations)}
	second := w.mustRun()
	if second.Result != report.ResultPartial || second.CentraMutations != 0 {
		t.Errorf("second run: %s (%d mutations), want a partial run with none", second.Message, second.CentraMutations)
	}
}

func TestLostResponsesAndRetriesNeverDuplicate(t *testing.T) {
	w := newWorld(t, problemCatalog)
	// The connection drops after Centra ran the request, three times: the client cannot know
	// whether its creates happened (docs/reference/centra-api.md §5.4).
	w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 502, AfterExecute: true, Times: 3})
	for attempt := 0; attempt < 5; attempt++ {
		if rep, err := w.run(); err == nil && rep.Result == report.ResultSucceeded {
			break
		}
	}
	if dups := w.centra.DuplicateProductNumbers(); len(dups) != 0 {
		t.Errorf("invariant 2: duplicates after lost responses: %v", dups)
	}
	if invisible := w.invisible(); len(invisible) != 0 {
		t.Errorf("invariant 3: half-written after retries: %v", invisible)
	}
	if n := len(w.centra.AllProducts()); n != 10 {
		t.Errorf("%d products, want 10", n)
	}
}

func TestWrongCredentialsStall(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.CentraToken = secret.New("not-the-token-123")
	_, err := w.run()
	stalled, ok := syncerr.AsStalled(err)
	if !ok || stalled.Reason != pimv1alpha1.ReasonAuthFailed || !strings.Contains(err.Error(), "spec.centra.tokenSecretRef") {
		t.Fatalf("wrong Centra token: %v", err)
	}
	if strings.Contains(err.Error(), "not-the-token-123") {
		t.Errorf("invariant 4: the token leaked into %q", err)
	}
	w.req.CentraToken = secret.New(centratest.DefaultToken)
	w.req.PlytixPassword = secret.New("wrong-password-456")
	_, err = w.run()
	if stalled, ok := syncerr.AsStalled(err); !ok || stalled.Reason != pimv1alpha1.ReasonAuthFailed ||
		strings.Contains(err.Error(), "wrong-password-456") {
		t.Fatalf("wrong Plytix password: %v", err)
	}
}

func TestUnknownStoreStalls(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Spec.Centra.Store = "Outlet"
	_, err := w.run()
	if stalled, ok := syncerr.AsStalled(err); !ok || stalled.Reason != pimv1alpha1.ReasonStoreNotFound ||
		!strings.Contains(err.Error(), `Centra has no store named "Outlet" (spec.centra.store); it has Retail, Wholesale`) {
		t.Fatalf("got %v", err)
	}
}

// TestProductGoneFromPlytixIsOrphanedOrDeactivated: a product deleted from Plytix is reported
// orphaned under deletionPolicy Orphan, with no write and no look-up; under Deactivate one
// unscoped look-up by SKU (docs/reference/plytix-api.md §5.1) confirms it is gone from Plytix altogether, and
// its display in the store is switched off. An inactive orphan is no candidate: no look-up.
func TestProductGoneFromPlytixIsOrphanedOrDeactivated(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	if err := w.plytix.DeleteProduct(w.plytix.LookupSKU("AP100000")[0]); err != nil {
		t.Fatal(err)
	}
	fullPass := func() (*report.Report, int64) {
		w.req.LastFullSync = time.Time{}
		before := w.plytix.Counters().Total()
		rep := w.mustRun()
		return rep, w.plytix.Counters().Total() - before
	}
	orphan, scan := fullPass()
	if orphan.Products.Orphaned != 1 || orphan.CentraMutations != 0 {
		t.Errorf("Orphan policy: %s", orphan.Message)
	}
	w.req.Spec.DeletionPolicy = pimv1alpha1.DeletionPolicyDeactivate
	deactivated, withLookup := fullPass()
	if deactivated.Products.Orphaned != 1 || deactivated.Products.Updated != 1 || withLookup != scan+1 {
		t.Errorf("Deactivate policy: %s; %d Plytix requests, want the full pass's %d and one look-up", deactivated.Message, withLookup, scan)
	}
	p, _ := w.centra.Product("AP100000")
	// Only this store's display is switched off; the product's status is shared with other stores.
	if p.Status != "ACTIVE" || p.Displays[0].Status != "INACTIVE" {
		t.Errorf("Deactivate policy left product %s / display %s, want ACTIVE / INACTIVE", p.Status, p.Displays[0].Status)
	}
	if _, again := fullPass(); again != scan {
		t.Errorf("a full pass with an inactive orphan made %d Plytix requests, want %d (no look-up)", again, scan)
	}
}

// TestTwoSyncsSplitByFiltersKeepEachOthersProducts: two CatalogSyncs share store Retail and the
// brand table, split by spec.plytix.filters (here B owns brand Sølvberg and wrote everything;
// A's filters leave Sølvberg out). A's full pass with deletionPolicy Deactivate finds B's
// products outside its scope but still in Plytix: it reports them orphaned and writes nothing.
// Once one of them is deleted from Plytix altogether, A deactivates it.
func TestTwoSyncsSplitByFiltersKeepEachOthersProducts(t *testing.T) {
	w := newWorld(t, problemCatalog) // CatalogSync B, unfiltered here, writes everything
	w.mustRun()
	w.req.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{ // CatalogSync A: everything but Sølvberg
		{{Field: "attributes.brand", Operator: "!eq", Value: ptr("Sølvberg")}, {Field: "status", Operator: "eq", Value: ptr("Completed")}},
		{{Field: "attributes.brand", Operator: "eq", Value: ptr("Harbour & Pine")}},
	}
	w.req.Spec.DeletionPolicy = pimv1alpha1.DeletionPolicyDeactivate
	w.req.ForceFullPass = true
	rep := w.mustRun()
	if rep.Products.Orphaned != 2 || rep.CentraMutations != 0 {
		t.Errorf("A's full pass: %d orphaned (want AP100000, AC100002), %s", rep.Products.Orphaned, rep.Message)
	}
	for _, number := range []string{"AP100000", "AC100002"} {
		if p, _ := w.centra.Product(number); p.Displays[0].Status != "ACTIVE" {
			t.Errorf("%s, B's share, is %s in store Retail after A's full pass", number, p.Displays[0].Status)
		}
	}
	if err := w.plytix.DeleteProduct(w.plytix.LookupSKU("AP100000")[0]); err != nil {
		t.Fatal(err)
	}
	rep = w.mustRun()
	if rep.Products.Orphaned != 2 || rep.Products.Updated != 1 {
		t.Errorf("after AP100000 left Plytix: %s", rep.Message)
	}
	if p, _ := w.centra.Product("AP100000"); p.Displays[0].Status != "INACTIVE" {
		t.Errorf("AP100000, gone from Plytix, is %s in store Retail", p.Displays[0].Status)
	}
	if p, _ := w.centra.Product("AC100002"); p.Displays[0].Status != "ACTIVE" {
		t.Errorf("AC100002, still in Plytix, is %s in store Retail", p.Displays[0].Status)
	}
}

func TestLiveProductFailingAGateIsKeptOrDeactivated(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Spec.Publish.OnGateFailure = pimv1alpha1.GateFailureDeactivate
	w.mustRun()
	id := w.plytix.LookupSKU("AP100000")[0]
	if err := w.plytix.UpdateProduct(id, plytixtest.ProductPatch{Attributes: map[string]any{"material": nil}}); err != nil {
		t.Fatal(err)
	}
	rep := w.mustRun()
	if !hasFailure(rep, "MissingRequiredAttribute", "AP100000") {
		t.Errorf("no gate failure: %+v", failures(rep))
	}
	if p, _ := w.centra.Product("AP100000"); p.Status != "ACTIVE" || p.Displays[0].Status != "INACTIVE" {
		t.Errorf("publish.onGateFailure Deactivate left product %s / display %s, want ACTIVE / INACTIVE", p.Status, p.Displays[0].Status)
	}
}

// holdDisplays is a transport that holds every request creating a display until the run's
// context ends: the run's timeout comes mid-Apply, after the products were created.
// holdDisplays lets the run's deadline pass when the run sends its first createDisplay, and
// holds that request until the run gives up: the timeout lands at one exact point of the run,
// whatever the machine's speed.
type holdDisplays struct {
	next     http.RoundTripper
	deadline *expiringContext
}

func (h holdDisplays) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.GetBody != nil {
		if body, err := r.GetBody(); err == nil {
			raw, _ := io.ReadAll(body)
			if bytes.Contains(raw, []byte("createDisplay")) {
				h.deadline.expire()
				<-r.Context().Done()
				return nil, r.Context().Err()
			}
		}
	}
	return h.next.RoundTrip(r)
}

// expiringContext is a context whose deadline passes when expire is called: spec.timeout
// running out at a point the test chooses, not after a wall-clock delay racing the run.
type expiringContext struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiringContext() *expiringContext {
	return &expiringContext{Context: context.Background(), done: make(chan struct{})}
}

func (c *expiringContext) Done() <-chan struct{} { return c.done }

func (c *expiringContext) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func (c *expiringContext) expire() { c.once.Do(func() { close(c.done) }) }

// TestRunTimeoutStopsCleanlyAndResumes: spec.timeout passes mid-Apply. The run stops cleanly,
// Partial, with what it wrote kept and nothing visible half-written, and says the deadline
// stopped it (the controller resumes at once); the next run finishes without duplicates
// (invariants 2 and 3).
func TestRunTimeoutStopsCleanlyAndResumes(t *testing.T) {
	w := newWorld(t, problemCatalog)
	ctx := newExpiringContext()
	defer ctx.expire()
	connect := w.engine.Connect
	w.engine.Connect = func(connectCtx context.Context, req Request) (Source, Target, error) {
		clients := &Clients{Budgets: w.budgets, Centra: func(c *centra.Config) {
			c.HTTPClient = &http.Client{Transport: holdDisplays{next: http.DefaultTransport, deadline: ctx}}
		}}
		return clients.Connect(connectCtx, req)
	}
	first, err := w.engine.Run(ctx, w.req)
	w.engine.Connect = connect
	if err != nil || first == nil {
		t.Fatalf("first run: %v", err)
	}
	if first.Result != report.ResultPartial || !first.Progress.Deadline || first.Progress.Remaining != 10 || first.CentraMutations == 0 {
		t.Fatalf("first run: %s, %s, progress %+v", first.Result, first.Message, first.Progress)
	}
	if n := len(w.centra.AllProducts()); n != 10 || len(w.centra.DuplicateProductNumbers()) != 0 {
		t.Errorf("after the timeout: %d products (want 10, written before it), duplicates %v", n, w.centra.DuplicateProductNumbers())
	}
	if invisible := w.invisible(); len(invisible) != 10 {
		t.Errorf("invariant 3: products visible before their display step ran: only %d of 10 invisible", len(invisible))
	}
	w.req.Watermark, w.req.LastRevision = first.Watermark, first.Revision
	w.req.ResumeFullPass = first.FullSync && first.Result == report.ResultPartial
	final := w.mustRun()
	if final.Result != report.ResultSucceeded || final.Products.Created != 0 {
		t.Fatalf("resumed run: %s", final.Message)
	}
	if n := len(w.centra.AllProducts()); n != 10 || len(w.centra.DuplicateProductNumbers()) != 0 {
		t.Errorf("%d products, duplicates %v", n, w.centra.DuplicateProductNumbers())
	}
	if invisible := w.invisible(); len(invisible) != 0 {
		t.Errorf("not visible after resuming: %v", invisible)
	}
}

func TestMappingThatWouldBlockEverythingStalls(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Mappings[0].Spec.Brand.Attribute = "marque"
	_, err := w.run()
	stalled, ok := syncerr.AsStalled(err)
	if !ok || stalled.Reason != pimv1alpha1.ReasonMappingInvalid ||
		!strings.Contains(err.Error(), `AttributeMapping apparel spec.brand.attribute: Plytix has no attribute labelled "marque"`) {
		t.Fatalf("got %v", err)
	}
	if w.centra.Stats().TotalMutations() != 0 {
		t.Errorf("a stalled run wrote to Centra")
	}
}

// TestOnlyOurOrphansAreDeactivated follows DESIGN's invariant that the operator owns only what
// it created: a product is an orphan only when it is displayed in this sync's store, has a
// brand this sync maps and carries the plytix: external id; it is deactivated only when Plytix
// has no product of its SKUs at all (GONE1). Anything else is left untouched.
func TestOnlyOurOrphansAreDeactivated(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Spec.DeletionPolicy = pimv1alpha1.DeletionPolicyDeactivate
	w.mustRun()
	ours, _ := w.centra.Product("AP100000")
	if err := w.centra.SeedReference(centratest.ReferenceData{
		Brands: []centratest.BrandSeed{{Name: "Other Label", Stores: []string{testworld.Store, "Wholesale"}}},
	}); err != nil {
		t.Fatal(err)
	}
	displayed := func(store string) []centratest.DisplaySeed {
		return []centratest.DisplaySeed{{Store: store, Status: "ACTIVE", Markets: []string{"EU"}}}
	}
	if err := w.centra.SeedProducts([]centratest.ProductSeed{
		{Number: "GONE1", Name: "Gone", Brand: ours.Brand, ExternalID: "plytix:gone-1", Displays: displayed(testworld.Store)},
		{Number: "HAND1", Name: "Made by hand", Brand: ours.Brand, Displays: displayed(testworld.Store)},
		{Number: "LABEL1", Name: "Other brand", Brand: "Other Label", ExternalID: "plytix:other-1", Displays: displayed(testworld.Store)},
		{Number: "WHOLE1", Name: "Wholesale only", Brand: ours.Brand, ExternalID: "plytix:whole-1",
			Displays: []centratest.DisplaySeed{{Store: "Wholesale", Status: "ACTIVE", Markets: []string{"Wholesale EU"}}}},
	}); err != nil {
		t.Fatal(err)
	}
	w.req.LastFullSync = time.Time{}
	rep := w.mustRun()
	if rep.Products.Orphaned != 1 {
		t.Errorf("orphaned = %d, want 1 (GONE1 only): %s", rep.Products.Orphaned, rep.Message)
	}
	wantDisplay := map[string]string{"GONE1": "INACTIVE", "HAND1": "ACTIVE", "LABEL1": "ACTIVE", "WHOLE1": "ACTIVE"}
	for number, want := range wantDisplay {
		p, ok := w.centra.Product(number)
		if !ok || p.Status != "ACTIVE" || p.Displays[0].Status != want {
			t.Errorf("%s: product %s, displays %+v; want product ACTIVE, display %s", number, p.Status, p.Displays, want)
		}
	}
}
