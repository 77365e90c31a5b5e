package plytix_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
)

// TestFilter_EncodesTheV1WireForm_Sec5_1 follows docs/reference/plytix-api.md §5.1–§5.2.
func TestFilter_EncodesTheV1WireForm_Sec5_1(t *testing.T) {
	cases := []struct {
		name    string
		filters plytix.Filters
		want    string
	}{
		{"or of and groups", plytix.Filters{
			{plytix.Eq("sku", "AP100000"), plytix.Exists(plytix.AttributeField("brand"))},
			{plytix.In("status", "Draft", "Completed")},
		}, `[[{"field":"sku","operator":"eq","value":"AP100000"},{"field":"attributes.brand","operator":"exists"}],[{"field":"status","operator":"in","value":["Draft","Completed"]}]]`},
		{"text search takes a field list", plytix.Filters{{{Fields: []string{"sku", "label"}, Operator: plytix.OpTextSearch, Value: "merino"}}},
			`[[{"field":["sku","label"],"operator":"text_search","value":"merino"}]]`},
		{"dates and numbers", plytix.Filters{{{Field: "modified", Operator: plytix.OpGte, Value: "2018-11-01"}, {Field: "attributes.weight_grams", Operator: plytix.OpLt, Value: 500}}},
			`[[{"field":"modified","operator":"gte","value":"2018-11-01"},{"field":"attributes.weight_grams","operator":"lt","value":500}]]`},
		{"false is a value", plytix.Filters{{{Field: "_is_variation", Operator: plytix.OpEq, Value: false}}},
			`[[{"field":"_is_variation","operator":"eq","value":false}]]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.filters)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Fatalf("encoded\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestFilter_RejectsMalformedFilters(t *testing.T) {
	cases := []struct {
		name    string
		filters plytix.Filters
		wantErr string
	}{
		{"unknown operator", plytix.Filters{{{Field: "sku", Operator: "contains", Value: "x"}}}, `filter group 0, condition 0: unknown filter operator "contains"`},
		{"unary with value", plytix.Filters{{{Field: "sku", Operator: plytix.OpExists, Value: "x"}}}, "filter group 0, condition 0: operator exists takes no value"},
		{"list operator with scalar", plytix.Filters{{{Field: "status", Operator: plytix.OpIn, Value: "Draft"}}}, "filter group 0, condition 0: operator in takes a list of values"},
		{"empty list", plytix.Filters{{{Field: "status", Operator: plytix.OpIn, Value: []string{}}}}, "filter group 0, condition 0: operator in needs at least one value"},
		{"object value", plytix.Filters{{{Field: "sku", Operator: plytix.OpEq, Value: map[string]int{"a": 1}}}}, "filter group 0, condition 0: operator eq takes one string, number or boolean"},
		{"null value", plytix.Filters{{{Field: "sku", Operator: plytix.OpEq}}}, "filter group 0, condition 0: operator eq takes one string, number or boolean"},
		{"like a number", plytix.Filters{{{Field: "sku", Operator: plytix.OpLike, Value: 4}}}, "filter group 0, condition 0: operator like takes a string"},
		{"text search with one field", plytix.Filters{{{Field: "sku", Operator: plytix.OpTextSearch, Value: "x"}}}, "filter group 0, condition 0: text_search takes a list of fields and no single field"},
		{"blank field", plytix.Filters{{{Field: "", Operator: plytix.OpExists}}}, "filter group 0, condition 0: filter field is empty"},
		{"field with space", plytix.Filters{{{Field: "attributes.in stock", Operator: plytix.OpExists}}}, `filter group 0, condition 0: filter field "attributes.in stock" contains whitespace or control characters`},
		{"empty group", plytix.Filters{{plytix.Exists("sku")}, {}}, "filter group 1 is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.filters.Validate()
			if err == nil || err.Error() != tc.wantErr {
				t.Fatalf("Validate() = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestFilters_AndDistributesOverGroups(t *testing.T) {
	window := plytix.Filter{Field: "modified", Operator: plytix.OpGte, Value: "2026-01-01T00:00:00"}
	got := plytix.Filters{{plytix.Eq("status", "Draft")}, {plytix.Eq("status", "Completed")}}.And(window)
	want := "(status eq \"Draft\" AND modified gte \"2026-01-01T00:00:00\") OR (status eq \"Completed\" AND modified gte \"2026-01-01T00:00:00\")"
	if got.String() != want {
		t.Fatalf("And() = %s\nwant %s", got, want)
	}
	if got := plytix.Filters(nil).And(window).String(); got != `(modified gte "2026-01-01T00:00:00")` {
		t.Fatalf("nil.And() = %s", got)
	}
}

func TestFilter_UnmarshalRoundTrips(t *testing.T) {
	in := `[[{"field":"attributes.price","operator":"gt","value":12.50},{"field":["sku","label"],"operator":"text_search","value":"Été"}],[{"field":"categories","operator":"!in","value":["a","b"]}]]`
	var fs plytix.Filters
	if err := json.Unmarshal([]byte(in), &fs); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Fatalf("round trip\n%s\nwant\n%s", out, in)
	}
	var bad plytix.Filters
	if err := json.Unmarshal([]byte(`[[{"field":"sku","operator":"contains","value":"x"}]]`), &bad); err == nil || err.Error() != `unknown filter operator "contains"` {
		t.Fatalf("err = %v", err)
	}
}

// FuzzFilterEncode: a filter that validates always encodes, and decoding its encoding gives
// back the same bytes; one that does not validate never encodes.
func FuzzFilterEncode(f *testing.F) {
	f.Add("sku", "eq", []byte(`"AP100000"`), false)
	f.Add("status", "in", []byte(`["Draft","Completed"]`), false)
	f.Add("modified", "gte", []byte(`"2026-01-01T00:00:00"`), false)
	f.Add("label", "text_search", []byte(`"merino"`), true)
	f.Add("attributes.brand", "!exists", []byte(`null`), false)
	f.Add("attributes.weight", "lt", []byte(`1e3`), false)
	f.Add("x", "in", []byte(`[1,true,"a"]`), false)
	f.Add("x\u0000", "eq", []byte(`{"a":1}`), false)
	f.Fuzz(func(t *testing.T, field, op string, rawValue []byte, list bool) {
		filter := plytix.Filter{Field: field, Operator: plytix.Operator(op)}
		if list {
			filter = plytix.Filter{Fields: []string{field, "label"}, Operator: plytix.Operator(op)}
		}
		if json.Valid(rawValue) {
			dec := json.NewDecoder(bytes.NewReader(rawValue))
			dec.UseNumber()
			_ = dec.Decode(&filter.Value)
		}
		fs := plytix.Filters{{filter}}
		encoded, err := json.Marshal(fs)
		if (err == nil) != (fs.Validate() == nil) {
			t.Fatalf("Marshal error %v disagrees with Validate %v", err, fs.Validate())
		}
		if err != nil {
			return
		}
		var decoded plytix.Filters
		if err := json.Unmarshal(encoded, &decoded); err != nil {
			t.Fatalf("decoding %s: %v", encoded, err)
		}
		again, err := json.Marshal(decoded)
		if err != nil || !bytes.Equal(again, encoded) {
			t.Fatalf("round trip changed the filter:\n%s\n%s (%v)", encoded, again, err)
		}
	})
}
