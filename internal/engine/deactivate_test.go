package engine

import (
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// deactivationWorld is an initial load with both deactivating policies, then AP100002 made to
// fail a gate (blocked) and AP100003 deleted in Plytix (orphaned): the next full pass plans
// two deactivations.
func deactivationWorld(t *testing.T) (*world, *report.Report) {
	t.Helper()
	w := newWorld(t, problemCatalog)
	w.req.Spec.Publish.OnGateFailure = pimv1alpha1.GateFailureDeactivate
	w.req.Spec.DeletionPolicy = pimv1alpha1.DeletionPolicyDeactivate
	first := w.mustRun()
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100002")[0], plytixtest.ProductPatch{Attributes: map[string]any{"material": nil}}); err != nil {
		t.Fatal(err)
	}
	if err := w.plytix.DeleteProduct(w.plytix.LookupSKU("AP100003")[0]); err != nil {
		t.Fatal(err)
	}
	w.req.LastFullSync = time.Time{}
	return w, first
}

// TestPendingDeactivationsKeepTheRunPartial: deactivations the mutation quota stops (docs/reference/centra-api.md
// §5.5) are writes left for the next run, like any other: the run is Partial with them counted,
// not Succeeded with the watermark silently held back.
func TestPendingDeactivationsKeepTheRunPartial(t *testing.T) {
	w, first := deactivationWorld(t)
	w.req.Spec.Centra.RateLimits.Mutations = &pimv1alpha1.WindowLimits{PerHour: ptr64(first.CentraMutations)} // nothing left
	rep := w.mustRun()
	if rep.Result != report.ResultPartial || rep.Progress.Remaining != 2 || rep.Products.Pending != 2 || rep.Progress.ResumeAt.IsZero() {
		t.Errorf("want a Partial run with two deactivations pending: %s, %s, pending %d, progress %+v",
			rep.Result, rep.Message, rep.Products.Pending, rep.Progress)
	}
}

// TestRefusedDeactivationsAreReported: Centra refuses both display updates (a userError,
// docs/reference/centra-api.md §5.2). Each is reported with Centra's message; the orphan counts as failed, not
// updated, and both displays stay active.
func TestRefusedDeactivationsAreReported(t *testing.T) {
	w, first := deactivationWorld(t)
	w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "updateDisplay", Times: 2, Message: "Display is locked"})
	rep := w.mustRun()
	for _, sku := range []string{"AP100002", "AP100003"} {
		if !failed(rep, sku, "display.status", pimv1alpha1.FailureCentraRejected, "Display is locked") {
			t.Errorf("no failure for the deactivation of %s: %+v", sku, failures(rep))
		}
		if p, _ := w.centra.Product(sku); p.Displays[0].Status != "ACTIVE" {
			t.Errorf("%s: display %s", sku, p.Displays[0].Status)
		}
	}
	if rep.Products.Updated != 0 || rep.Products.Failed != 1 || rep.Products.Orphaned != 1 || rep.Products.Blocked != first.Products.Blocked+1 {
		t.Errorf("counts %+v: the refused orphan must count as failed, not updated", rep.Products)
	}
	// Accepted, both are done: the orphan counts as updated, the blocked product as blocked.
	w.req.LastFullSync = time.Time{}
	done := w.mustRun()
	if done.Result != report.ResultSucceeded || done.Products.Updated != 1 || done.Products.Failed != 0 || done.CentraMutations != 2 {
		t.Errorf("after Centra accepts: %s %+v", done.Message, done.Products)
	}
}
