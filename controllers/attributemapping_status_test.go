package controllers

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

func apparelMapping() *pimv1alpha1.AttributeMapping {
	return &pimv1alpha1.AttributeMapping{
		ObjectMeta: metav1.ObjectMeta{Name: "apparel", Generation: 4},
		Spec: pimv1alpha1.AttributeMappingSpec{Rules: []pimv1alpha1.AttributeRule{
			{From: pimv1alpha1.RuleSource{Attribute: "description"}, To: pimv1alpha1.RuleTarget{DisplayField: "description"}},
			{From: pimv1alpha1.RuleSource{Attribute: "fit"}, To: pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_fit", ElementKey: "value"}}},
		}},
	}
}

func userOf(name string, generation int64, problems []pimv1alpha1.MappingProblem, rows ...pimv1alpha1.AttributeStatus) pimv1alpha1.CatalogSync {
	s := pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Name: name}}
	s.Spec.Mappings.Names = []string{"apparel"}
	s.Status.ObservedMappings = []pimv1alpha1.ObservedMapping{{Name: "apparel", Generation: generation}}
	t := metav1.NewTime(statusNow)
	s.Status.LastSyncTime = &t
	s.Status.Attributes = rows
	if problems != nil {
		s.Status.MappingProblems = &pimv1alpha1.ProblemList{Total: int64(len(problems)), Items: problems}
	}
	return s
}

func TestMappingStatus(t *testing.T) {
	unknown := pimv1alpha1.MappingProblem{Type: "UnknownSourceAttribute", Mapping: "apparel", Field: "spec.rules[0].from.attribute",
		Message: `Plytix has no attribute labelled "descr"`}
	otherMapping := pimv1alpha1.MappingProblem{Type: "UnknownTarget", Mapping: "shoes", Message: "not ours"}
	unmapped := pimv1alpha1.MappingProblem{Type: "UnmappedSourceAttribute",
		Message: `Plytix attribute "sustainability_score" (Sustainability score) is not mapped by any rule: add a rule, or list it in spec.ignoredAttributes if it is not to reach Centra`}
	descRow := pimv1alpha1.AttributeStatus{Name: "display.description", Synced: 100, Failed: 0}
	fitRow := pimv1alpha1.AttributeStatus{Name: "attribute:pr_fit.value", Synced: 90, Failed: 10, LastError: "not an option", SampleSKUs: []string{"A"}}
	foreignRow := pimv1alpha1.AttributeStatus{Name: "product.name", Synced: 5}

	cases := []struct {
		name  string
		users []pimv1alpha1.CatalogSync
		want  map[string]wantCondition
		check func(t *testing.T, st pimv1alpha1.AttributeMappingStatus)
	}{
		{
			name: "not used",
			want: map[string]wantCondition{"Ready": {"True", "NotUsed", "Not used by any CatalogSync"}, "Stalled": {}, "Validated": {},
				"UnmappedAttributes": {}, "AttributesFailing": {}},
		},
		{
			name:  "waiting for a run with the new generation",
			users: []pimv1alpha1.CatalogSync{userOf("eu", 3, nil)},
			want: map[string]wantCondition{"Reconciling": {"True", "Progressing", "Waiting for a run of eu with generation 4"}, "Ready": {"Unknown", "Progressing", ""},
				"Validated": {"Unknown", "Progressing", ""}},
		},
		{
			// A problem of the CatalogSync itself (its store's markets, its hierarchy) is not this
			// mapping's fault and must not stall it.
			name: "a sync-wide invalid problem stays with the CatalogSync",
			users: []pimv1alpha1.CatalogSync{userOf("eu", 4, []pimv1alpha1.MappingProblem{{Type: "LookupGap", Field: "spec.centra.markets[1]",
				Message: `Centra store "Retail" has no market "Nordics"`}})},
			want: map[string]wantCondition{"Ready": {"True", "Valid", ""}, "Validated": {"True", "Valid", ""}, "Stalled": {}},
			check: func(t *testing.T, st pimv1alpha1.AttributeMappingStatus) {
				if st.Problems != nil {
					t.Errorf("problems = %+v", st.Problems)
				}
			},
		},
		{
			name:  "valid, aggregated over two syncs",
			users: []pimv1alpha1.CatalogSync{userOf("us", 4, nil, descRow, foreignRow), userOf("eu", 4, nil, descRow, fitRow)},
			want: map[string]wantCondition{
				"Ready":             {"True", "Valid", "Used by eu, us; 2 rules wrote 290 values"},
				"Validated":         {"True", "Valid", ""},
				"AttributesFailing": {"True", "AttributesRejected", "Failing values by SKU: 10 attribute:pr_fit.value"},
				"Stalled":           {},
			},
			check: func(t *testing.T, st pimv1alpha1.AttributeMappingStatus) {
				if len(st.Attributes) != 2 || st.Attributes[1].Name != "display.description" || st.Attributes[1].Synced != 200 {
					t.Errorf("attributes = %+v (product.name belongs to another mapping)", st.Attributes)
				}
				if strings.Join(st.UsedBy, ",") != "eu,us" || st.LastSyncTime == nil {
					t.Errorf("usedBy = %v, lastSyncTime = %v", st.UsedBy, st.LastSyncTime)
				}
			},
		},
		{
			name:  "an unknown source label stalls the mapping",
			users: []pimv1alpha1.CatalogSync{userOf("eu", 4, []pimv1alpha1.MappingProblem{unknown, otherMapping, unmapped})},
			want: map[string]wantCondition{
				"Ready":              {"False", "MappingInvalid", `1 problem: Plytix has no attribute labelled "descr"`},
				"Stalled":            {"True", "MappingInvalid", ""},
				"Validated":          {"False", "UnknownAttributes", ""},
				"UnmappedAttributes": {"True", "NewPlytixAttributes", "1 attribute in Plytix no rule maps: sustainability_score"},
			},
			check: func(t *testing.T, st pimv1alpha1.AttributeMappingStatus) {
				if st.Problems == nil || st.Problems.Total != 2 || st.Problems.Items[0].CatalogSync != "eu" {
					t.Errorf("problems = %+v (another mapping's problem must not appear)", st.Problems)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := apparelMapping()
			// Conditions from an earlier reconcile, when the mapping was in use and failing.
			for _, typ := range []string{"UnmappedAttributes", "AttributesFailing", "Stalled"} {
				meta.SetStatusCondition(&m.Status.Conditions, metav1.Condition{Type: typ, Status: "True", Reason: "Earlier"})
			}
			st := mappingStatus(m, tc.users, statusNow)
			for typ, want := range tc.want {
				got := meta.FindStatusCondition(st.Conditions, typ)
				if want.status == "" {
					if got != nil {
						t.Errorf("%s should be absent: %+v", typ, got)
					}
					continue
				}
				if got == nil || got.Status != want.status || got.Reason != want.reason || !strings.Contains(got.Message, want.message) {
					t.Errorf("%s = %+v; want %s/%s containing %q", typ, got, want.status, want.reason, want.message)
				}
			}
			if st.ObservedGeneration != 4 {
				t.Errorf("observedGeneration = %d", st.ObservedGeneration)
			}
			if tc.check != nil {
				tc.check(t, st)
			}
		})
	}
}
