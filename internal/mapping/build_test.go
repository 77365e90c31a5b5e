package mapping

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

func TestBuildMapsAFamilyOntoProductVariantsAndSizes(t *testing.T) {
	built := compileTest().Build(testFamily(), testReference())
	if built.Blocked() {
		t.Fatalf("blocked: %+v", built.Failures)
	}
	if len(built.Failures) != 0 {
		t.Errorf("unexpected failures: %+v", built.Failures)
	}
	p := built.Product
	if p.ProductNumber != "NL-JKT-001" || p.Name != "Storm Jacket" || p.Brand != "Nordlys Outdoor" || p.Status != "ACTIVE" {
		t.Errorf("product = %q %q %q %q", p.ProductNumber, p.Name, p.Brand, p.Status)
	}
	if p.Fields["weight"] != "1.25" || p.Fields["collection"] != "AW26" {
		t.Errorf("fields = %v", p.Fields)
	}
	wantAttrs := catalog.Attributes{
		{TypeName: "pr_material", ElementKey: "text"}: {Text: "100% recycled nylon"},
		{TypeName: "pr_fit", ElementKey: "value"}:     {Mapped: true, Options: []string{"Slim"}, OptionIDs: []int{2}},
		{TypeName: "pr_eco", ElementKey: "value"}:     {Text: "1"},
	}
	if !reflect.DeepEqual(p.Attributes, wantAttrs) {
		t.Errorf("attributes = %+v\nwant %+v", p.Attributes, wantAttrs)
	}
	if len(p.Variants) != 2 {
		t.Fatalf("variants = %+v", p.Variants)
	}
	black, navy := p.Variants[0], p.Variants[1]
	if black.VariantNumber != "-BLK-" || black.Name != "Black" || black.SizeChart != "Letters" || navy.VariantNumber != "-NVY-" {
		t.Errorf("variants = %+v / %+v", black, navy)
	}
	// Sizes follow the chart's order (S before M), and every SKU composes exactly.
	if black.Sizes[0].Name != "S" || black.Sizes[1].Name != "M" {
		t.Errorf("sizes out of chart order: %+v", black.Sizes)
	}
	for _, v := range p.Variants {
		for _, s := range v.Sizes {
			if p.ProductNumber+v.VariantNumber+s.SizeNumber != s.SourceSKU {
				t.Errorf("%s + %s + %s != %s", p.ProductNumber, v.VariantNumber, s.SizeNumber, s.SourceSKU)
			}
			if s.Fields["EAN"] != "ean-"+s.SourceSKU {
				t.Errorf("EAN of %s = %q", s.SourceSKU, s.Fields["EAN"])
			}
		}
	}
	if got := black.Attributes[catalog.AttributeKey{TypeName: "var_swatch", ElementKey: "text"}].Text; got != "Black swatch" {
		t.Errorf("variant attribute = %q", got)
	}
	d := p.Display
	if d.Name != "Storm Jacket" || d.Fields["description"] != "<p>Warm.</p>" || !reflect.DeepEqual(d.Categories, []string{"Jackets"}) ||
		!reflect.DeepEqual(d.Markets, []string{"EU"}) || !reflect.DeepEqual(d.Variants, []string{"-BLK-", "-NVY-"}) {
		t.Errorf("display = %+v", d)
	}
}

