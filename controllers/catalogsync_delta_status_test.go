package controllers

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
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

// TestDeltaRunNeverClearsWhatAFullPassFound: a delta reads only what changed, so it may raise a
// catalogue condition but not clear one; the quota condition is about the run and follows it.
func TestDeltaRunNeverClearsWhatAFullPassFound(t *testing.T) {
	obj := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Generation: 3}}
	partial := succeededReport()
	partial.Result = report.ResultPartial
	partial.Progress = report.Progress{Done: 1, Remaining: 5, ResumeAt: statusNow.Add(time.Hour), Message: "Centra mutation quota exhausted"}
	applyOutcome(obj, syncOutcome{ran: true, report: partial}, statusNow)
	applyOutcome(obj, syncOutcome{ran: true, report: deltaReport()}, statusNow)

	gaps := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionDataGaps)
	if gaps == nil || gaps.Status != metav1.ConditionTrue || !strings.Contains(gaps.Message, "19 products blocked") || gaps.ObservedGeneration != 3 {
		t.Errorf("DataGaps after a clean delta = %+v, want the full pass's True", gaps)
	}
	if b := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionBudgetExhausted); b == nil || b.Status != metav1.ConditionFalse {
		t.Errorf("BudgetExhausted after a delta within quota = %+v, want False", b)
	}
	ready := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionReady)
	if ready == nil || ready.Message != "Delta run: read 1 product changed in Plytix or Centra, 1 in sync" {
		t.Errorf("Ready after a delta = %+v", ready)
	}

	// A delta that finds drift where the full pass found none raises Drifted.
	drifted := deltaReport()
	drifted.Attribute("display.description", "description", report.AttributeDrifted, []string{"X1"}, "")
	applyOutcome(obj, syncOutcome{ran: true, report: drifted}, statusNow)
	if d := meta.FindStatusCondition(obj.Status.Conditions, pimv1alpha1.ConditionDrifted); d == nil || d.Status != metav1.ConditionTrue {
		t.Errorf("Drifted after a delta that found drift = %+v, want True", d)
	}
	// The next full pass clears both.
	clean := report.New("Apply", true, statusNow)
	clean.FinishedAt = statusNow.Add(time.Minute)
	applyOutcome(obj, syncOutcome{ran: true, report: clean}, statusNow)
	for _, typ := range []string{pimv1alpha1.ConditionDataGaps, pimv1alpha1.ConditionDrifted} {
		if c := meta.FindStatusCondition(obj.Status.Conditions, typ); c == nil || c.Status != metav1.ConditionFalse {
			t.Errorf("%s after a clean full pass = %+v, want False", typ, c)
		}
	}
}

func TestMergeFailures(t *testing.T) {
	f := func(sku, attr, reason string) pimv1alpha1.Failure {
		return pimv1alpha1.Failure{SKU: sku, Attribute: attr, Reason: reason}
	}
	known := &pimv1alpha1.FailureList{Total: 120, Truncated: true,
		ByReason: []pimv1alpha1.ReasonCount{{Reason: "MissingRequiredAttribute", Count: 100}, {Reason: "InvalidValue", Count: 20}},
		Items:    []pimv1alpha1.Failure{f("A", "material", "MissingRequiredAttribute"), f("B", "attribute:pr_fit.value", "InvalidValue")}}
	delta := &pimv1alpha1.FailureList{Total: 2,
		ByReason: []pimv1alpha1.ReasonCount{{Reason: "InvalidValue", Count: 1}, {Reason: "LookupGap", Count: 1}},
		Items:    []pimv1alpha1.Failure{f("B", "attribute:pr_fit.value", "InvalidValue"), f("C", "categories", "LookupGap")}}
	got := mergeFailures(delta, known)
	if got.Total != 121 || !got.Truncated {
		t.Errorf("total = %d (truncated %v), want 121: B's failure is counted once", got.Total, got.Truncated)
	}
	var order []string
	for _, it := range got.Items {
		order = append(order, it.SKU)
	}
	if strings.Join(order, ",") != "B,C,A" {
		t.Errorf("items = %v, want the delta's first, then the rest, each once", order)
	}
	want := map[string]int64{"MissingRequiredAttribute": 100, "InvalidValue": 20, "LookupGap": 1}
	for _, rc := range got.ByReason {
		if want[rc.Reason] != rc.Count {
			t.Errorf("byReason %s = %d, want %d", rc.Reason, rc.Count, want[rc.Reason])
		}
	}
	if mergeFailures(nil, known) != known || mergeFailures(delta, nil) != delta {
		t.Error("merging with nothing must keep the other list")
	}
}
