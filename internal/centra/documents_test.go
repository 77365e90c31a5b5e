package centra

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	gqlast "github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/catalogsync/catalogsync-operator/internal/centra/schema"
)

// sampleMutations has one mutation of every kind the client can build, with every input
// field set, so that both the documents and the variables are checked.
func sampleMutations() []Mutation {
	ms := []Mutation{
		CreateProduct(fullProductCreate()),
		UpdateProduct(1, fullProductUpdate()),
		UpdateProduct(1, ProductUpdate{Brand: Ptr(RemoveRef()), CountryOfOrigin: Ptr(RemoveRef())}),
		UpdateProduct(1, ProductUpdate{Status: Ptr(ProductInactive)}),
		CreateVariant(VariantCreate{Product: ByExternalID("prd_1"), VariantSpec: fullVariantSpec(), ExternalID: "var_1"}),
		UpdateVariant(2, VariantUpdate{Name: Ptr("n"), Status: Ptr(Active), VariantNumber: Ptr("v"), InternalName: Ptr("i"),
			SizeChart: Ptr(ByID(1)), AssignMapped: []MappedAttributeValue{{TypeName: "color", ID: 3}},
			UnassignMapped: []MappedAttributeRemoval{{TypeName: "color"}}, AssignDynamic: []DynamicAttributeValue{{TypeName: "t", Key: "k", Value: "v"}},
			UnassignDynamic: []DynamicAttributeRemoval{{TypeName: "t", Key: "k"}}, ExternalID: Ptr("var_2")}),
		SetVariantStatus(2, Inactive),
		CreateSize(SizeCreate{ProductVariant: ByID(2), SizeSpec: SizeSpec{Size: ByExternalID("Letter|S"), EAN: "1", UPC: "2", SizeNumber: "-S", IsActive: true}}),
		UpdateSize(3, SizeUpdate{EAN: Ptr(""), UPC: Ptr("u"), SizeNumber: Ptr("-M"), IsActive: Ptr(false)}),
		CreateDisplay(DisplayCreate{Store: IDRef{ID: 1}, Product: ByID(1), Name: "d", Status: Active, URI: "u", Description: "d",
			ShortDescription: "s", MetaTitle: "t", MetaDescription: "m", MetaKeywords: "k", Tags: []string{"a"},
			CanonicalCategory: &IDRef{ID: 1}, AddCategories: []IDRef{{ID: 1}}, AddMarkets: []Ref{ByID(1), ByExternalID("EU")},
			AddProductMedia: []MediaAdd{{ProductMedia: IDRef{ID: 1}}}, AddProductVariants: []VariantAdd{{ProductVariant: ByID(2)}}}),
		UpdateDisplay(4, DisplayUpdate{Name: Ptr("n"), Status: Ptr(Active), URI: Ptr(""), Description: Ptr("d"), ShortDescription: Ptr("s"),
			MetaTitle: Ptr("t"), MetaDescription: Ptr("m"), MetaKeywords: Ptr("k"), Tags: &[]string{}, CanonicalCategory: &IDRef{ID: 2},
			AddCategories: []IDRef{{ID: 1}}, RemoveCategories: []IDRef{{ID: 2}}, AddMarkets: []Ref{ByID(1)}, RemoveMarkets: []Ref{ByID(2)},
			AddProductMedia: []MediaAdd{{ProductMedia: IDRef{ID: 1}}}, RemoveProductMedia: []IDRef{{ID: 2}},
			AddProductVariants: []VariantAdd{{ProductVariant: ByID(1)}}, RemoveProductVariants: []Ref{ByID(2)}}),
		SetDisplayStatus(4, Inactive),
		AssignAttributes(AttributeAssignment{ObjectType: AttributesOnProduct, ObjectID: 1,
			Mapped: []MappedAttributeValue{{TypeName: "fit", ID: 1}}, Dynamic: []DynamicAttributeValue{{TypeName: "t", Key: "k", Value: "v"}}}),
		UnassignAttributes(AttributeUnassignment{ObjectType: AttributesOnDisplay, ObjectID: 1,
			Mapped: []MappedAttributeRemoval{{TypeName: "fit", ID: 1}}, Dynamic: []DynamicAttributeRemoval{{TypeName: "t", Key: "k"}}}),
	}
	ms = append(ms, AssignAttributesBatch([]AttributeAssignment{{ObjectType: AttributesOnVariant, ObjectID: 2,
		Mapped: []MappedAttributeValue{{TypeName: "color", ID: 1}}}})...)
	ms = append(ms, UnassignAttributesBatch([]AttributeUnassignment{{ObjectType: AttributesOnVariant, ObjectID: 2,
		Dynamic: []DynamicAttributeRemoval{{TypeName: "t", Key: "k"}}}})...)
	ms = append(ms, CreateMediaBatch([]MediaItem{{ProductID: 1, VariantID: 2, URL: "https://x/y.jpg", MetaDataJSON: "{}", AltText: "a"}})...)
	return ms
}

