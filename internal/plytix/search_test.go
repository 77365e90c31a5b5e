package plytix_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// handmade is a sandbox over a few hand-written products, for exact filter expectations.
func handmade(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, plytixtest.Options{})
	add := func(np plytixtest.NewProduct) string {
		id, err := e.srv.AddProduct(np)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
		return id
	}
	add(plytixtest.NewProduct{SKU: "TEE-1", Label: "Linen Tee", Status: "Draft", Attributes: map[string]any{
		"brand": "Nordvik", "features": []string{"Organic", "Vegan"}, "weight_grams": int64(180), "recommended_retail_price": 29.95,
		"is_sustainable": true, "launch_date": "2025-03-01T00:00:00", "material": "100% linen"}})
	add(plytixtest.NewProduct{SKU: "TEE-2", Label: "Organic Cotton Tank", Status: "Completed", Attributes: map[string]any{
		"brand": "Atelier Rouge", "features": []string{"Recycled"}, "weight_grams": "350", "recommended_retail_price": "59.90",
		"is_sustainable": false, "launch_date": "2025-09-01"}})
	parent := add(plytixtest.NewProduct{SKU: "KNIT-1", Label: "Merino Crew Neck", Status: "Completed", Attributes: map[string]any{
		"brand": "Maison Lumière", "material": "Merino"}})
	if _, err := e.srv.AddVariant(parent, plytixtest.NewProduct{SKU: "KNIT-1-BLK-M", Label: "Merino Crew Neck - Black / M", Status: "Completed",
		Attributes: map[string]any{"color": "Black", "size": "M", "weight_grams": int64(420)}}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	return e
}

