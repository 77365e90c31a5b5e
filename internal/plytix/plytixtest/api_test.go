package plytixtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
)

// TestAPI_TokenIsAJWTOf900Seconds_Sec2_2 follows docs/reference/plytix-api.md §2.2 and §2.3.
func TestAPI_TokenIsAJWTOf900Seconds_Sec2_2(t *testing.T) {
	h := newHarness(t, Options{})
	status, header, body := h.do("POST", "/auth/api/get-token", `{"api_key":"`+DefaultAPIKey+`","api_password":"`+DefaultAPIPassword+`"}`, nil)
	if status != 200 || header.Get("ratelimit-limit") != "8" || header.Get("x-ratelimit-limit-second") != "8" {
		t.Fatalf("status %d headers %v", status, header)
	}
	var out struct {
		Data []map[string]string `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Data) != 1 || out.Data[0]["refresh_token"] == "" {
		t.Fatalf("body %s", body)
	}
	parts := strings.Split(out.Data[0]["access_token"], ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Iat, Exp   int64
		UserClaims struct {
			Account struct {
				RateLimit map[string]int64 `json:"rate_limit"`
			}
		} `json:"user_claims"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Exp-claims.Iat != 900 || claims.Iat != h.clock.Now().Unix() {
		t.Fatalf("iat %d exp %d", claims.Iat, claims.Exp)
	}
	if !reflect.DeepEqual(claims.UserClaims.Account.RateLimit, map[string]int64{"requests_per_10_seconds": 0, "requests_per_hour": 0}) {
		t.Fatalf("rate limit claim %v (unlimited sandbox)", claims.UserClaims.Account.RateLimit)
	}
}

func TestAPI_AuthErrors_Sec2_3(t *testing.T) {
	h := newHarness(t, Options{AuthRateLimit: 2})
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"malformed", `{"api_key":`, 400, `{"error":{"msg":"Bad request: api_key and api_password are mandatory strings"}}`},
		{"missing password", `{"api_key":"x"}`, 400, `{"error":{"msg":"Bad request: api_key and api_password are mandatory strings"}}`},
		{"wrong password", `{"api_key":"` + DefaultAPIKey + `","api_password":"nope"}`, 401,
			`{"error":{"errors":[{"field":"http_status_code","msg":401}],"msg":"Bad api_key or api_password: Credentials not valid"}}`},
	}
	for _, tc := range cases {
		h.clock.Advance(time.Second) // stay inside the 2/s auth limit
		status, _, body := h.do("POST", "/auth/api/get-token", tc.body, nil)
		if status != tc.status || compact(t, body) != tc.want {
			t.Fatalf("%s: %d %s", tc.name, status, body)
		}
	}
	h.s.SetAuthErrors(AuthErrorDocumented)
	h.clock.Advance(time.Second)
	if _, _, body := h.do("POST", "/auth/api/get-token", cases[2].body, nil); compact(t, body) != `{"msg":"Bad api_key or api_password"}` {
		t.Fatalf("documented shape: %s", body)
	}
	h.newToken() // second request in this second
	status, header, body := h.do("POST", "/auth/api/get-token", cases[2].body, nil)
	if status != 429 || header.Get("Retry-After") != "1" || header.Get("ratelimit-limit") != "2" || compact(t, body) != `{"error":{"msg":"API rate limit exceeded"}}` {
		t.Fatalf("third request in a second: %d %v %s", status, header, body)
	}
}

// TestAPI_BearerChecks_Sec2_4: missing, malformed, forged, expired and revoked tokens.
func TestAPI_BearerChecks_Sec2_4(t *testing.T) {
	h := newHarness(t, Options{})
	check := func(name string, header http.Header, want string) {
		t.Helper()
		status, _, body := h.do("POST", "/api/v1/products/search", `{}`, header)
		if status != 401 || compact(t, body) != want {
			t.Fatalf("%s: %d %s", name, status, body)
		}
	}
	check("missing", nil, `{"error":{"msg":"Missing Authorization Header"}}`)
	check("lower-case bearer", http.Header{"Authorization": {"bearer " + h.token}},
		`{"error":{"msg":"Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer \u003cJWT\u003e'"}}`)
	forged := h.token[:len(h.token)-2] + "xx"
	check("forged", http.Header{"Authorization": {"Bearer " + forged}}, `{"error":{"msg":"Signature verification failed"}}`)
	if status, _ := h.api("POST", "/api/v1/products/search", `{}`); status != 200 {
		t.Fatalf("valid token: %d", status)
	}
	h.clock.Advance(15 * time.Minute)
	check("expired", http.Header{"Authorization": {"Bearer " + h.token}}, `{"error":{"msg":"Token has expired"}}`)
	h.token = h.newToken()
	h.s.ExpireTokens()
	check("revoked", http.Header{"Authorization": {"Bearer " + h.token}}, `{"error":{"msg":"Token has expired"}}`)
}

