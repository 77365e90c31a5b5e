package mapping

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

func testReference() *catalog.Reference {
	return &catalog.Reference{
		Store:   catalog.Store{ID: 1, Name: "Retail"},
		Markets: map[string]int{"EU": 1, "US": 2},
		Brands: map[string]catalog.Brand{
			"Nordlys Outdoor": {ID: 1, Name: "Nordlys Outdoor", StoreIDs: []int{1}},
			"Wholesale Only":  {ID: 2, Name: "Wholesale Only", StoreIDs: []int{2}},
		},
		SizeCharts: map[string]catalog.SizeChart{
			"Letters": {ID: 1, Name: "Letters", Sizes: []string{"XS", "S", "M", "L", "XL"}},
			"Numeric": {ID: 2, Name: "Numeric", Sizes: []string{"36", "38", "40"}},
		},
		Categories:  map[string]int{"Jackets": 10, "New Arrivals": 11},
		Collections: map[string]int{"AW26": 1},
		Folders:     map[string]int{},
		AttributeTypes: map[string]catalog.AttributeType{
			"pr_material": {Name: "pr_material", ObjectType: "Product", Elements: map[string]string{"text": "TEXTAREA"}},
			"pr_fit": {Name: "pr_fit", ObjectType: "Product", Mapped: true, Elements: map[string]string{"value": "SELECT"},
				Options: map[string]int{"Regular": 1, "Slim": 2}},
			"pr_eco":     {Name: "pr_eco", ObjectType: "Product", Elements: map[string]string{"value": "BOOLEAN"}},
			"var_swatch": {Name: "var_swatch", ObjectType: "ProductVariant", Elements: map[string]string{"text": "INPUT"}},
		},
	}
}

func testDefinitions() map[string]catalog.AttributeDefinition {
	defs := map[string]catalog.AttributeDefinition{}
	for _, d := range []catalog.AttributeDefinition{
		{Label: "brand", Name: "Brand", TypeClass: "DropdownAttribute", Options: []string{"Nordlys", "Castore Kids"}},
		{Label: "color", Name: "Color", TypeClass: "DropdownAttribute"},
		{Label: "size", Name: "Size", TypeClass: "DropdownAttribute"},
		{Label: "material", Name: "Material", TypeClass: "TextAttribute"},
		{Label: "fit", Name: "Fit", TypeClass: "DropdownAttribute", Options: []string{"regular", "slim"}},
		{Label: "eco", Name: "Eco", TypeClass: "BooleanAttribute"},
		{Label: "description", Name: "Description", TypeClass: "HtmlAttribute"},
		{Label: "completeness", Name: "Completeness", TypeClass: "CompletenessAttribute"},
		{Label: "weight_g", Name: "Weight (g)", TypeClass: "DecimalAttribute"},
		{Label: "season", Name: "Season", TypeClass: "DropdownAttribute"},
		{Label: "swatch", Name: "Swatch", TypeClass: "TextAttribute"},
	} {
		defs[d.Label] = d
	}
	return defs
}

func testSpec() pimv1alpha1.CatalogSyncSpec {
	return pimv1alpha1.CatalogSyncSpec{
		Centra:    pimv1alpha1.CentraTarget{Store: "Retail", Markets: []string{"EU"}},
		Hierarchy: pimv1alpha1.Hierarchy{ColorAxis: "color", SizeAxis: "size", SizeChart: "Letters"},
		Gates: pimv1alpha1.Gates{
			RequiredAttributes: []string{"description"}, MinCompleteness: ptr.To[int32](80), CompletenessAttribute: "completeness",
			RequiredStatus: []string{"Completed"},
		},
		Publish: pimv1alpha1.PublishPolicy{NewProducts: pimv1alpha1.NewProductActive},
	}
}

