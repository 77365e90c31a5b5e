package mapping

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

func findProblem(problems []Problem, typ, field string) *Problem {
	for i := range problems {
		if problems[i].Type == typ && problems[i].Field == field {
			return &problems[i]
		}
	}
	return nil
}

func TestCompileReportsProblemsAgainstLiveDefinitions(t *testing.T) {
	am := testMapping()
	am.Spec.Rules = append(am.Spec.Rules,
		pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "Material_Composition"}, To: pimv1alpha1.RuleTarget{DisplayField: "metaDescription"}},
		pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "material"},
			To: pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_care", ElementKey: "text"}}},
		pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "material"},
			To: pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_fit", ElementKey: "text", Level: "Display"}}},
		pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "fit"}, To: pimv1alpha1.RuleTarget{DisplayField: "metaKeywords"},
			Transforms: []pimv1alpha1.Transform{{Type: "Lookup", Lookup: []pimv1alpha1.LookupEntry{{From: "regular", To: "Regular"}}}}},
		pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "description"}, To: pimv1alpha1.RuleTarget{ProductField: "harmonizedCommodityCodeDescription"},
			Transforms: []pimv1alpha1.Transform{{Type: "ConvertUnit", Unit: &pimv1alpha1.UnitConversion{From: "g", To: "kg"}}}},
	)
	am.Spec.Brand.Values = append(am.Spec.Brand.Values, pimv1alpha1.LookupEntry{From: "Offline", To: "Wholesale Only"})
	am.Spec.Categories.Entries = append(am.Spec.Categories.Entries, pimv1alpha1.LookupEntry{From: "Apparel > Hats", To: "Hats"})
	defs := testDefinitions()
	defs["sustainability_score"] = catalog.AttributeDefinition{Label: "sustainability_score", Name: "Sustainability score", TypeClass: "IntAttribute"}
	defs["tags"] = catalog.AttributeDefinition{Label: "tags", Name: "Tags", TypeClass: "MultiSelectAttribute"}
	am.Spec.Rules = append(am.Spec.Rules, pimv1alpha1.AttributeRule{From: pimv1alpha1.RuleSource{Attribute: "tags"}, To: pimv1alpha1.RuleTarget{DisplayField: "shortDescription"}})

	_, problems := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{am}, Definitions: defs, Reference: testReference()})
	cases := []struct{ typ, field, message string }{
		{pimv1alpha1.ProblemUnknownSourceAttribute, "spec.rules[8].from.attribute",
			`Plytix has no attribute labelled "Material_Composition" (rules use the snake_case label, not the display name)`},
		{pimv1alpha1.ProblemUnknownTarget, "spec.rules[9].to.attribute.typeName", `Centra has no attribute type "pr_care"`},
		{pimv1alpha1.ProblemUnknownTarget, "spec.rules[10].to.attribute.elementKey", `Centra attribute type "pr_fit" has no element "text" (it has [value])`},
		{pimv1alpha1.ProblemUnknownTarget, "spec.rules[10].to.attribute.level", `Centra attribute type "pr_fit" is set on Product objects, not on Display`},
		{pimv1alpha1.ProblemUncoveredValues, "spec.rules[11].transforms[0].lookup", `Plytix options of "fit" with no lookup entry: "slim"`},
		{pimv1alpha1.ProblemTypeMismatch, "spec.rules[12]", `ConvertUnit needs a number, but Plytix attribute "description" is a HtmlAttribute`},
		{pimv1alpha1.ProblemTypeMismatch, "spec.rules[13]", `Plytix attribute "tags" holds several values (MultiSelectAttribute) but display.shortDescription takes one; add a Join transform`},
		{pimv1alpha1.ProblemBrandNotInStore, "spec.brand.values[1].to", `Centra brand "Wholesale Only" is not enabled in store Retail`},
		{pimv1alpha1.ProblemUncoveredValues, "spec.brand.values", `Plytix brands with no Centra brand (their products will be blocked): "Castore Kids"`},
		{pimv1alpha1.ProblemLookupGap, "spec.categories.entries[1].to", `Centra has no category in store Retail named "Hats"`},
		{pimv1alpha1.ProblemUnmappedSourceAttribute, "", `Plytix attribute "sustainability_score" (Sustainability score) is not mapped by any rule: add a rule, or list it in spec.ignoredAttributes if it is not to reach Centra`},
	}
	for _, tc := range cases {
		p := findProblem(problems, tc.typ, tc.field)
		if p == nil {
			t.Errorf("no %s problem at %q in %+v", tc.typ, tc.field, problems)
			continue
		}
		if !strings.Contains(p.Message, tc.message) {
			t.Errorf("%s at %s: %q does not contain %q", tc.typ, tc.field, p.Message, tc.message)
		}
		if tc.typ != pimv1alpha1.ProblemUnmappedSourceAttribute && p.Mapping != "apparel" {
			t.Errorf("%s at %s names mapping %q", tc.typ, tc.field, p.Mapping)
		}
	}
	// Attributes the sync uses for axes, gates and lookups are not "unmapped".
	for _, used := range []string{"color", "size", "completeness", "season", "brand"} {
		for _, p := range problems {
			if p.Type == pimv1alpha1.ProblemUnmappedSourceAttribute && strings.Contains(p.Message, `"`+used+`"`) {
				t.Errorf("%s reported unmapped: %s", used, p.Message)
			}
		}
	}
}

