package engine

import (
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
)

// TestDriftScanStaysInScope: a delta run's drift scan reads the Centra products changed since the
// last run, but builds and writes only those whose Plytix family the scope includes. Here the
// filters leave out brand Sølvberg (another CatalogSync's share of the store, say): a hand edit of
// its product AP100000 is not this sync's to correct, while one of AP100002, in scope, is.
// Plytix search filters are OR'ed groups of AND'ed conditions (docs/reference/plytix-api.md §5.1).
func TestDriftScanStaysInScope(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	w.req.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{
		{{Field: "attributes.brand", Operator: "!eq", Value: ptr("Sølvberg")}, {Field: "status", Operator: "eq", Value: ptr("Completed")}},
		{{Field: "attributes.brand", Operator: "eq", Value: ptr("Harbour & Pine")}},
	}
	w.req.ForceFullPass = true // as the controller does on a spec change
	if rep := w.mustRun(); rep.Products.Orphaned != 2 || rep.CentraMutations != 0 {
		t.Fatalf("full pass with narrowed filters: %d orphaned (want AP100000, AC100002), %s", rep.Products.Orphaned, rep.Message)
	}
	w.req.ForceFullPass = false
	w.req.Spec.Drift.Mode = pimv1alpha1.DriftModeEnforce
	edited := "Edited in AMS"
	w.afterLastRun()
	for _, number := range []string{"AP100000", "AP100002"} {
		if err := w.centra.EditProduct(number, centratest.ProductEdit{
			Displays: map[string]centratest.DisplayEdit{"Retail": {Description: &edited}}}); err != nil {
			t.Fatal(err)
		}
	}
	rep := w.mustRun()
	if rep.FullSync {
		t.Fatalf("want a delta run: %s", rep.Message)
	}
	if p, _ := w.centra.Product("AP100000"); p.Displays[0].Description != edited {
		t.Errorf("the delta wrote AP100000, which the filters leave out: description %q", p.Displays[0].Description)
	}
	if p, _ := w.centra.Product("AP100002"); p.Displays[0].Description == edited {
		t.Errorf("the drift scan did not correct AP100002, which is in scope: %s", rep.Message)
	}
	if rep.Products.Drifted != 1 || rep.CentraMutations != 1 {
		t.Errorf("want one product drifted and corrected with one mutation: %s", rep.Message)
	}
}

// TestDriftScanSkipsProductsNotOurs: a product changed in Centra that this operator did not
// make (no plytix: external id) is not looked up in Plytix at all, as findOrphans ignores it.
func TestDriftScanSkipsProductsNotOurs(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	w.mustRun()
	plytixRequests := func() int64 {
		before := w.plytix.Counters().Total()
		if rep := w.mustRun(); rep.FullSync || rep.CentraMutations != 0 {
			t.Fatalf("want a delta that writes nothing: %s", rep.Message)
		}
		return w.plytix.Counters().Total() - before
	}
	quiet := plytixRequests()
	ours, _ := w.centra.Product("AP100003")
	w.afterLastRun() // or the scan would not reach the new product whatever it is
	if err := w.centra.SeedProducts([]centratest.ProductSeed{{Number: "HAND-1", Name: "Made by hand", Brand: ours.Brand,
		Displays: []centratest.DisplaySeed{{Store: "Retail", Status: "ACTIVE", Markets: []string{"EU"}}}}}); err != nil {
		t.Fatal(err)
	}
	if got := plytixRequests(); got != quiet {
		t.Errorf("a delta after a hand-made product changed in Centra made %d Plytix requests, a quiet one %d", got, quiet)
	}
}
