package centratest

import (
	"net/http"
	"slices"
	"testing"
)

// The documented example operations of docs/reference/centra-api.md run against the sandbox unchanged.

func TestContract_StoresConnectionTest_Sec3_8(t *testing.T) {
	ts := newServer(t, Options{})
	// PIM guide "Connection test": cookie auth, { stores { id name } }.
	r := post(t, ts, `query getStores { stores { id name type } }`, nil, postOpts{cookie: true}).must(t)
	if got := r.str(t, "stores.0.name"); got != "Retail" {
		t.Errorf("stores.0.name = %q, want Retail", got)
	}
	if got := r.str(t, "stores.1.type"); got != "WHOLESALE" {
		t.Errorf("stores.1.type = %q, want WHOLESALE", got)
	}
	// One field for stores, three per store: 7 (ComplexityPerField = 1).
	if !slices.Contains([]string{`{"complexity":7,"permissionsUsed":["Store:read"],"appVersion":"centratest"}`}, string(r.Extensions)) {
		t.Errorf("extensions = %s", r.Extensions)
	}
}

func TestContract_CreateProductThenVariantThenSize_Sec3_4(t *testing.T) {
	ts := newServer(t, Options{})
	ids := ts.Reference()
	r := post(t, ts, `mutation addProduct {
  createProduct(input: {
    name: "First Product", status: ACTIVE, productNumber: "Prod123",
    brand: { id: 1 }, collection: { id: 2 }, folder: { id: 1 },
    countryOfOrigin: { code: "DE" },
    harmonizedCommodityCode: "HCC123", harmonizedCommodityCodeDescription: "Harm Code Description"
  }) {
    product { id name status productNumber brand { name } collection { name } folder { name } countryOfOrigin { code name } }
    userErrors { message path }
  }
}`, nil).must(t)
	if got := r.num(t, "createProduct.product.id"); got != 1 {
		t.Fatalf("product id = %d, want 1", got)
	}
	if got := r.str(t, "createProduct.product.brand.name"); got != "Northwind Apparel" {
		t.Errorf("brand = %q", got)
	}
	if got := r.str(t, "createProduct.product.countryOfOrigin.name"); got != "Germany" {
		t.Errorf("country = %q", got)
	}
	r = post(t, ts, `mutation createVariant($chart: Int!) {
  createProductVariant(input: {
    product: { id: 1 }, name: "First Product", status: ACTIVE,
    variantNumber: "Var456", internalName: "vrnt2",
    unitCost: { value: 60, currencyIsoCode: "EUR" }, sizeChart: { id: $chart }
  }) { productVariant { id unitCost { value currency { code } } } userErrors { message path } }
}`, map[string]any{"chart": ids.SizeCharts["Letter"]}).must(t)
	variantID := r.num(t, "createProductVariant.productVariant.id")
	r = post(t, ts, `mutation createOneSize($v: Int!) {
  createProductSize(input: { productVariant: { id: $v }, size: { name: "S" }, EAN: "EAN123456789S", sizeNumber: "789S", isActive: true }) {
    productSize { id EAN sizeNumber SKU description } userErrors { message path }
  }
}`, map[string]any{"v": variantID}).must(t)
	// §2.4: SKU = productNumber + variantNumber + sizeNumber, plain concatenation.
	if got := r.str(t, "createProductSize.productSize.SKU"); got != "Prod123Var456789S" {
		t.Errorf("SKU = %q, want Prod123Var456789S", got)
	}
	if got := r.str(t, "createProductSize.productSize.description"); got != "S" {
		t.Errorf("description = %q, want S", got)
	}
}

func TestContract_CreateVariantWithSizes_Sec3_4(t *testing.T) {
	ts := newServer(t, Options{})
	post(t, ts, `mutation { createProduct(input: {name: "Shirt", status: ACTIVE, productNumber: "SH1"}) { product { id } userErrors { message } } }`, nil).must(t)
	r := post(t, ts, `mutation createVariantWithSizes {
  createProductVariant(input: {
    product: { id: 1 }, name: "Blue shirt", status: INACTIVE, variantNumber: "876", sizeChart: { id: 1 },
    productSizes: [ {size:{name:"S"}, EAN:"5678902338761", isActive: true}, {size:{name:"M"}, EAN:"5678902338762", isActive: true}, {size:{name:"L"}, EAN:"5678902338763", isActive: true} ]
  }) { productVariant { id productSizes { id SKU } } userErrors { message path } userWarnings { message path } }
}`, nil).must(t)
	if got := len(r.list(t, "createProductVariant.productVariant.productSizes")); got != 3 {
		t.Errorf("sizes = %d, want 3", got)
	}
	if got := r.str(t, "createProductVariant.productVariant.productSizes.2.SKU"); got != "SH1876" {
		t.Errorf("SKU without size number = %q, want SH1876", got)
	}
}