func fullVariantSpec() VariantSpec {
	return VariantSpec{Name: "Black", Status: Active, VariantNumber: "-BLK", InternalName: "blk", SizeChart: Ptr(ByExternalID("letter")),
		Sizes:             []SizeSpec{{Size: ByName("S"), EAN: "7350000000001", UPC: "012345678905", SizeNumber: "-S", IsActive: true}},
		MappedAttributes:  []MappedAttributeValue{{TypeName: "color", ID: 11}},
		DynamicAttributes: []DynamicAttributeValue{{TypeName: "note", Key: "text", Value: "x"}}}
}

func fullProductCreate() ProductCreate {
	return ProductCreate{ProductNumber: "P1", Name: "Tee", Status: ProductActive, ExternalID: "prd_1",
		HarmonizedCommodityCode: "6109", HarmonizedCommodityCodeDescription: "T-shirts", IsSerializableProduct: Ptr(false),
		Weight: &Weight{Value: 0.2, Unit: "KILOGRAMS"}, Brand: Ptr(ByID(1)), Collection: Ptr(ByID(1)), Folder: Ptr(ByID(1)),
		CountryOfOrigin: Ptr(ByCode("PT")), MappedAttributes: []MappedAttributeValue{{TypeName: "fit", ID: 1}},
		DynamicAttributes: []DynamicAttributeValue{{TypeName: "material_composition", Key: "text", Value: "100% cotton"}},
		Variants:          []VariantSpec{fullVariantSpec()}}
}

func fullProductUpdate() ProductUpdate {
	return ProductUpdate{Name: Ptr("n"), Status: Ptr(ProductActive), ProductNumber: Ptr("P2"), HarmonizedCommodityCode: Ptr("h"),
		HarmonizedCommodityCodeDescription: Ptr("d"), IsSerializableProduct: Ptr(true), Weight: &Weight{Value: 1, Unit: "POUNDS"},
		Brand: Ptr(ByID(2)), Collection: Ptr(ByID(2)), Folder: Ptr(ByID(2)), CountryOfOrigin: Ptr(ByCode("SE")),
		AssignMapped: []MappedAttributeValue{{TypeName: "fit", ID: 2}}, UnassignMapped: []MappedAttributeRemoval{{TypeName: "fit", ID: 1}},
		AssignDynamic: []DynamicAttributeValue{{TypeName: "t", Key: "k", Value: "v"}}, UnassignDynamic: []DynamicAttributeRemoval{{TypeName: "t", Key: "k"}},
		ExternalID: Ptr("prd_2")}
}

// document is one document the client can send, with sample variables.
type document struct {
	name  string
	query string
	vars  map[string]any
}

// allDocuments lists every document the client can send. TestDocuments_ListIsComplete
// keeps it honest: every document constant and builder of the package must appear here.
func allDocuments() []document {
	docs := []document{
		{"productsByNumberDocument(1)", productsByNumberDocument(1), map[string]any{"storeIds": []int{1}, "n0": "P1"}},
		{"productsByNumberDocument(3)", productsByNumberDocument(3), map[string]any{"storeIds": nil, "n0": "a", "n1": "b", "n2": "c"}},
		{"productsByExternalIDDocument", productsByExternalIDDocument, map[string]any{"storeIds": []int{1}, "externalIds": []string{"x"}, "limit": 200}},
		{"productsByIDDocument", productsByIDDocument, map[string]any{"storeIds": nil, "ids": []int{1}, "limit": 200}},
		{"productsUpdatedSinceDocument", productsUpdatedSinceDocument, map[string]any{"storeIds": []int{1}, "since": "2025-01-01T00:00:00Z", "limit": 50, "page": 1}},
		{"productSummariesDocument", productSummariesDocument, map[string]any{"brandIds": []int{1}, "statuses": []string{"ACTIVE"}, "limit": 200, "page": 1}},
		{"storeDisplaysDocument", storeDisplaysDocument, map[string]any{"storeIds": []int{1}, "limit": 200, "page": 1}},
		{"displaysOfProductsDocument", displaysOfProductsDocument, map[string]any{"productIds": []int{1}, "storeIds": []int{1}, "limit": 200}},
		{"productMediaDocument", productMediaDocument, map[string]any{"ids": []int{1}, "limit": 200}},
		{"variantSizesDocument", variantSizesDocument, map[string]any{"ids": []int{1}, "limit": 200}},
		{"mediaBatchesDocument(1)", mediaBatchesDocument(1), map[string]any{"q0": "abc"}},
		{"mediaBatchesDocument(2)", mediaBatchesDocument(2), map[string]any{"q0": "abc", "q1": "def"}},
		{"referenceDataDocument", referenceDataDocument(), map[string]any{"limit": 200}},
		{"categoriesDocument", categoriesDocument, map[string]any{"limit": 200, "page": 1}},
		{"rateLimitsDocument", rateLimitsDocument, nil},
	}
	for _, l := range referenceLists {
		docs = append(docs, document{"referencePageDocument(" + l.field + ")", referencePageDocument(l.field, l.selection), map[string]any{"limit": 200, "page": 2}})
	}
	ms := sampleMutations()
	for _, m := range ms {
		q, v := batchDocument(batchName([]Mutation{m}), []Mutation{m})
		docs = append(docs, document{"batchDocument(" + m.field + ")", q, v})
	}
	q, v := batchDocument(batchName(ms), ms)
	docs = append(docs, document{"batchDocument(all)", q, v})
	return docs
}

