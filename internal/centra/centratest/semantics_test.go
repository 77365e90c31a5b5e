package centratest

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// One test per point of docs/reference/centra-api.md §9 ("Simulator behaviour spec").

func TestSec9_1_EndpointAndAuth(t *testing.T) {
	clock := newClock()
	ts := newServer(t, Options{Now: clock.now, Tokens: []Token{{Value: DefaultToken}, {Value: "expiring", ExpiresAt: clock.t.Add(time.Hour)}}})
	q := `{ stores { id } }`
	cases := []struct {
		name string
		opts postOpts
		want int
	}{
		{"bearer", postOpts{}, http.StatusOK},
		{"cookie", postOpts{cookie: true}, http.StatusOK},
		{"unknown token", postOpts{token: "nope"}, http.StatusForbidden},
		{"valid until expiry", postOpts{token: "expiring"}, http.StatusOK},
	}
	for _, tc := range cases {
		if got := post(t, ts, q, nil, tc.opts).Status; got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	clock.t = clock.t.Add(2 * time.Hour)
	if got := post(t, ts, q, nil, postOpts{token: "expiring"}); got.Status != http.StatusForbidden || got.Errors[0].Extensions["category"] != "authorization" {
		t.Errorf("expired token: %d %s", got.Status, got.Raw)
	}
	resp, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET status %d, want 405", resp.StatusCode)
	}
}

func TestSec9_2_PermissionPerField(t *testing.T) {
	perms := slices.DeleteFunc(DefaultPermissions(), func(p string) bool { return p == "Product.countryOfOrigin:read" })
	ts := newServer(t, Options{Tokens: []Token{{Value: "limited", Permissions: perms}}})
	if err := ts.SeedProducts([]ProductSeed{{Number: "P1", Name: "One"}}); err != nil {
		t.Fatal(err)
	}
	r := post(t, ts, `{ products { id countryOfOrigin { code } } }`, nil, postOpts{token: "limited"})
	if r.Status != http.StatusOK || len(r.Errors) != 1 {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	e := r.Errors[0]
	if e.Message != "You need Product.countryOfOrigin:read permission to access this field." || e.Extensions["category"] != "authorization" ||
		fmt.Sprint(e.Path) != "[products 0 countryOfOrigin]" {
		t.Errorf("error = %+v", e)
	}
	if r.num(t, "products.0.id") != 1 || r.at(t, "products.0.countryOfOrigin") != nil {
		t.Errorf("data = %s", r.Raw)
	}
	if !strings.Contains(string(r.Extensions), `"permissionsUsed":["Product:read"]`) {
		t.Errorf("extensions = %s", r.Extensions)
	}
}

func TestSec9_3_PayloadsAlwaysCarryUserErrorsAndWarnings(t *testing.T) {
	ts := newServer(t, Options{})
	r := post(t, ts, `mutation { ok: createProduct(input: {name: "A", status: ACTIVE, productNumber: "A"}) { product { id } userErrors { message } userWarnings { message } }
  bad: createProduct(input: {name: "B", status: ACTIVE, productNumber: "B", brand: {id: 999}}) { product { id } userErrors { message path } userWarnings { message } } }`, nil).must(t)
	if len(r.list(t, "ok.userErrors")) != 0 || len(r.list(t, "ok.userWarnings")) != 0 {
		t.Errorf("ok payload = %s", r.Raw)
	}
	if r.at(t, "bad.product") != nil || r.str(t, "bad.userErrors.0.message") != "Could not find Brand with ID 999" ||
		fmt.Sprint(r.at(t, "bad.userErrors.0.path")) != "[input brand id]" {
		t.Errorf("bad payload = %s", r.Raw)
	}
	if _, ok := ts.Product("B"); ok {
		t.Error("a product with a user error was persisted")
	}
}

func TestSec9_4_IntegerIDsPerType(t *testing.T) {
	ts := newServer(t, Options{})
	r := post(t, ts, `mutation { createProduct(input: {name: "A", status: ACTIVE, productNumber: "A", addProductVariants: [
  {name: "V", status: ACTIVE, sizeChart: {id: 2}, productSizes: [{size: {name: "40"}, isActive: true}]}]}) {
  product { id variants { id productSizes { id size { id } } } } userErrors { message } } }`, nil).must(t)
	if r.num(t, "createProduct.product.id") != 1 || r.num(t, "createProduct.product.variants.0.id") != 1 {
		t.Errorf("ids = %s", r.Raw)
	}
	// The chart size "40" has its own id (8: five letter sizes, then 36, 38, 40); the
	// product size activating it is product size 1.
	if r.num(t, "createProduct.product.variants.0.productSizes.0.id") != 1 || r.num(t, "createProduct.product.variants.0.productSizes.0.size.id") != 8 {
		t.Errorf("size ids = %s", r.Raw)
	}
}

func TestSec9_5_RequiredInputsAndExactlyOneReference(t *testing.T) {
	ts := newServer(t, Options{})
	r := post(t, ts, `mutation { createProduct(input: {name: "A", status: ACTIVE}) { product { id } userErrors { message } } }`, nil)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Errors[0].Message, "productNumber") {
		t.Errorf("missing productNumber: %d %s", r.Status, r.Raw)
	}
	r = post(t, ts, `mutation($in: ProductCreateInput!) { createProduct(input: $in) { product { id } } }`, map[string]any{"in": map[string]any{"name": "A", "status": "ACTIVE"}})
	if r.Status != http.StatusBadRequest || r.Errors[0].Message != "must be defined" {
		t.Errorf("missing productNumber in variables: %d %s", r.Status, r.Raw)
	}
	post(t, ts, `mutation { createProduct(input: {name: "A", status: ACTIVE, productNumber: "A", externalId: "a"}) { userErrors { message } } }`, nil).must(t)
	r = post(t, ts, `mutation { createProductVariant(input: {name: "V", status: ACTIVE, product: {id: 1, externalId: "a"}}) { productVariant { id } userErrors { message path } } }`, nil).must(t)
	if got := r.userErrors(t, "createProductVariant"); !slices.Equal(got, []string{"ProductInput: exactly one input field should be provided"}) {
		t.Errorf("two reference fields: %v", got)
	}
	r = post(t, ts, `mutation { createProductVariant(input: {name: "V", status: ACTIVE, product: {}}) { productVariant { id } userErrors { message path } } }`, nil).must(t)
	if got := r.userErrors(t, "createProductVariant"); !slices.Equal(got, []string{"ProductInput: exactly one input field should be provided"}) {
		t.Errorf("no reference field: %v", got)
	}
}