// TestAPI_SearchEnvelopeAndDefaults_Sec5_4: {} is a valid search; page 1 of 25; only id,
// sku, attributes, num_variations and a variant's _parent_id without asking.
func TestAPI_SearchEnvelopeAndDefaults_Sec5_4(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 1, Parents: 5}})
	status, res, body := h.search(`{}`)
	if status != 200 || len(res.Data) != 25 {
		t.Fatalf("%d %s", status, body)
	}
	wantPagination := map[string]any{"count": 25.0, "order": nil, "page": 1.0, "page_size": 25.0, "total_count": 45.0}
	if !reflect.DeepEqual(res.Pagination, wantPagination) {
		t.Fatalf("pagination = %v", res.Pagination)
	}
	for _, item := range res.Data {
		keys := slices.Sorted(mapsKeys(item))
		want := []string{"attributes", "id", "num_variations", "sku"}
		if item["num_variations"] == 0.0 {
			want = []string{"_parent_id", "attributes", "id", "num_variations", "sku"}
		}
		if !reflect.DeepEqual(keys, want) || len(item["attributes"].(map[string]any)) != 0 {
			t.Fatalf("item keys %v, want %v", keys, want)
		}
	}
	_, res, _ = h.search(`{"pagination":{"page":2,"page_size":40,"order":""}}`)
	if len(res.Data) != 5 || res.Pagination["order"] != "" || res.Pagination["count"] != 5.0 {
		t.Fatalf("page 2: %d items, pagination %v", len(res.Data), res.Pagination)
	}
	_, res, _ = h.search(`{"pagination":{"page":9}}`)
	if len(res.Data) != 0 || res.Pagination["total_count"] != 45.0 {
		t.Fatalf("past the end: %v", res.Pagination)
	}
}

func mapsKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestAPI_SearchLimits_Sec5_3_Sec5_4: the documented 422 and 428 answers, exactly.
func TestAPI_SearchLimits_Sec5_3_Sec5_4(t *testing.T) {
	h := newHarness(t, Options{Catalog: ForSKUs(10010, 1)})
	columns := func(n int) string {
		cols := []string{`"id"`, `"sku"`}
		for i := range n {
			cols = append(cols, []string{`"label"`, `"status"`, `"modified"`, `"created"`, `"gtin"`}[i%5])
			if i >= 5 {
				cols[len(cols)-1] = fmt.Sprintf(`"attributes.%s"`, h.s.Attributes()[i%17].Label)
			}
		}
		return strings.Join(cols, ",")
	}
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"page_size over 100", `{"pagination":{"page_size":101}}`, 422,
			`{"error":{"errors":[{"field":"page_size","msg":"Must be greater than or equal to 1 and less than or equal to 100."}],"msg":"Schema validation error"}}`},
		{"page 0", `{"pagination":{"page":0}}`, 422, `{"error":{"errors":[{"field":"page","msg":"Must be greater than or equal to 1."}],"msg":"Schema validation error"}}`},
		{"page not an int", `{"pagination":{"page":"two"}}`, 422, `{"error":{"errors":[{"field":"page","msg":"Not a valid integer."}],"msg":"Schema validation error"}}`},
		{"unknown column", `{"attributes":["attributes.nope"]}`, 422, `{"error":{"errors":[{"field":"attributes.nope","msg":"attribute does not exist"}],"msg":"Schema validation error"}}`},
		{"sorted over 10,000", `{"pagination":{"order":"sku"}}`, 428,
			`{"error":{"msg":"Too many results to sort (10010). Refine the search to 10000 products or fewer, or remove the order."}}`},
		{"not JSON", `[`, 400, `{"error":{"msg":"Bad request: the body is not a JSON object"}}`},
		{"filters not a list of lists", `{"filters":[{"field":"sku"}]}`, 422, `{"error":{"errors":[{"field":"filters","msg":"Not a valid list of lists of filters."}],"msg":"Schema validation error"}}`},
	}
	for _, tc := range cases {
		if status, body := h.api("POST", "/api/v1/products/search", tc.body); status != tc.status || compact(t, body) != tc.want {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
	}
	// The column limit counts every column but id and sku (§5.3).
	if status, _ := h.api("POST", "/api/v1/products/search", `{"attributes":[`+columns(50)+`]}`); status != 200 {
		t.Fatalf("50 columns: %d", status)
	}
	status, body := h.api("POST", "/api/v1/products/search", `{"attributes":[`+columns(51)+`]}`)
	if want := `{"error":{"errors":[{"field":"schema","msg":"columns limit exceeded, current limit is 50"}],"msg":"Schema validation error"}}`; status != 422 || compact(t, body) != want {
		t.Fatalf("51 columns: %d %s", status, body)
	}
	h.s.SetColumnLimit(20)
	status, body = h.api("POST", "/api/v1/products/search", `{"attributes":[`+columns(21)+`]}`)
	if want := `{"error":{"errors":[{"field":"schema","msg":"columns limit exceeded, current limit is 20"}],"msg":"Schema validation error"}}`; status != 422 || compact(t, body) != want {
		t.Fatalf("21 columns at 20: %d %s", status, body)
	}
	// Sorting is fine once the filter brings the result to 10,000 or fewer.
	if status, res, _ := h.search(`{"filters":[[{"field":"_is_variation","operator":"eq","value":true}]],"pagination":{"order":"-sku","page_size":3}}`); status != 200 || res.Pagination["order"] != "-sku" ||
		!slices.IsSortedFunc(res.skus(), func(a, b string) int { return strings.Compare(b, a) }) {
		t.Fatalf("sorted variants: %d %v", status, res.skus())
	}
}

// TestAPI_NotFoundAndMethodNotAllowed_Sec3_2: the documented 404 and the missing list
// endpoint's 405 (§1), and the trailing-slash redirect (§1).
func TestAPI_NotFoundAndMethodNotAllowed_Sec3_2(t *testing.T) {
	h := newHarness(t, Options{})
	status, body := h.api("GET", "/api/v1/products/5c4ad0e1575fae0020dd7dd3", "")
	if want := `{"error":{"errors":[{"field":"id","msg":"product does not exist"}],"msg":" No results found for 5c4ad0e1575fae0020dd7dd3"}}`; status != 404 || compact(t, body) != want {
		t.Fatalf("unknown product: %d %s", status, body)
	}
	status, header, body := h.do("GET", "/api/v1/products", "", nil)
	if status != 405 || header.Get("Allow") != "POST" || compact(t, body) != `{"error":{"msg":"The method is not allowed for the requested URL."}}` {
		t.Fatalf("GET /api/v1/products: %d %s", status, body)
	}
	status, header, body = h.do("PUT", "/api/v1/products/x", "", nil)
	if status != 405 || header.Get("Allow") != "GET, PATCH, DELETE" || !json.Valid([]byte(body)) {
		t.Fatalf("PUT a product: %d %v %s", status, header, body)
	}
	status, _, body = h.do("GET", "/api/v1/nothing", "", nil)
	if status != 404 || compact(t, body) != `{"error":{"msg":"The requested URL was not found on the server."}}` {
		t.Fatalf("unknown path: %d %s", status, body)
	}
	status, header, _ = h.do("POST", "/api/v1/products/search/", "{}", nil)
	if status != 301 || header.Get("Location") != "/api/v1/products/search" {
		t.Fatalf("trailing slash: %d %v", status, header)
	}
	status, body = h.api("GET", "/api/v1/assets/000000000000000000000000", "")
	if status != 200 || compact(t, body) != `{"data":[]}` {
		t.Fatalf("unknown asset: %d %s", status, body)
	}
}

