package centra_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

func TestReadReference_DefaultSeed(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	rec, url := recorded(t, ts)
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint = url })
	ref := mustReference(t, c)
	ids := ts.Reference()
	if got := rec.operations(); !slices.Equal(got, []string{"ReferenceData", "ReferenceCategories"}) {
		t.Errorf("requests = %v, want ReferenceData and ReferenceCategories", got)
	}
	retail, ok := ref.StoreByName("Retail")
	if !ok || retail.ID != ids.Stores["Retail"] || retail.Type != "DIRECT_TO_CONSUMER" {
		t.Fatalf("Retail = %+v", retail)
	}
	if uk, ok := ref.MarketByName(retail.ID, "UK"); !ok || uk.ID != ids.Markets["Retail/UK"] {
		t.Errorf("market UK = %+v", uk)
	}
	if b, _ := ref.BrandByName("Solstice Denim"); !slices.Equal(b.StoreIDs, []int{ids.Stores["Wholesale"]}) {
		t.Errorf("Solstice Denim stores = %v, want only Wholesale", b.StoreIDs)
	}
	letter, _ := ref.SizeChartByName("Letter")
	var names []string
	for _, s := range letter.Sizes {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"S", "M", "L", "XL", "XXL"}) {
		t.Errorf("Letter sizes = %v, want S..XXL in order", names)
	}
	if cat, ok := ref.CategoryByName(retail.ID, "Tops"); !ok || cat.ID != ids.Categories["Retail/Tops"] {
		t.Errorf("category Tops = %+v", cat)
	}
	fit, ok := ref.AttributeType("fit")
	if !ok || !fit.Mapped || fit.ObjectType != centra.AttributesOnProduct || fit.Elements[0].Key != "name" {
		t.Errorf("attribute type fit = %+v", fit)
	}
	if id, ok := ref.MappedValueID("fit", "Slim"); !ok || id != ids.MappedValues["fit/Slim"] {
		t.Errorf("fit/Slim = %d %v, want %d", id, ok, ids.MappedValues["fit/Slim"])
	}
	if id, ok := ref.MappedValueID("color", "#1F2A44"); !ok || id != ids.MappedValues["color/Navy"] {
		t.Errorf("colour by hex = %d %v, want Navy %d", id, ok, ids.MappedValues["color/Navy"])
	}
	if _, ok := ref.MappedValueID("fit", "Baggy"); ok {
		t.Error("an unknown value was found")
	}
	if len(ref.RateLimits) != 6 || ref.CategoriesUnavailable {
		t.Errorf("rate limits = %d, categories unavailable = %v", len(ref.RateLimits), ref.CategoriesUnavailable)
	}
}

func TestReadReference_LongListsPage_Sec3_3(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	rec, url := recorded(t, ts)
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint, cfg.PageSize = url, 2 })
	ref := mustReference(t, c)
	if len(ref.Brands) != 4 || len(ref.Stores) != 2 || len(ref.MappedValues) != 15 || len(ref.Categories) != 6 {
		t.Fatalf("brands %d stores %d mapped %d categories %d, want 4 2 15 6",
			len(ref.Brands), len(ref.Stores), len(ref.MappedValues), len(ref.Categories))
	}
	count := map[string]int{}
	for _, op := range rec.operations() {
		count[op]++
	}
	// Brands: 4 in pages of 2 → pages 2 and 3 after the first; stores: 2 → page 2 only.
	if count["ReferenceBrands"] != 2 || count["ReferenceStores"] != 1 || count["ReferenceCategories"] != 4 {
		t.Errorf("requests = %v", count)
	}
}

// TestReadReference_CategoriesUnavailable: Query.categories is inferred; a server without
// it answers 400 and the client carries on without categories.
func TestReadReference_CategoriesUnavailable(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	rec, url := recorded(t, ts)
	rec.rewrite = func(op string, status int, body string) (int, string) {
		if op == "ReferenceCategories" {
			return http.StatusBadRequest, `{"errors":[{"message":"Cannot query field \"categories\" on type \"Query\".","extensions":{"category":"graphql"}}]}`
		}
		return status, body
	}
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint = url })
	ref := mustReference(t, c)
	if !ref.CategoriesUnavailable || len(ref.Categories) != 0 || len(ref.Brands) != 4 {
		t.Fatalf("unavailable = %v, categories = %d, brands = %d", ref.CategoriesUnavailable, len(ref.Categories), len(ref.Brands))
	}
}