func TestSec9_6_SKUIsDerivedAndFollowsRenumbering(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	p, _ := ts.Product("SHIRT-1")
	post(t, ts, `mutation($id: Int!, $v: Int!) { updateProduct(id: $id, input: {productNumber: "OX-9"}) { userErrors { message } }
  updateProductVariant(id: $v, input: {variantNumber: "-NOIR"}) { userErrors { message } } }`, map[string]any{"id": p.ID, "v": p.Variants[0].ID}).must(t)
	r := post(t, ts, `{ productSizes(where: {SKU: {equals: "OX-9-NOIR-M"}}) { SKU productVariant { product { productNumber } } } }`, nil).must(t)
	if got := r.str(t, "productSizes.0.productVariant.product.productNumber"); got != "OX-9" {
		t.Errorf("lookup by new SKU: %s", r.Raw)
	}
	r = post(t, ts, `{ productSizes(where: {SKU: {equals: "SHIRT-1-BLK-M"}}) { id } }`, nil).must(t)
	if len(r.list(t, "productSizes")) != 0 {
		t.Errorf("the old SKU still resolves: %s", r.Raw)
	}
}

func TestSec9_7_SizeChartSetOnce(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	p, _ := ts.Product("SHIRT-1")
	r := post(t, ts, `mutation($v: Int!) { same: updateProductVariant(id: $v, input: {sizeChart: {id: 1}}) { userErrors { message } }
  other: updateProductVariant(id: $v, input: {sizeChart: {id: 2}}) { productVariant { id } userErrors { message path } } }`, map[string]any{"v": p.Variants[0].ID}).must(t)
	if len(r.userErrors(t, "same")) != 0 || !slices.Equal(r.userErrors(t, "other"), []string{"You can set the size chart only once"}) {
		t.Errorf("%s", r.Raw)
	}
}