func TestGates(t *testing.T) {
	cases := []struct {
		name         string
		mutate       func(f *catalog.Family, m *Mapping)
		wantSKU      string
		wantAttr     string
		wantReason   string
		wantBlocking bool
		wantMessage  string
	}{
		{
			name: "required attribute missing on parent and one variant",
			mutate: func(f *catalog.Family, _ *Mapping) {
				delete(f.Parent.Values, "description")
				f.Variants[0].Values["description"] = text("x")
				f.Variants[2].Values["description"] = text("x")
			},
			wantSKU: "NL-JKT-001-BLK-S", wantAttr: "description", wantReason: pimv1alpha1.FailureMissingRequiredAttribute, wantBlocking: true,
			wantMessage: "NL-JKT-001-BLK-S has no description in Plytix, nor has its parent NL-JKT-001 (required by gates.requiredAttributes)",
		},
		{
			name:    "completeness below the threshold",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Parent.Values["completeness"] = text("62.5") },
			wantSKU: "NL-JKT-001", wantAttr: "completeness", wantReason: pimv1alpha1.FailureCompletenessTooLow, wantBlocking: true,
			wantMessage: "NL-JKT-001 is 62.5% complete in Plytix; at least 80% is required",
		},
		{
			name:    "status not allowed",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Parent.Status = "Draft" },
			wantSKU: "NL-JKT-001", wantAttr: "status", wantReason: pimv1alpha1.FailureStatusNotAllowed, wantBlocking: true,
			wantMessage: `NL-JKT-001 is "Draft" in Plytix; only Completed products are synced`,
		},
		{
			name:    "no brand",
			mutate:  func(f *catalog.Family, _ *Mapping) { delete(f.Parent.Values, "brand") },
			wantSKU: "NL-JKT-001", wantAttr: "brand", wantReason: pimv1alpha1.FailureMissingBrand, wantBlocking: true,
			wantMessage: "NL-JKT-001 has no brand in Plytix",
		},
		{
			name:    "brand not mapped",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Parent.Values["brand"] = text("Castore Kids") },
			wantSKU: "NL-JKT-001", wantAttr: "brand", wantReason: pimv1alpha1.FailureBrandNotMapped, wantBlocking: true,
			wantMessage: `brand "Castore Kids" is not mapped to a Centra brand in AttributeMapping apparel`,
		},
		{
			name:    "brand mapped to a brand Centra does not have",
			mutate:  func(_ *catalog.Family, m *Mapping) { m.Brand.Entries["Nordlys"] = "Nordlys AB" },
			wantSKU: "NL-JKT-001", wantAttr: "brand", wantReason: pimv1alpha1.FailureBrandNotInCentra, wantBlocking: true,
			wantMessage: `Centra has no brand "Nordlys AB" (mapped from Plytix brand "Nordlys")`,
		},
		{
			name:    "brand not enabled in the store",
			mutate:  func(_ *catalog.Family, m *Mapping) { m.Brand.Entries["Nordlys"] = "Wholesale Only" },
			wantSKU: "NL-JKT-001", wantAttr: "brand", wantReason: pimv1alpha1.FailureBrandNotInStore, wantBlocking: true,
			wantMessage: `Centra brand "Wholesale Only" is not enabled in store Retail, so the product would be invisible there`,
		},
		{
			name:    "variant without a colour",
			mutate:  func(f *catalog.Family, _ *Mapping) { delete(f.Variants[2].Values, "color") },
			wantSKU: "NL-JKT-001-NVY-S", wantAttr: "color", wantReason: pimv1alpha1.FailureMissingAxisValue, wantBlocking: true,
			wantMessage: "NL-JKT-001-NVY-S has no color, so it cannot be placed as a Centra variant and size",
		},
		{
			name:    "repeated colour and size",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Variants[1].Values["size"] = text("M") },
			wantSKU: "NL-JKT-001-BLK-S", wantAttr: "size", wantReason: pimv1alpha1.FailureDuplicateAxisCombination, wantBlocking: true,
			wantMessage: `NL-JKT-001-BLK-S repeats color "Black" and size "M" of NL-JKT-001-BLK-M`,
		},
		{
			name:    "size missing from the chart",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Variants[2].Values["size"] = text("XXL") },
			wantSKU: "NL-JKT-001-NVY-S", wantAttr: "size", wantReason: pimv1alpha1.FailureSizeNotInChart, wantBlocking: true,
			wantMessage: `NL-JKT-001-NVY-S has size "XXL", which is not in Centra size chart "Letters" (XS, S, M, L, XL)`,
		},
		{
			name:    "size chart not in Centra",
			mutate:  func(_ *catalog.Family, m *Mapping) { m.Hierarchy.SizeChart = "Shoes EU" },
			wantSKU: "NL-JKT-001", wantAttr: "sizeChart", wantReason: pimv1alpha1.FailureSizeChartNotFound, wantBlocking: true,
			wantMessage: `Centra has no size chart "Shoes EU"`,
		},
		{
			name:    "variant SKU does not extend the product number",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Variants[2].SKU = "NV-001-S" },
			wantSKU: "NV-001-S", wantAttr: "sku", wantReason: pimv1alpha1.FailureSKUComposition, wantBlocking: true,
			wantMessage: `NV-001-S does not extend product number "NL-JKT-001"`,
		},
		{
			name:    "the same SKU twice in a family",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Variants[2].SKU = "NL-JKT-001-BLK-M" },
			wantSKU: "NL-JKT-001-BLK-M", wantAttr: "sku", wantReason: pimv1alpha1.FailureDuplicateSKU, wantBlocking: true,
			wantMessage: "SKU NL-JKT-001-BLK-M appears twice among the variants of NL-JKT-001",
		},
		{
			name: "required rule with an undecodable value",
			mutate: func(f *catalog.Family, _ *Mapping) {
				delete(f.Parent.Values, "material")
				f.Parent.ValueErrors = map[string]string{"material": "expected text, got an object"}
			},
			wantSKU: "NL-JKT-001", wantAttr: "attribute:pr_material.text", wantReason: pimv1alpha1.FailureInvalidValue, wantBlocking: true,
			wantMessage: `attribute:pr_material.text: Plytix value of "material" is invalid: expected text, got an object`,
		},
		{
			name:    "required rule without a value",
			mutate:  func(f *catalog.Family, _ *Mapping) { delete(f.Parent.Values, "material") },
			wantSKU: "NL-JKT-001", wantAttr: "material", wantReason: pimv1alpha1.FailureMissingRequiredAttribute, wantBlocking: true,
			wantMessage: "NL-JKT-001 has no material in Plytix (required by the rule for attribute:pr_material.text in AttributeMapping apparel)",
		},
		{
			name:    "optional mapped attribute with an unknown option",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Parent.Values["fit"] = text("oversized") },
			wantSKU: "NL-JKT-001", wantAttr: "attribute:pr_fit.value", wantReason: pimv1alpha1.FailureInvalidValue, wantBlocking: false,
			wantMessage: `"Oversized" is not an option of Centra attribute pr_fit; add the option in Centra or map the value with a Lookup transform`,
		},
		{
			name: "category without a Centra category",
			mutate: func(f *catalog.Family, _ *Mapping) {
				f.Parent.Categories = append(f.Parent.Categories, "Apparel > Hats")
			},
			wantSKU: "NL-JKT-001", wantAttr: "categories", wantReason: pimv1alpha1.FailureLookupGap, wantBlocking: false,
			wantMessage: `category "Apparel > Hats" has no Centra category in AttributeMapping apparel`,
		},
		{
			name:    "no category at all and no default",
			mutate:  func(f *catalog.Family, _ *Mapping) { f.Parent.Categories = nil },
			wantSKU: "NL-JKT-001", wantAttr: "categories", wantReason: pimv1alpha1.FailureNoCategory, wantBlocking: false,
			wantMessage: "NL-JKT-001 has no Centra category, so the store will not show it",
		},
		{
			name:    "no name",
			mutate:  func(f *catalog.Family, m *Mapping) { f.Parent.Label = "  "; m.Rules[0].Required = false },
			wantSKU: "NL-JKT-001", wantAttr: "product.name", wantReason: pimv1alpha1.FailureMissingRequiredAttribute, wantBlocking: true,
			wantMessage: "NL-JKT-001 has no name: Centra requires one",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, m := testFamily(), compileTest()
			tc.mutate(&f, m)
			built := m.Build(f, testReference())
			if built.Blocked() != tc.wantBlocking {
				t.Errorf("blocked = %v, want %v (failures %+v)", built.Blocked(), tc.wantBlocking, built.Failures)
			}
			var found bool
			for _, fl := range built.Failures {
				if fl.Reason == tc.wantReason && fl.SKU == tc.wantSKU && fl.Attribute == tc.wantAttr && fl.Blocking == tc.wantBlocking {
					found = true
					if !strings.Contains(fl.Message, tc.wantMessage) {
						t.Errorf("message %q does not contain %q", fl.Message, tc.wantMessage)
					}
				}
			}
			if !found {
				t.Errorf("no %s failure for %s/%s (blocking=%v); got %+v", tc.wantReason, tc.wantSKU, tc.wantAttr, tc.wantBlocking, built.Failures)
			}
			if built.ProductNumber != "NL-JKT-001" {
				t.Errorf("ProductNumber = %q: a blocked product must stay identifiable", built.ProductNumber)
			}
		})
	}
}