// TestSearch_FilterSemantics_Sec5_2 follows the operator table and case rules of
// docs/reference/plytix-api.md §5.2.
func TestSearch_FilterSemantics_Sec5_2(t *testing.T) {
	e := handmade(t)
	c := e.client()
	f := plytix.AttributeField
	cases := []struct {
		name    string
		filters plytix.Filters
		want    []string
	}{
		{"everything", nil, []string{"TEE-1", "TEE-2", "KNIT-1", "KNIT-1-BLK-M"}},
		{"eq on text is case-insensitive", plytix.Filters{{plytix.Eq("sku", "tee-1")}}, []string{"TEE-1"}},
		{"!eq", plytix.Filters{{{Field: "sku", Operator: plytix.OpNotEq, Value: "TEE-1"}}}, []string{"TEE-2", "KNIT-1", "KNIT-1-BLK-M"}},
		{"like is a substring", plytix.Filters{{{Field: "label", Operator: plytix.OpLike, Value: "MERINO"}}}, []string{"KNIT-1", "KNIT-1-BLK-M"}},
		{"dropdown eq ignores case", plytix.Filters{{plytix.Eq(f("brand"), "nordvik")}}, []string{"TEE-1"}},
		{"dropdown in is case-sensitive", plytix.Filters{{plytix.In(f("brand"), "nordvik")}}, nil},
		{"dropdown in", plytix.Filters{{plytix.In(f("brand"), "Nordvik", "Atelier Rouge")}}, []string{"TEE-1", "TEE-2"}},
		{"variants inherit parent-level values", plytix.Filters{{plytix.Eq(f("brand"), "Maison Lumière")}}, []string{"KNIT-1", "KNIT-1-BLK-M"}},
		{"multiselect in matches any", plytix.Filters{{plytix.In(f("features"), "Vegan", "Recycled")}}, []string{"TEE-1", "TEE-2"}},
		{"multiselect !in", plytix.Filters{{{Field: f("features"), Operator: plytix.OpNotIn, Value: []string{"Vegan"}}}}, []string{"TEE-2", "KNIT-1", "KNIT-1-BLK-M"}},
		{"numbers compare with numbers sent as strings", plytix.Filters{{{Field: f("weight_grams"), Operator: plytix.OpGt, Value: 300}}}, []string{"TEE-2", "KNIT-1-BLK-M"}},
		{"decimal lte", plytix.Filters{{{Field: f("recommended_retail_price"), Operator: plytix.OpLte, Value: "30"}}}, []string{"TEE-1"}},
		{"boolean eq false", plytix.Filters{{plytix.Eq(f("is_sustainable"), false)}}, []string{"TEE-2"}},
		{"date attribute gte", plytix.Filters{{{Field: f("launch_date"), Operator: plytix.OpGte, Value: "2025-06-01"}}}, []string{"TEE-2"}},
		{"exists", plytix.Filters{{plytix.Exists(f("material"))}}, []string{"TEE-1", "KNIT-1", "KNIT-1-BLK-M"}},
		{"!exists", plytix.Filters{{{Field: f("color"), Operator: plytix.OpNotExists}}}, []string{"TEE-1", "TEE-2", "KNIT-1"}},
		{"status eq ignores case", plytix.Filters{{plytix.Eq("status", "draft")}}, []string{"TEE-1"}},
		{"status in is case-sensitive", plytix.Filters{{plytix.In("status", "completed")}}, nil},
		{"AND inside a group", plytix.Filters{{plytix.Eq("status", "Completed"), plytix.Exists(f("color"))}}, []string{"KNIT-1-BLK-M"}},
		{"OR across groups", plytix.Filters{{plytix.Eq("sku", "TEE-1")}, {plytix.Eq("sku", "TEE-2")}}, []string{"TEE-1", "TEE-2"}},
		{"text_search across fields", plytix.Filters{{{Fields: []string{"sku", "label"}, Operator: plytix.OpTextSearch, Value: "tank"}}}, []string{"TEE-2"}},
		{"variants only", plytix.Filters{{plytix.Eq("_is_variation", true)}}, []string{"KNIT-1-BLK-M"}},
		{"parents only", plytix.Filters{{plytix.Eq("_has_variations", true)}}, []string{"KNIT-1"}},
		{"product level", plytix.Filters{{plytix.Eq("product_level", 0)}}, []string{"TEE-1", "TEE-2"}},
		{"modified datetime", plytix.Filters{{{Field: "modified", Operator: plytix.OpGte, Value: e.clock.Now().Add(-150 * time.Second).Format("2006-01-02T15:04:05")}}}, []string{"KNIT-1", "KNIT-1-BLK-M"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := skus(all(t, c, plytix.Query{Filters: tc.filters}))
			if !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Fatalf("SKUs = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSearch_UnknownFieldsAndOperatorsAre422_Sec5_1(t *testing.T) {
	e := handmade(t)
	c := e.client()
	cases := []struct {
		name       string
		q          plytix.Query
		wantFields []plytix.FieldError
	}{
		{"unknown attribute filter", plytix.Query{Filters: plytix.Filters{{plytix.Exists("attributes.nope")}}},
			[]plytix.FieldError{{Field: "attributes.nope", Msg: "field does not exist"}}},
		{"operator not allowed for the type", plytix.Query{Filters: plytix.Filters{{{Field: "attributes.weight_grams", Operator: plytix.OpLike, Value: "3"}}}},
			[]plytix.FieldError{{Field: "attributes.weight_grams", Msg: "operator like is not allowed for this field"}}},
		{"in on a text field", plytix.Query{Filters: plytix.Filters{{plytix.In("sku", "TEE-1")}}},
			[]plytix.FieldError{{Field: "sku", Msg: "operator in is not allowed for this field"}}},
		{"undocumented id filter", plytix.Query{Filters: plytix.Filters{{plytix.In("id", "x")}}},
			[]plytix.FieldError{{Field: "id", Msg: "field does not exist"}}},
		{"unknown column", plytix.Query{Columns: []string{"attributes.nope"}},
			[]plytix.FieldError{{Field: "attributes.nope", Msg: "attribute does not exist"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Scan(context.Background(), tc.q, func(plytix.Page) error { return nil })
			var ve *plytix.ValidationError
			if !errors.As(err, &ve) || ve.StatusCode != 422 || ve.Message != "Schema validation error" || !reflect.DeepEqual(ve.Fields, tc.wantFields) {
				t.Fatalf("err = %v, want a 422 naming %v", err, tc.wantFields)
			}
		})
	}
	if err := c.Scan(context.Background(), plytix.Query{Filters: plytix.Filters{{}}}, nil); err == nil || err.Error() != "plytix: invalid filters: filter group 0 is empty" {
		t.Fatalf("an invalid query must fail before any request: %v", err)
	}
}

// TestSearch_ProjectionAndParentLinks_Sec6_3: search returns id, sku, num_variations and
// _parent_id (variants only) always, the rest only when asked, media as ids only.
func TestSearch_ProjectionAndParentLinks_Sec6_3(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog()})
	c := e.client()
	bare := all(t, c, plytix.Query{Filters: plytix.Filters{{plytix.Eq("_has_variations", true)}}})
	if len(bare) != 12 {
		t.Fatalf("parents = %d, want 12", len(bare))
	}
	p := bare[0]
	if p.ID == "" || p.SKU == "" || p.NumVariations != 8 || p.Label != "" || !p.Modified.IsZero() || len(p.Attributes) != 0 || p.Type() != plytix.TypeParent {
		t.Fatalf("unprojected parent = %+v", p)
	}
	columns := []string{"label", "status", "modified", "categories", "thumbnail", "assets", plytix.AttributeField("brand"), plytix.AttributeField("main_image")}
	variants := all(t, c, plytix.Query{Columns: columns, Filters: plytix.Filters{{plytix.Eq("_is_variation", true)}}})
	if len(variants) != 96 {
		t.Fatalf("variants = %d, want 96", len(variants))
	}
	v := variants[0]
	if v.ParentID != p.ID || v.Type() != plytix.TypeVariant || v.NumVariations != 0 {
		t.Fatalf("variant links: parent %q type %s, want parent %q", v.ParentID, v.Type(), p.ID)
	}
	if v.Label == "" || v.Status == "" || v.Modified.IsZero() || len(v.Categories) != 1 || len(v.Categories[0].Path) != 2 {
		t.Fatalf("projected variant = %+v", v)
	}
	if v.Thumbnail == nil || v.Thumbnail.URL != "" || len(v.Assets) == 0 || v.Assets[0].URL != "" {
		t.Fatalf("search media must be ids only (§6.3): thumbnail %+v assets %+v", v.Thumbnail, v.Assets)
	}
	if got := string(v.Attributes["main_image"]); got != `{"id":"`+v.Thumbnail.ID+`"}` {
		t.Fatalf("main_image = %s", got)
	}
	if _, ok := v.Attributes["color"]; ok || len(v.Attributes) != 2 {
		t.Fatalf("attributes = %v, want only the two requested", v.Attributes)
	}
}

func TestSearch_PagesOf100_Sec5_4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 3, Parents: 25, Singles: 25}}) // 250 products
	c := e.client()
	var sizes []int
	err := c.Scan(context.Background(), plytix.Query{PageSize: 500}, func(p plytix.Page) error {
		sizes = append(sizes, len(p.Products))
		if p.Total != 250 {
			t.Errorf("page %d Total = %d, want 250", p.Number, p.Total)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sizes, []int{100, 100, 50}) || e.count(searchOp, "200") != 3 {
		t.Fatalf("pages = %v in %d requests, want [100 100 50] in 3", sizes, e.count(searchOp, "200"))
	}
}

func TestSearch_TolerantOfPaginationQuirks_Sec5_4(t *testing.T) {
	for _, quirk := range []plytixtest.PaginationQuirk{plytixtest.PaginationZeroCount, plytixtest.PaginationNoTotals} {
		t.Run(string(quirk), func(t *testing.T) {
			e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 3, Parents: 20}, Pagination: quirk}) // 180 products
			c := e.client()
			if got := len(all(t, c, plytix.Query{})); got != 180 {
				t.Fatalf("read %d products, want 180", got)
			}
			if got := len(all(t, c, plytix.Query{Order: "sku"})); got != 180 {
				t.Fatalf("sorted read %d products, want 180", got)
			}
		})
	}
}