func TestSec9_8_DisplayVariantsBelongToTheProduct(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	if err := ts.SeedProducts([]ProductSeed{{Number: "PANTS", Name: "Pants", Variants: []VariantSeed{{Number: "-1", Name: "Grey"}}}}); err != nil {
		t.Fatal(err)
	}
	shirt, _ := ts.Product("SHIRT-1")
	pants, _ := ts.Product("PANTS")
	r := post(t, ts, `mutation($p: Int!, $v: Int!) { createDisplay(input: {store: {id: 1}, product: {id: $p}, name: "S", status: ACTIVE,
  addProductVariants: [{productVariant: {id: $v}}]}) { display { id } userErrors { message } } }`, map[string]any{"p": shirt.ID, "v": pants.Variants[0].ID}).must(t)
	if len(r.userErrors(t, "createDisplay")) != 1 || len(ts.Products("SHIRT-1")[0].Displays) != 0 {
		t.Errorf("%s", r.Raw)
	}
}

func TestSec9_9_BrandStores(t *testing.T) {
	ts := newServer(t, Options{})
	r := post(t, ts, `mutation { none: createBrand(input: {name: "Nowhere"}) { brand { id } userErrors { message } } }`, nil).must(t)
	if !slices.Equal(r.userErrors(t, "none"), []string{"At least one store is required"}) {
		t.Errorf("create without store: %s", r.Raw)
	}
	r = post(t, ts, `mutation { twice: updateBrand(id: 2, input: {addToStores: [{id: 1}, {id: 1}]}) { brand { stores { id } } userErrors { message } }
  all: updateBrand(id: 2, input: {removeFromStores: [{id: 1}]}) { brand { id } userErrors { message } }
  move: updateBrand(id: 2, input: {addToStores: [{id: 2}], removeFromStores: [{id: 1}]}) { brand { stores { name } } userErrors { message } } }`, nil).must(t)
	if len(r.list(t, "twice.brand.stores")) != 1 {
		t.Errorf("adding twice is not a no-op: %s", r.Raw)
	}
	if !slices.Equal(r.userErrors(t, "all"), []string{"Brand must be added to at least one store; removing it from all stores is not allowed"}) {
		t.Errorf("removing from all stores: %s", r.Raw)
	}
	if r.str(t, "move.brand.stores.0.name") != "Wholesale" || len(r.list(t, "move.brand.stores")) != 1 {
		t.Errorf("move: %s", r.Raw)
	}
}

func TestSec9_10_DisplayURIs(t *testing.T) {
	cases := []struct {
		mode URICollision
		want []string
		errs int
	}{
		{URICollisionSuffix, []string{"cafe-creme-sweater", "cafe-creme-sweater-2"}, 0},
		{URICollisionError, []string{"cafe-creme-sweater"}, 1},
		{URICollisionAllow, []string{"cafe-creme-sweater", "cafe-creme-sweater"}, 0},
	}
	for _, tc := range cases {
		t.Run(string(tc.mode), func(t *testing.T) {
			ts := newServer(t, Options{URICollision: tc.mode})
			if err := ts.SeedProducts([]ProductSeed{{Number: "A", Name: "A"}, {Number: "B", Name: "B"}}); err != nil {
				t.Fatal(err)
			}
			r := post(t, ts, `mutation { a: createDisplay(input: {store: {id: 1}, product: {id: 1}, name: "Café Crème / Sweater", status: ACTIVE}) { display { uri } userErrors { message } }
  b: createDisplay(input: {store: {id: 1}, product: {id: 2}, name: "Café Crème / Sweater", status: ACTIVE}) { display { uri } userErrors { message } } }`, nil).must(t)
			var uris []string
			for _, alias := range []string{"a", "b"} {
				if d, ok := r.at(t, alias+".display").(map[string]any); ok {
					uris = append(uris, d["uri"].(string))
				}
			}
			if !slices.Equal(uris, tc.want) || len(r.userErrors(t, "b")) != tc.errs {
				t.Errorf("uris = %v, b errors = %v", uris, r.userErrors(t, "b"))
			}
		})
	}
	ts := newServer(t, Options{})
	if err := ts.SeedProducts([]ProductSeed{{Number: "A", Name: "A"}}); err != nil {
		t.Fatal(err)
	}
	r := post(t, ts, `mutation { createDisplay(input: {store: {id: 1}, product: {id: 1}, name: "First", status: ACTIVE, uri: "my/own?uri#x"}) { display { id uri } } }`, nil).must(t)
	if r.str(t, "createDisplay.display.uri") != "myownurix" {
		t.Errorf("given uri: %s", r.Raw)
	}
	r = post(t, ts, `mutation { updateDisplay(id: 1, input: {name: "Øresund Jacket", uri: ""}) { display { uri } } }`, nil).must(t)
	if r.str(t, "updateDisplay.display.uri") != "oresund-jacket" {
		t.Errorf("regenerated uri: %s", r.Raw)
	}
}