func TestEveryFailureIsReportedNotJustTheFirst(t *testing.T) {
	f := testFamily()
	f.Parent.Values["brand"] = text("Castore Kids")
	delete(f.Variants[0].Values, "size")
	f.Variants[2].Values["size"] = text("XXL")
	built := compileTest().Build(f, testReference())
	reasons := map[string]bool{}
	for _, fl := range built.Failures {
		reasons[fl.Reason] = true
	}
	for _, want := range []string{pimv1alpha1.FailureBrandNotMapped, pimv1alpha1.FailureMissingAxisValue, pimv1alpha1.FailureSizeNotInChart} {
		if !reasons[want] {
			t.Errorf("missing %s in %+v", want, built.Failures)
		}
	}
}

func TestSingleProductIsItsOwnVariant(t *testing.T) {
	f := testFamily()
	f.Parent.Values["color"], f.Parent.Values["size"] = text("Red"), text("L")
	f.Variants = nil
	built := compileTest().Build(f, testReference())
	if built.Blocked() {
		t.Fatalf("blocked: %+v", built.Failures)
	}
	v := built.Product.Variants
	if len(v) != 1 || len(v[0].Sizes) != 1 || v[0].VariantNumber != "" || v[0].Sizes[0].SizeNumber != "" || v[0].Sizes[0].SKU != "NL-JKT-001" {
		t.Errorf("single product tree = %+v", v)
	}
}

