package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// addColour adds a colour to a Plytix parent, in size M, and returns the new variant's SKU.
func addColour(t *testing.T, w *world, parentSKU, colour string) string {
	t.Helper()
	sku := parentSKU + "-ZZZ-M"
	_, err := w.plytix.AddVariant(w.plytix.LookupSKU(parentSKU)[0], plytixtest.NewProduct{SKU: sku, Status: "Completed",
		Label: parentSKU + " - " + colour + " / M", Attributes: map[string]any{"color": colour, "size": "M"}})
	if err != nil {
		t.Fatal(err)
	}
	return sku
}

func failed(rep *report.Report, sku, attribute, reason, message string) bool {
	return slices.ContainsFunc(failures(rep), func(f report.Failure) bool {
		return f.SKU == sku && f.Attribute == attribute && f.Reason == reason && strings.Contains(f.Message, message)
	})
}

// TestRejectedNewColourFailsInsteadOfStayingPending: Centra rejects the createProductVariant of a
// colour added in Plytix to a live product (a userError: "Nothing was modified", docs/reference/centra-api.md
// §5.2). The colour, and its activation on the display, fail with Centra's message; the run is
// not left Partial with nothing to resume (the controller would requeue it every second), and
// the watermark moves past the family. The next full pass, with Centra accepting, adds it.
func TestRejectedNewColourFailsInsteadOfStayingPending(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	sku := addColour(t, w, "AP100002", "Rosé")
	w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "createProductVariant", Message: "Variant number is reserved"})
	rep := w.mustRun()
	if rep.Result != report.ResultSucceeded || rep.Progress != (report.Progress{}) || rep.Products.Pending != 0 || rep.Products.Failed != 1 {
		t.Fatalf("want a finished run with one failed product: %s, %s, progress %+v", rep.Result, rep.Message, rep.Progress)
	}
	for _, target := range []string{plan.TargetVariant, plan.TargetDisplayVariants} {
		if !failed(rep, "AP100002", target, pimv1alpha1.FailureCentraRejected, "Variant number is reserved") {
			t.Errorf("no %s failure with Centra's message for AP100002 in %+v", target, failures(rep))
		}
	}
	v, _ := w.plytix.Product(w.plytix.LookupSKU(sku)[0])
	if rep.Watermark.Before(v.Modified) {
		t.Errorf("watermark %v held back before %s (modified %v)", rep.Watermark, sku, v.Modified)
	}
	w.req.LastFullSync = time.Time{}
	if full := w.mustRun(); full.Result != report.ResultSucceeded {
		t.Fatalf("full pass: %s", full.Message)
	}
	p, _ := w.centra.Product("AP100002")
	if !slices.ContainsFunc(p.Variants, func(v centratest.VariantSnapshot) bool { return v.Number == "-ZZZ-" }) ||
		!slices.Contains(p.Displays[0].Variants, "-ZZZ-") {
		t.Errorf("the full pass did not add the colour: variants %+v, display %+v", p.Variants, p.Displays[0].Variants)
	}
}

// TestProductMissingAPartIsNotShown (invariant 3): a product whose display Centra rejected gets a
// new colour in Plytix, and Centra rejects that colour's create too. The display is not created
// on the next run: the product is not shown with a colour missing, and the failure says why.
func TestProductMissingAPartIsNotShown(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.req.Spec.Plytix.Filters = [][]pimv1alpha1.PlytixFilter{{{Field: "sku", Operator: "like", Value: ptr("AP100002")}}}
	w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "createDisplay", Message: "URI already taken"})
	if rep := w.mustRun(); !failed(rep, "AP100002", plan.TargetDisplay, pimv1alpha1.FailureCentraRejected, "URI already taken") {
		t.Fatalf("the display was not rejected: %s %+v", rep.Message, failures(rep))
	}
	addColour(t, w, "AP100002", "Rosé")
	w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "createProductVariant", Message: "Variant number is reserved"})
	rep := w.mustRun()
	if p, _ := w.centra.Product("AP100002"); len(p.Displays) != 0 {
		t.Fatalf("invariant 3: AP100002 was shown in the store without its new colour: %+v", p.Displays)
	}
	if !failed(rep, "AP100002", plan.TargetDisplay, pimv1alpha1.FailureIncomplete, "Variant number is reserved") || rep.Products.Failed != 1 {
		t.Errorf("no failure saying why AP100002 is not shown: %s %+v", rep.Message, failures(rep))
	}
	// With the colour accepted, the next run completes and shows it.
	w.req.LastFullSync = time.Time{}
	if full := w.mustRun(); full.Result != report.ResultSucceeded || full.Products.Failed != 0 {
		t.Fatalf("full pass: %s %+v", full.Message, failures(full))
	}
	if invisible := w.invisible(); len(invisible) != 0 {
		t.Errorf("not visible after completion: %v", invisible)
	}
}

// TestRejectedChangeIsRetriedNotDrift: Centra rejects a Plytix change (a userError on the
// updateDisplay, docs/reference/centra-api.md §5.2); the watermark passes it. On the next full pass the family
// is unchanged since the watermark, yet the difference is that failed change (the ledger
// still holds the hash written before it), not a hand edit: under Warn it is written again,
// failed again while Centra refuses, and lands once Centra accepts it.
func TestRejectedChangeIsRetriedNotDrift(t *testing.T) {
	w := newWorld(t, problemCatalog)
	w.mustRun()
	description := "<p>Now waxed.</p>"
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100002")[0], plytixtest.ProductPatch{Attributes: map[string]any{"description": description}}); err != nil {
		t.Fatal(err)
	}
	reject := func() {
		w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultUserError, Field: "updateDisplay", Message: "Description contains a banned word"})
	}
	reject()
	if rep := w.mustRun(); !failed(rep, "AP100002", "display.description", pimv1alpha1.FailureCentraRejected, "banned word") {
		t.Fatalf("delta: the update was not rejected: %s %+v", rep.Message, failures(rep))
	}
	for _, accepted := range []bool{false, true} {
		if !accepted {
			reject()
		}
		w.req.LastFullSync = time.Time{}
		rep := w.mustRun()
		if rep.Products.Drifted != 0 || rep.CentraMutations != 1 {
			t.Errorf("full pass (Centra accepts: %v): the failed change was not retried: %s", accepted, rep.Message)
		}
		if got := failed(rep, "AP100002", "display.description", pimv1alpha1.FailureCentraRejected, "banned word"); got == accepted {
			t.Errorf("full pass (Centra accepts: %v): failure reported %v: %+v", accepted, got, failures(rep))
		}
	}
	if p, _ := w.centra.Product("AP100002"); p.Displays[0].Description != description {
		t.Errorf("Centra description = %q, want Plytix's", p.Displays[0].Description)
	}
}