func TestSec9_11_ExternalIDsAndDuplicateCreates(t *testing.T) {
	ts := newServer(t, Options{})
	create := `mutation { createProduct(input: {name: "X", status: ACTIVE, productNumber: "X", externalId: "prd_X"}) { product { id externalId } userErrors { message } } }`
	first := post(t, ts, create, nil).must(t)
	second := post(t, ts, create, nil).must(t)
	if first.num(t, "createProduct.product.id") != 1 || second.num(t, "createProduct.product.id") != 2 {
		t.Fatalf("ids = %s / %s", first.Raw, second.Raw)
	}
	// The duplicate create re-points the conversion to the new object (IMPORT).
	r := post(t, ts, `{ products(where: {externalId: ["prd_X"]}) { id externalId } p1: product(id: 1) { externalId } }`, nil).must(t)
	if len(r.list(t, "products")) != 1 || r.num(t, "products.0.id") != 2 || r.at(t, "p1.externalId") != nil {
		t.Errorf("after a duplicate create: %s", r.Raw)
	}
	r = post(t, ts, `mutation { setIdConversions(input: [{objectType: Product, internalId: 1, externalId: "prd_X"}]) { entries { internalId externalId integrationName } userErrors { message } } }`, nil).must(t)
	if r.str(t, "setIdConversions.entries.0.integrationName") != DefaultIntegrationName {
		t.Errorf("%s", r.Raw)
	}
	r = post(t, ts, `{ products(where: {externalId: ["prd_X"]}) { id } sizes: idConversions(where: {objectType: Size, externalId: {equals: "Letter|XL"}}) { internalId } }`, nil).must(t)
	if r.num(t, "products.0.id") != 1 || r.num(t, "sizes.0.internalId") != 4 {
		t.Errorf("after setIdConversions: %s", r.Raw)
	}
}

func TestSec9_12_UniquenessOnlyInStrictMode(t *testing.T) {
	create := `mutation { createProduct(input: {name: "X", status: ACTIVE, productNumber: "SAME", addProductVariants: [
  {name: "V", status: ACTIVE, sizeChart: {id: 1}, productSizes: [{size: {name: "S"}, EAN: "7350000000001", isActive: true}]}]}) { product { id } userErrors { message } } }`
	ts := newServer(t, Options{})
	post(t, ts, create, nil).must(t)
	if r := post(t, ts, create, nil).must(t); len(r.userErrors(t, "createProduct")) != 0 {
		t.Errorf("default mode rejected a duplicate: %s", r.Raw)
	}
	if len(ts.Products("SAME")) != 2 {
		t.Errorf("products = %d, want 2 (no uniqueness by default)", len(ts.Products("SAME")))
	}
	ts.SetStrict(true)
	r := post(t, ts, create, nil).must(t)
	want := []string{`Product number "SAME" is already used (strict mode)`, `SKU "SAME" is already used by product size 1 (strict mode)`,
		`EAN "7350000000001" is already used by product size 1 (strict mode)`}
	if got := r.userErrors(t, "createProduct"); !slices.Equal(got, want) {
		t.Errorf("strict errors = %q\nwant %q", got, want)
	}
}

