package plytix_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/plytix"
)

func def(typeClass string) plytix.AttributeDefinition {
	return plytix.AttributeDefinition{Label: "attr", TypeClass: typeClass}
}

// TestDecodeValue_ByTypeClass_Sec6_2 covers the value shapes of docs/reference/plytix-api.md §6.2–§6.4.
func TestDecodeValue_ByTypeClass_Sec6_2(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		typeClass string
		raw       string
		want      plytix.Value
		strings   []string
	}{
		{plytix.TypeText, `"lorem ipsum"`, plytix.Text("lorem ipsum"), []string{"lorem ipsum"}},
		{plytix.TypeHTML, `"<div><b>Bold</b> Été</div>"`, plytix.Text("<div><b>Bold</b> Été</div>"), []string{"<div><b>Bold</b> Été</div>"}},
		{plytix.TypeURL, `"https://www.plytix.com/index/pricing"`, plytix.Text("https://www.plytix.com/index/pricing"), []string{"https://www.plytix.com/index/pricing"}},
		{plytix.TypeText, `455`, plytix.Text("455"), []string{"455"}},
		{plytix.TypeText, `null`, plytix.Empty{}, nil},
		{plytix.TypeInt, `123`, plytix.Int(123), []string{"123"}},
		{plytix.TypeInt, `"123456"`, plytix.Int(123456), []string{"123456"}},
		{plytix.TypeInt, `" 26 "`, plytix.Int(26), []string{"26"}},
		{plytix.TypeInt, `12.0`, plytix.Int(12), []string{"12"}},
		{plytix.TypeInt, `""`, plytix.Empty{}, nil},
		{plytix.TypeDecimal, `310.24`, plytix.Decimal("310.24"), []string{"310.24"}},
		{plytix.TypeDecimal, `"59.90"`, plytix.Decimal("59.90"), []string{"59.90"}},
		{plytix.TypeDecimal, `"+1e3"`, plytix.Decimal("1e3"), []string{"1e3"}},
		{plytix.TypeDecimal, `""`, plytix.Empty{}, nil},
		{plytix.TypeBoolean, `false`, plytix.Bool(false), []string{"false"}},
		{plytix.TypeBoolean, `"TRUE"`, plytix.Bool(true), []string{"true"}},
		{plytix.TypeDate, `"2018-12-31"`, plytix.Date{Time: day(2018, 12, 31)}, []string{"2018-12-31"}},
		{plytix.TypeDate, `"2019-12-01T00:00:00"`, plytix.Date{Time: day(2019, 12, 1)}, []string{"2019-12-01"}},
		{plytix.TypeDate, `"2024-11-13T11:20:30.578000+01:00"`, plytix.Date{Time: time.Date(2024, 11, 13, 10, 20, 30, 578000000, time.UTC), HasTime: true}, []string{"2024-11-13T10:20:30Z"}},
		{plytix.TypeDropdown, `"Option 2"`, plytix.Option("Option 2"), []string{"Option 2"}},
		{plytix.TypeDropdown, `["Navy"]`, plytix.Option("Navy"), []string{"Navy"}},
		{plytix.TypeMultiSelect, `["select 1","select 2"]`, plytix.Options{"select 1", "select 2"}, []string{"select 1", "select 2"}},
		{plytix.TypeMultiSelect, `"Black Rose"`, plytix.Options{"Black Rose"}, []string{"Black Rose"}},
		{plytix.TypeMultiSelect, `[]`, plytix.Empty{}, nil},
		{plytix.TypeMedia, `{"filename":"3.jpeg","id":"5bfaced551e7590001486765","path":"assets/x/3.jpeg","thumb":"https://files.plytix.com/thumb/3.jpeg"}`,
			plytix.Media{{ID: "5bfaced551e7590001486765", Filename: "3.jpeg", Thumb: "https://files.plytix.com/thumb/3.jpeg"}}, []string{"5bfaced551e7590001486765"}},
		{plytix.TypeMedia, `["671918c4b301fed08f12f803"]`, plytix.Media{{ID: "671918c4b301fed08f12f803"}}, []string{"671918c4b301fed08f12f803"}},
		{plytix.TypeMediaGallery, `[{"filename":"1.jpeg","id":"a1","thumb":"https://t/1","url":"https://f/1"},{"id":"a2"}]`,
			plytix.Media{{ID: "a1", Filename: "1.jpeg", Thumb: "https://t/1", URL: "https://f/1"}, {ID: "a2"}}, []string{"https://f/1", "a2"}},
		{plytix.TypeCompleteness, `90.9090909090909`, plytix.Percent(90.9090909090909), []string{"90.9090909090909"}},
		{plytix.TypeCompleteness, `"71.43"`, plytix.Percent(71.43), []string{"71.43"}},
		{"FormulaAttribute", `{"a":1}`, plytix.Raw(`{"a":1}`), []string{`{"a":1}`}},
		{"FormulaAttribute", `42.5`, plytix.Decimal("42.5"), []string{"42.5"}},
	}
	for _, tc := range cases {
		t.Run(tc.typeClass+" "+tc.raw, func(t *testing.T) {
			got, err := plytix.DecodeValue(def(tc.typeClass), json.RawMessage(tc.raw))
			if err != nil {
				t.Fatalf("DecodeValue: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("value = %#v, want %#v", got, tc.want)
			}
			if s := got.Strings(); !reflect.DeepEqual(s, tc.strings) {
				t.Fatalf("Strings() = %q, want %q", s, tc.strings)
			}
		})
	}
}

