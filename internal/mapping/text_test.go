package mapping

import (
	"strings"
	"testing"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

func TestHostileText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<p>Warm.</p>\n\tLined", ""},
		{"שלום \u200f mark", ""},
		{"replacement \uFFFD written as such", ""},
		{"nul\x00here", "the control character U+0000 at byte 3"},
		{"esc \x1b[31m", "the control character U+001B at byte 4"},
		{"price \u202e0.99", "the bidirectional control character U+202E at byte 6"},
		{"isolate \u2067x\u2069", "the bidirectional control character U+2067 at byte 8"},
		{"bad \xff byte", "invalid UTF-8 at byte 4"},
	}
	for _, tc := range cases {
		if got := hostileText(tc.in); got != tc.want {
			t.Errorf("hostileText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := stripControl("a\x00b\u202ec\xffd\n"); got != "abcd\n" {
		t.Errorf("stripControl = %q", got)
	}
}

func FuzzStripControl(f *testing.F) {
	f.Add("nul\x00 esc\x1b rlo\u202e bad\xff")
	f.Fuzz(func(t *testing.T, s string) {
		if got := stripControl(s); hostileText(got) != "" {
			t.Fatalf("stripControl(%q) = %q, still %s", s, got, hostileText(got))
		}
	})
}

// hostileDescription carries a NUL and a right-to-left override, as pasted from elsewhere.
const hostileDescription = "<p>Warm\x00 and dry\u202e</p>"

// TestHostileCharactersFailTheValueNotTheProduct: a description with a NUL and a bidi override
// is not written to Centra; it fails for its SKU and target, saying which character and where,
// and the rest of the product is built.
func TestHostileCharactersFailTheValueNotTheProduct(t *testing.T) {
	f := testFamily()
	f.Parent.Values["description"] = text(hostileDescription)
	built := compileTest().Build(f, testReference())
	if built.Blocked() {
		t.Fatalf("blocked: %+v", built.Failures)
	}
	if _, written := built.Product.Display.Fields["description"]; written {
		t.Errorf("the hostile description was written: %q", built.Product.Display.Fields["description"])
	}
	want := "display.description: the Plytix value contains the control character U+0000 at byte 7; remove it in Plytix, or add the StripControl transform to the rule"
	found := false
	for _, fl := range built.Failures {
		found = found || (fl.SKU == "NL-JKT-001" && fl.Attribute == "display.description" && fl.Reason == pimv1alpha1.FailureInvalidValue && fl.Message == want)
	}
	if !found {
		t.Errorf("failures = %+v, want %q", built.Failures, want)
	}
}

// TestStripControlTransformCleansTheValue: with the explicit transform the same value is
// written without the characters.
func TestStripControlTransformCleansTheValue(t *testing.T) {
	f := testFamily()
	f.Parent.Values["description"] = text(hostileDescription)
	am := testMapping()
	for i, r := range am.Spec.Rules {
		if r.To.DisplayField == "description" {
			am.Spec.Rules[i].Transforms = append(am.Spec.Rules[i].Transforms, pimv1alpha1.Transform{Type: pimv1alpha1.TransformStripControl})
		}
	}
	m, problems := Compile(Input{Spec: testSpec(), Mappings: []pimv1alpha1.AttributeMapping{am}, Definitions: testDefinitions(), Reference: testReference()})
	if m == nil {
		t.Fatalf("compile: %+v", problems)
	}
	built := m.Build(f, testReference())
	if got := built.Product.Display.Fields["description"]; got != "<p>Warm and dry</p>" || strings.ContainsAny(got, "\x00\u202e") {
		t.Errorf("description = %q", got)
	}
}