func TestSearch_IteratorStopsEarly(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog()})
	c := e.client()
	n := 0
	for _, err := range c.Products(context.Background(), plytix.Query{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 5 {
			break
		}
	}
	if got := e.count(searchOp, "200"); got != 1 {
		t.Fatalf("searches = %d, want 1", got)
	}
}

func TestSearch_ServerRepeatingAPageIsAnError(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/v1/products/search", Status: 200,
		Body: `{"data":[{"id":"5c4ed8002f0985001e233275","sku":"A"}],"pagination":{"count":1,"page":1,"page_size":1,"total_count":5}}`})
	var seen int
	err := e.client().Scan(context.Background(), plytix.Query{PageSize: 1}, func(p plytix.Page) error { seen += len(p.Products); return nil })
	var de *plytix.DecodeError
	if !errors.As(err, &de) || de.Err.Error() != "the API returned the same page twice" || seen != 1 {
		t.Fatalf("err = %v after %d products, want the repeated page detected", err, seen)
	}
}

// TestSearch_MultiPassMergesByID_Sec5_3: more columns than the limit are read in passes and
// merged; the result equals a single-pass read.
func TestSearch_MultiPassMergesByID_Sec5_3(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog(), ColumnLimit: 50})
	var columns []string
	for _, d := range e.srv.Attributes() {
		columns = append(columns, plytix.AttributeField(d.Label))
	}
	columns = append(columns, "label", "status", "modified", "thumbnail")
	want := all(t, e.client(), plytix.Query{Columns: columns})

	e.srv.SetColumnLimit(5)
	before := e.count(searchOp, "200")
	c := e.client(func(c *plytix.Config) { c.ColumnLimit = 5 })
	got := all(t, c, plytix.Query{Columns: columns})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("multi-pass read differs from the single-pass read")
	}
	// 21 columns at 5 per pass is 5 passes; 113 products are 2 pages.
	if got := e.count(searchOp, "200") - before; got != 10 {
		t.Fatalf("searches = %d, want 5 passes × 2 pages", got)
	}
	if e.count(searchOp, "422") != 0 {
		t.Fatal("a pass exceeded the column limit")
	}
}

