package engine

import (
	"slices"
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// TestSingleProductWithoutAxesIsSoldInOneSize: a Plytix product with no variants, no colour and
// no size is blocked with NoVariantAxes by default; with spec.hierarchy.oneSizeChart it is
// created as a one-size product that a customer can find and buy.
func TestSingleProductWithoutAxesIsSoldInOneSize(t *testing.T) {
	w := newWorld(t, problemCatalog)
	r := w.plytix.Report()
	// The world's gates require a colour and a size of every product; a one-size shop does not.
	w.req.Spec.Gates.RequiredAttributes = slices.DeleteFunc(slices.Clone(w.req.Spec.Gates.RequiredAttributes),
		func(label string) bool { return label == r.ColourAttribute || label == r.SizeAttribute })
	attrs := w.attributesOf("AC100000")
	delete(attrs, r.ColourAttribute)
	delete(attrs, r.SizeAttribute)
	if _, err := w.plytix.AddProduct(plytixtest.NewProduct{SKU: "AC900000", Label: "Wool Scarf", Status: "Completed", Attributes: attrs,
		Categories: []string{"Accessories"}}); err != nil {
		t.Fatal(err)
	}
	rep := w.mustRun()
	if !failed(rep, "AC900000", r.SizeAttribute, pimv1alpha1.FailureNoVariantAxes, "set spec.hierarchy.oneSizeChart") {
		t.Fatalf("without a one-size chart: %s %+v", rep.Message, failures(rep))
	}
	if _, ok := w.centra.Product("AC900000"); ok {
		t.Fatal("a product with no size to sell reached Centra")
	}
	w.req.Spec.Hierarchy.OneSizeChart = "One Size"
	w.req.ForceFullPass = true // a new spec, as the controller says
	if rep = w.mustRun(); failed(rep, "AC900000", r.SizeAttribute, pimv1alpha1.FailureNoVariantAxes, "") {
		t.Fatalf("with a one-size chart: %s %+v", rep.Message, failures(rep))
	}
	p, ok := w.centra.Product("AC900000")
	if !ok || len(p.Variants) != 1 || len(p.Variants[0].Sizes) != 1 || p.Variants[0].Sizes[0].SKU != "AC900000" {
		t.Fatalf("one-size product in Centra: %+v", p)
	}
	if reasons, invisible := w.invisible()["AC900000"]; invisible {
		t.Errorf("the one-size product is not visible in the store: %v", reasons)
	}
}
