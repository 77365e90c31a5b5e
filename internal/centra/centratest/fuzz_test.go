package centratest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// FuzzServeGraphQL: no request body, however hostile, makes the sandbox panic or answer
// anything but 200 or 400 with a JSON body.
func FuzzServeGraphQL(f *testing.F) {
	seeds := []string{
		`{"query":"{ stores { id name } }"}`,
		`{"query":"query($n: String!) { products(where: {productNumber: {equals: $n}}) { id variants { productSizes { SKU } } } }","variables":{"n":"P"}}`,
		`{"query":"mutation { createProduct(input: {name: \"A\", status: ACTIVE, productNumber: \"A\", addProductVariants: [{name: \"V\", status: ACTIVE, sizeChart: {id: 1}, productSizes: [{size: {name: \"S\"}, isActive: true}]}]}) { product { id } userErrors { message } } }"}`,
		`{"query":"mutation { createDisplay(input: {store: {id: 1}, product: {id: 1}, name: \"D\", status: ACTIVE, addMarkets: [{id: 1}]}) { display { uri } userErrors { message } } }"}`,
		`{"query":"{ products(limit: 99999999999) { id } }"}`,
		`{"query":"{ product(id: 1) { attributes { ... on MappedAttribute { id } elements { key } } } }"}`,
		`{"query":"query A { stores { id } } query B { brands { id } }","operationName":"B"}`,
		`{"query":"{ __schema { types { name } } }"}`,
		`{"query":"{ stores { ...F } } fragment F on Store { ...F }"}`,
		`{"query":"mutation($i: [AttributesAssignGenericInput!]!) { assignAttributesBatch(input: $i) { userErrors { message } } }","variables":{"i":[{"objectType":"Product","objectId":1.5}]}}`,
		`{"query":`, `null`, `[]`, `{"query":"{","variables":7}`,
	}
	for _, s := range seeds {
		f.Add(s)
	}
	sb, err := New(Options{RateLimits: &RateLimits{Disabled: true}})
	if err != nil {
		f.Fatal(err)
	}
	if err := sb.SeedProducts([]ProductSeed{{Number: "P", Name: "P", Brand: "Northwind Apparel",
		Attributes: []AttributeEdit{{Type: "fit", Mapped: "Slim"}},
		Variants:   []VariantSeed{{Number: "-1", Name: "V", SizeChart: "Letter", Sizes: []SizeSeed{{Size: "S"}}}}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("invalid JSON for %q: %s", body, rec.Body.String())
		}
	})
}

var slugPattern = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)

// FuzzSlugify: generated URIs are lower-case ASCII words joined by single dashes, and
// slugifying again changes nothing (§9.10).
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Café Crème / Sweater", "Øresund Jacket", "  --A--b--  ", "Straße & Co", "日本語", "", "100% cotton"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := slugify(name)
		if !slugPattern.MatchString(s) {
			t.Fatalf("slugify(%q) = %q", name, s)
		}
		if again := slugify(s); again != s {
			t.Fatalf("slugify is not idempotent: %q → %q → %q", name, s, again)
		}
	})
}

func TestSlugify_Examples(t *testing.T) {
	cases := map[string]string{
		"Café Crème / Sweater": "cafe-creme-sweater",
		"Øresund Jacket":       "oresund-jacket",
		"Straße & Co":          "strasse-and-co",
		"  --A--b--  ":         "a-b",
		"日本語":                  "",
	}
	for in, want := range cases {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