func TestSearch_LearnsALowerColumnLimit_Sec5_3(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog(), ColumnLimit: 20})
	var columns []string
	for _, d := range e.srv.Attributes() {
		columns = append(columns, plytix.AttributeField(d.Label))
	}
	columns = append(columns, "label", "status", "modified", "created", "gtin", "categories")
	c := e.client() // believes the documented 50
	got := all(t, c, plytix.Query{Columns: columns})
	if len(got) != 113 || c.ColumnLimit() != 20 {
		t.Fatalf("read %d products, column limit now %d; want 113 and 20", len(got), c.ColumnLimit())
	}
	if got := e.count(searchOp, "422"); got != 1 {
		t.Fatalf("422s = %d, want exactly the one that taught the limit", got)
	}
	for _, p := range got {
		if p.IsVariant() && (len(p.Attributes["color"]) == 0 || p.Label == "") {
			t.Fatalf("variant %s lost columns in the merge: %v", p.SKU, p.Attributes)
		}
	}
}

// TestSearch_SortedReadsNeverTrip428_Sec5_4: a sorted read over more than 10,000 products is
// windowed by date, each window counted before it is sorted.
func TestSearch_SortedReadsNeverTrip428_Sec5_4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.ForSKUs(25000, 11)})
	c := e.client()
	seen := map[string]bool{}
	var last time.Time
	var windows []plytix.Window
	err := c.Scan(context.Background(), plytix.Query{Order: "modified", Columns: []string{"modified"}}, func(p plytix.Page) error {
		if !p.Sorted {
			t.Fatalf("page %d unsorted", p.Number)
		}
		if len(windows) == 0 || windows[len(windows)-1] != p.Window {
			windows = append(windows, p.Window)
		}
		for _, prod := range p.Products {
			if seen[prod.ID] {
				t.Fatalf("%s seen twice", prod.SKU)
			}
			seen[prod.ID] = true
			if prod.Modified.Before(last) {
				t.Fatalf("%s out of order: %v after %v", prod.SKU, prod.Modified, last)
			}
			last = prod.Modified
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 25000 {
		t.Fatalf("read %d products, want 25000", len(seen))
	}
	if got := e.count(searchOp, "428"); got != 0 {
		t.Fatalf("the client tripped %d 428s", got)
	}
	if len(windows) < 3 || windows[0].Field != "modified" || !windows[len(windows)-1].To.IsZero() {
		t.Fatalf("windows = %+v, want several modified windows, the last open", windows)
	}
	for i := 1; i < len(windows); i++ {
		if windows[i].From.Before(windows[i-1].To) {
			t.Fatalf("windows %d and %d overlap: %+v", i-1, i, windows)
		}
	}
}

func TestSearch_DescendingOrderWindowsLatestFirst_Sec5_4(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.ForSKUs(12000, 5)})
	var prev time.Time
	n := 0
	err := e.client().Scan(context.Background(), plytix.Query{Order: "-created", Columns: []string{"created"}}, func(p plytix.Page) error {
		for _, prod := range p.Products {
			if !prev.IsZero() && prod.Created.After(prev) {
				t.Fatalf("%s out of descending order", prod.SKU)
			}
			prev = prod.Created
			n++
		}
		return nil
	})
	if err != nil || n != 12000 || e.count(searchOp, "428") != 0 {
		t.Fatalf("err %v, read %d, 428s %d", err, n, e.count(searchOp, "428"))
	}
}