func TestProductsByNumber_ManyPerRequest(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	numbers, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 120, Variants: 2, SizeChart: "Letter", Brand: "Northwind Apparel", Store: "Retail"})
	if err != nil {
		t.Fatal(err)
	}
	rec, url := recorded(t, ts)
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint, cfg.MaxProductsPerRequest = url, 50 })
	got, err := c.ProductsByNumber(ctx(t), append(slices.Clone(numbers), "MISSING-1", "MISSING-2", numbers[0]))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 120 {
		t.Fatalf("found %d products, want 120", len(got))
	}
	if _, ok := got["MISSING-1"]; ok {
		t.Error("a missing number is in the map")
	}
	p := got[numbers[7]][0]
	if len(p.Variants) != 2 || len(p.Variants[1].Sizes) != 5 || p.Variants[1].Sizes[4].SKU != numbers[7]+"-2-XXL" {
		t.Errorf("product %s variants/sizes = %+v", numbers[7], p.Variants)
	}
	if len(p.Displays) != 1 || len(p.Displays[0].Markets) != 3 || len(p.Displays[0].VariantIDs) != 2 {
		t.Errorf("product %s displays = %+v", numbers[7], p.Displays)
	}
	// 122 distinct numbers, at most 50 per request.
	if ops := rec.operations(); len(ops) != 3 {
		t.Errorf("requests = %d, want 3", len(ops))
	}
}

// TestProductsByNumber_BatchesSizedByComplexity: after the first request the client knows
// the complexity per product and fits each later batch under MaxComplexityPerRequest.
func TestProductsByNumber_BatchesSizedByComplexity_Sec5_5(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	numbers, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 60, Variants: 3, SizeChart: "Letter", Brand: "Northwind Apparel", Store: "Retail"})
	if err != nil {
		t.Fatal(err)
	}
	rec, url := recorded(t, ts)
	const budget = 5_000
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint, cfg.MaxComplexityPerRequest = url, budget })
	got, err := c.ProductsByNumber(ctx(t), numbers)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 60 {
		t.Fatalf("found %d, want 60", len(got))
	}
	seen := rec.seen()
	if len(seen) < 3 {
		t.Fatalf("requests = %d, want several batches", len(seen))
	}
	for i, e := range seen[1:] {
		if e.complexity > budget {
			t.Errorf("request %d cost %d, over the %d budget", i+2, e.complexity, budget)
		}
	}
}