func TestDecodeValue_MisfitsArePerAttributeErrors(t *testing.T) {
	cases := []struct {
		typeClass string
		raw       string
		wantErr   string
	}{
		{plytix.TypeInt, `12.5`, `attribute "attr" (IntAttribute): value 12.5 is not a whole number`},
		{plytix.TypeInt, `"12,5"`, `attribute "attr" (IntAttribute): value "12,5" is not a number`},
		{plytix.TypeInt, `1e30`, `attribute "attr" (IntAttribute): value 1e30 is out of range`},
		{plytix.TypeDecimal, `"0x10"`, `attribute "attr" (DecimalAttribute): value "0x10" is not a decimal number`},
		{plytix.TypeDecimal, `"NaN"`, `attribute "attr" (DecimalAttribute): value "NaN" is not a decimal number`},
		{plytix.TypeDecimal, `1e400`, `attribute "attr" (DecimalAttribute): value 1e400 is out of range`},
		{plytix.TypeBoolean, `"yes"`, `attribute "attr" (BooleanAttribute): value "yes" is not a boolean`},
		{plytix.TypeDate, `"31/12/2018"`, `attribute "attr" (DateAttribute): value "31/12/2018" is not a date`},
		{plytix.TypeDropdown, `["a","b"]`, `attribute "attr" (DropdownAttribute): value ["a","b"] is not a single option`},
		{plytix.TypeMultiSelect, `[{"x":1}]`, `attribute "attr" (MultiSelectAttribute): value [{"x":1}] is not a list of options`},
		{plytix.TypeMedia, `[{"id":"a"},{"id":"b"}]`, `attribute "attr" (MediaAttribute): value [{"id":"a"},{"id":"b"}] has several items for a single media attribute`},
		{plytix.TypeMediaGallery, `[{"id":"a"},{"nope":1}]`, `attribute "attr" (MediaGalleryAttribute): value [{"id":"a"},{"nope":1}] has items that are not media references`},
		{plytix.TypeCompleteness, `120`, `attribute "attr" (CompletenessAttribute): value 120 is not a percentage between 0 and 100`},
		{plytix.TypeText, `{"a":1}`, `attribute "attr" (TextAttribute): value {"a":1} is not text`},
		{plytix.TypeText, `{"a":`, `attribute "attr" (TextAttribute): value {"a": is not valid JSON`},
	}
	for _, tc := range cases {
		t.Run(tc.typeClass+" "+tc.raw, func(t *testing.T) {
			v, err := plytix.DecodeValue(def(tc.typeClass), json.RawMessage(tc.raw))
			var ve *plytix.ValueError
			if !errors.As(err, &ve) || v != nil {
				t.Fatalf("DecodeValue = %v, %v; want a *ValueError", v, err)
			}
			if err.Error() != tc.wantErr {
				t.Fatalf("error =\n%s\nwant\n%s", err, tc.wantErr)
			}
		})
	}
}