// TestSearch_WindowTooDenseToSortIsReadUnsorted: more than 10,000 products modified in the
// same second cannot be windowed at a one-second precision; they are read unsorted, and
// said so.
func TestSearch_WindowTooDenseToSortIsReadUnsorted(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.ForSKUs(10400, 2)})
	ids := e.srv.ProductIDs()
	status := "Completed"
	for _, id := range ids[:10050] { // one bulk edit: same second
		if err := e.srv.UpdateProduct(id, plytixtest.ProductPatch{Status: &status}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	unsorted := 0
	err := e.client().ModifiedSince(context.Background(), time.Time{}, plytix.Query{}, func(p plytix.Page) error {
		for _, prod := range p.Products {
			seen[prod.ID] = true
			if !p.Sorted {
				unsorted++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 10400 || unsorted != 10050 || e.count(searchOp, "428") != 0 {
		t.Fatalf("read %d (want 10400), unsorted %d (want 10050), 428s %d", len(seen), unsorted, e.count(searchOp, "428"))
	}
}

func TestSearch_RaceIntoA428SplitsTheWindow(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.ForSKUs(3000, 4)})
	// The count says the window is small, then the sorted read is refused once.
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/v1/products/search", Status: 428, Skip: 1, Times: 1})
	got := all(t, e.client(), plytix.Query{Order: "sku"})
	if len(got) != 3000 {
		t.Fatalf("read %d products, want 3000", len(got))
	}
}

// TestMerge_ProductMissingFromAPassIsCompletedWithOneGet: a product written between two
// passes' requests can be missing from one pass's page; it is completed by id with one GET
// (§6.2) and emitted once.
func TestMerge_ProductMissingFromAPassIsCompletedWithOneGet(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 9, Singles: 12}, ColumnLimit: 2})
	ids := e.srv.ProductIDs()
	// Page 1 of the second pass, as if ids[0] had moved out of it between the two requests.
	var items []map[string]any
	for _, id := range ids[1:5] {
		st, err := e.srv.Product(id)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, map[string]any{"id": id, "sku": st.SKU, "num_variations": 0,
			"attributes": map[string]any{"material": st.Attributes["material"], "brand": st.Attributes["brand"]}})
	}
	body, _ := json.Marshal(map[string]any{"data": items, "pagination": map[string]any{"count": 4, "page": 1, "page_size": 5, "total_count": 12}})
	e.srv.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Path: "/api/v1/products/search", Status: 200, Body: string(body), Skip: 1, Times: 1})

	c := e.client(func(c *plytix.Config) { c.ColumnLimit = 2 })
	columns := []string{"label", "status", plytix.AttributeField("material"), plytix.AttributeField("brand")}
	var got []plytix.Product
	var lastPageSorted bool
	err := c.Scan(context.Background(), plytix.Query{Columns: columns, PageSize: 5}, func(p plytix.Page) error {
		got = append(got, p.Products...)
		lastPageSorted = p.Sorted
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 || got[len(got)-1].ID != ids[0] || lastPageSorted {
		t.Fatalf("read %v; want 12 products, the straggler %s last in its own page", skus(got), ids[0])
	}
	seen := map[string]bool{}
	for _, p := range got {
		st, _ := e.srv.Product(p.ID)
		var material string
		_ = json.Unmarshal(p.Attributes["material"], &material)
		if seen[p.ID] || material != st.Attributes["material"] || p.Label != st.Label {
			t.Fatalf("%s merged wrongly or twice: label %q material %q", p.SKU, p.Label, material)
		}
		seen[p.ID] = true
	}
	if got := e.count("GET /api/v1/products/{id}", "200"); got != 1 {
		t.Fatalf("GETs = %d, want 1 for the one straggler", got)
	}
}

// TestSearch_PageOverTheCapIsReadInHalves: a few products with a huge description make a page
// of 100 larger than the response cap. The page is read again in halves, down to as few
// products a request as fit, and every product arrives whole; the run does not fail.
func TestSearch_PageOverTheCapIsReadInHalves(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 3, Parents: 4, Singles: 20}})
	huge := strings.Repeat("Lorem ipsum dolor sit amet. ", 1500) // 42 KB
	ids := e.srv.ProductIDs()
	for _, id := range ids[:8] {
		if err := e.srv.UpdateProduct(id, plytixtest.ProductPatch{Attributes: map[string]any{"description": huge}}); err != nil {
			t.Fatal(err)
		}
	}
	c := e.client(func(c *plytix.Config) { c.MaxBodyBytes = 200 << 10 }) // 8 × 42 KB do not fit
	read := map[string]int{}
	err := c.Scan(context.Background(), plytix.Query{PageSize: 100, Columns: plytix.ProductColumns("description")}, func(p plytix.Page) error {
		for _, prod := range p.Products {
			read[prod.ID] = len(prod.Attributes["description"])
		}
		return nil
	})
	if err != nil {
		t.Fatalf("the read failed: %v", err)
	}
	if len(read) != len(ids) {
		t.Fatalf("read %d of %d products", len(read), len(ids))
	}
	for _, id := range ids[:8] {
		if read[id] != len(huge)+len(`""`) {
			t.Errorf("product %s arrived with a description of %d bytes, want %d", id, read[id], len(huge)+2)
		}
	}
	if n := e.count(searchOp, "200"); n < 3 {
		t.Errorf("%d search requests: the page was not split", n)
	}
}