func TestContract_AllInOneWithExternalIDs_Sec3_5(t *testing.T) {
	ts := newServer(t, Options{})
	if err := ts.SeedReference(ReferenceData{SizeCharts: []SizeChartSeed{{Name: "Two", HorizontalLabels: []string{"my size", "other"}, ExternalID: "My size chart with two sizes"}}}); err != nil {
		t.Fatal(err)
	}
	r := post(t, ts, `mutation allInOne {
  createProduct(input: { name: "xyz", status: ACTIVE, productNumber: "XYZ", brand: { id: 1 }, externalId: "My product 1" }) {
    product { id } userErrors { message path } }
  createV1: createProductVariant(input: { product: { externalId: "My product 1" }, name: "First", status: ACTIVE,
    sizeChart: { externalId: "My size chart with two sizes" }, externalId: "My variant 1" }) {
    productVariant { id } userErrors { message path } }
  createD1: createDisplay(input: { product: { externalId: "My product 1" }, store: { id: 1 }, name: "Display 1",
    status: ACTIVE, uri: "some-unique-uri",
    addProductVariants: [ { productVariant: { externalId: "My variant 1" } } ] }) {
    display { id uri productVariants { id } } userErrors { message path } }
  createPS1: createProductSize(input: { productVariant: { externalId: "My variant 1" },
    size: { externalId: "Two|my size" }, isActive: true }) { productSize { id SKU } userErrors { message path } }
}`, nil).must(t)
	if got := r.str(t, "createD1.display.uri"); got != "some-unique-uri" {
		t.Errorf("uri = %q", got)
	}
	if got := r.num(t, "createD1.display.productVariants.0.id"); got != r.num(t, "createV1.productVariant.id") {
		t.Errorf("display variant = %d", got)
	}
	if got := r.num(t, "createPS1.productSize.id"); got != 1 {
		t.Errorf("product size id = %d, want 1 (ids per type)", got)
	}
	// §3.5: four mutations in one call are still four MUTATION_COUNT tokens.
	if got := ts.Stats().TotalMutations(); got != 4 {
		t.Errorf("mutations = %d, want 4", got)
	}
}

func TestContract_LookupByProductNumber_Sec3_2(t *testing.T) {
	ts := newServer(t, Options{})
	if err := ts.SeedProducts([]ProductSeed{{Number: "Prod123", Name: "First Product", Brand: "Northwind Apparel",
		Variants: []VariantSeed{{Number: "Var456", Name: "Blue", SizeChart: "Letter", Sizes: []SizeSeed{{Size: "S", SizeNumber: "789S", EAN: "EAN123456789S"}}}},
		Displays: []DisplaySeed{{Store: "Retail"}}}}); err != nil {
		t.Fatal(err)
	}
	r := post(t, ts, `query productByNumber($n: String!) {
  products(where: { productNumber: { equals: $n } }, limit: 5, page: 1) {
    id name status productNumber
    variants { id name status variantNumber productSizes { id description sizeNumber EAN SKU } }
    displays { id name status uri store { id } }
  }
  counters { products(where: { status: [ACTIVE] }) }
}`, map[string]any{"n": "Prod123"}).must(t)
	if got := r.str(t, "products.0.variants.0.productSizes.0.SKU"); got != "Prod123Var456789S" {
		t.Errorf("SKU = %q", got)
	}
	if got := r.num(t, "counters.products"); got != 1 {
		t.Errorf("counters.products = %d", got)
	}
	if got := r.num(t, "products.0.displays.0.store.id"); got != 1 {
		t.Errorf("display store = %d", got)
	}
}

func TestContract_DisplayCreateAndAddVariants_Sec3_7(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	ids := ts.Reference()
	p, _ := ts.Product("SHIRT-1")
	r := post(t, ts, `mutation create($p: Int!, $v: Int!, $m: Int!) { createDisplay(input: { name: "New display!", status: ACTIVE, store: { id: 1 }, product: { id: $p },
  addProductVariants: [ { productVariant: { id: $v } } ], addMarkets: [ { id: $m } ] }) {
  userErrors { message path } display { id uri } } }`, map[string]any{"p": p.ID, "v": p.Variants[0].ID, "m": ids.Markets["Retail/EU"]}).must(t)
	if got := r.str(t, "createDisplay.display.uri"); got != "new-display" {
		t.Errorf("generated uri = %q, want new-display", got)
	}
	displayID := r.num(t, "createDisplay.display.id")
	r = post(t, ts, `mutation addVariantsToDisplay($d: Int!, $v: Int!) { updateDisplay(id: $d, input: { addProductVariants: { productVariant: { id: $v } } }) {
  userErrors { message path } display { id productVariants { id } } } }`, map[string]any{"d": displayID, "v": p.Variants[1].ID}).must(t)
	if got := len(r.list(t, "updateDisplay.display.productVariants")); got != 2 {
		t.Errorf("display variants = %d, want 2", got)
	}
}

