package engine

import (
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// TestFullPassSkipsProductsOfUnmappedBrands: the store's display list carries each product's
// brand (docs/reference/centra-api.md §2.2, Product.brand), so a full pass leaves out the products of brands this
// sync does not map before reading any in full. 2,000 products of another brand displayed in the
// store cost the display list's extra pages and nothing else: no product read, and the query
// complexity (§5.5) grows by the list alone.
func TestFullPassSkipsProductsOfUnmappedBrands(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	type cost struct{ requests, complexity, productReads, displayPages int64 }
	fullPass := func() cost {
		w.req.LastFullSync = time.Time{}
		before := w.centra.Stats()
		rep := w.mustRun()
		after := w.centra.Stats()
		if !rep.FullSync || rep.CentraMutations != 0 || rep.Products.Orphaned != 0 {
			t.Fatalf("want a full pass that writes nothing and finds no orphan: %s", rep.Message)
		}
		return cost{after.Requests - before.Requests, after.Complexity - before.Complexity,
			after.ByOperation["ProductsByNumber"] - before.ByOperation["ProductsByNumber"],
			after.ByOperation["StoreDisplays"] - before.ByOperation["StoreDisplays"]}
	}
	quiet := fullPass()
	if err := w.centra.SeedReference(centratest.ReferenceData{Brands: []centratest.BrandSeed{{Name: "Other Brand", Stores: []string{testworld.Store}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.centra.GenerateCatalog(centratest.GenerateSpec{Products: 2000, Variants: 2, SizeChart: "Letter", Brand: "Other Brand",
		Store: testworld.Store, Prefix: "OTHER"}); err != nil {
		t.Fatal(err)
	}
	crowded := fullPass()
	t.Logf("full pass: %+v alone, %+v beside 2,000 products of another brand", quiet, crowded)
	extraPages := crowded.displayPages - quiet.displayPages
	if crowded.productReads != quiet.productReads || crowded.requests-quiet.requests != extraPages || extraPages < 10 {
		t.Errorf("the other brand's products cost %d product reads and %d requests beyond %d display-list pages",
			crowded.productReads-quiet.productReads, crowded.requests-quiet.requests, extraPages)
	}
	// A display row costs a handful of fields; a product read in full about 187 points.
	if perProduct := (crowded.complexity - quiet.complexity) / 2000; perProduct > 20 {
		t.Errorf("each product of the other brand cost %d complexity points", perProduct)
	}
}

// TestDriftScanSkipsProductsOfUnmappedBrands: a delta's drift scan asks Centra only for the
// products of the mapped brands changed since the last run (ProductFilter.brandId,
// docs/reference/centra-api.md §3.2): 500 products of another brand changed meanwhile are never read.
func TestDriftScanSkipsProductsOfUnmappedBrands(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	w.mustRun()
	delta := func() (int64, int64) {
		before := w.centra.Stats()
		if rep := w.mustRun(); rep.FullSync || rep.CentraMutations != 0 {
			t.Fatalf("want a delta that writes nothing: %s", rep.Message)
		}
		after := w.centra.Stats()
		return after.ByOperation["ProductsUpdatedSince"] - before.ByOperation["ProductsUpdatedSince"], after.Complexity - before.Complexity
	}
	quietScans, quiet := delta()
	if err := w.centra.SeedReference(centratest.ReferenceData{Brands: []centratest.BrandSeed{{Name: "Other Brand", Stores: []string{testworld.Store}}}}); err != nil {
		t.Fatal(err)
	}
	w.afterLastRun()
	if _, err := w.centra.GenerateCatalog(centratest.GenerateSpec{Products: 500, Variants: 2, SizeChart: "Letter", Brand: "Other Brand",
		Store: testworld.Store, Prefix: "OTHER"}); err != nil {
		t.Fatal(err)
	}
	scans, crowded := delta()
	if scans != quietScans || crowded-quiet > 1000 {
		t.Errorf("500 changed products of another brand cost %d scan requests (quiet %d) and %d complexity points more",
			scans, quietScans, crowded-quiet)
	}
}