var v1Timestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$`)

// TestAPI_ProductGetIsTheV1Shape_Sec6_2: every system field, v1 timestamps, expanded media,
// null for empty attributes with all_attributes.
func TestAPI_ProductGetIsTheV1Shape_Sec6_2(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 2, Parents: 2}})
	parent := h.s.ProductIDs()[0]
	variant := h.s.ProductIDs()[1]
	status, body := h.api("GET", "/api/v1/products/"+variant+"?all_attributes=true", "")
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var out struct{ Data []map[string]any }
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	p := out.Data[0]
	wantKeys := []string{"_parent_id", "assets", "attributes", "categories", "created", "gtin", "id", "label", "modified", "num_variations",
		"overwritten_attributes", "product_family_id", "product_family_model_id", "product_type", "relationships", "sku", "status", "thumbnail"}
	if got := slices.Sorted(mapsKeys(p)); !reflect.DeepEqual(got, wantKeys) {
		t.Fatalf("keys = %v", got)
	}
	if p["_parent_id"] != parent || p["product_type"] != "VARIANT" || !v1Timestamp.MatchString(p["created"].(string)) || !v1Timestamp.MatchString(p["modified"].(string)) {
		t.Fatalf("variant = %v", p)
	}
	attrs := p["attributes"].(map[string]any)
	if _, ok := attrs["season"]; !ok || attrs["color"] == nil || attrs["completeness_webshop"] != 100.0 {
		t.Fatalf("attributes = %v", attrs)
	}
	single := attrs["main_image"].(map[string]any)
	if single["path"] == nil || single["thumb"] == nil || single["url"] != nil {
		t.Fatalf("single media = %v, want path and thumb without url (§6.2)", single)
	}
	thumb := p["thumbnail"].(map[string]any)
	if !strings.HasPrefix(thumb["url"].(string), "https://files.plytix.com/api/v1.1/file/public_files/pim/assets/") {
		t.Fatalf("thumbnail = %v", thumb)
	}
	_, body = h.api("GET", "/api/v1/products/"+parent, "")
	if strings.Contains(body, `"color"`) || !strings.Contains(body, `"_parent_id":null`) || !strings.Contains(body, `"product_type":"PARENT"`) {
		t.Fatalf("parent without all_attributes: %s", body)
	}
}

// TestAPI_ModifiedBumpsOnEveryChange_Sec10.
func TestAPI_ModifiedBumpsOnEveryChange_Sec10(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 2, Parents: 2}})
	ids := h.s.ProductIDs()
	parent, variant := ids[0], ids[1]
	modified := func(id string) time.Time {
		p, err := h.s.Product(id)
		if err != nil {
			t.Fatal(err)
		}
		return p.Modified
	}
	h.clock.Advance(time.Hour)
	label := "New"
	if err := h.s.UpdateProduct(variant, ProductPatch{Label: &label}); err != nil {
		t.Fatal(err)
	}
	if !modified(variant).Equal(h.clock.Now()) || modified(parent).Equal(h.clock.Now()) {
		t.Fatal("a control edit must stamp the product, and only it")
	}
	h.clock.Advance(time.Minute)
	if _, err := h.s.AddVariant(parent, NewProduct{SKU: "NEW-1"}); err != nil || !modified(parent).Equal(h.clock.Now()) {
		t.Fatalf("adding a variant must stamp the parent (%v)", err)
	}
	h.clock.Advance(time.Minute)
	h.token = h.newToken()
	if status, _ := h.api("PATCH", "/api/v1/products/"+variant, `{"attributes":{"size":"XL"}}`); status != 200 || !modified(variant).Equal(h.clock.Now()) {
		t.Fatalf("API PATCH: %d", status)
	}
	h.clock.Advance(time.Minute)
	if err := h.s.DeleteProduct(variant); err != nil || !modified(parent).Equal(h.clock.Now()) {
		t.Fatalf("deleting a variant must stamp the parent (%v)", err)
	}
	h.clock.Advance(-time.Hour) // a clock going back never makes modified go back
	before := modified(parent)
	if err := h.s.UpdateProduct(parent, ProductPatch{Label: &label}); err != nil || !modified(parent).After(before) {
		t.Fatal("modified went backwards")
	}
	_, body := h.api("GET", "/api/v1/products/"+parent, "")
	if !strings.Contains(body, `"num_variations":8`) {
		t.Fatalf("num_variations after one added and one deleted: %s", body)
	}
}

// TestAPI_WritesValidateLikePlytix_Sec6_5.
func TestAPI_WritesValidateLikePlytix_Sec6_5(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 2, Parents: 2}})
	ids := h.s.ProductIDs()
	cases := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"unknown label", "PATCH", "/api/v1/products/" + ids[1], `{"attributes":{"nope":1}}`, 422,
			`{"error":{"errors":[{"field":"nope","msg":"label does not exist"}],"msg":"product data validation failed"}}`},
		{"invalid option", "PATCH", "/api/v1/products/" + ids[1], `{"attributes":{"color":"Red"}}`, 422,
			`{"error":{"errors":[{"field":"color","msg":"[u'Red'] are not a valid values for Colour (color) attribute."}],"msg":"product data validation failed"}}`},
		{"not a decimal", "PATCH", "/api/v1/products/" + ids[1], `{"attributes":{"recommended_retail_price":"12,5"}}`, 422,
			`{"error":{"errors":[{"field":"recommended_retail_price","msg":"Not a valid decimal value. Format must be: ."}],"msg":"product data validation failed"}}`},
		{"duplicate SKU", "POST", "/api/v1/products", `{"sku":"` + mustSKU(t, h.s, ids[1]) + `"}`, 409,
			`{"error":{"errors":[{"field":"sku","msg":"A product with the same SKU already exists"}],"msg":"product data validation failed"}}`},
		{"no SKU", "POST", "/api/v1/products", `{"label":"x"}`, 422,
			`{"error":{"errors":[{"field":"sku","msg":"Missing data for required field."}],"msg":"product data validation failed"}}`},
		{"unknown product", "DELETE", "/api/v1/products/000000000000000000000000", ``, 404,
			`{"error":{"errors":[{"field":"id","msg":"product does not exist"}],"msg":" No results found for 000000000000000000000000"}}`},
	}
	for _, tc := range cases {
		if status, body := h.api(tc.method, tc.path, tc.body); status != tc.status || compact(t, body) != tc.want {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
	}
	status, header, body := h.do("POST", "/api/v1/products", `{"sku":"NEW-SKU","attributes":{"features":["Vegan"]}}`, http.Header{"Authorization": {"Bearer " + h.token}})
	if status != 201 || !strings.HasPrefix(header.Get("Location"), "https://pim.plytix.com/api/v1/products/") || !strings.Contains(body, `"product_type":"SINGLE"`) {
		t.Fatalf("create: %d %v %s", status, header, body)
	}
	if status, body := h.api("PATCH", "/api/v1/products/"+ids[1], `{"attributes":{"weight_grams":null}}`); status != 200 || strings.Contains(body, "weight_grams") {
		t.Fatalf("null clears: %d %s", status, body)
	}
	if status, _ := h.api("DELETE", "/api/v1/products/"+ids[0], ""); status != 204 {
		t.Fatalf("delete parent: %d", status)
	}
	if status, _ := h.api("GET", "/api/v1/products/"+ids[1], ""); status != 404 {
		t.Fatal("deleting a parent must delete its variants (§6.1)")
	}
}

func mustSKU(t *testing.T, s *Server, id string) string {
	t.Helper()
	p, err := s.Product(id)
	if err != nil {
		t.Fatal(err)
	}
	return p.SKU
}

// TestAPI_RateLimitIs429UntilTheWindowFrees_Sec4.
func TestAPI_RateLimitIs429UntilTheWindowFrees_Sec4(t *testing.T) {
	h := newHarness(t, Options{RateLimits: []budget.Window{{Period: 10 * time.Second, Limit: 2}, {Period: time.Hour, Limit: 5000}}})
	for range 2 {
		if status, _ := h.api("POST", "/api/v1/products/search", "{}"); status != 200 {
			t.Fatalf("status %d", status)
		}
	}
	status, header, body := h.do("POST", "/api/v1/products/search", "{}", http.Header{"Authorization": {"Bearer " + h.token}})
	if status != 429 || header.Get("Retry-After") != "10" || compact(t, body) != `{"error":{"msg":"Too Many Requests"}}` {
		t.Fatalf("over the limit: %d %v %s", status, header, body)
	}
	h.s.SetOmitRetryAfter(true)
	if _, header, _ := h.do("POST", "/api/v1/products/search", "{}", http.Header{"Authorization": {"Bearer " + h.token}}); header.Get("Retry-After") != "" {
		t.Fatal("Retry-After sent although omitted")
	}
	h.clock.Advance(10 * time.Second)
	if status, _ := h.api("POST", "/api/v1/products/search", "{}"); status != 200 {
		t.Fatalf("after the window: %d", status)
	}
	if st := h.s.RateState(); st.Windows[1].Used != 3 {
		t.Fatalf("hourly use = %d, want 3 (refused requests are not counted)", st.Windows[1].Used)
	}
}

// TestAPI_DateFilterModes_Sec10: date filters take datetimes unless the sandbox is told
// they only take dates.
func TestAPI_DateFilterModes_Sec10(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 2, Parents: 3}, DateFilters: DateOnlyFilters})
	datetime := `{"filters":[[{"field":"modified","operator":"gte","value":"2025-06-01T10:00:00"}]]}`
	status, body := h.api("POST", "/api/v1/products/search", datetime)
	if want := `{"error":{"errors":[{"field":"modified","msg":"Not a valid date. Format must be: YYYY-MM-DD"}],"msg":"Schema validation error"}}`; status != 422 || compact(t, body) != want {
		t.Fatalf("datetime in date mode: %d %s", status, body)
	}
	if status, _ := h.api("POST", "/api/v1/products/search", `{"filters":[[{"field":"modified","operator":"gte","value":"2025-06-01"}]]}`); status != 200 {
		t.Fatalf("date in date mode: %d", status)
	}
	h.s.SetDateFilters(DateTimeFilters)
	if status, _ := h.api("POST", "/api/v1/products/search", datetime); status != 200 {
		t.Fatalf("datetime in datetime mode: %d", status)
	}
}

// TestAPI_DefinitionEndpoints_Sec8_Sec9.
func TestAPI_DefinitionEndpoints_Sec8_Sec9(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 2, Parents: 3}})
	if status, body := h.api("POST", "/api/v1/attributes/product/search", `{"attributes":["label","options"],"pagination":{"page_size":1000}}`); status != 200 ||
		!strings.Contains(body, `"label":"brand","options":["Nordvik"`) || strings.Contains(body, "type_class") {
		t.Fatalf("attribute search: %d %s", status, body)
	}
	if status, _ := h.api("POST", "/api/v1/categories/product/search", `{"pagination":{"page_size":101}}`); status != 422 {
		t.Fatalf("category page_size 101: %d", status)
	}
	status, body := h.api("POST", "/api/v1/categories/product/search", `{"filters":[[{"field":"parent_id","operator":"!exists"}]],"attributes":["name","n_children"]}`)
	if status != 200 || compact(t, body) != compact(t, rootsBody(t, h)) {
		t.Fatalf("root categories: %d %s", status, body)
	}
	status, body = h.api("GET", "/api/v1/filters/product", "")
	if status != 200 || !strings.Contains(body, `{"filter_type":"DateAttribute","key":"modified","operators":["exists","!exists","eq","gt","gte","lt","lte"]}`) ||
		!strings.Contains(body, `"properties":[{"filter_type":"BooleanAttribute","key":"_is_variation","operators":["eq"]}`) {
		t.Fatalf("filters: %d %s", status, body)
	}
}

func rootsBody(t *testing.T, h *harness) string {
	t.Helper()
	var items []string
	for _, c := range h.s.store.categories {
		if len(c.ParentIDs) == 0 {
			items = append(items, fmt.Sprintf(`{"id":%q,"n_children":%d,"name":%q}`, c.ID, c.Children, c.Name))
		}
	}
	return fmt.Sprintf(`{"data":[%s],"pagination":{"count":%d,"order":null,"page":1,"page_size":25,"total_count":%d}}`, strings.Join(items, ","), len(items), len(items))
}
