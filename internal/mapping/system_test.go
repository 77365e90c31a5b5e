package mapping

import (
	"testing"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// TestSystemFieldsCreatedAndModified: the system fields created and modified (docs/reference/plytix-api.md
// §5.1, system fields) read the product's own timestamps, not one for both.
func TestSystemFieldsCreatedAndModified(t *testing.T) {
	created := time.Date(2024, 3, 1, 8, 30, 0, 0, time.FixedZone("CET", 3600))
	cases := []struct {
		field string
		p     catalog.SourceProduct
		want  []string
	}{
		{"created", catalog.SourceProduct{Created: created, Modified: modified}, []string{"2024-03-01T07:30:00Z"}},
		{"modified", catalog.SourceProduct{Created: created, Modified: modified}, []string{"2026-11-01T12:00:00Z"}},
		{"created", catalog.SourceProduct{Modified: modified}, nil},
	}
	for _, tc := range cases {
		got := systemValue(tc.field, &tc.p)
		if len(tc.want) == 0 {
			if !got.Empty() {
				t.Errorf("%s of %+v = %v, want no value", tc.field, tc.p, got.Items)
			}
			continue
		}
		if got.Kind != catalog.KindDate || len(got.Items) != 1 || got.Items[0] != tc.want[0] {
			t.Errorf("%s = %+v, want date %v", tc.field, got, tc.want)
		}
	}
}

// TestCreatedReachesItsTarget builds a rule from the created system field end to end.
func TestCreatedReachesItsTarget(t *testing.T) {
	am := testMapping()
	am.Spec.Rules = append(am.Spec.Rules, pimv1alpha1.AttributeRule{
		From: pimv1alpha1.RuleSource{System: "created"}, To: pimv1alpha1.RuleTarget{DisplayField: "metaKeywords"}})
	m, _ := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{am}, Definitions: testDefinitions(), Reference: testReference()})
	f := testFamily()
	f.Parent.Created = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	built := m.Build(f, testReference())
	if built.Blocked() {
		t.Fatalf("blocked: %+v", built.Failures)
	}
	if got := built.Product.Display.Fields["metaKeywords"]; got != "2025-01-02T03:04:05Z" {
		t.Errorf("display.metaKeywords from created = %q, want the creation time", got)
	}
}
