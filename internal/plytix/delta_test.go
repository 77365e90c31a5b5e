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

// edit stamps products modified at the sandbox's current time.
func edit(t *testing.T, e *env, ids ...string) {
	t.Helper()
	label := "edited at " + e.clock.Now().Format(time.RFC3339)
	for _, id := range ids {
		if err := e.srv.UpdateProduct(id, plytixtest.ProductPatch{Label: &label}); err != nil {
			t.Fatal(err)
		}
	}
}

func delta(t *testing.T, c *plytix.Client, since time.Time) []string {
	t.Helper()
	var got []string
	err := c.ModifiedSince(context.Background(), since, plytix.Query{Columns: []string{"label"}}, func(p plytix.Page) error {
		for _, prod := range p.Products {
			got = append(got, prod.SKU)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("ModifiedSince: %v", err)
	}
	return got
}

// TestDelta_ModifiedSinceWatermarkMinusOverlap_Sec10 follows docs/reference/plytix-api.md §10: filter on
// modified, with an overlap for writes committed around the previous read.
func TestDelta_ModifiedSinceWatermarkMinusOverlap_Sec10(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog()})
	ids := e.srv.ProductIDs()
	st := func(id string) string { p, _ := e.srv.Product(id); return p.SKU }

	edit(t, e, ids[0]) // 10 min before the watermark: outside the 5 min overlap
	e.clock.Advance(7 * time.Minute)
	edit(t, e, ids[1]) // 3 min before: inside the overlap
	e.clock.Advance(3 * time.Minute)
	watermark := e.clock.Now()
	e.clock.Advance(time.Minute)
	edit(t, e, ids[3], ids[2])

	got := delta(t, e.client(), watermark)
	want := []string{st(ids[1]), st(ids[2]), st(ids[3])} // in modified order
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("delta = %v, want %v", got, want)
	}
	e.clock.Advance(time.Minute)
	none := delta(t, e.client(func(c *plytix.Config) { c.DeltaOverlap = time.Second }), e.clock.Now())
	if len(none) != 0 {
		t.Fatalf("delta after the last edit = %v, want none", none)
	}
}

// TestDelta_DateOnlyFiltersAreNarrowedClientSide_Sec10: when the API only takes dates, the
// client widens to whole days and filters the rest itself (§10, §14 q3).
func TestDelta_DateOnlyFiltersAreNarrowedClientSide_Sec10(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog(), DateFilters: plytixtest.DateOnlyFilters})
	ids := e.srv.ProductIDs()
	edit(t, e, ids[0], ids[1]) // earlier the same day
	e.clock.Advance(2 * time.Hour)
	watermark := e.clock.Now()
	e.clock.Advance(time.Minute)
	edit(t, e, ids[7])
	c := e.client()
	sku7, _ := e.srv.Product(ids[7])
	for range 2 {
		if got := delta(t, c, watermark); !reflect.DeepEqual(got, []string{sku7.SKU}) {
			t.Fatalf("delta = %v, want only %s", got, sku7.SKU)
		}
	}
	if got := e.count(searchOp, "422"); got != 1 {
		t.Fatalf("422s = %d, want one: the client remembers dates only", got)
	}
}

// TestDelta_VariantGroupsCompleteFamilies_Sec7: a changed variant brings its parent and
// siblings, a changed parent its variants, a single comes alone.
func TestDelta_VariantGroupsCompleteFamilies_Sec7(t *testing.T) {
	e := newEnv(t, plytixtest.Options{Catalog: smallCatalog(), IDFilter: true})
	watermark := e.clock.Now()
	e.clock.Advance(time.Minute)
	c := e.client()
	parents := all(t, c, plytix.Query{Filters: plytix.Filters{{plytix.Eq("_has_variations", true)}}})
	singles := all(t, c, plytix.Query{Filters: plytix.Filters{{plytix.Eq("product_level", 0)}}})
	variantsOfFirst, err := c.Variants(context.Background(), parents[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	edit(t, e, variantsOfFirst[3].ID, parents[1].ID, singles[0].ID)

	var changed []plytix.Product
	err = c.ModifiedSince(context.Background(), watermark, plytix.Query{Columns: []string{"label"}}, func(p plytix.Page) error {
		changed = append(changed, p.Products...)
		return nil
	})
	if err != nil || len(changed) != 3 {
		t.Fatalf("delta = %v, %v; want 3 products", skus(changed), err)
	}
	groups, err := c.VariantGroups(context.Background(), changed, []string{"label"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range groups {
		got = append(got, g.Parent.SKU+"+"+itoa(len(g.Variants)))
	}
	sort.Strings(got)
	want := []string{parents[0].SKU + "+8", parents[1].SKU + "+8", singles[0].SKU + "+0"}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("groups = %v, want %v", got, want)
	}
	for _, g := range groups {
		for _, v := range g.Variants {
			if v.ParentID != g.Parent.ID || v.Type() != plytix.TypeVariant {
				t.Fatalf("variant %s not linked to %s", v.SKU, g.Parent.SKU)
			}
		}
	}
}

func itoa(n int) string {
	return string(rune('0' + n))
}

// TestParseTime_EveryFormThePlytixAPIUses_Sec6_4 follows §6.4: v1 with offset, v2 naive,
// naive without fraction, date only; naive is UTC.
func TestParseTime_EveryFormThePlytixAPIUses_Sec6_4(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
	}{
		{"2018-11-26T16:08:47.488000+00:00", time.Date(2018, 11, 26, 16, 8, 47, 488000000, time.UTC)},
		{"2024-11-13T11:20:30.578000", time.Date(2024, 11, 13, 11, 20, 30, 578000000, time.UTC)},
		{"2019-12-01T00:00:00", time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)},
		{"2018-12-31", time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"2026-01-01T10:00:00+02:00", time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)},
		{"2026-01-01T10:00:00Z", time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)},
		{" 2026-01-01 10:00:00 ", time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		got, err := plytix.ParseTime(tc.in)
		if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "…", "26/11/2018", "2018-13-01"} {
		if _, err := plytix.ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) succeeded", bad)
		}
	}
}
