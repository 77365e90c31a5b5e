package engine

import (
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// TestForbiddenWritesArePendingNotLost: Centra answers the first write batch 403 (the token lost
// a permission). The run stalls, and no product it meant to create counts as failed, in sync or
// is passed by the watermark: all are pending. Once the token works again, the next run creates
// every one of them, as an uninterrupted initial load would.
func TestForbiddenWritesArePendingNotLost(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 403, Operation: "MutationBatch", Times: 1000})
	first, err := w.run()
	stalled, ok := syncerr.AsStalled(err)
	if !ok || stalled.Reason != pimv1alpha1.ReasonAuthFailed {
		t.Fatalf("first run: %v, want a stall %s", err, pimv1alpha1.ReasonAuthFailed)
	}
	if first.Result != report.ResultPartial || first.Products.Failed != 0 || first.Progress.Remaining != 10 || first.InSync != 0 {
		t.Fatalf("first run: %s, %s, progress %+v: want 10 pending, none failed or in sync", first.Result, first.Message, first.Progress)
	}
	if !w.req.LastFullSync.IsZero() {
		t.Errorf("a stalled run counted as a full pass (%v)", w.req.LastFullSync)
	}
	w.centra.ClearFaults()
	second := w.mustRun()
	if second.Result != report.ResultSucceeded || second.Products.Created != 10 || second.InSync != 10 {
		t.Fatalf("after the token is fixed: %s", second.Message)
	}
	// The run read only the pending products again; the catalogue still knows the blocked ones.
	if c := w.req.Ledger.Catalogue("Apply", time.Now()); c.InSync != 10 || c.Products.Blocked != 5 || c.Products.Pending != 0 {
		t.Errorf("catalogue after the token is fixed: %d in sync, %+v", c.InSync, c.Products)
	}
	if n := len(w.centra.AllProducts()); n != 10 || len(w.centra.DuplicateProductNumbers()) != 0 {
		t.Errorf("Centra has %d products (want 10), duplicates %v", n, w.centra.DuplicateProductNumbers())
	}
	if invisible := w.invisible(); len(invisible) != 0 {
		t.Errorf("products not visible: %v", invisible)
	}
}

// TestRejectedCreateIsRetriedByDeltaRuns: Centra rejects one product's create. The watermark
// passes it, yet every delta run reads it again, tries again and reports the reason, and the
// first run after the cause is fixed creates it: a rejected create is never left until the next
// full pass.
func TestRejectedCreateIsRetriedByDeltaRuns(t *testing.T) {
	w := newWorld(t, problemCatalog)
	reject := centratest.Fault{Kind: centratest.FaultUserError, Field: "createProduct", Message: "Product number is reserved", Times: 1}
	w.centra.InjectFault(reject)
	first := w.mustRun()
	if first.Products.Failed != 1 || first.Products.Created != 9 {
		t.Fatalf("initial load: %s", first.Message)
	}
	var rejected string
	for _, f := range failures(first) {
		if f.Reason == pimv1alpha1.FailureCentraRejected {
			rejected = f.SKU
		}
	}
	w.centra.InjectFault(reject) // still refused on the next run
	second := w.mustRun()
	if second.FullSync || second.Products.Failed != 1 || !failed(second, rejected, "", pimv1alpha1.FailureCentraRejected, "Product number is reserved") {
		t.Fatalf("delta run: %s %+v, want %s tried again and reported", second.Message, failures(second), rejected)
	}
	third := w.mustRun()
	if third.FullSync || third.Products.Created != 1 || third.Products.Failed != 0 {
		t.Fatalf("delta run after the cause went: %s %+v", third.Message, failures(third))
	}
	if n := len(w.centra.AllProducts()); n != 10 {
		t.Errorf("Centra has %d products, want 10", n)
	}
}