func TestInactivePublishPolicyCreatesInactiveProducts(t *testing.T) {
	m := compileTest()
	m.Publish.NewProducts = "Inactive"
	p := m.Build(testFamily(), testReference()).Product
	if p.Status != "INACTIVE" || p.Display.Status != "INACTIVE" {
		t.Errorf("status = %s / display %s", p.Status, p.Display.Status)
	}
}

func TestOutcomesCountSKUsPerTarget(t *testing.T) {
	f := testFamily()
	delete(f.Variants[2].Values, "swatch")
	built := compileTest().Build(f, testReference())
	got := map[string][2]int{} // target → present SKUs, missing SKUs
	for _, o := range built.Outcomes {
		c := got[o.Target]
		switch o.State {
		case OutcomePresent:
			c[0] += len(o.SKUs)
		case OutcomeMissing:
			c[1] += len(o.SKUs)
		}
		got[o.Target] = c
	}
	if got["attribute:pr_material.text"] != [2]int{3, 0} {
		t.Errorf("product-level rule counts every SKU: %v", got["attribute:pr_material.text"])
	}
	if got["attribute:var_swatch.text"] != [2]int{2, 1} {
		t.Errorf("variant-level rule counts the colour's SKUs: %v", got["attribute:var_swatch.text"])
	}
	if got["size.EAN"] != [2]int{3, 0} {
		t.Errorf("size-level rule counts each SKU: %v", got["size.EAN"])
	}
}