func TestSec9_13_RateLimitBuckets(t *testing.T) {
	clock := newClock() // 09:26:53: the 10-second window ends at 09:27:00
	for _, format := range []RetryAfterFormat{RetryAfterUnix, RetryAfterSeconds, RetryAfterHTTPDate} {
		t.Run(string(format), func(t *testing.T) {
			ts := newServer(t, Options{Now: clock.now, RateLimits: &RateLimits{Requests: Quota{TenSeconds: 100, OneHour: 1000},
				Mutations: Quota{TenSeconds: 3, OneHour: 1000}, RetryAfter: format}})
			m := `mutation { a: createProduct(input: {name: "A", status: ACTIVE, productNumber: "A"}) { userErrors { message } }
  b: createProduct(input: {name: "B", status: ACTIVE, productNumber: "B"}) { userErrors { message } } }`
			post(t, ts, m, nil).must(t)
			r := post(t, ts, m, nil)
			if r.Status != http.StatusTooManyRequests {
				t.Fatalf("status %d, want 429 (4 mutations > 3)", r.Status)
			}
			end := time.Date(2025, 3, 14, 9, 27, 0, 0, time.UTC)
			want := map[RetryAfterFormat]string{RetryAfterUnix: strconv.FormatInt(end.Unix(), 10), RetryAfterSeconds: "7",
				RetryAfterHTTPDate: end.Format(http.TimeFormat)}[format]
			if got := r.Header.Get("Retry-After"); got != want {
				t.Errorf("Retry-After = %q, want %q", got, want)
			}
			rl := post(t, ts, `{ rateLimits { type intervalSeconds usedQuota remainingQuota } }`, nil).must(t)
			if rl.str(t, "rateLimits.4.type") != "MUTATION_COUNT" || rl.num(t, "rateLimits.4.usedQuota") != 2 || rl.num(t, "rateLimits.4.remainingQuota") != 1 {
				t.Errorf("rateLimits = %s", rl.Raw)
			}
			if ts.Stats().TotalMutations() != 2 || ts.ProductCount() != 2 {
				t.Errorf("the refused request ran: %+v", ts.Stats())
			}
		})
	}
}