// TestSearch_OneProductOverTheCapIsReportedNotFatal: a single product larger than the cap is
// read without its attributes, to know its id and SKU, and reported on its page as unreadable;
// the read goes on and every other product arrives.
func TestSearch_OneProductOverTheCapIsReportedNotFatal(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 3, Singles: 5}})
	ids := e.srv.ProductIDs()
	big, err := e.srv.Product(ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if err := e.srv.UpdateProduct(ids[2], plytixtest.ProductPatch{Attributes: map[string]any{"description": strings.Repeat("x", 300<<10)}}); err != nil {
		t.Fatal(err)
	}
	c := e.client(func(c *plytix.Config) { c.MaxBodyBytes = 200 << 10 })
	var read int
	var unreadable []plytix.Unreadable
	err = c.Scan(context.Background(), plytix.Query{PageSize: 100, Columns: plytix.ProductColumns("description")}, func(p plytix.Page) error {
		read += len(p.Products)
		unreadable = append(unreadable, p.Unreadable...)
		return nil
	})
	if err != nil {
		t.Fatalf("the read failed: %v", err)
	}
	if read != len(ids)-1 || len(unreadable) != 1 || unreadable[0].ID != ids[2] || unreadable[0].SKU != big.SKU ||
		!strings.Contains(unreadable[0].Reason, "larger than the response cap (204800 bytes)") {
		t.Fatalf("read %d of %d products, unreadable %+v", read, len(ids), unreadable)
	}
}

// TestSearch_AValueNestedTooDeepIsReportedNotFatal: a value nested 100,000 deep makes the whole
// page undecodable. The page is read again in halves, the product is reported as unreadable, and
// every other product arrives.
func TestSearch_AValueNestedTooDeepIsReportedNotFatal(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 3, Singles: 6}})
	ids := e.srv.ProductIDs()
	var deep any = "bottom"
	for range 100_000 {
		deep = map[string]any{"a": deep}
	}
	if err := e.srv.UpdateProduct(ids[4], plytixtest.ProductPatch{Attributes: map[string]any{"description": deep}}); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	var read int
	var unreadable []plytix.Unreadable
	err := c.Scan(context.Background(), plytix.Query{PageSize: 100, Columns: plytix.ProductColumns("description")}, func(p plytix.Page) error {
		read += len(p.Products)
		unreadable = append(unreadable, p.Unreadable...)
		return nil
	})
	if err != nil {
		t.Fatalf("the read failed: %v", err)
	}
	if read != len(ids)-1 || len(unreadable) != 1 || unreadable[0].ID != ids[4] || !strings.Contains(unreadable[0].Reason, "nested deeper") {
		t.Fatalf("read %d of %d products, unreadable %+v", read, len(ids), unreadable)
	}
}
