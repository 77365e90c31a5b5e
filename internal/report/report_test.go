package report

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestReportStaysBoundedWithExactTotals(t *testing.T) {
	r := New("Apply", true, time.Now())
	for i := 0; i < 100_000; i++ {
		reason := "MissingRequiredAttribute"
		if i%4 == 0 {
			reason = "BrandNotMapped"
		}
		r.Fail(Failure{SKU: fmt.Sprintf("SKU-%06d", i), Reason: reason, Message: strings.Repeat("é", 2000)})
		r.Attribute("attribute:pr_material.text", "material", AttributeMissing, []string{fmt.Sprintf("SKU-%06d", i)}, "no value")
		r.Plan(PlannedProduct{ProductNumber: fmt.Sprint(i), Changes: make([]PlannedChange, 30)})
	}
	items, truncated := r.Failures()
	if len(items) != MaxFailures || !truncated || r.FailuresTotal != 100_000 {
		t.Errorf("failures: %d listed, truncated=%v, total %d", len(items), truncated, r.FailuresTotal)
	}
	if r.FailuresByReason["BrandNotMapped"] != 25_000 || r.FailuresByReason["MissingRequiredAttribute"] != 75_000 {
		t.Errorf("by reason = %v", r.FailuresByReason)
	}
	if items[0].SKU != "SKU-000000" || len(items[0].Message) > maxMessage || !utf8.ValidString(items[0].Message) {
		t.Errorf("first failure %q (%d bytes)", items[0].SKU, len(items[0].Message))
	}
	rows := r.Attributes()
	if len(rows) != 1 || rows[0].Missing != 100_000 || len(rows[0].SampleSKUs) != MaxSampleSKUs || rows[0].LastError != "no value" {
		t.Errorf("rows = %+v", rows)
	}
	if len(r.PlanSample()) != MaxPlanSamples || r.PlanTotal != 100_000 || len(r.PlanSample()[0].Changes) != 10 {
		t.Errorf("plan sample %d of %d", len(r.PlanSample()), r.PlanTotal)
	}
}

func TestAttributeRowsCountEachState(t *testing.T) {
	r := New("Apply", false, time.Now())
	r.Attribute("display.description", "description", AttributeSynced, []string{"A", "B"}, "")
	r.Attribute("display.description", "description", AttributeFailed, []string{"C"}, "Centra rejected it")
	r.Attribute("display.description", "description", AttributeDrifted, []string{"D", "C"}, "")
	r.Attribute("display.description", "description", AttributePending, []string{"E"}, "")
	r.Attribute("product.name", "label", AttributeSynced, []string{"A"}, "")
	rows := r.Attributes()
	want := AttributeRow{Name: "display.description", Source: "description", Synced: 2, Failed: 1, Drifted: 2, Pending: 1,
		LastError: "Centra rejected it", SampleSKUs: []string{"C", "D"}}
	if fmt.Sprint(rows[0]) != fmt.Sprint(want) || rows[1].Name != "product.name" {
		t.Errorf("rows = %+v", rows)
	}
}
