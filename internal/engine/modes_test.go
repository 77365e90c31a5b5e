package engine

import (
	"slices"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// TestObserveReportsEveryDifferenceAsDriftAndWritesNothing: mode Observe (docs/decisions.md, Runs)
// reads the whole scope and calls every difference drift, a Plytix change as much as a hand
// edit, even one that failed before; it writes nothing, even with drift mode Enforce, and
// moves neither the watermark nor the revision.
func TestObserveReportsEveryDifferenceAsDriftAndWritesNothing(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	plytixCopy, handCopy := "<p>Changed in Plytix.</p>", "Edited in AMS"
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100000")[0],
		plytixtest.ProductPatch{Attributes: map[string]any{"description": plytixCopy}}); err != nil {
		t.Fatal(err)
	}
	if err := w.centra.EditProduct("AP100002", centratest.ProductEdit{
		Displays: map[string]centratest.DisplayEdit{"Retail": {Description: &handCopy}}}); err != nil {
		t.Fatal(err)
	}
	w.req.Spec.Mode = pimv1alpha1.SyncModeObserve
	w.req.Spec.Drift.Mode = pimv1alpha1.DriftModeEnforce
	// As if Centra had refused the description last time: Observe calls even that drift.
	rejected := w.req.Ledger.Get(ledger.Key("AP100002"))
	rejected.Failures = append(rejected.Failures, report.Failure{SKU: "AP100002", Attribute: "display.description", Reason: pimv1alpha1.FailureCentraRejected})
	watermark, revision := w.req.Watermark, w.req.LastRevision
	mutations := w.centra.Stats().TotalMutations()
	rep := w.mustRun()
	if rep.CentraMutations != 0 || w.centra.Stats().TotalMutations() != mutations {
		t.Errorf("Observe wrote to Centra: %s", rep.Message)
	}
	if !rep.FullSync || rep.Products.Drifted != 2 || rep.Products.Updated != 0 || rep.Result != report.ResultSucceeded {
		t.Errorf("want a full pass with both differences drifted: %s (%s)", rep.Message, rep.Result)
	}
	rows := rep.Attributes()
	if i := slices.IndexFunc(rows, func(r report.AttributeRow) bool { return r.Name == "display.description" }); i < 0 ||
		rows[i].Drifted != int64(len(skusOf(w, "AP100000"))+len(skusOf(w, "AP100002"))) {
		t.Errorf("display.description row: %+v", rows)
	}
	if !rep.Watermark.Equal(watermark) || rep.Revision != revision {
		t.Errorf("Observe moved the watermark (%v → %v) or the revision (%q → %q)", watermark, rep.Watermark, revision, rep.Revision)
	}
	if p, _ := w.centra.Product("AP100000"); p.Displays[0].Description == plytixCopy {
		t.Errorf("Observe wrote the Plytix change")
	}
	if p, _ := w.centra.Product("AP100002"); p.Displays[0].Description != handCopy {
		t.Errorf("Observe corrected the hand edit")
	}
}

// skusOf are the SKUs of a Centra product.
func skusOf(w *world, number string) []string {
	p, _ := w.centra.Product(number)
	var skus []string
	for _, v := range p.Variants {
		for _, s := range v.Sizes {
			skus = append(skus, s.SKU)
		}
	}
	return skus
}

// TestVariantNameRuleRoundTrip: a rule writing variant.name (the one variant field a rule may
// target) names each colour on create, costs nothing on a resync, follows a Plytix change with
// one updateProductVariant per colour, and is stable again after.
func TestVariantNameRuleRoundTrip(t *testing.T) {
	w := newWorld(t, problemCatalog)
	m := &w.req.Mappings[0].Spec
	m.Rules = append(m.Rules, pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "color"},
		To:         pimv1alpha1.RuleTarget{VariantField: "name"},
		Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTemplate, Template: "{{value}} / {{attributes.season}}"}}})
	w.mustRun()
	names := func() []string {
		p, _ := w.centra.Product("AP100002")
		var out []string
		for _, v := range p.Variants {
			out = append(out, v.Name)
		}
		return out
	}
	if got, want := names(), []string{"Navy / SS26", "Sand / SS26"}; !slices.Equal(got, want) {
		t.Fatalf("variant names after create = %q, want %q", got, want)
	}
	w.req.LastFullSync = time.Time{}
	if rep := w.mustRun(); rep.CentraMutations != 0 || rep.Products.Drifted != 0 {
		t.Errorf("invariant 6: a resync spent %d mutations, %d drifted", rep.CentraMutations, rep.Products.Drifted)
	}
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100002")[0], plytixtest.ProductPatch{Attributes: map[string]any{"season": "AW26"}}); err != nil {
		t.Fatal(err)
	}
	rep := w.mustRun()
	if got, want := names(), []string{"Navy / AW26", "Sand / AW26"}; !slices.Equal(got, want) || rep.Products.Updated != 1 {
		t.Errorf("variant names after a Plytix change = %q, want %q: %s", got, want, rep.Message)
	}
	// Two colours and the product's collection (season maps to the collection too).
	if rep.CentraMutations != 3 {
		t.Errorf("the change spent %d mutations, want 3", rep.CentraMutations)
	}
	w.req.LastFullSync = time.Time{}
	if again := w.mustRun(); again.CentraMutations != 0 || again.Products.Drifted != 0 {
		t.Errorf("after the change a resync spent %d mutations, %d drifted", again.CentraMutations, again.Products.Drifted)
	}
}