func TestVariantNumber(t *testing.T) {
	cases := []struct {
		rests []string
		want  string
	}{
		{[]string{"-BLK-S", "-BLK-M"}, "-BLK-"},
		{[]string{"-BLK-S"}, "-BLK-"},
		{[]string{"-BLK-S", "-BLK-SS"}, "-BLK-"},
		{[]string{"BLKS", "BLKM"}, "BLK"},
		{[]string{"BLKS"}, ""},
		{[]string{""}, ""},
		{[]string{"/ö-S", "/ö-M"}, "/ö-"},
		{[]string{"ö1", "ö2"}, "ö"},
		{[]string{"\xc3\xb61", "\xc3\xa41"}, ""},
	}
	for _, tc := range cases {
		if got := variantNumber(tc.rests); got != tc.want {
			t.Errorf("variantNumber(%q) = %q, want %q", tc.rests, got, tc.want)
		}
	}
}

// TestCategoryDefaultAppliesToAProductWithoutCategories: the default stands in for a product that
// has no Plytix category at all, not only for unmapped ones.
func TestCategoryDefaultAppliesToAProductWithoutCategories(t *testing.T) {
	f, m := testFamily(), compileTest()
	f.Parent.Categories = nil
	m.Categories.Default = "New Arrivals"
	built := m.Build(f, testReference())
	if built.Blocked() || !reflect.DeepEqual(built.Product.Display.Categories, []string{"New Arrivals"}) {
		t.Fatalf("display categories %v, failures %+v", built.Product.Display.Categories, built.Failures)
	}
	for _, fl := range built.Failures {
		if fl.Reason == pimv1alpha1.FailureNoCategory {
			t.Errorf("NoCategory reported although the default applies: %+v", fl)
		}
	}
}

// TestSingleProductWithoutAxes: a Plytix product with no variants and neither a colour nor a
// size is blocked with NoVariantAxes, unless spec.hierarchy.oneSizeChart names a one-size chart:
// then it is one variant in the chart's only size, whose Centra SKU is the product's SKU.
func TestSingleProductWithoutAxes(t *testing.T) {
	single := func() catalog.Family {
		f := testFamily()
		f.Variants = nil
		return f
	}
	ref := testReference()
	ref.SizeCharts["One Size"] = catalog.SizeChart{ID: 3, Name: "One Size", Sizes: []string{"One Size"}}

	blocked := compileTest().Build(single(), ref)
	if !blocked.Blocked() || !slices.ContainsFunc(blocked.Failures, func(f Failure) bool {
		return f.Reason == pimv1alpha1.FailureNoVariantAxes && f.Blocking && strings.Contains(f.Message, "set spec.hierarchy.oneSizeChart")
	}) {
		t.Fatalf("without a one-size chart: blocked %v, failures %+v", blocked.Blocked(), blocked.Failures)
	}
	for _, f := range blocked.Failures {
		if f.Reason == pimv1alpha1.FailureMissingAxisValue {
			t.Errorf("a product without axes is one failure, not a missing axis each: %+v", f)
		}
	}

	m := compileTest()
	m.Hierarchy.OneSizeChart = "One Size"
	built := m.Build(single(), ref)
	if built.Blocked() {
		t.Fatalf("with a one-size chart: %+v", built.Failures)
	}
	p := built.Product
	if len(p.Variants) != 1 || p.Variants[0].SizeChart != "One Size" || len(p.Variants[0].Sizes) != 1 ||
		p.Variants[0].Sizes[0].Name != "One Size" || p.Variants[0].Sizes[0].SKU != "NL-JKT-001" || p.Variants[0].Name != "One Size" {
		t.Errorf("one-size product: %+v", p.Variants)
	}
	if !reflect.DeepEqual(built.SKUs, []string{"NL-JKT-001"}) || len(p.Display.Variants) != 1 {
		t.Errorf("SKUs %v, display variants %v", built.SKUs, p.Display.Variants)
	}

	// A single product that has one axis but not the other is a data gap, not a one-size item.
	half := single()
	half.Parent.Values["color"] = text("Black")
	if b := m.Build(half, ref); !b.Blocked() || !slices.ContainsFunc(b.Failures, func(f Failure) bool { return f.Reason == pimv1alpha1.FailureMissingAxisValue }) {
		t.Errorf("a single with a colour and no size: %+v", b.Failures)
	}
}
