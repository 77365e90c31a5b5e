package plytixtest

import (
	"encoding/json"
	"testing"
)

// FuzzSearchBody: whatever a client sends, the sandbox answers with a documented status and a
// JSON body, never a 500 or a panic.
func FuzzSearchBody(f *testing.F) {
	for _, seed := range []string{
		`{}`, ``, `[`, `null`,
		`{"filters":[[{"field":"sku","operator":"eq","value":"AP100000"}]],"attributes":["label"],"pagination":{"page":1,"page_size":10,"order":"-sku"}}`,
		`{"filters":[[{"field":["sku","label"],"operator":"text_search","value":"x"}]]}`,
		`{"filters":[[{"field":"attributes.weight_grams","operator":"gt","value":"12"}]]}`,
		`{"filters":[[{"field":"modified","operator":"gte","value":"2025-01-01T00:00:00+02:00"}]]}`,
		`{"filters":[[{"field":"attributes.features","operator":"in","value":[1,true,null]}]]}`,
		`{"filters":[[{"field":"status","operator":"in","value":[]}]],"pagination":{"page":-1}}`,
		`{"attributes":["attributes.main_image","thumbnail","_is_variation"],"pagination":{"order":"attributes.launch_date"}}`,
		`{"filters":[[{"field":"_has_variations","operator":"eq","value":"yes"}]]}`,
		`{"filters":[[{"operator":"exists"}]]}`,
	} {
		f.Add(seed)
	}
	h := newHarness(f, Options{Catalog: CatalogOptions{Seed: 1, Parents: 3, Singles: 2}})
	f.Fuzz(func(t *testing.T, body string) {
		h.t = t
		status, out := h.api("POST", "/api/v1/products/search", body)
		switch status {
		case 200, 400, 422, 428:
		default:
			t.Fatalf("status %d for %q: %s", status, body, out)
		}
		if !json.Valid([]byte(out)) {
			t.Fatalf("body for %q is not JSON: %s", body, out)
		}
	})
}
