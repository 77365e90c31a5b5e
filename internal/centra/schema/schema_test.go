package schema

import (
	"slices"
	"strings"
	"testing"
)

func TestLoad_VendoredSchemaIsValid(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	for _, name := range []string{"Query", "Mutation", "Product", "ProductCreateInput", "RateLimit"} {
		if s.Types[name] == nil {
			t.Errorf("type %s missing from the vendored schema", name)
		}
	}
	if s.Query.Fields.ForName("categories") == nil {
		t.Error("the repository's addition Query.categories is missing")
	}
}

// The vendored contract carries no stock, price, pricelist or warehouse write at all
// (docs/design.md §9, invariant 1; docs/reference/centra-api.md §6): the client cannot validate a document that
// uses one, so it cannot send one.
func TestLoad_NoStockOrPriceMutation_Sec6(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	var offending []string
	for _, f := range s.Mutation.Fields {
		lower := strings.ToLower(f.Name)
		for _, word := range []string{"stock", "price", "warehouse"} {
			if strings.Contains(lower, word) {
				offending = append(offending, f.Name)
			}
		}
	}
	slices.Sort(offending)
	if len(offending) != 0 {
		t.Fatalf("Mutation has stock/price fields %v", offending)
	}
}
