package plytix_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Contract tests: the example payloads of docs/reference/plytix-api.md, copied verbatim into testdata/,
// served as they are and decoded through the public API.

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// replay serves one fixture per path, and records the Authorization headers it receives.
type replay struct {
	mu     sync.Mutex
	auth   []string
	bodies map[string]reply
}

type reply struct {
	status int
	body   string
}

func newReplay(t *testing.T, bodies map[string]reply) (*replay, *plytix.Client) {
	t.Helper()
	r := &replay{bodies: bodies}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auth = append(r.auth, req.Header.Get("Authorization"))
		r.mu.Unlock()
		rep, ok := r.bodies[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.body))
	}))
	t.Cleanup(srv.Close)
	c, err := plytix.New(plytix.Config{APIURL: srv.URL, AuthURL: srv.URL, APIKey: secret.New("k"), APIPassword: secret.New("p")})
	if err != nil {
		t.Fatal(err)
	}
	return r, c
}

var okToken = reply{200, `{"data":[{"access_token":"token-1"}]}`}

// TestContract_TokenBodies_Sec2_2: both the documented and the live token bodies put the
// token at data[0].access_token; the live refresh_token is ignored.
func TestContract_TokenBodies_Sec2_2(t *testing.T) {
	for _, name := range []string{"token_documented.json", "token_live.json"} {
		t.Run(name, func(t *testing.T) {
			r, c := newReplay(t, map[string]reply{
				"/auth/api/get-token":                   {200, fixture(t, name)},
				"/api/v1/product_families/x/attributes": {200, `{"data":[]}`},
			})
			if _, err := c.FamilyAttributes(context.Background(), "x"); err != nil {
				t.Fatal(err)
			}
			if got := r.auth; !reflect.DeepEqual(got, []string{"", "Bearer <JWT>"}) {
				t.Fatalf("Authorization headers = %q", got)
			}
		})
	}
}

