package controllers

import (
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// deltaReport is a delta run that read one changed product and found it in sync.
func deltaReport() *report.Report {
	r := report.New("Apply", false, statusNow)
	r.FinishedAt = statusNow.Add(time.Second)
	r.Products = report.Counts{Seen: 1, Updated: 1}
	r.InSync = 1
	return r
}

// shopLedger is the catalogue of the issue: 36 products in sync, 12 blocked, and 62 SKUs whose
// colour swatch Centra has no option for.
func shopLedger() *ledger.Ledger {
	l := ledger.New()
	for i := range 48 {
		sku := "AP" + string(rune('A'+i/26)) + string(rune('A'+i%26))
		p := &ledger.Product{SKU: sku, PlytixID: "p" + sku, SKUs: []string{sku + "-S", sku + "-M"}, State: ledger.StateInSync}
		if i < 12 {
			p.State, p.Reason = ledger.StateBlocked, "missing material_composition"
		}
		l.Put(ledger.Key(sku), p)
	}
	swatch := l.Get(ledger.Key("APAM")) // in sync, with failing swatches on its SKUs
	var failing []string
	for i := range 62 {
		failing = append(failing, "APAM-"+string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	swatch.AddAttribute("attribute:color_swatch.value", "color_swatch", report.AttributeFailed, failing, "no Centra option 'Moss'")
	for _, sku := range failing {
		swatch.Failures = append(swatch.Failures, report.Failure{SKU: sku, Attribute: "attribute:color_swatch.value",
			Reason: pimv1alpha1.FailureLookupGap, Message: "no Centra option 'Moss'"})
	}
	return l
}

// TestDeltaRunReportsTheCatalogue: after a clean delta that read one product, the counts, the
// attribute rows, the failures and the conditions are the catalogue's, from the ledger, and
// what the run did is in status.lastRun.
func TestDeltaRunReportsTheCatalogue(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 3}}
	catalogue := shopLedger().Catalogue("Apply", statusNow)
	applyOutcome(obj, syncOutcome{ran: true, report: deltaReport(), catalogue: catalogue}, statusNow)
	st := obj.Status
	if c := st.Catalogue; c == nil || c.Products.InSync != 36 || c.Products.Blocked != 12 || c.Products.Total != 48 || c.SKUs.Total != 96 {
		t.Fatalf("status.catalogue = %+v, want 36 in sync and 12 blocked of 48", c)
	}
	if st.LastRun == nil || st.LastRun.Products.Seen != 1 || st.LastRun.FullSync {
		t.Errorf("status.lastRun = %+v, want the delta's one product", st.LastRun)
	}
	if len(st.Attributes) != 1 || st.Attributes[0].Failed != 62 {
		t.Errorf("status.attributes = %+v, want color_swatch failed=62", st.Attributes)
	}
	if st.Failures == nil || st.Failures.Total != 62 || !st.Failures.Truncated || len(st.Failures.Items) != pimv1alpha1.MaxStatusFailures {
		t.Errorf("status.failures = %+v, want 62 in all, the list capped", st.Failures)
	}
	for typ, want := range map[string]metav1.ConditionStatus{
		pimv1alpha1.ConditionDataGaps: metav1.ConditionTrue, pimv1alpha1.ConditionAttributesFailing: metav1.ConditionTrue,
	} {
		if c := meta.FindStatusCondition(st.Conditions, typ); c == nil || c.Status != want || c.ObservedGeneration != 3 {
			t.Errorf("%s after a clean delta = %+v, want %s", typ, c, want)
		}
	}
	ready := meta.FindStatusCondition(st.Conditions, pimv1alpha1.ConditionReady)
	const want = "Delta run read 1 product changed in Plytix or Centra; 36 of 48 products in sync; 12 blocked; attributes failing"
	if ready == nil || ready.Message != want {
		t.Errorf("Ready after a delta = %+v, want %q", ready, want)
	}
	if b := meta.FindStatusCondition(st.Conditions, pimv1alpha1.ConditionBudgetExhausted); b == nil || b.Status != metav1.ConditionFalse {
		t.Errorf("BudgetExhausted after a delta within quota = %+v, want False: it is the run's", b)
	}
}

// TestDriftConditionReadsTheCatalogue: drift left in place is the catalogue's; drift corrected
// by the run is not left anywhere and is said in the condition's reason.
func TestDriftConditionReadsTheCatalogue(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 1}}
	obj.Spec.Drift.Mode = pimv1alpha1.DriftModeEnforce
	run := deltaReport()
	run.Attribute("display.description", "description", report.AttributeDrifted, []string{"X1"}, "")
	applyOutcome(obj, syncOutcome{ran: true, report: run, catalogue: ledger.New().Catalogue("Apply", statusNow)}, statusNow)
	if d := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionDrifted); d == nil || d.Reason != pimv1alpha1.ReasonDriftCorrected {
		t.Errorf("Drifted after a corrected edit = %+v, want DriftCorrected", d)
	}
	obj.Spec.Drift.Mode = pimv1alpha1.DriftModeWarn
	l := shopLedger()
	l.Get(ledger.Key("APBV")).AddAttribute("display.description", "description", report.AttributeDrifted, []string{"X1"}, "")
	applyOutcome(obj, syncOutcome{ran: true, report: deltaReport(), catalogue: l.Catalogue("Apply", statusNow)}, statusNow)
	if d := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionDrifted); d == nil || d.Status != metav1.ConditionTrue {
		t.Errorf("Drifted with a hand edit in the ledger = %+v, want True after a delta that did not read it", d)
	}
}