func TestCompileOfACleanMappingHasNoProblems(t *testing.T) {
	_, problems := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{testMapping()}, Definitions: testDefinitions(), Reference: testReference()})
	for _, p := range problems {
		if p.Type != pimv1alpha1.ProblemUncoveredValues || p.Field != "spec.brand.values" { // the fixture's Castore Kids option is deliberately unmapped
			t.Errorf("unexpected problem: %+v", p)
		}
	}
}

func TestLaterMappingOverridesATarget(t *testing.T) {
	first, second := testMapping(), pimv1alpha1.AttributeMapping{
		ObjectMeta: metav1.ObjectMeta{Name: "eu-overrides"},
		Spec: pimv1alpha1.AttributeMappingSpec{Rules: []pimv1alpha1.AttributeRule{
			{From: pimv1alpha1.RuleSource{Attribute: "material"}, To: pimv1alpha1.RuleTarget{DisplayField: "description"}},
		}},
	}
	m, _ := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{first, second}})
	count := 0
	for _, r := range m.Rules {
		if r.Target.Name == "display.description" {
			count++
			if r.Mapping != "eu-overrides" || r.Source.Attribute != "material" {
				t.Errorf("display.description comes from %s/%s", r.Mapping, r.Source)
			}
		}
	}
	if count != 1 {
		t.Errorf("display.description has %d rules", count)
	}
}

func TestSourceLabelsAreTheSearchProjection(t *testing.T) {
	am := testMapping()
	am.Spec.Rules = append(am.Spec.Rules, pimv1alpha1.AttributeRule{
		From: pimv1alpha1.RuleSource{System: "label"}, To: pimv1alpha1.RuleTarget{DisplayField: "metaTitle"},
		Transforms: []pimv1alpha1.Transform{{Type: "Template", Template: "{{value}} | {{attributes.brand_tagline}}"}},
	})
	m, _ := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{am}})
	got := strings.Join(m.SourceLabels(), ",")
	want := "brand,brand_tagline,color,completeness,description,eco,fit,material,season,size,swatch,weight_g"
	if got != want {
		t.Errorf("SourceLabels = %s\nwant %s", got, want)
	}
}

func TestRevisionChangesWithTheMapping(t *testing.T) {
	in := Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{testMapping()}}
	a, _ := Compile(in)
	b, _ := Compile(in)
	if a.Revision != b.Revision {
		t.Fatal("revision is not deterministic")
	}
	in.Mappings[0].Spec.Rules[1].To.DisplayField = "shortDescription"
	c, _ := Compile(in)
	if c.Revision == a.Revision {
		t.Error("revision did not change with a rule")
	}
	in.Spec.Interval = &metav1.Duration{}
	d, _ := Compile(in)
	if d.Revision != c.Revision {
		t.Error("revision changed with the interval, which does not shape Centra data")
	}
}

// TestOneSizeChartMustExistWithOneSize: spec.hierarchy.oneSizeChart names a Centra chart with
// exactly one size.
func TestOneSizeChartMustExistWithOneSize(t *testing.T) {
	for name, want := range map[string]string{
		"Unisex":  `Centra has no size chart named "Unisex" (it has "Letters", "Numeric")`,
		"Numeric": `Centra size chart "Numeric" has 3 sizes ("36", "38", "40"); a one-size chart has exactly one`,
	} {
		spec := testSpec()
		spec.Hierarchy.OneSizeChart = name
		_, problems := Compile(Input{Spec: spec, Mappings: []pimv1alpha1.AttributeMapping{testMapping()}, Definitions: testDefinitions(), Reference: testReference()})
		p := findProblem(problems, pimv1alpha1.ProblemLookupGap, "spec.hierarchy.oneSizeChart")
		if p == nil || p.Message != want {
			t.Errorf("oneSizeChart %q: problem %+v, want %q", name, p, want)
		}
	}
}

// TestIgnoredAttributesAreNotNews: an attribute listed in spec.ignoredAttributes is no unmapped
// attribute; a listed label Plytix does not have is a typo, reported at its field; and a price
// or stock attribute nobody maps is told to be ignored, never to be mapped.
func TestIgnoredAttributesAreNotNews(t *testing.T) {
	defs := testDefinitions()
	defs["sustainability_score"] = catalog.AttributeDefinition{Label: "sustainability_score", Name: "Sustainability score", TypeClass: "IntAttribute"}
	defs["stock_level"] = catalog.AttributeDefinition{Label: "stock_level", Name: "Stock level", TypeClass: "IntAttribute"}
	am := testMapping()
	am.Spec.IgnoredAttributes = []string{"sustainability_score", "sustainabilty"}
	_, problems := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{am}, Definitions: defs, Reference: testReference()})
	var unmapped []string
	for _, p := range problems {
		if p.Type == pimv1alpha1.ProblemUnmappedSourceAttribute {
			unmapped = append(unmapped, p.Message)
		}
	}
	if len(unmapped) != 1 || !strings.Contains(unmapped[0], `"stock_level"`) || !strings.Contains(unmapped[0], "list it in an AttributeMapping's spec.ignoredAttributes") ||
		strings.Contains(unmapped[0], "add a rule") {
		t.Errorf("unmapped attributes: %q", unmapped)
	}
	if p := findProblem(problems, pimv1alpha1.ProblemUnknownSourceAttribute, "spec.ignoredAttributes[1]"); p == nil ||
		p.Message != `Plytix has no attribute labelled "sustainabilty"` || p.Mapping != am.Name {
		t.Errorf("typo in ignoredAttributes: %+v", p)
	}
}
