package mapping

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"k8s.io/utils/ptr"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

func noOthers(string) (catalog.Value, bool) { return catalog.Value{}, false }

func TestTransforms(t *testing.T) {
	others := func(label string) (catalog.Value, bool) {
		if label == "fit" {
			return text("Slim"), true
		}
		return catalog.Value{}, false
	}
	cases := []struct {
		name    string
		t       pimv1alpha1.Transform
		in      catalog.Value
		want    []string
		wantErr string
	}{
		{"trim", pimv1alpha1.Transform{Type: "Trim"}, text("  Storm \t"), []string{"Storm"}, ""},
		{"upper", pimv1alpha1.Transform{Type: "Case", Case: "Upper"}, text("se"), []string{"SE"}, ""},
		{"lower", pimv1alpha1.Transform{Type: "Case", Case: "Lower"}, text("ÅRE"), []string{"åre"}, ""},
		{"title keeps unicode words", pimv1alpha1.Transform{Type: "Case", Case: "Title"}, text("öko wool blend"), []string{"Öko Wool Blend"}, ""},
		{"lookup each option", pimv1alpha1.Transform{Type: "Lookup", Lookup: []pimv1alpha1.LookupEntry{{From: "blk", To: "Black"}, {From: "nvy", To: "Navy"}}},
			catalog.Value{Kind: catalog.KindOptions, Items: []string{"nvy", "blk"}}, []string{"Navy", "Black"}, ""},
		{"lookup gap fails", pimv1alpha1.Transform{Type: "Lookup", Lookup: []pimv1alpha1.LookupEntry{{From: "blk", To: "Black"}}},
			text("red"), nil, `value "red" has no entry in the lookup table`},
		{"template", pimv1alpha1.Transform{Type: "Template", Template: "{{value}} ({{ attributes.fit }} fit{{attributes.none}})"},
			text("Storm"), []string{"Storm (Slim fit)"}, ""},
		{"join skips blanks", pimv1alpha1.Transform{Type: "Join", Separator: ptr.To(" / ")},
			catalog.Value{Kind: catalog.KindOptions, Items: []string{"Wool", "", "Silk"}}, []string{"Wool / Silk"}, ""},
		{"truncate at a word", pimv1alpha1.Transform{Type: "Truncate", MaxLength: ptr.To[int32](12)}, text("Warm winter jacket"), []string{"Warm winter"}, ""},
		{"truncate without a space", pimv1alpha1.Transform{Type: "Truncate", MaxLength: ptr.To[int32](4)}, text("ÅÄÖÜÉ"), []string{"ÅÄÖÜ"}, ""},
		{"truncate leaves short values", pimv1alpha1.Transform{Type: "Truncate", MaxLength: ptr.To[int32](40)}, text("Short"), []string{"Short"}, ""},
		{"grams to kilograms", pimv1alpha1.Transform{Type: "ConvertUnit", Unit: &pimv1alpha1.UnitConversion{From: "g", To: "kg", Precision: 2}},
			text("1255"), []string{"1.26"}, ""},
		{"inches to centimetres with a decimal comma", pimv1alpha1.Transform{Type: "ConvertUnit", Unit: &pimv1alpha1.UnitConversion{From: "in", To: "cm", Precision: 1}},
			text("10,5"), []string{"26.7"}, ""},
		{"text is not a number", pimv1alpha1.Transform{Type: "ConvertUnit", Unit: &pimv1alpha1.UnitConversion{From: "g", To: "kg"}},
			text("heavy"), nil, `"heavy" is not a number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := compileTransform(tc.t)
			if err != nil {
				t.Fatal(err)
			}
			out, err := f(tc.in, others)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(out.Items, tc.want) {
				t.Fatalf("got %q, %v; want %q", out.Items, err, tc.want)
			}
		})
	}
}

func TestCompileTransformRejectsIncompleteTransforms(t *testing.T) {
	for _, tr := range []pimv1alpha1.Transform{
		{Type: "Join"}, {Type: "Truncate"}, {Type: "ConvertUnit"}, {Type: "Case", Case: "Sentence"}, {Type: "Shout"},
		{Type: "ConvertUnit", Unit: &pimv1alpha1.UnitConversion{From: "cm", To: "kg"}},
	} {
		if _, err := compileTransform(tr); err == nil {
			t.Errorf("%+v compiled", tr)
		}
	}
}

// FuzzTransforms runs every transform on arbitrary text: none may panic, and each keeps the
// promises the mapping relies on.
func FuzzTransforms(f *testing.F) {
	for _, s := range []string{"", " a ", "Öko-Tex® 100", "<p>HTML &amp; entities</p>", "12,5", "1e308", "\xff\xfe", strings.Repeat("x ", 600)} {
		f.Add(s, uint16(10))
	}
	f.Fuzz(func(t *testing.T, s string, n uint16) {
		maxLen := int(n%2000) + 1
		v := catalog.Value{Kind: catalog.KindOptions, Items: []string{s, strings.ToUpper(s)}}
		for _, tr := range []pimv1alpha1.Transform{
			{Type: "Trim"}, {Type: "Case", Case: "Upper"}, {Type: "Case", Case: "Lower"}, {Type: "Case", Case: "Title"},
			{Type: "Lookup", Lookup: []pimv1alpha1.LookupEntry{{From: s, To: "x"}}},
			{Type: "Template", Template: "{{value}}|{{attributes.a}}"}, {Type: "Join", Separator: ptr.To(",")},
			{Type: "Truncate", MaxLength: ptr.To(int32(maxLen))},
			{Type: "ConvertUnit", Unit: &pimv1alpha1.UnitConversion{From: "mm", To: "in", Precision: 3}},
		} {
			fn, err := compileTransform(tr)
			if err != nil {
				t.Fatal(err)
			}
			out, err := fn(v, noOthers)
			if err != nil {
				continue
			}
			switch tr.Type {
			case "Trim":
				again, _ := fn(out, noOthers)
				if !reflect.DeepEqual(again.Items, out.Items) {
					t.Fatalf("trim is not idempotent on %q", s)
				}
			case "Truncate":
				for i, item := range out.Items {
					if utf8.ValidString(v.Items[i]) && (utf8.RuneCountInString(item) > maxLen || !utf8.ValidString(item)) {
						t.Fatalf("truncate(%q, %d) = %q", v.Items[i], maxLen, item)
					}
				}
			case "Join", "Template":
				if len(out.Items) != 1 {
					t.Fatalf("%s must produce one item, got %q", tr.Type, out.Items)
				}
			}
		}
	})
}