func testMapping() pimv1alpha1.AttributeMapping {
	return pimv1alpha1.AttributeMapping{
		ObjectMeta: metav1.ObjectMeta{Name: "apparel"},
		Spec: pimv1alpha1.AttributeMappingSpec{
			Brand: &pimv1alpha1.BrandMapping{Attribute: "brand", Values: []pimv1alpha1.LookupEntry{{From: "Nordlys", To: "Nordlys Outdoor"}}},
			Rules: []pimv1alpha1.AttributeRule{
				{From: pimv1alpha1.RuleSource{System: "label"}, To: pimv1alpha1.RuleTarget{ProductField: "name"}, Required: true,
					Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTrim}}},
				{From: pimv1alpha1.RuleSource{Attribute: "description"}, To: pimv1alpha1.RuleTarget{DisplayField: "description"}},
				{From: pimv1alpha1.RuleSource{Attribute: "material"}, Required: true,
					To: pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_material", ElementKey: "text"}}},
				{From: pimv1alpha1.RuleSource{Attribute: "fit"},
					To:         pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_fit", ElementKey: "value"}},
					Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformCase, Case: "Title"}}},
				{From: pimv1alpha1.RuleSource{Attribute: "eco"},
					To: pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "pr_eco", ElementKey: "value"}}},
				{From: pimv1alpha1.RuleSource{Attribute: "weight_g"}, To: pimv1alpha1.RuleTarget{ProductField: "weight"},
					Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformConvertUnit, Unit: &pimv1alpha1.UnitConversion{From: "g", To: "kg", Precision: 3}}}},
				{From: pimv1alpha1.RuleSource{System: "gtin"}, To: pimv1alpha1.RuleTarget{SizeField: "EAN"}},
				{From: pimv1alpha1.RuleSource{Attribute: "swatch"},
					To: pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: "var_swatch", ElementKey: "text", Level: "Variant"}}},
			},
			Categories:  &pimv1alpha1.ValueLookup{Attribute: "categories", Entries: []pimv1alpha1.LookupEntry{{From: "Apparel > Jackets", To: "Jackets"}}},
			Collections: &pimv1alpha1.ValueLookup{Attribute: "season", Entries: []pimv1alpha1.LookupEntry{{From: "Autumn/Winter 2026", To: "AW26"}}},
		},
	}
}

var modified = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func text(s string) catalog.Value { return catalog.Text(s) }

func variant(sku, colour, size string) catalog.SourceProduct {
	return catalog.SourceProduct{
		ID: "id-" + sku, SKU: sku, ParentID: "id-NL-JKT-001", Modified: modified, GTIN: "ean-" + sku,
		Values: map[string]catalog.Value{"color": text(colour), "size": text(size), "swatch": text(colour + " swatch")},
	}
}

// testFamily is a clean jacket in black (S, M) and navy (S).
func testFamily() catalog.Family {
	return catalog.Family{
		Parent: catalog.SourceProduct{
			ID: "id-NL-JKT-001", SKU: "NL-JKT-001", Label: " Storm Jacket ", Status: "Completed", Modified: modified,
			Categories: []string{"Apparel > Jackets"}, MediaURLs: []string{"https://files.plytix.com/a.jpg"},
			Values: map[string]catalog.Value{
				"brand": text("Nordlys"), "material": text("100% recycled nylon"), "fit": text("slim"),
				"eco": {Kind: catalog.KindBool, Items: []string{"true"}}, "description": text("<p>Warm.</p>"),
				"completeness": {Kind: catalog.KindPercent, Items: []string{"90.5"}}, "weight_g": {Kind: catalog.KindNumber, Items: []string{"1250"}},
				"season": text("Autumn/Winter 2026"),
			},
		},
		Variants: []catalog.SourceProduct{
			variant("NL-JKT-001-BLK-M", "Black", "M"),
			variant("NL-JKT-001-BLK-S", "Black", "S"),
			variant("NL-JKT-001-NVY-S", "Navy", "S"),
		},
	}
}

func compileTest() *Mapping {
	m, _ := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{testMapping()}, Definitions: testDefinitions(), Reference: testReference()})
	return m
}
