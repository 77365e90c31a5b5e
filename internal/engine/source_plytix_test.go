package engine

import (
	"context"
	"testing"
)

// TestSourceCarriesPlytixTimestamps: the created and modified system fields (docs/reference/plytix-api.md
// §5.1, §6.3) reach the mapping as the product's own two timestamps.
func TestSourceCarriesPlytixTimestamps(t *testing.T) {
	w := newWorld(t, problemCatalog)
	src, _, err := w.engine.Connect(context.Background(), w.req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Definitions(context.Background()); err != nil {
		t.Fatal(err)
	}
	families, err := src.AllFamilies(context.Background(), nil)
	if err != nil || len(families) == 0 {
		t.Fatalf("read %d families: %v", len(families), err)
	}
	for _, f := range families {
		for _, p := range append(f.Variants, f.Parent) {
			if p.Created.IsZero() || p.Modified.IsZero() || p.Created.After(p.Modified) {
				t.Errorf("%s: created %v, modified %v", p.SKU, p.Created, p.Modified)
			}
		}
	}
}