func TestSec9_14_StockAndPriceMutationsDeniedAndCounted(t *testing.T) {
	ts := newServer(t, Options{Tokens: []Token{{Value: DefaultToken}, {Value: "erp", Permissions: AllPermissions()}}})
	seedShirt(t, ts)
	p, _ := ts.Product("SHIRT-1")
	setStock := `mutation($v: Int!) { setStock(input: {warehouse: {id: 1}, productVariants: [{productVariant: {id: $v}, sizeStockLevels: [{size: {name: "M"}, quantity: 7}]}]}) { userErrors { message } } }`
	vars := map[string]any{"v": p.Variants[0].ID}
	r := post(t, ts, setStock, vars)
	if r.Status != http.StatusOK || r.Data != nil || r.Errors[0].Message != "You need StockChange:write permission to access this field." {
		t.Fatalf("PIM token setStock: %s", r.Raw)
	}
	r = post(t, ts, `mutation { setPrices(input: {pricelist: {id: 1}, productPrices: [{product: {id: 1}, price: {value: 10, currencyIsoCode: "EUR"}}]}) { userErrors { message } } }`, nil)
	if r.Errors[0].Extensions["category"] != "authorization" {
		t.Fatalf("PIM token setPrices: %s", r.Raw)
	}
	if got := ts.Stock("SHIRT-1-BLK-M"); len(got) != 0 {
		t.Errorf("stock after a denied setStock = %v", got)
	}
	post(t, ts, setStock, vars, postOpts{token: "erp"}).must(t)
	if got := ts.Stock("SHIRT-1-BLK-M"); got["Main warehouse"] != 7 {
		t.Errorf("ERP stock = %v, want 7 in Main warehouse", got)
	}
	st := ts.Stats()
	if st.StockMutationAttempts != 2 || st.PriceMutationAttempts != 1 || st.DeniedMutations["setStock"] != 1 || st.DeniedMutations["setPrices"] != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestSec9_15_AttributeRegistry(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	cases := []struct {
		name, input, want string
	}{
		{"unknown type", `dynamicAttributes: [{attributeTypeName: "nope", attributeElementKey: "text", attributeElementValue: "x"}]`, `Attribute type "nope" does not exist`},
		{"wrong object type", `mappedAttributes: [{attributeTypeName: "color", attributeId: 11}]`, `Attribute type "color" is for ProductVariant, not Product`},
		{"unknown element", `dynamicAttributes: [{attributeTypeName: "material_composition", attributeElementKey: "html", attributeElementValue: "x"}]`, `Attribute type "material_composition" has no element "html"`},
		{"mapped given as dynamic", `dynamicAttributes: [{attributeTypeName: "fit", attributeElementKey: "name", attributeElementValue: "Slim"}]`, `Attribute type "fit" is mapped`},
		{"value of another type", `mappedAttributes: [{attributeTypeName: "fit", attributeId: 1}]`, `Could not find Attribute with ID 1 of type "fit"`},
	}
	for _, tc := range cases {
		r := post(t, ts, `mutation { assignAttributes(input: {objectType: Product, objectId: 1, `+tc.input+`}) { userErrors { message } } }`, nil).must(t)
		if got := r.userErrors(t, "assignAttributes"); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// Empty values are not returned (GLOSS).
	post(t, ts, `mutation { assignAttributes(input: {objectType: Product, objectId: 1, dynamicAttributes: [{attributeTypeName: "material_composition", attributeElementKey: "text", attributeElementValue: ""}]}) { userErrors { message } } }`, nil).must(t)
	r := post(t, ts, `{ product(id: 1) { attributes { type { name } } } }`, nil).must(t)
	if len(r.list(t, "product.attributes")) != 0 {
		t.Errorf("an empty value was returned: %s", r.Raw)
	}
}

func TestSec9_16_MediaBatchesAreAsynchronous(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	r := post(t, ts, `mutation { createMediaBatch(input: {productMedia: [{productId: 1, mediaType: IMAGE, url: "https://pim.example/1.jpg", metaDataJSON: "{\"sourceUrl\":\"https://pim.example/1.jpg\"}"}]}) { queueId userErrors { message } } }`, nil).must(t)
	queue := r.str(t, "createMediaBatch.queueId")
	poll := `query($q: String!) { mediaBatch(queueId: $q) { status productMedia { completed url } } }`
	if got := post(t, ts, poll, map[string]any{"q": queue}).must(t).str(t, "mediaBatch.status"); got != "IN_PROGRESS" {
		t.Errorf("first poll = %s", got)
	}
	if p, _ := ts.Product("SHIRT-1"); len(p.Media) != 0 {
		t.Error("media exist before the batch completed")
	}
	if got := post(t, ts, poll, map[string]any{"q": queue}).must(t).str(t, "mediaBatch.status"); got != "COMPLETED" {
		t.Errorf("second poll = %s", got)
	}
	p, _ := ts.Product("SHIRT-1")
	if len(p.Media) != 1 || p.Media[0].OriginalURL != "https://pim.example/1.jpg" {
		t.Errorf("media = %+v", p.Media)
	}
	var items []string
	for i := range 101 {
		items = append(items, fmt.Sprintf(`{productId: 1, mediaType: IMAGE, url: "https://pim.example/%d.jpg"}`, i))
	}
	r = post(t, ts, `mutation { createMediaBatch(input: {productMedia: [`+strings.Join(items, ",")+`]}) { queueId userErrors { message } } }`, nil).must(t)
	if got := r.userErrors(t, "createMediaBatch"); !slices.Equal(got, []string{"The maximum number of media to be imported at once is 100, got 101"}) || r.at(t, "createMediaBatch.queueId") != nil {
		t.Errorf("101 media: %s", r.Raw)
	}
}

func TestSec9_17_Visibility(t *testing.T) {
	ts := newServer(t, Options{})
	visible := ProductSeed{Number: "OK", Name: "Visible", Brand: "Northwind Apparel", Prices: map[string]float64{"EUR": 0},
		Variants: []VariantSeed{{Number: "-1", Name: "Black", SizeChart: "Letter", Sizes: []SizeSeed{{Size: "M"}}}},
		Displays: []DisplaySeed{{Store: "Retail", Markets: []string{"EU"}, Categories: []string{"Women"}}}}
	gated := visible
	gated.Number, gated.Brand, gated.Prices = "GATED", "Solstice Denim", nil
	gated.Variants = []VariantSeed{{Number: "-1", Name: "Black", SizeChart: "Letter"}}
	gated.Displays = []DisplaySeed{{Store: "Retail", Status: "INACTIVE", Markets: []string{"US"}}}
	if err := ts.SeedProducts([]ProductSeed{visible, gated}); err != nil {
		t.Fatal(err)
	}
	if v := ts.Visibility("OK", "Retail", "EU"); !v.Visible || len(v.Reasons) != 0 {
		t.Errorf("OK = %+v", v)
	}
	v := ts.Visibility("GATED", "Retail", "EU")
	want := []string{
		`brand "Solstice Denim" is not enabled in store "Retail"`,
		"display 2 status is INACTIVE, not ACTIVE",
		`market "EU" is not selected on display 2`,
		"display 2 has no category",
		"no ACTIVE variant has an active size",
		`product has no price in the pricelist of market "EU"`,
	}
	if v.Visible || !slices.Equal(v.Reasons, want) {
		t.Errorf("GATED reasons = %q\nwant %q", v.Reasons, want)
	}
	for _, tc := range []struct{ product, store, market, reason string }{
		{"NONE", "Retail", "EU", `product "NONE" does not exist`},
		{"OK", "Retail", "Mars", `market "Mars" does not exist in store "Retail"`},
		{"OK", "Wholesale", "Wholesale EU", `product has no display in store "Wholesale"`},
		{"OK", "Retail", "US", `market "US" is not selected on display 1`},
	} {
		got := ts.Visibility(tc.product, tc.store, tc.market)
		if got.Visible || !slices.Contains(got.Reasons, tc.reason) {
			t.Errorf("%s in %s/%s = %+v, want reason %q", tc.product, tc.store, tc.market, got, tc.reason)
		}
	}
	if err := ts.PriceAll("USD", 19); err != nil {
		t.Fatal(err)
	}
	if err := ts.EditProduct("OK", ProductEdit{Displays: map[string]DisplayEdit{"Retail": {AddMarkets: []string{"US"}}}}); err != nil {
		t.Fatal(err)
	}
	if v := ts.Visibility("OK", "Retail", "US"); !v.Visible {
		t.Errorf("OK in US after a price and the market = %+v", v)
	}
}

func TestRequest_InvalidDocumentsAre400(t *testing.T) {
	ts := newServer(t, Options{})
	cases := []struct {
		name, body, want string
	}{
		{"not json", `{"query": `, "Request body must be JSON with a non-empty query"},
		{"empty query", `{"query": ""}`, "Request body must be JSON with a non-empty query"},
		{"syntax", `{"query": "{ stores { id "}`, "Expected Name, found <EOF>"},
		{"unknown field", `{"query": "{ stores { id color } }"}`, `Cannot query field \"color\" on type \"Store\".`},
		{"unknown operation", `{"query": "query A { stores { id } }", "operationName": "B"}`, `Unknown operation named \"B\"`},
		{"bad variable", `{"query": "query($id: Int!) { product(id: $id) { id } }", "variables": {"id": "one"}}`, "cannot use string as Int"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL, bytes.NewBufferString(tc.body))
			req.Header.Set("Authorization", "Bearer "+DefaultToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(resp.Body)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(buf.String(), tc.want) {
				t.Errorf("status %d body %s, want 400 with %q", resp.StatusCode, buf.String(), tc.want)
			}
		})
	}
}

func TestRequest_FragmentsAliasesAndDirectives(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	r := post(t, ts, `query($skip: Boolean!) {
  a: products(where: {productNumber: {equals: "SHIRT-1"}}) { ...F }
  b: products(limit: 1) { number: productNumber name @skip(if: $skip) __typename }
}
fragment F on Product { id ... on Product { variants { variantNumber } } }`, map[string]any{"skip": true}).must(t)
	want := `{"a":[{"id":1,"variants":[{"variantNumber":"-BLK"},{"variantNumber":"-WHT"}]}],"b":[{"number":"SHIRT-1","__typename":"Product"}]}`
	if got := r.Raw[len(`{"data":`):strings.Index(r.Raw, `,"extensions"`)]; got != want {
		t.Errorf("data = %s\nwant   %s", got, want)
	}
}

func TestGenerateCatalog_ProductsAreVisible(t *testing.T) {
	ts := newServer(t, Options{})
	numbers, err := ts.GenerateCatalog(GenerateSpec{Products: 3, Variants: 2, SizeChart: "Numeric EU", Brand: "Fjord & Pine", Store: "Retail", Prefix: "G"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(numbers, []string{"G100000", "G100001", "G100002"}) {
		t.Fatalf("numbers = %v", numbers)
	}
	for _, m := range []string{"EU", "US", "UK"} {
		if v := ts.Visibility("G100002", "Retail", m); !v.Visible {
			t.Errorf("%s: %+v", m, v)
		}
	}
	p, _ := ts.Product("G100001")
	if len(p.Variants) != 2 || len(p.Variants[1].Sizes) != 6 || p.Variants[1].Sizes[5].SKU != "G100001-2-46" {
		t.Errorf("generated product = %+v", p.Variants)
	}
	if _, err := ts.GenerateCatalog(GenerateSpec{Products: 1, SizeChart: "Nope", Store: "Retail"}); err == nil {
		t.Error("an unknown size chart was accepted")
	}
}