func TestDecodeAttributes_CollectsErrorsPerLabel(t *testing.T) {
	defs := plytix.IndexByLabel([]plytix.AttributeDefinition{
		{Label: "weight_grams", TypeClass: plytix.TypeInt},
		{Label: "price", TypeClass: plytix.TypeDecimal},
		{Label: "color", TypeClass: plytix.TypeDropdown},
	})
	values, errs := plytix.DecodeAttributes(defs, map[string]json.RawMessage{
		"weight_grams": json.RawMessage(`"350"`),
		"price":        json.RawMessage(`"twelve"`),
		"color":        json.RawMessage(`"Navy"`),
		"amazon_ready": json.RawMessage(`71.43`), // account-level completeness, no definition (§6.2)
	})
	wantValues := map[string]plytix.Value{"weight_grams": plytix.Int(350), "color": plytix.Option("Navy"), "amazon_ready": plytix.Decimal("71.43")}
	if !reflect.DeepEqual(values, wantValues) {
		t.Fatalf("values = %#v", values)
	}
	if len(errs) != 1 || errs["price"] == nil || errs["price"].Error() != `attribute "price" (DecimalAttribute): value "twelve" is not a decimal number` {
		t.Fatalf("errs = %v", errs)
	}
}

func TestValueStringJoinsItems(t *testing.T) {
	if got := (plytix.Options{"Organic", "Vegan"}).String(); got != "Organic, Vegan" {
		t.Fatalf("String() = %q", got)
	}
	if !plytix.IsEmpty(plytix.Empty{}) || plytix.IsEmpty(plytix.Bool(false)) {
		t.Fatal("IsEmpty is wrong")
	}
	if got := plytix.Decimal("59.90").Float64(); got != 59.9 {
		t.Fatalf("Float64() = %v", got)
	}
}

// FuzzDecodeValue: no input makes the decoder panic, and it returns either a value or a
// *ValueError, never both or neither.
func FuzzDecodeValue(f *testing.F) {
	typeClasses := []string{plytix.TypeText, plytix.TypeMultiline, plytix.TypeHTML, plytix.TypeURL, plytix.TypeInt, plytix.TypeDecimal,
		plytix.TypeBoolean, plytix.TypeDate, plytix.TypeDropdown, plytix.TypeMultiSelect, plytix.TypeMedia, plytix.TypeMediaGallery,
		plytix.TypeCompleteness, "FormulaAttribute"}
	for i, raw := range []string{`"123456"`, `""`, `null`, `[]`, `{"id":"x"}`, `[{"id":"a","url":"u"}]`, `90.9`, `"2019-12-01T00:00:00"`,
		`true`, `["a","b"]`, `1e999`, `-0`, `"\u0000"`, `[1,"a"]`, `{"a":`, `9223372036854775808`} {
		f.Add(uint8(i), []byte(raw))
	}
	f.Fuzz(func(t *testing.T, tc uint8, raw []byte) {
		d := plytix.AttributeDefinition{Label: "fuzz", TypeClass: typeClasses[int(tc)%len(typeClasses)]}
		v, err := plytix.DecodeValue(d, raw)
		if (v == nil) == (err == nil) {
			t.Fatalf("DecodeValue(%s, %q) = %v, %v: want exactly one of value and error", d.TypeClass, raw, v, err)
		}
		if err != nil {
			var ve *plytix.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValueError", err)
			}
			return
		}
		_ = v.Strings()
		_ = v.String()
	})
}