func TestContract_BrandsAndSizeCharts_Sec3_8(t *testing.T) {
	ts := newServer(t, Options{})
	r := post(t, ts, `mutation addBrand { createBrand(input: { name: "My Brand", uri: "my-brand", addToStores: { id: 1 } }) {
  brand { id name stores { name } } userErrors { message path } } }`, nil).must(t)
	if got := r.str(t, "createBrand.brand.stores.0.name"); got != "Retail" {
		t.Errorf("brand store = %q", got)
	}
	r = post(t, ts, `query getBrands { brands(where: { name: { contains: "My Brand" } }) { id name } }`, nil).must(t)
	if got := len(r.list(t, "brands")); got != 1 {
		t.Errorf("brands = %d, want 1", got)
	}
	r = post(t, ts, `query { sizeCharts { id name sizes { id name } } }`, nil).must(t)
	if got := r.str(t, "sizeCharts.1.sizes.5.name"); got != "46" {
		t.Errorf("Numeric EU last size = %q, want 46", got)
	}
}

func TestContract_AttributesAssignAndRead_Sec4(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	ids := ts.Reference()
	p, _ := ts.Product("SHIRT-1")
	r := post(t, ts, `mutation setProductAttribute($id: Int!, $fit: Int!) {
  assignAttributes(input: {
    objectType: Product, objectId: $id,
    mappedAttributes:  [ { attributeTypeName: "fit", attributeId: $fit } ],
    dynamicAttributes: [ { attributeTypeName: "material_composition", attributeElementKey: "text", attributeElementValue: "100% cotton" } ]
  }) { userErrors { message path } object { ... on Product { id } attributes { type { name isMapped } ... on MappedAttribute { id name }
       elements { key kind ... on AttributeStringElement { value } } } } }
}`, map[string]any{"id": p.ID, "fit": ids.MappedValues["fit/Slim"]}).must(t)
	attrs := r.list(t, "assignAttributes.object.attributes")
	if len(attrs) != 2 {
		t.Fatalf("attributes = %d, want 2: %s", len(attrs), r.Raw)
	}
	if got := r.str(t, "assignAttributes.object.attributes.0.name"); got != "Slim" {
		t.Errorf("mapped name = %q", got)
	}
	if got := r.str(t, "assignAttributes.object.attributes.1.elements.0.value"); got != "100% cotton" {
		t.Errorf("dynamic value = %q", got)
	}
	post(t, ts, `mutation unset($id: Int!) { unassignAttributes(input: { objectType: Product, objectId: $id,
  mappedAttributes: [ { attributeTypeName: "fit" } ],
  dynamicAttributes: [ { attributeTypeName: "material_composition", attributeElementKey: "text" } ] }) { userErrors { message path } } }`,
		map[string]any{"id": p.ID}).must(t)
	got, _ := ts.Product("SHIRT-1")
	if len(got.Attributes) != 0 {
		t.Errorf("attributes after unassign = %+v", got.Attributes)
	}
}

func TestContract_RateLimitsQuery_Sec5_5(t *testing.T) {
	ts := newServer(t, Options{})
	r := post(t, ts, `{ rateLimits { type intervalSeconds quota usedQuota remainingQuota } }`, nil).must(t)
	limits := r.list(t, "rateLimits")
	if len(limits) != 6 {
		t.Fatalf("rateLimits = %d entries, want 6", len(limits))
	}
	first := limits[0].(map[string]any)
	if first["type"] != "REQUEST_COUNT" || first["intervalSeconds"] != "TEN_SECONDS" || first["quota"] != 20.0 || first["usedQuota"] != 1.0 || first["remainingQuota"] != 19.0 {
		t.Errorf("first rate limit = %v", first)
	}
	if got := r.Status; got != http.StatusOK {
		t.Errorf("status = %d", got)
	}
}

// seedShirt loads one product with two colours in the letter chart and no display.
func seedShirt(t *testing.T, ts *TestServer) {
	t.Helper()
	err := ts.SeedProducts([]ProductSeed{{Number: "SHIRT-1", Name: "Oxford shirt", Brand: "Northwind Apparel",
		Variants: []VariantSeed{
			{Number: "-BLK", Name: "Black", SizeChart: "Letter", Sizes: []SizeSeed{{Size: "S", SizeNumber: "-S"}, {Size: "M", SizeNumber: "-M"}}},
			{Number: "-WHT", Name: "White", SizeChart: "Letter", Sizes: []SizeSeed{{Size: "S", SizeNumber: "-S"}}},
		}}})
	if err != nil {
		t.Fatal(err)
	}
}
