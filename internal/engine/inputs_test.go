package engine

import (
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// TestClearedWeightFailsAndIsNeverCountedWritten: Centra's WeightInput has no way to remove a
// weight (docs/reference/centra-api.md §2.2: "pass null as id" removes only brand, collection, country of
// origin, folder and measurement table). A weight cleared in Plytix is reported as a failure
// the merchandiser can act on, not counted as an update that then drifts on every run.
func TestClearedWeightFailsAndIsNeverCountedWritten(t *testing.T) {
	w := newWorld(t, problemCatalog)
	m := &w.req.Mappings[0].Spec
	m.Rules = append(m.Rules, pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "weight_grams"},
		To:         pimv1alpha1.RuleTarget{ProductField: "weight"},
		Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformConvertUnit, Unit: &pimv1alpha1.UnitConversion{From: "g", To: "kg", Precision: 3}}}})
	parent := w.plytix.LookupSKU("AP100002")[0]
	if err := w.plytix.UpdateProduct(parent, plytixtest.ProductPatch{Attributes: map[string]any{"weight_grams": 900}}); err != nil {
		t.Fatal(err)
	}
	if rep := w.mustRun(); rep.Result != report.ResultSucceeded || rep.Products.Failed != 0 {
		t.Fatalf("initial load: %s %+v", rep.Message, failures(rep))
	}
	if err := w.plytix.UpdateProduct(parent, plytixtest.ProductPatch{Attributes: map[string]any{"weight_grams": nil}}); err != nil {
		t.Fatal(err)
	}
	for _, pass := range []string{"delta", "full pass"} {
		// The full pass reads the family unchanged since the watermark: the difference is the
		// change that failed (the ledger's hash is still the one before it), not a hand edit.
		if pass == "full pass" {
			w.req.LastFullSync = time.Time{}
		}
		rep := w.mustRun()
		if rep.Products.Updated != 0 || rep.Products.Drifted != 0 || rep.Products.Failed != 1 || rep.CentraMutations != 0 ||
			!failed(rep, "AP100002", "product.weight", pimv1alpha1.FailureNotWritable, "cannot remove a product weight (0.9 kg in Centra)") {
			t.Errorf("%s: %s %+v", pass, rep.Message, failures(rep))
		}
	}
}

// TestCollectionCentraDoesNotHaveFails: a collection lookup naming a collection Centra does not
// have (a lookup gap) fails the value on create and on every later run, instead of sending an
// input without it and counting the product written.
func TestCollectionCentraDoesNotHaveFails(t *testing.T) {
	w := newWorld(t, problemCatalog)
	c := w.req.Mappings[0].Spec.Collections
	for i := range c.Entries {
		if c.Entries[i].From == "SS26" {
			c.Entries[i].To = "SS27"
		}
	}
	first := w.mustRun()
	if !failed(first, "AP100002", "product.collection", pimv1alpha1.FailureLookupGap, `Centra has no collection named "SS27"`) {
		t.Errorf("initial load: no failure for the collection: %s %+v", first.Message, failures(first))
	}
	if _, ok := w.centra.Product("AP100002"); !ok || len(w.invisible()) != 0 {
		t.Errorf("a value failing must not keep the product out of the store")
	}
	// A Plytix edit of the product: the update carries the description, and the collection
	// fails again rather than being dropped from the input unnoticed.
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100002")[0],
		plytixtest.ProductPatch{Attributes: map[string]any{"description": "<p>Rewritten.</p>"}}); err != nil {
		t.Fatal(err)
	}
	again := w.mustRun()
	if again.Products.Updated != 0 || again.Products.Drifted != 0 || again.CentraMutations != 1 ||
		!failed(again, "AP100002", "product.collection", pimv1alpha1.FailureLookupGap, `Centra has no collection named "SS27"`) {
		t.Errorf("delta: %s %+v", again.Message, failures(again))
	}
	// A full pass: every SS26 product fails again; none is taken for a hand edit.
	w.req.LastFullSync = time.Time{}
	full := w.mustRun()
	if full.Products.Updated != 0 || full.Products.Drifted != 0 || full.Products.Failed != first.Products.Failed || full.CentraMutations != 0 {
		t.Errorf("full pass: %s (%d failed on the initial load) %+v", full.Message, first.Products.Failed, failures(full))
	}
}
