package plytix_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// TestProductsBySKU_ExactMatchesInChunks_Sec5_2: one search per chunk of OR'ed "sku eq"
// groups; eq is case-insensitive on the API, so SKUs that differ only in case are dropped.
func TestProductsBySKU_ExactMatchesInChunks_Sec5_2(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 4, Parents: 10, Problems: plytixtest.ProblemCounts{CollidingSKU: 1}}})
	colliding := e.srv.Report().SKUs(plytixtest.ProblemCollidingSKU)[0] // lower-case copy of a variant SKU
	upper := strings.ToUpper(colliding)
	first, _ := e.srv.Product(e.srv.ProductIDs()[0])
	c := e.client(func(c *plytix.Config) { c.MaxFilterGroups = 2 })
	want := []string{upper, colliding, first.SKU, "NOPE-1", upper}
	got, err := c.ProductsBySKU(context.Background(), want, []string{"label"})
	if err != nil {
		t.Fatal(err)
	}
	gotSKUs := skus(got)
	sort.Strings(gotSKUs)
	wantSKUs := []string{first.SKU, upper, colliding}
	sort.Strings(wantSKUs)
	if !reflect.DeepEqual(gotSKUs, wantSKUs) {
		t.Fatalf("SKUs = %v, want %v", gotSKUs, wantSKUs)
	}
	if got := e.count(searchOp, "200"); got != 2 { // 4 distinct SKUs, 2 per search
		t.Fatalf("searches = %d, want 2", got)
	}
}

// TestProductsBySKUWithin_KeepsToTheScope_Sec5_1: each scope group gets one "sku eq" condition
// per SKU, and the groups × SKUs stay within MaxFilterGroups per search.
func TestProductsBySKUWithin_KeepsToTheScope_Sec5_1(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 4, Parents: 10}})
	ids := e.srv.ProductIDs()
	first, _ := e.srv.Product(ids[0])
	second, _ := e.srv.Product(ids[1])
	c := e.client(func(c *plytix.Config) { c.MaxFilterGroups = 4 })
	scope := plytix.Filters{{plytix.Eq("sku", first.SKU)}, {plytix.Eq("sku", "NOPE-2")}} // only first is in scope
	got, err := c.ProductsBySKUWithin(context.Background(), []string{first.SKU, second.SKU, "NOPE-1"}, scope, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gotSKUs := skus(got); !reflect.DeepEqual(gotSKUs, []string{first.SKU}) {
		t.Fatalf("SKUs = %v, want only %s, the one in scope", gotSKUs, first.SKU)
	}
	if got := e.count(searchOp, "200"); got != 2 { // 3 SKUs × 2 groups, 2 SKUs per search
		t.Fatalf("searches = %d, want 2", got)
	}
}

// TestProductsByID_UsesTheIDFilterOrFallsBackToGET_Sec12: the id filter is not documented;
// with it, ids are looked up 100 per search; without it, one GET each.
func TestProductsByID_UsesTheIDFilterOrFallsBackToGET_Sec12(t *testing.T) {
	for _, idFilter := range []bool{true, false} {
		t.Run(map[bool]string{true: "id filter accepted", false: "id filter refused"}[idFilter], func(t *testing.T) {
			e := newEnv(t, plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 4, Parents: 15}, IDFilter: idFilter}) // 135 products
			ids := e.srv.ProductIDs()
			ask := append(append([]string(nil), ids[:120]...), "000000000000000000000000", ids[0])
			c := e.client()
			for range 2 {
				got, err := c.ProductsByID(context.Background(), ask, []string{"label"})
				if err != nil {
					t.Fatal(err)
				}
				gotIDs := make([]string, len(got))
				for i, p := range got {
					gotIDs[i] = p.ID
					if p.Label == "" {
						t.Fatalf("%s has no label", p.SKU)
					}
				}
				sort.Strings(gotIDs)
				want := append([]string(nil), ids[:120]...)
				sort.Strings(want)
				if !reflect.DeepEqual(gotIDs, want) {
					t.Fatalf("got %d products, want the 120 known", len(gotIDs))
				}
			}
			gets, searches, refusals := e.count("GET /api/v1/products/{id}", "200"), e.count(searchOp, "200"), e.count(searchOp, "422")
			if idFilter && (gets != 0 || searches != 4 || refusals != 0) {
				t.Fatalf("GETs %d searches %d 422s %d; want 0, 2 per call, 0", gets, searches, refusals)
			}
			if !idFilter && (gets != 240 || refusals != 1) {
				t.Fatalf("GETs %d 422s %d; want 120 per call and one refusal remembered", gets, refusals)
			}
		})
	}
}

// TestProduct_GetAllAttributesExpandsMedia_Sec6_2: GET with all_attributes=true returns
// empty attributes as null, product_type, and expanded media.
func TestProduct_GetAllAttributesExpandsMedia_Sec6_2(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog()})
	c := e.client()
	parents := all(t, c, plytix.Query{Filters: plytix.Filters{{plytix.Eq("_has_variations", true)}}})
	variants, err := c.Variants(context.Background(), parents[0].ID)
	if err != nil || len(variants) != 8 {
		t.Fatalf("Variants = %d, %v", len(variants), err)
	}
	v, err := c.Product(context.Background(), variants[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.ProductType != plytix.TypeVariant || v.ParentID != parents[0].ID || v.FamilyID == "" || v.FamilyModelID == "" || v.GTIN == "" {
		t.Fatalf("variant = %+v", v)
	}
	if string(v.Attributes["short_description"]) == "" || string(v.Attributes["launch_date"]) == "null" {
		t.Fatalf("inherited values missing: %v", v.Attributes)
	}
	if len(v.Assets) == 0 || !strings.HasPrefix(v.Assets[0].URL, "https://files.plytix.com/api/v1.1/file/") || v.Thumbnail == nil || v.Thumbnail.URL == "" {
		t.Fatalf("media not expanded: %+v %+v", v.Assets, v.Thumbnail)
	}
	var gallery []map[string]any
	if err := json.Unmarshal(v.Attributes["gallery"], &gallery); err != nil || gallery[0]["url"] == nil {
		t.Fatalf("gallery = %s", v.Attributes["gallery"])
	}
	single, err := e.client().Product(context.Background(), parents[0].ID)
	if err != nil || single.ProductType != plytix.TypeParent || single.NumVariations != 8 {
		t.Fatalf("parent = %+v, %v", single, err)
	}
	// An attribute without a value is present as null only with all_attributes (§6.1).
	if raw, ok := single.Attributes["color"]; !ok || string(raw) != "null" {
		t.Fatalf("parent color = %q, %v; want null", raw, ok)
	}
}

func TestProduct_UnknownIDIsNotFound_Sec3_2(t *testing.T) {
	e := newEnv(t, plytixtest.Options{})
	c := e.client()
	_, err := c.Product(context.Background(), "5c4ad0e1575fae0020dd7dd3")
	var nf *plytix.NotFoundError
	if !errors.As(err, &nf) || nf.Message != " No results found for 5c4ad0e1575fae0020dd7dd3" || !plytix.IsNotFound(err) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.Variants(context.Background(), "5c4ad0e1575fae0020dd7dd3"); !plytix.IsNotFound(err) {
		t.Fatalf("Variants err = %v", err)
	}
	if _, err := c.Product(context.Background(), " "); err == nil {
		t.Fatal("want an empty id refused")
	}
}
