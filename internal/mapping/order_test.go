package mapping

import (
	"reflect"
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// TestCompileProblemsComeInAStableOrder: the problems feed the stall message and a capped status
// list, so the same spec must give the same list, in the spec's field order, on every run.
func TestCompileProblemsComeInAStableOrder(t *testing.T) {
	spec := testSpec()
	spec.Hierarchy = pimv1alpha1.Hierarchy{ColorAxis: "colour_x", SizeAxis: "size_x", SizeChartAttribute: "chart_x",
		ProductNumberAttribute: "number_x", SizeChart: "Letters"}
	spec.Gates.CompletenessAttribute = "completeness_x"
	in := Input{Spec: spec, Mappings: []pimv1alpha1.AttributeMapping{testMapping()}, Definitions: testDefinitions(), Reference: testReference()}
	wantFields := []string{"spec.hierarchy.colorAxis", "spec.hierarchy.sizeAxis", "spec.hierarchy.sizeChartAttribute",
		"spec.hierarchy.productNumberAttribute", "spec.gates.completenessAttribute"}
	_, first := Compile(in)
	var got []string
	for _, p := range first {
		if p.Type == pimv1alpha1.ProblemUnknownSourceAttribute && p.Mapping == "" {
			got = append(got, p.Field)
		}
	}
	if !reflect.DeepEqual(got, wantFields) {
		t.Fatalf("unknown-label problems in order %q, want %q", got, wantFields)
	}
	for range 50 {
		if _, again := Compile(in); !reflect.DeepEqual(again, first) {
			t.Fatalf("problems changed between two compiles of the same input:\n%+v\n%+v", first, again)
		}
	}
}

// TestLookupFailuresComeInAStableOrder: collection before folder, every time.
func TestLookupFailuresComeInAStableOrder(t *testing.T) {
	m := compileTest()
	m.Folders = &Lookup{Attribute: "material", Entries: map[string]string{}, Mapping: "apparel"}
	f := testFamily()
	f.Parent.Values["season"] = text("Spring 2031")
	var first []Failure
	for i := range 50 {
		failures := m.Build(f, testReference()).Failures
		if i == 0 {
			first = failures
			if len(first) != 2 || first[0].Attribute != "season" || first[1].Attribute != "material" {
				t.Fatalf("failures = %+v, want the collection's (season) then the folder's (material)", first)
			}
			continue
		}
		if !reflect.DeepEqual(failures, first) {
			t.Fatalf("failures changed between two builds of the same family:\n%+v\n%+v", first, failures)
		}
	}
}
