package mapping

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// transformFunc changes a value on its way to Centra. lookupOther returns another attribute
// of the same product, for templates. Transforms are pure: the same input gives the same output.
type transformFunc func(v catalog.Value, lookupOther func(label string) (catalog.Value, bool)) (catalog.Value, error)

// compileTransform turns one Transform of the API into a function. The API server has already
// checked that the right member is set for the type (CEL), so a missing member here is a bug in
// the caller, reported as an error rather than a panic.
func compileTransform(t pimv1alpha1.Transform) (transformFunc, error) {
	switch t.Type {
	case pimv1alpha1.TransformTrim:
		return eachItem(strings.TrimSpace), nil
	case pimv1alpha1.TransformCase:
		return caseTransform(t.Case)
	case pimv1alpha1.TransformLookup:
		return lookupTransform(t.Lookup), nil
	case pimv1alpha1.TransformTemplate:
		return templateTransform(t.Template), nil
	case pimv1alpha1.TransformJoin:
		if t.Separator == nil {
			return nil, fmt.Errorf("join transform without a separator")
		}
		return joinTransform(*t.Separator), nil
	case pimv1alpha1.TransformTruncate:
		if t.MaxLength == nil {
			return nil, fmt.Errorf("truncate transform without maxLength")
		}
		limit := int(*t.MaxLength)
		return eachItem(func(s string) string {
			if looksLikeHTML(s) {
				return truncateHTML(s, limit)
			}
			return truncate(s, limit)
		}), nil
	case pimv1alpha1.TransformStripControl:
		return eachItem(stripControl), nil
	case pimv1alpha1.TransformConvertUnit:
		if t.Unit == nil {
			return nil, fmt.Errorf("unit conversion without units")
		}
		return unitTransform(*t.Unit)
	default:
		return nil, fmt.Errorf("unknown transform type %q", t.Type)
	}
}

func eachItem(f func(string) string) transformFunc {
	return func(v catalog.Value, _ func(string) (catalog.Value, bool)) (catalog.Value, error) {
		out := catalog.Value{Kind: v.Kind, Items: make([]string, len(v.Items))}
		for i, item := range v.Items {
			out.Items[i] = f(item)
		}
		return out, nil
	}
}

func caseTransform(style pimv1alpha1.CaseStyle) (transformFunc, error) {
	switch style {
	case "Upper":
		return eachItem(strings.ToUpper), nil
	case "Lower":
		return eachItem(strings.ToLower), nil
	case "Title":
		// A Caser is not safe for concurrent use; make one per call.
		return eachItem(func(s string) string { return cases.Title(language.Und).String(s) }), nil
	default:
		return nil, fmt.Errorf("unknown case %q", style)
	}
}

// lookupTransform replaces each item by its entry. An item without an entry fails the value:
// guessing would put a wrong value live.
func lookupTransform(entries []pimv1alpha1.LookupEntry) transformFunc {
	table := make(map[string]string, len(entries))
	for _, e := range entries {
		table[e.From] = e.To
	}
	return func(v catalog.Value, _ func(string) (catalog.Value, bool)) (catalog.Value, error) {
		out := catalog.Value{Kind: v.Kind, Items: make([]string, len(v.Items))}
		for i, item := range v.Items {
			to, ok := table[item]
			if !ok {
				return catalog.Value{}, fmt.Errorf("value %q has no entry in the lookup table", item)
			}
			out.Items[i] = to
		}
		return out, nil
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*(value|attributes\.[A-Za-z0-9_]+)\s*\}\}`)

// templateTransform fills {{value}} and {{attributes.<label>}}; list values are joined with
// ", ". A referenced attribute without a value leaves its placeholder empty.
func templateTransform(template string) transformFunc {
	return func(v catalog.Value, lookupOther func(string) (catalog.Value, bool)) (catalog.Value, error) {
		out := placeholder.ReplaceAllStringFunc(template, func(match string) string {
			name := placeholder.FindStringSubmatch(match)[1]
			if name == "value" {
				return strings.Join(v.Items, ", ")
			}
			other, ok := lookupOther(strings.TrimPrefix(name, "attributes."))
			if !ok {
				return ""
			}
			return strings.Join(other.Items, ", ")
		})
		return catalog.Value{Kind: catalog.KindText, Items: []string{out}}, nil
	}
}

func joinTransform(separator string) transformFunc {
	return func(v catalog.Value, _ func(string) (catalog.Value, bool)) (catalog.Value, error) {
		var items []string
		for _, item := range v.Items {
			if item != "" {
				items = append(items, item)
			}
		}
		return catalog.Value{Kind: catalog.KindText, Items: []string{strings.Join(items, separator)}}, nil
	}
}

// truncate keeps at most limit runes, cutting at the last word boundary when that keeps more
// than half of them, and never splitting a rune.
func truncate(s string, limit int) string {
	if limit <= 0 || utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)[:limit]
	for i := len(runes) - 1; i > limit/2; i-- {
		if unicode.IsSpace(runes[i]) {
			return strings.TrimRightFunc(string(runes[:i]), unicode.IsSpace)
		}
	}
	return string(runes)
}

// unitFactors converts each unit to its base (metre, kilogram, litre).
var unitFactors = map[pimv1alpha1.Unit]struct {
	dimension string
	factor    float64
}{
	"mm": {"length", 0.001}, "cm": {"length", 0.01}, "m": {"length", 1}, "in": {"length", 0.0254}, "ft": {"length", 0.3048},
	"g": {"mass", 0.001}, "kg": {"mass", 1}, "oz": {"mass", 0.028349523125}, "lb": {"mass", 0.45359237},
	"ml": {"volume", 0.001}, "l": {"volume", 1},
}

func unitTransform(u pimv1alpha1.UnitConversion) (transformFunc, error) {
	from, okFrom := unitFactors[u.From]
	to, okTo := unitFactors[u.To]
	if !okFrom || !okTo || from.dimension != to.dimension {
		return nil, fmt.Errorf("cannot convert %s to %s", u.From, u.To)
	}
	scale := math.Pow(10, float64(u.Precision))
	return func(v catalog.Value, _ func(string) (catalog.Value, bool)) (catalog.Value, error) {
		out := catalog.Value{Kind: catalog.KindNumber, Items: make([]string, len(v.Items))}
		for i, item := range v.Items {
			n, err := parseNumber(item)
			if err != nil {
				return catalog.Value{}, err
			}
			converted := math.Round(n*from.factor/to.factor*scale) / scale
			out.Items[i] = strconv.FormatFloat(converted, 'f', -1, 64)
		}
		return out, nil
	}, nil
}

// parseNumber reads a number as Plytix writes them: plain, as a string, or with a decimal comma.
func parseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return n, nil
}

// trimFloat renders a number without trailing zeros, so 1.50 and 1.5 compare equal.
func trimFloat(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }
