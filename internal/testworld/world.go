// Package testworld is the seeded test world that joins the Plytix and Centra sandboxes: a
// generated Plytix catalogue, Centra reference data that fits it (brands, size charts,
// categories, attribute types), and the AttributeMapping and CatalogSync that connect the two.
// Engine tests, controller tests, benchmarks and the local demo all start from it.
package testworld

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// Store and markets of the world's Centra.
const (
	Store = "Retail"
	// WholesaleOnlyBrand is a Plytix brand whose Centra brand is enabled in the Wholesale store
	// only: its products are blocked rather than created invisible in Retail.
	WholesaleOnlyBrand = "Brisa Mar"
)

// Markets are the Retail store's markets.
var Markets = []string{"EU", "US", "UK"}

// sizeCharts maps the Plytix size systems to Centra size charts and their sizes.
var sizeCharts = []struct{ system, chart string }{
	{"Letters", "Letter"}, {"EU shoe sizes", "Numeric EU"}, {"One Size", "One Size"},
}

// categories maps Plytix category paths to Centra categories of the Retail store.
var categories = map[string]string{
	"Women > Tops": "Tops", "Women > Dresses": "Dresses", "Women > Knitwear": "Knitwear", "Men > Shirts": "Shirts",
	"Men > Knitwear": "Knitwear", "Men > Jackets": "Jackets", "Women > Shoes": "Shoes", "Men > Shoes": "Shoes",
	"Accessories > Bags": "Bags", "Accessories > Scarves": "Scarves",
}

// swatches are the colours Centra has swatch options for; the others fail that attribute
// (and only it) with a reason a merchandiser can act on.
var swatches = []string{"Black", "Navy", "White", "Grey Melange", "Beige", "Olive", "Burgundy", "Sand", "Off-White", "Forest Green"}

// CentraSeed is Centra reference data that fits a generated Plytix catalogue.
func CentraSeed(r plytixtest.Report) centratest.ReferenceData {
	seed := centratest.ReferenceData{
		Stores: []centratest.StoreSeed{{Name: Store, Type: "DIRECT_TO_CONSUMER"}, {Name: "Wholesale", Type: "WHOLESALE"}},
		Markets: []centratest.MarketSeed{
			{Name: "EU", Store: Store, Countries: []string{"DE", "FR", "NL", "SE"}},
			{Name: "US", Store: Store, Countries: []string{"US"}},
			{Name: "UK", Store: Store, Countries: []string{"GB"}},
			{Name: "Wholesale EU", Store: "Wholesale", Countries: []string{"DE", "SE"}},
		},
		Pricelists: []centratest.PricelistSeed{
			{Name: "EUR", Store: Store, Currency: "EUR", Markets: []string{"EU"}},
			{Name: "USD", Store: Store, Currency: "USD", Markets: []string{"US"}},
			{Name: "GBP", Store: Store, Currency: "GBP", Markets: []string{"UK"}},
		},
		Collections: []centratest.CollectionSeed{{Name: "SS25"}, {Name: "AW25"}, {Name: "SS26"}, {Name: "AW26"}},
		Folders:     []string{"Apparel", "Footwear", "Accessories"},
		SizeCharts: []centratest.SizeChartSeed{
			{Name: "Letter", HorizontalLabels: r.LetterSizes},
			{Name: "Numeric EU", HorizontalLabels: r.NumericSizes},
			{Name: "One Size", HorizontalLabels: []string{"One Size"}},
		},
		AttributeTypes: []centratest.AttributeTypeSeed{
			{Name: "material_composition", Description: "Material composition", ObjectType: "Product",
				Elements: []centratest.AttributeElementSeed{{Key: "text", Description: "Composition", Kind: "TEXTAREA"}}},
			{Name: "care_instructions", Description: "Care instructions", ObjectType: "Product",
				Elements: []centratest.AttributeElementSeed{{Key: "text", Description: "Care", Kind: "TEXTAREA"}}},
			{Name: "features", Description: "Features", ObjectType: "Product", Mapped: true, Multi: true,
				Elements: []centratest.AttributeElementSeed{{Key: "name", Description: "Feature", Kind: "INPUT"}}},
			{Name: "sustainable", Description: "Sustainable", ObjectType: "Product",
				Elements: []centratest.AttributeElementSeed{{Key: "value", Description: "Sustainable", Kind: "BOOLEAN"}}},
			{Name: "color_swatch", Description: "Colour swatch", ObjectType: "ProductVariant", Mapped: true,
				Elements: []centratest.AttributeElementSeed{{Key: "color_text", Description: "Colour", Kind: "INPUT"}}},
		},
		Warehouses: []string{"Main warehouse"},
	}
	for _, b := range r.Brands {
		stores := []string{Store, "Wholesale"}
		if b == WholesaleOnlyBrand {
			stores = []string{"Wholesale"}
		}
		seed.Brands = append(seed.Brands, centratest.BrandSeed{Name: b, Stores: stores})
	}
	seen := map[string]bool{}
	for _, c := range sortedValues(categories) {
		if !seen[c] {
			seen[c] = true
			seed.Categories = append(seed.Categories, centratest.CategorySeed{Name: c, Store: Store})
		}
	}
	seed.Categories = append(seed.Categories, centratest.CategorySeed{Name: "New In", Store: Store})
	for _, f := range []string{"Organic", "Recycled", "Water-repellent", "Vegan", "Machine washable", "Fair Trade"} {
		seed.MappedValues = append(seed.MappedValues, centratest.MappedValueSeed{Type: "features", Name: f, Elements: map[string]string{"name": f}})
	}
	for _, s := range swatches {
		seed.MappedValues = append(seed.MappedValues, centratest.MappedValueSeed{Type: "color_swatch", Name: s, Elements: map[string]string{"color_text": s}})
	}
	return seed
}

// Mapping is the AttributeMapping that connects a generated catalogue to CentraSeed.
func Mapping(name string, r plytixtest.Report) *pimv1alpha1.AttributeMapping {
	brand := &pimv1alpha1.BrandMapping{Attribute: r.BrandAttribute}
	for _, b := range r.Brands {
		brand.Values = append(brand.Values, pimv1alpha1.LookupEntry{From: b, To: b})
	}
	charts := &pimv1alpha1.ValueLookup{Attribute: r.SizeSystemAttribute}
	for _, c := range sizeCharts {
		charts.Entries = append(charts.Entries, pimv1alpha1.LookupEntry{From: c.system, To: c.chart})
	}
	cats := &pimv1alpha1.ValueLookup{Attribute: "categories", Default: "New In"}
	for _, from := range sortedKeys(categories) {
		cats.Entries = append(cats.Entries, pimv1alpha1.LookupEntry{From: from, To: categories[from]})
	}
	attr := func(typeName, element string, level pimv1alpha1.AttributeLevel) pimv1alpha1.RuleTarget {
		return pimv1alpha1.RuleTarget{Attribute: &pimv1alpha1.AttributeTarget{TypeName: typeName, ElementKey: element, Level: level}}
	}
	return &pimv1alpha1.AttributeMapping{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: pimv1alpha1.AttributeMappingSpec{
			Brand: brand,
			Rules: []pimv1alpha1.AttributeRule{
				{From: pimv1alpha1.RuleSource{System: "label"}, To: pimv1alpha1.RuleTarget{ProductField: "name"}, Required: true,
					Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTrim}}},
				{From: pimv1alpha1.RuleSource{Attribute: "description"}, To: pimv1alpha1.RuleTarget{DisplayField: "description"}, Required: true},
				{From: pimv1alpha1.RuleSource{Attribute: "short_description"}, To: pimv1alpha1.RuleTarget{DisplayField: "shortDescription"},
					Transforms: []pimv1alpha1.Transform{{Type: pimv1alpha1.TransformTruncate, MaxLength: ptr.To[int32](200)}}},
				{From: pimv1alpha1.RuleSource{Attribute: "material"}, To: attr("material_composition", "text", pimv1alpha1.AttributeLevelProduct), Required: true},
				{From: pimv1alpha1.RuleSource{Attribute: "care_instructions"}, To: attr("care_instructions", "text", pimv1alpha1.AttributeLevelProduct)},
				{From: pimv1alpha1.RuleSource{Attribute: "features"}, To: attr("features", "name", pimv1alpha1.AttributeLevelProduct)},
				{From: pimv1alpha1.RuleSource{Attribute: "is_sustainable"}, To: attr("sustainable", "value", pimv1alpha1.AttributeLevelProduct)},
				{From: pimv1alpha1.RuleSource{Attribute: r.ColourAttribute}, To: attr("color_swatch", "color_text", pimv1alpha1.AttributeLevelVariant)},
				{From: pimv1alpha1.RuleSource{System: "gtin"}, To: pimv1alpha1.RuleTarget{SizeField: "EAN"}},
			},
			Categories:  cats,
			Collections: &pimv1alpha1.ValueLookup{Attribute: "season", Entries: identity("SS25", "AW25", "SS26", "AW26")},
			SizeCharts:  charts,
		},
	}
}

// Spec is a CatalogSync of the world's Retail store.
func Spec(r plytixtest.Report, plytixURL, centraURL string, mappings ...string) pimv1alpha1.CatalogSyncSpec {
	return pimv1alpha1.CatalogSyncSpec{
		Interval: &metav1.Duration{Duration: 15 * time.Minute}, Mode: pimv1alpha1.SyncModeApply,
		Plytix: pimv1alpha1.PlytixSource{APIURL: plytixURL, AuthURL: plytixURL,
			CredentialsSecretRef: &pimv1alpha1.PlytixCredentialsRef{Name: "plytix", APIKeyKey: "apiKey", PasswordKey: "password"}},
		Centra: pimv1alpha1.CentraTarget{URL: centraURL, Store: Store, Markets: Markets,
			TokenSecretRef: &pimv1alpha1.SecretKeyRef{Name: "centra", Key: "token"}},
		Mappings:  pimv1alpha1.MappingSelection{Names: mappings},
		Hierarchy: pimv1alpha1.Hierarchy{ColorAxis: r.ColourAttribute, SizeAxis: r.SizeAttribute, SizeChartAttribute: r.SizeSystemAttribute},
		Gates:     pimv1alpha1.Gates{RequiredAttributes: []string{"description", "material"}, RequiredStatus: []string{"Completed"}},
		Drift:     pimv1alpha1.DriftPolicy{Mode: pimv1alpha1.DriftModeWarn}, DeletionPolicy: pimv1alpha1.DeletionPolicyOrphan,
		Publish: pimv1alpha1.PublishPolicy{NewProducts: pimv1alpha1.NewProductActive, OnGateFailure: pimv1alpha1.GateFailureKeep},
	}
}

func identity(values ...string) []pimv1alpha1.LookupEntry {
	out := make([]pimv1alpha1.LookupEntry, len(values))
	for i, v := range values {
		out[i] = pimv1alpha1.LookupEntry{From: v, To: v}
	}
	return out
}
