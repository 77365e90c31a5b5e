package plytix_test

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// TestAttributes_DefinitionsWithTypeClassAndOptions_Sec8 follows docs/reference/plytix-api.md §8.
func TestAttributes_DefinitionsWithTypeClassAndOptions_Sec8(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog()})
	if _, err := e.srv.AddAttribute(plytixtest.AttributeDef{Label: "fit", Name: "Fit", TypeClass: plytix.TypeDropdown, Options: []string{"Slim", "Regular"}}); err != nil {
		t.Fatal(err)
	}
	defs, err := e.client().Attributes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := e.srv.Attributes()
	if len(defs) != len(want) {
		t.Fatalf("got %d definitions, want %d", len(defs), len(want))
	}
	for i, d := range defs {
		w := want[i]
		if d.ID != w.ID || d.Label != w.Label || d.Name != w.Name || d.TypeClass != w.TypeClass || !reflect.DeepEqual(d.Options, nonNil(w.Options)) || !reflect.DeepEqual(d.Groups, w.Groups) {
			t.Fatalf("definition %d = %+v, want %+v", i, d, w)
		}
	}
	byLabel := plytix.IndexByLabel(defs)
	if got := byLabel["completeness_webshop"].Measures; !reflect.DeepEqual(got, e.srv.Report().RequiredAttributes) {
		t.Fatalf("completeness measures = %v", got)
	}
	if !byLabel["fit"].HasOption("Slim") || byLabel["fit"].HasOption("slim") {
		t.Fatal("HasOption must compare exactly (§5.2)")
	}
	seen := map[string]bool{}
	for _, d := range defs {
		seen[d.TypeClass] = true
	}
	for _, tc := range []string{plytix.TypeText, plytix.TypeMultiline, plytix.TypeHTML, plytix.TypeURL, plytix.TypeInt, plytix.TypeDecimal, plytix.TypeBoolean,
		plytix.TypeDate, plytix.TypeDropdown, plytix.TypeMultiSelect, plytix.TypeMedia, plytix.TypeMediaGallery, plytix.TypeCompleteness} {
		if !seen[tc] {
			t.Errorf("the generated catalogue has no %s attribute", tc)
		}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestCategoriesAndFamilies_Sec9(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog()})
	c := e.client()
	cats, err := c.Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, cat := range cats {
		paths = append(paths, cat.PathString())
		if len(cat.Path) == 2 && (len(cat.ParentIDs) != 1 || cat.Order == "") {
			t.Fatalf("category %+v lacks its parent or order", cat)
		}
	}
	for _, want := range []string{"Women", "Women > Knitwear", "Men > Shoes", "Accessories > Bags"} {
		found := false
		for _, p := range paths {
			found = found || p == want
		}
		if !found {
			t.Fatalf("categories %v lack %q", paths, want)
		}
	}
	fams, err := c.Families(context.Background())
	if err != nil || len(fams) != 2 || fams[0].Name != "Apparel" || fams[1].Name != "Footwear" || fams[0].Modified.IsZero() {
		t.Fatalf("families = %+v, %v", fams, err)
	}
	attrs, err := c.FamilyAttributes(context.Background(), fams[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string]string{}
	for _, a := range attrs {
		levels[a.Label] = a.Level
	}
	if levels["color"] != plytix.LevelVariant || levels["size"] != plytix.LevelVariant || levels["brand"] != plytix.LevelParent {
		t.Fatalf("levels = %v", levels)
	}
	if _, err := c.FamilyAttributes(context.Background(), "000000000000000000000000"); !plytix.IsNotFound(err) {
		t.Fatalf("unknown family: %v", err)
	}
}

// TestAssets_BatchedCachedAndTolerant_Sec9: asset lookups are batched 100 per search when
// the id filter works, one GET each when it does not, and cached either way.
func TestAssets_BatchedCachedAndTolerant_Sec9(t *testing.T) {
	for _, idFilter := range []bool{true, false} {
		t.Run(map[bool]string{true: "batched", false: "one GET each"}[idFilter], func(t *testing.T) {
			e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 8, Parents: 60}, IDFilter: idFilter})
			c := e.client()
			var ids []string
			for p, err := range c.Products(context.Background(), plytix.Query{Columns: []string{"assets"}, Filters: plytix.Filters{{plytix.Eq("_has_variations", true)}}}) {
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range p.Assets {
					ids = append(ids, a.ID)
				}
			}
			if len(ids) <= 100 {
				t.Fatalf("only %d assets; the test needs more than one batch", len(ids))
			}
			ids = append(ids, "000000000000000000000000")
			got, err := c.Assets(context.Background(), ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ids)-1 {
				t.Fatalf("got %d assets, want %d", len(got), len(ids)-1)
			}
			a := got[ids[0]]
			if a.URL == "" || a.Thumbnail == "" || a.Filename == "" || a.ContentType != "image/jpeg" || a.FileSize == 0 {
				t.Fatalf("asset = %+v", a)
			}
			searches, gets := e.count("POST /api/v1/assets/search", "200"), e.count("GET /api/v1/assets/{id}", "200")
			if idFilter && (searches != 2 || gets != 0) {
				t.Fatalf("searches %d GETs %d, want 2 and 0", searches, gets)
			}
			if !idFilter && gets != int64(len(ids)) {
				t.Fatalf("GETs %d, want %d", gets, len(ids))
			}
			before := e.srv.Counters().Total()
			if again, err := c.Assets(context.Background(), ids[:50]); err != nil || len(again) != 50 {
				t.Fatalf("cached lookup = %d, %v", len(again), err)
			}
			if e.srv.Counters().Total() != before {
				t.Fatal("cached assets were fetched again")
			}
			e.clock.Advance(2 * time.Hour) // past the cache's TTL
			if _, err := c.Assets(context.Background(), ids[:1]); err != nil || e.srv.Counters().Total() == before {
				t.Fatalf("expired entry was not refetched (%v)", err)
			}
		})
	}
}

func TestAssets_CacheIsBounded(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 8, Parents: 4}, IDFilter: true})
	c := e.client(func(c *plytix.Config) { c.AssetCacheSize = 2 })
	var ids []string
	for p, err := range c.Products(context.Background(), plytix.Query{Columns: []string{"assets"}, Filters: plytix.Filters{{plytix.Eq("_has_variations", true)}}}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Assets {
			ids = append(ids, a.ID)
		}
	}
	sort.Strings(ids)
	if _, err := c.Assets(context.Background(), ids[:3]); err != nil {
		t.Fatal(err)
	}
	before := e.count("POST /api/v1/assets/search", "200")
	if _, err := c.Assets(context.Background(), ids[1:3]); err != nil { // the two most recent
		t.Fatal(err)
	}
	if e.count("POST /api/v1/assets/search", "200") != before {
		t.Fatal("recent entries were evicted")
	}
	if _, err := c.Assets(context.Background(), ids[:1]); err != nil { // evicted
		t.Fatal(err)
	}
	if e.count("POST /api/v1/assets/search", "200") != before+1 {
		t.Fatal("the oldest entry was not evicted")
	}
}
