package centratest

import "testing"

func TestSeedReference_RejectsBadReferencesAndChangesNothing(t *testing.T) {
	cases := []struct {
		name string
		ref  ReferenceData
		want string
	}{
		{"market of unknown store", ReferenceData{Markets: []MarketSeed{{Name: "NO", Store: "Nowhere"}}}, `market "NO": unknown store "Nowhere"`},
		{"market twice in a store", ReferenceData{Markets: []MarketSeed{{Name: "EU", Store: "Retail"}}}, `market "EU" already exists in store "Retail"`},
		{"brand without store", ReferenceData{Brands: []BrandSeed{{Name: "B"}}}, `brand "B": at least one store is required`},
		{"bad type name", ReferenceData{AttributeTypes: []AttributeTypeSeed{{Name: "has space", ObjectType: "Product", Elements: []AttributeElementSeed{{Key: "k"}}}}},
			`attribute type "has space": name may hold only letters, digits, _ and -`},
		{"type redefined", ReferenceData{AttributeTypes: []AttributeTypeSeed{{Name: "fit", ObjectType: "Product", Elements: []AttributeElementSeed{{Key: "k"}}}}},
			`attribute type "fit" already exists`},
		{"value of a dynamic type", ReferenceData{MappedValues: []MappedValueSeed{{Type: "material_composition", Name: "Wool"}}},
			`mapped value "Wool": attribute type "material_composition" is not mapped`},
		{"pricelist of unknown market", ReferenceData{Pricelists: []PricelistSeed{{Name: "SEK", Store: "Retail", Markets: []string{"SE"}}}},
			`pricelist "SEK": unknown market "SE" in store "Retail"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := newServer(t, Options{})
			before := ts.Reference()
			err := ts.SeedReference(tc.ref)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			if after := ts.Reference(); len(after.Markets) != len(before.Markets) || len(after.Brands) != len(before.Brands) {
				t.Error("a rejected seed changed the reference data")
			}
		})
	}
	ts := newServer(t, Options{Seed: &ReferenceData{}})
	if ids := ts.Reference(); len(ids.Stores) != 0 {
		t.Errorf("an empty seed has stores: %v", ids.Stores)
	}
	if err := ts.SeedReference(ReferenceData{Stores: []StoreSeed{{Name: "Outlet"}}, AttributeTypes: []AttributeTypeSeed{{Name: "a", ObjectType: "Product", Mapped: true,
		Elements: []AttributeElementSeed{{Key: "k"}}}}, MappedValues: []MappedValueSeed{{Type: "a", Name: "v", Elements: map[string]string{"k": "V"}}}}); err != nil {
		t.Fatal(err)
	}
	if ids := ts.Reference(); ids.Stores["Outlet"] != 1 || ids.MappedValues["a/v"] != 1 {
		t.Errorf("ids = %+v", ids)
	}
}