// TestDocuments_ValidAgainstVendoredSchema validates every document, and its variables as
// JSON would carry them, against schema/centra.graphql: the contract the sandbox enforces.
func TestDocuments_ValidAgainstVendoredSchema(t *testing.T) {
	s, err := schema.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range allDocuments() {
		t.Run(d.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQueryWithRules(s, d.query, nil)
			if len(errs) > 0 {
				t.Fatalf("invalid document: %v\n%s", errs, d.query)
			}
			if len(doc.Operations) != 1 {
				t.Fatalf("document has %d operations, want 1", len(doc.Operations))
			}
			raw, err := json.Marshal(d.vars)
			if err != nil {
				t.Fatalf("encode variables: %v", err)
			}
			var vars map[string]any
			if err := json.Unmarshal(raw, &vars); err != nil {
				t.Fatal(err)
			}
			if _, err := validator.VariableValues(s, doc.Operations[0], vars); err != nil {
				t.Fatalf("variables do not fit the schema: %v\n%s", err, raw)
			}
		})
	}
}

// denied are the operations and fields of stock, prices, pricelists and warehouses
// (docs/reference/centra-api.md §6, §2.7). No document of this package may touch one (docs/design.md §9,
// invariant 1).
var denied = []string{
	"changeStock", "setStock", "setPrices", "setPricesBatch", "setAlteredPricesBatch", "createPricelist",
	"updatePricelist", "deletePricelist", "createWarehouse", "updateWarehouse", "deleteWarehouse",
	"stock", "stockTotals", "stockChangeLines", "prices", "pricelist", "pricelists", "warehouse", "warehouses",
	"unitCost", "allocationRule",
}

func TestDocuments_NoStockOrPriceOperation_Sec6(t *testing.T) {
	s, err := schema.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range allDocuments() {
		doc, errs := gqlparser.LoadQueryWithRules(s, d.query, nil)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", d.name, errs)
		}
		var walk func(gqlast.SelectionSet)
		walk = func(sel gqlast.SelectionSet) {
			for _, x := range sel {
				switch f := x.(type) {
				case *gqlast.Field:
					if slices.Contains(denied, f.Name) {
						t.Errorf("%s selects the denied field %q", d.name, f.Name)
					}
					walk(f.SelectionSet)
				case *gqlast.InlineFragment:
					walk(f.SelectionSet)
				}
			}
		}
		for _, op := range doc.Operations {
			walk(op.SelectionSet)
		}
		for _, frag := range doc.Fragments {
			walk(frag.SelectionSet)
		}
	}
}

// TestSource_NoStockOrPriceOperation_Sec6 proves there is not even an unused stock or
// price operation: no Go source of the package names one.
func TestSource_NoStockOrPriceOperation_Sec6(t *testing.T) {
	words := []string{"changeStock", "setStock", "setPrices", "setAlteredPricesBatch", "Pricelist", "pricelist",
		"Warehouse", "warehouse", "stockTotals", "StockChange"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, w := range words {
			if strings.Contains(string(src), w) && !allowedMention(string(src), w) {
				t.Errorf("%s mentions %q", f, w)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files; the glob is wrong", checked)
	}
}

// allowedMention lets the package documentation say what the package does not do: a
// mention inside a comment line is fine, code is not.
func allowedMention(src, word string) bool {
	for _, line := range strings.Split(src, "\n") {
		if strings.Contains(line, word) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
			return false
		}
	}
	return true
}

// TestDocuments_ListIsComplete fails when a document constant or builder is added to the
// package without being added to allDocuments, so the validation above cannot miss one.
func TestDocuments_ListIsComplete(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", //nolint:staticcheck // SA1019: one directory without build tags, which is all this test reads
		func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if strings.HasSuffix(d.Name.Name, "Document") {
						declared[d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						if vs, ok := spec.(*ast.ValueSpec); ok {
							for _, n := range vs.Names {
								if strings.HasSuffix(n.Name, "Document") {
									declared[n.Name] = true
								}
							}
						}
					}
				}
			}
		}
	}
	listed := map[string]bool{}
	for _, d := range allDocuments() {
		listed[strings.SplitN(d.name, "(", 2)[0]] = true
	}
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if !listed[name] {
			t.Errorf("document %s is not validated by allDocuments", name)
		}
	}
	if len(declared) < 15 {
		t.Fatalf("found only %d documents; the scan is wrong", len(declared))
	}
	// Every mutation field the client can build has a payload selection and a sample.
	sampled := map[string]bool{}
	for _, m := range sampleMutations() {
		sampled[m.field] = true
	}
	for field := range payloadSelections {
		if !sampled[field] {
			t.Errorf("mutation %s has no sample in sampleMutations", field)
		}
	}
}