// TestContract_ErrorBodies_Sec3_2 decodes every documented error body.
func TestContract_ErrorBodies_Sec3_2(t *testing.T) {
	cases := []struct {
		file       string
		status     int
		wantType   string
		wantMsg    string
		wantFields []plytix.FieldError
	}{
		{"error_envelope.json", 422, "*plytix.ValidationError", "product data validation failed",
			[]plytix.FieldError{{Field: "some_attr", Msg: "label does not exist"}, {Field: "other_attr", Msg: "Not a valid decimal value. Format must be: ."}}},
		{"product_404.json", 404, "*plytix.NotFoundError", " No results found for 5c4ad0e1575fae0020dd7dd3", []plytix.FieldError{{Field: "id", Msg: "product does not exist"}}},
		{"product_404_v2.json", 404, "*plytix.NotFoundError", "No results found for None", []plytix.FieldError{{Field: "id", Msg: "does not exist"}}},
		{"product_422.json", 422, "*plytix.ValidationError", "product data validation failed",
			[]plytix.FieldError{{Field: "color_…", Msg: "[u'Red'] are not a valid values for Color (…) attribute."}}},
		{"column_limit_422.json", 422, "*plytix.ValidationError", "Schema validation error", []plytix.FieldError{{Field: "schema", Msg: "columns limit exceeded, current limit is 20"}}},
		{"duplicate_sku_409.json", 409, "*plytix.RequestError", "product data validation failed", []plytix.FieldError{{Field: "sku", Msg: "A product with the same SKU already exists"}}},
		{"accounts_422.json", 422, "*plytix.ValidationError", "One or more filter fields are not valid.", nil},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			_, c := newReplay(t, map[string]reply{"/auth/api/get-token": okToken, "/api/v1/products/x": {tc.status, fixture(t, tc.file)}})
			_, err := c.Product(context.Background(), "x")
			d := detailsOf(err)
			if typeName(err) != tc.wantType || d.StatusCode != tc.status || d.Message != tc.wantMsg || !reflect.DeepEqual(d.Fields, tc.wantFields) {
				t.Fatalf("err = %T %+v", err, d)
			}
		})
	}
	for _, file := range []string{"auth_401_documented.json", "auth_401_live.json"} {
		t.Run(file, func(t *testing.T) {
			_, c := newReplay(t, map[string]reply{"/auth/api/get-token": {401, fixture(t, file)}})
			_, err := c.Product(context.Background(), "x")
			var ua *plytix.UnauthorizedError
			if !errors.As(err, &ua) || (ua.Message != "Bad api_key or api_password" && ua.Message != "Bad api_key or api_password: Credentials not valid") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// TestContract_RichProduct2018_Sec6_2 decodes the documented GET example with every value
// shape, and its attributes by type class.
func TestContract_RichProduct2018_Sec6_2(t *testing.T) {
	_, c := newReplay(t, map[string]reply{"/auth/api/get-token": okToken, "/api/v1/products/5bfa8fba8544120001bd9073": {200, fixture(t, "product_get_2018.json")}})
	p, err := c.Product(context.Background(), "5bfa8fba8544120001bd9073")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "5bfa8fba8544120001bd9073" || p.SKU != "Product 1" || p.Label != "Product ~ 1" || p.Status != "Draft" || p.NumVariations != 0 || p.Type() != plytix.TypeSingle {
		t.Fatalf("product = %+v", p)
	}
	if !p.Created.Equal(time.Date(2018, 11, 25, 12, 4, 10, 45000000, time.UTC)) || !p.Modified.Equal(time.Date(2018, 11, 26, 16, 8, 47, 488000000, time.UTC)) {
		t.Fatalf("created %v modified %v", p.Created, p.Modified)
	}
	wantCats := []plytix.CategoryRef{{ID: "5bfa91ea8544120001bd907d", Name: "Category 1-3", Path: []string{"Category 1", "Category 1-3"}}}
	if !reflect.DeepEqual(p.Categories, wantCats) {
		t.Fatalf("categories = %+v", p.Categories)
	}
	if len(p.Assets) != 1 || p.Assets[0].URL != "https://files.plytix.com/api/v1.1/file/public_files/pim/assets/…/content_1.png" || p.Thumbnail == nil || p.Thumbnail.ID != "5bfac7d851e7590001486761" {
		t.Fatalf("assets %+v thumbnail %+v", p.Assets, p.Thumbnail)
	}
	defs := plytix.IndexByLabel([]plytix.AttributeDefinition{
		{Label: "boolean_attribute", TypeClass: plytix.TypeBoolean},
		{Label: "completeness_all_attributes", TypeClass: plytix.TypeCompleteness},
		{Label: "date_attribute", TypeClass: plytix.TypeDate},
		{Label: "decimal_number", TypeClass: plytix.TypeDecimal},
		{Label: "dropdown_attribute", TypeClass: plytix.TypeDropdown},
		{Label: "integer_number", TypeClass: plytix.TypeInt},
		{Label: "media_gallery", TypeClass: plytix.TypeMediaGallery},
		{Label: "media_single_1", TypeClass: plytix.TypeMedia},
		{Label: "multiselect_attribute", TypeClass: plytix.TypeMultiSelect},
		{Label: "paragraph", TypeClass: plytix.TypeMultiline},
		{Label: "rich_text", TypeClass: plytix.TypeHTML},
		{Label: "url", TypeClass: plytix.TypeURL},
	})
	values, errs := plytix.DecodeAttributes(defs, p.Attributes)
	if errs != nil {
		t.Fatalf("errors = %v", errs)
	}
	want := map[string]plytix.Value{
		"boolean_attribute":           plytix.Bool(false),
		"completeness_all_attributes": plytix.Percent(80),
		"date_attribute":              plytix.Date{Time: time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC)},
		"decimal_number":              plytix.Empty{},
		"dropdown_attribute":          plytix.Option("Option 2"),
		"integer_number":              plytix.Int(123456),
		"media_gallery":               plytix.Media{{ID: "5bfaced551e7590001486763", Filename: "1.jpeg", Thumb: "https://…/thumb/…/1.jpeg", URL: "https://…/file/…/1.jpeg"}},
		"media_single_1":              plytix.Media{{ID: "5bfaced551e7590001486765", Filename: "3.jpeg", Thumb: "https://…/thumb/…/3.jpeg"}},
		"multiselect_attribute":       plytix.Options{"select 1", "select 2"},
		"paragraph":                   plytix.Text("Lorem ipsum …"),
		"rich_text":                   plytix.Text("<div><b>Bold Heading</b>…</div>"),
		"url":                         plytix.Text("https://www.plytix.com/index/pricing"),
	}
	if !reflect.DeepEqual(values, want) {
		t.Fatalf("values =\n%#v\nwant\n%#v", values, want)
	}
}

// TestContract_Variant2023_Sec6_2 decodes the documented variant with its family and type.
func TestContract_Variant2023_Sec6_2(t *testing.T) {
	var env struct{ Data []plytix.Product }
	if err := json.Unmarshal([]byte(fixture(t, "variant_201.json")), &env); err != nil {
		t.Fatal(err)
	}
	p := env.Data[0]
	want := plytix.Product{
		ID: "6413053be3628de6cf7cdf7f", SKU: "my_variant_product", Status: "Draft", ParentID: "64130527e3628de6cf7cdf7e",
		ProductType: plytix.TypeVariant, FamilyID: "6405f5ce7288e165f149eb3c", FamilyModelID: "6405f74a7288e165f149eb47",
		Created:               time.Date(2023, 3, 16, 12, 2, 3, 395000000, time.UTC),
		Modified:              time.Date(2023, 3, 16, 12, 2, 3, 439000000, time.UTC),
		OverwrittenAttributes: []string{}, Categories: []plytix.CategoryRef{}, Assets: []plytix.MediaRef{},
		Attributes: map[string]json.RawMessage{},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("variant =\n%+v\nwant\n%+v", p, want)
	}
}

// TestContract_SearchItem2020_Sec6_3 decodes the documented search result with its
// pagination, numbers as strings and id-only media.
func TestContract_SearchItem2020_Sec6_3(t *testing.T) {
	body := `{"data":[` + fixture(t, "search_item_2020.json") + `],"pagination":` + fixture(t, "pagination.json") + `}`
	_, c := newReplay(t, map[string]reply{"/auth/api/get-token": okToken, "/api/v1/products/search": {200, body}})
	got := all(t, c, plytix.Query{})
	if len(got) != 1 {
		t.Fatalf("read %d products", len(got))
	}
	p := got[0]
	if p.SKU != "1016" || p.ParentID != "5ec383adf18d516fbbac718d" || p.Type() != plytix.TypeVariant || p.Label != "Backpack Venice - Black Rose" ||
		p.Thumbnail == nil || p.Thumbnail.ID != "5ebe690565931c704d75f9f8" || p.Thumbnail.URL != "" {
		t.Fatalf("product = %+v", p)
	}
	values, errs := plytix.DecodeAttributes(plytix.IndexByLabel([]plytix.AttributeDefinition{
		{Label: "colorways", TypeClass: plytix.TypeMultiSelect}, {Label: "discontinued", TypeClass: plytix.TypeBoolean},
		{Label: "launch_date", TypeClass: plytix.TypeDate}, {Label: "price_store", TypeClass: plytix.TypeDecimal},
		{Label: "product_gallery", TypeClass: plytix.TypeMediaGallery}, {Label: "volume_liters", TypeClass: plytix.TypeInt},
	}), p.Attributes)
	want := map[string]plytix.Value{
		"colorways": plytix.Options{"Black Rose"}, "discontinued": plytix.Bool(false),
		"launch_date": plytix.Date{Time: time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)}, "price_store": plytix.Decimal("97.43"),
		"product_gallery": plytix.Media{{ID: "5ebe690465931c704d75f9f4"}}, "volume_liters": plytix.Int(26),
	}
	if errs != nil || !reflect.DeepEqual(values, want) {
		t.Fatalf("values = %#v, errors %v", values, errs)
	}
}

// TestContract_V2Product_Sec6_4: v2's naive timestamps, parent_id-less single, bare-id
// media and numeric values decode as well.
func TestContract_V2Product_Sec6_4(t *testing.T) {
	var env struct{ Data []plytix.Product }
	if err := json.Unmarshal([]byte(fixture(t, "product_v2.json")), &env); err != nil {
		t.Fatal(err)
	}
	p := env.Data[0]
	if !p.Created.Equal(time.Date(2024, 11, 13, 11, 20, 30, 578000000, time.UTC)) || p.ProductType != plytix.TypeSingle ||
		p.ProductLevel == nil || *p.ProductLevel != 0 || len(p.Assets) != 2 || p.Assets[1].ID != "671918ceb301fed08f12f804" {
		t.Fatalf("v2 product = %+v", p)
	}
	values, errs := plytix.DecodeAttributes(plytix.IndexByLabel([]plytix.AttributeDefinition{
		{Label: "completeness", TypeClass: plytix.TypeCompleteness}, {Label: "decimal", TypeClass: plytix.TypeDecimal},
		{Label: "integer", TypeClass: plytix.TypeInt}, {Label: "media_single", TypeClass: plytix.TypeMedia},
		{Label: "media_gallery", TypeClass: plytix.TypeMediaGallery}, {Label: "date", TypeClass: plytix.TypeDate},
	}), p.Attributes)
	if errs != nil || values["completeness"] != plytix.Percent(71.43) || values["decimal"] != plytix.Decimal("12.3") || values["integer"] != plytix.Int(123) ||
		!reflect.DeepEqual(values["media_single"], plytix.Media{{ID: "671918c4b301fed08f12f803"}}) || len(values["media_gallery"].(plytix.Media)) != 2 {
		t.Fatalf("values = %#v, errors %v", values, errs)
	}
}

// TestContract_DefinitionsAndAssets_Sec8_Sec9 decodes the documented attribute search,
// category and asset objects.
func TestContract_DefinitionsAndAssets_Sec8_Sec9(t *testing.T) {
	page := func(item string) string {
		return `{"data":[` + item + `],"pagination":{"count":1,"order":null,"page":1,"page_size":100,"total_count":1}}`
	}
	_, c := newReplay(t, map[string]reply{
		"/auth/api/get-token":                   okToken,
		"/api/v1/attributes/product/search":     {200, fixture(t, "attribute_search.json")},
		"/api/v1/categories/product/search":     {200, page(fixture(t, "category.json"))},
		"/api/v1/assets/search":                 {200, page(fixture(t, "asset.json"))},
		"/api/v1/product_families/search":       {200, `{"data":[]}`},
		"/api/v1/product_families/f/attributes": {200, `{"data":[{"id":"a","label":"in_stock","name":"In Stock","attribute_level":"parent_level"}]}`},
	})
	defs, err := c.Attributes(context.Background())
	want := []plytix.AttributeDefinition{
		{ID: "5d00ae1aebd6f0000170c3d5", Label: "in_stock", Name: "In Stock", TypeClass: plytix.TypeBoolean, Options: []string{}, Groups: []string{"5d00d00fc3ddd200018d92f4"}},
		{ID: "5d0384c339d49f0001391965", Label: "color", Name: "color", TypeClass: plytix.TypeMultiSelect, Options: []string{"blue", "black", "green", "red"}},
	}
	if err != nil || !reflect.DeepEqual(defs, want) {
		t.Fatalf("definitions = %+v, %v", defs, err)
	}
	cats, err := c.Categories(context.Background())
	wantCat := plytix.Category{ID: "5cfa0e8cb7c0c500010b4f4d", Name: "Acme", Path: []string{"Packshots", "Acme"}, ParentIDs: []string{"…"}, Order: "1"}
	if err != nil || len(cats) != 1 || !reflect.DeepEqual(cats[0], wantCat) || cats[0].PathString() != "Packshots > Acme" {
		t.Fatalf("categories = %+v, %v", cats, err)
	}
	assets, err := c.Assets(context.Background(), []string{"5c483ee8eb9139000154dd5e"})
	a := assets["5c483ee8eb9139000154dd5e"]
	if err != nil || a.Filename != "k9189-1.jpg" || a.FileSize != 169232 || a.FileType != "IMAGES" || a.ContentType != "image/png" ||
		a.URL != "https://files.plytix.com/api/v1.1/file/public_files/pim/assets/…/k9189-1.jpg" || !a.Modified.IsZero() {
		t.Fatalf("asset = %+v, %v", a, err)
	}
	if fams, err := c.Families(context.Background()); err != nil || len(fams) != 0 {
		t.Fatalf("families = %v, %v", fams, err)
	}
	if attrs, err := c.FamilyAttributes(context.Background(), "f"); err != nil || attrs[0].Level != plytix.LevelParent {
		t.Fatalf("family attributes = %v, %v", attrs, err)
	}
}
