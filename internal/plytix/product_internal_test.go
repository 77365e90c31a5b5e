package plytix

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzProductDecode: the typed fast path and the lenient path agree on every product the
// fast path accepts, and no input panics either.
func FuzzProductDecode(f *testing.F) {
	for _, seed := range []string{
		`{"id":"a","sku":"S","label":null,"num_variations":3,"_parent_id":"p","categories":[{"id":"c","name":"N","path":["A","N"]},{"name":"no id"}],"assets":[{"id":"x","url":"u","thumbnail":"t"}],"thumbnail":{"id":"x","thumb":"t"},"attributes":{"a":1},"modified":"2026-01-01T00:00:00"}`,
		`{"id":"a","parent_id":"p","product_level":2,"product_type":"variant","overwritten_attributes":["x"],"categories":[],"assets":[]}`,
		`{"id":"a","num_variations":"3","thumbnail":"x","assets":["x","y"]}`,
		`{"id":"a","sku":12,"gtin":1.5}`,
		`{"id":"a","sku":"\u00e9\t","label":"\"q\""}`,
		`{"sku":"no id"}`, `[]`, `"x"`, `{"id":"a","attributes":[1]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var lenient Product
		lerr := lenient.unmarshalLenient(data)
		var fast productFast
		if json.Unmarshal(data, &fast) != nil || fast.ID == "" {
			return
		}
		if lerr != nil {
			t.Fatalf("the fast path accepted %s but the lenient path failed: %v", data, lerr)
		}
		if got := fast.product(); !reflect.DeepEqual(got, lenient) {
			t.Fatalf("paths disagree on %s:\nfast    %+v\nlenient %+v", data, got, lenient)
		}
	})
}

func TestScalarText(t *testing.T) {
	cases := map[string]string{`"plain"`: "plain", `"esc\"aped"`: `esc"aped`, `"\u00e9"`: "é", `12.5`: "12.5", `null`: "", `{"a":1}`: "", `"`: "", `""`: ""}
	for in, want := range cases {
		if got := scalarText(json.RawMessage(in)); got != want {
			t.Errorf("scalarText(%s) = %q, want %q", in, got, want)
		}
	}
}