func TestProductsByNumber_DuplicatesAreAllReturned_Sec2_4(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	seed := centratest.ProductSeed{Number: "DUP-1", Name: "Twice", Brand: "Northwind Apparel"}
	if err := ts.SeedProducts([]centratest.ProductSeed{seed, seed}); err != nil {
		t.Fatal(err)
	}
	got, err := client(t, ts).ProductsByNumber(ctx(t), []string{"DUP-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got["DUP-1"]) != 2 || got["DUP-1"][0].ID == got["DUP-1"][1].ID {
		t.Fatalf("DUP-1 = %+v, want two products", got["DUP-1"])
	}
}

// TestProductsByNumber_ObservedState checks every part of the observed state the engine
// diffs: fields, attributes (mapped and dynamic), variants with their attributes and
// sizes, the display in the configured store only, media with source URLs.
func TestProductsByNumber_ObservedState(t *testing.T) {
	ts := sandbox(t, centratest.Options{MediaPendingPolls: -1})
	err := ts.SeedProducts([]centratest.ProductSeed{{Number: "OBS-1", Name: "Observed", Brand: "Fjord & Pine", Collection: "AW25", Folder: "Tops",
		ExternalID: "prd_OBS-1",
		Attributes: []centratest.AttributeEdit{{Type: "material_composition", Key: "text", Value: "80% wool"}, {Type: "fit", Mapped: "Relaxed"},
			{Type: "occasion", Mapped: "Work"}, {Type: "occasion", Mapped: "Casual"}},
		Variants: []centratest.VariantSeed{{Number: "-NVY", Name: "Navy", SizeChart: "Numeric EU",
			Sizes: []centratest.SizeSeed{{Size: "38", SizeNumber: "-38", EAN: "7350000000380"}}, Attributes: []centratest.AttributeEdit{{Type: "color", Mapped: "Navy"}}}},
		Displays: []centratest.DisplaySeed{{Store: "Retail", Name: "Observed display", Markets: []string{"EU"}, Categories: []string{"Women"}},
			{Store: "Wholesale", Markets: []string{"Wholesale EU"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c := client(t, ts)
	p, _ := ts.Product("OBS-1")
	media, err := c.EnsureMedia(ctx(t), []centra.MediaRequest{{ProductID: p.ID, URL: "https://pim.example/obs-1.jpg"}})
	if err != nil || media[0].Err != nil {
		t.Fatalf("EnsureMedia: %v %v", err, media[0].Err)
	}
	got, err := c.ProductsByNumber(ctx(t), []string{"OBS-1"})
	if err != nil {
		t.Fatal(err)
	}
	o := got["OBS-1"][0]
	ids := ts.Reference()
	if o.ExternalID != "prd_OBS-1" || o.Brand.Name != "Fjord & Pine" || o.Collection.Name != "AW25" || o.Folder.Name != "Tops" || o.Status != centra.ProductActive {
		t.Errorf("fields = %+v", o)
	}
	var attrs []string
	for _, a := range o.Attributes {
		attrs = append(attrs, fmt.Sprintf("%s:%d:%s:%v", a.TypeName, a.MappedID, a.Elements[0].Value, a.Mapped))
	}
	want := []string{
		fmt.Sprintf("fit:%d:Relaxed:true", ids.MappedValues["fit/Relaxed"]),
		fmt.Sprintf("occasion:%d:Work:true", ids.MappedValues["occasion/Work"]),
		fmt.Sprintf("occasion:%d:Casual:true", ids.MappedValues["occasion/Casual"]),
		"material_composition:0:80% wool:false",
	}
	if !slices.Equal(attrs, want) {
		t.Errorf("attributes = %v, want %v", attrs, want)
	}
	v := o.Variants[0]
	if v.SizeChart.Name != "Numeric EU" || v.Attributes[0].Value("hex") != "#1F2A44" || v.Sizes[0] != (centra.Size{ID: v.Sizes[0].ID,
		SKU: "OBS-1-NVY-38", EAN: "7350000000380", SizeNumber: "-38", Active: true, SizeID: v.Sizes[0].SizeID, SizeName: "38"}) {
		t.Errorf("variant = %+v", v)
	}
	if len(o.Displays) != 1 || o.Displays[0].StoreID != ids.Stores["Retail"] || o.Displays[0].Markets[0].Name != "EU" ||
		o.Displays[0].Categories[0].Name != "Women" || !slices.Equal(o.Displays[0].VariantIDs, []int{v.ID}) {
		t.Errorf("displays = %+v, want only the Retail one", o.Displays)
	}
	if len(o.Media) != 1 || o.Media[0].SourceURL != "https://pim.example/obs-1.jpg" || o.Media[0].ID != media[0].MediaID ||
		!strings.HasPrefix(o.Media[0].URL, "https://media.centra-sandbox.test/") {
		t.Errorf("media = %+v", o.Media)
	}
	if o.UpdatedAt.IsZero() || o.CreatedAt.IsZero() {
		t.Error("timestamps are zero")
	}
}

// TestProductsUpdatedSince_FindsHandEdits is the drift scan: a product edited by hand in
// Centra after the watermark comes back, the others do not.
func TestProductsUpdatedSince_FindsHandEdits(t *testing.T) {
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ts := sandbox(t, centratest.Options{Now: clock})
	numbers, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 30, Variants: 1, SizeChart: "One Size", Brand: "Atelier Lumen", Store: "Retail"})
	if err != nil {
		t.Fatal(err)
	}
	watermark := now.Add(time.Minute)
	now = now.Add(2 * time.Minute)
	if err := ts.EditProduct(numbers[11], centratest.ProductEdit{Name: centra.Ptr("Renamed by hand")}); err != nil {
		t.Fatal(err)
	}
	if err := ts.EditProduct(numbers[29], centratest.ProductEdit{Displays: map[string]centratest.DisplayEdit{"Retail": {RemoveMarkets: []string{"US"}}}}); err != nil {
		t.Fatal(err)
	}
	c := client(t, ts, func(cfg *centra.Config) { cfg.MaxComplexityPerRequest = 1 }) // one product per page
	var got []string
	err = c.ProductsUpdatedSince(ctx(t), watermark, func(ps []centra.Product) error {
		for _, p := range ps {
			got = append(got, p.ProductNumber+"="+p.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{numbers[11] + "=Renamed by hand", numbers[29] + "=Generated product 29"}
	if !slices.Equal(got, want) {
		t.Fatalf("updated since = %v, want %v", got, want)
	}
}

func TestForEachProductSummary_PagesAndFilters_Sec3_3(t *testing.T) {
	ts := sandbox(t, centratest.Options{})
	if _, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 450, Variants: 1, SizeChart: "One Size", Brand: "Atelier Lumen", Store: "Retail"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: 10, Variants: 1, SizeChart: "One Size", Brand: "Fjord & Pine", Store: "Retail", Prefix: "FP"}); err != nil {
		t.Fatal(err)
	}
	rec, url := recorded(t, ts)
	c := client(t, ts, func(cfg *centra.Config) { cfg.Endpoint = url })
	var pages, total int
	err := c.ForEachProductSummary(ctx(t), centra.ProductFilter{BrandIDs: []int{ts.Reference().Brands["Atelier Lumen"]}}, func(s []centra.ProductSummary) error {
		pages++
		total += len(s)
		if strings.HasPrefix(s[0].ProductNumber, "FP") {
			t.Errorf("another brand's product %s", s[0].ProductNumber)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 3 || total != 450 || len(rec.seen()) != 3 {
		t.Errorf("pages %d, total %d, requests %d; want 3, 450, 3", pages, total, len(rec.seen()))
	}
	var displayed int
	err = c.ForEachDisplayedProduct(ctx(t), ts.Reference().Stores["Retail"], func(d []centra.DisplayedProduct) error {
		displayed += len(d)
		return nil
	})
	if err != nil || displayed != 460 {
		t.Errorf("displayed products = %d (%v), want 460", displayed, err)
	}
	snap := c.Counters().Snapshot()
	if snap[httpx.CallKey{Operation: "ProductSummaries", Outcome: "200"}] != 3 || snap[httpx.CallKey{Operation: "StoreDisplays", Outcome: "200"}] != 3 {
		t.Errorf("counters = %v", snap)
	}
}
