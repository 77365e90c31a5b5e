package mapping

import (
	"fmt"
	"strings"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// sourceValue reads a rule's source from a product, falling back to the parent for a variant
// that does not carry the attribute itself (variants inherit parent values in Plytix, docs/reference/plytix-api.md §7).
func sourceValue(s Source, p, parent *catalog.SourceProduct) (catalog.Value, string) {
	if s.System != "" {
		return systemValue(s.System, p), ""
	}
	if msg, bad := p.ValueErrors[s.Attribute]; bad {
		return catalog.Value{}, msg
	}
	if v, ok := p.Values[s.Attribute]; ok && !v.Empty() {
		return v, ""
	}
	if parent != nil && parent != p {
		return sourceValue(s, parent, nil)
	}
	return catalog.Value{}, ""
}

func systemValue(field string, p *catalog.SourceProduct) catalog.Value {
	switch field {
	case "sku":
		return catalog.Text(p.SKU)
	case "label":
		return catalog.Text(p.Label)
	case "gtin":
		return catalog.Text(p.GTIN)
	case "status":
		return catalog.Text(p.Status)
	case "categories":
		return catalog.Value{Kind: catalog.KindOptions, Items: p.Categories}
	case "assets", "thumbnail":
		items := p.MediaURLs
		if field == "thumbnail" && len(items) > 1 {
			items = items[:1]
		}
		return catalog.Value{Kind: catalog.KindMedia, Items: items}
	case "modified":
		return dateValue(p.Modified)
	case "created":
		return dateValue(p.Created)
	}
	return catalog.Value{}
}

// dateValue renders a timestamp as a date value; a zero time is no value.
func dateValue(t time.Time) catalog.Value {
	if t.IsZero() {
		return catalog.Value{}
	}
	return catalog.Value{Kind: catalog.KindDate, Items: []string{t.UTC().Format(time.RFC3339)}}
}

// evaluation is a rule's result for one Plytix product.
type evaluation struct {
	value   catalog.Value
	missing bool
	err     string
}

// evaluate reads, defaults and transforms a rule's value.
func (r *Rule) evaluate(p, parent *catalog.SourceProduct) evaluation {
	v, decodeErr := sourceValue(r.Source, p, parent)
	if decodeErr != "" {
		return evaluation{err: fmt.Sprintf("Plytix value of %q is invalid: %s", r.Source, decodeErr)}
	}
	if v.Empty() {
		if r.Default == nil {
			return evaluation{missing: true}
		}
		v = catalog.Text(*r.Default)
	}
	lookupOther := func(label string) (catalog.Value, bool) {
		other, msg := sourceValue(Source{Attribute: label}, p, parent)
		return other, msg == "" && !other.Empty()
	}
	for _, t := range r.transforms {
		out, err := t(v, lookupOther)
		if err != nil {
			return evaluation{err: err.Error()}
		}
		v = out
	}
	if v.Empty() {
		return evaluation{missing: true}
	}
	return evaluation{value: v}
}

// fieldValue renders a value for a Centra field target, by the field's kind.
func fieldValue(t Target, v catalog.Value) (string, error) {
	text := strings.Join(nonEmpty(v.Items), ", ")
	switch {
	case t.Level == catalog.LevelProduct && t.Field == catalog.FieldCountryOfOrigin:
		code := strings.ToUpper(strings.TrimSpace(text))
		if len(code) != 2 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return "", fmt.Errorf("%q is not a two-letter ISO country code", text)
		}
		return code, nil
	case t.kind() == catalog.NumberField:
		n, err := parseNumber(text)
		if err != nil || n < 0 {
			return "", fmt.Errorf("%s %q is not a non-negative number", t.Field, text)
		}
		return trimFloat(n), nil
	case t.kind() == catalog.ListField:
		return strings.Join(nonEmpty(v.Items), "\n"), nil
	}
	return text, nil
}

// attributeValue renders a value for a Centra custom attribute: option ids for a mapped type,
// text for a dynamic one (booleans as "1"/"0", docs/reference/centra-api.md §4).
func attributeValue(key catalog.AttributeKey, v catalog.Value, ref *catalog.Reference) (catalog.AttributeValue, error) {
	typ, known := catalog.AttributeType{}, false
	if ref != nil {
		typ, known = ref.AttributeTypes[key.TypeName]
	}
	if !known || !typ.Mapped {
		text := strings.Join(nonEmpty(v.Items), ", ")
		if known && typ.Elements[key.ElementKey] == "BOOLEAN" {
			switch strings.ToLower(text) {
			case "true", "1", "yes":
				text = "1"
			case "false", "0", "no":
				text = "0"
			default:
				return catalog.AttributeValue{}, fmt.Errorf("%q is not a yes/no value for Centra attribute %s", text, key.TypeName)
			}
		}
		return catalog.AttributeValue{Text: text}, nil
	}
	items := nonEmpty(v.Items)
	if len(items) > 1 && !typ.Multi {
		return catalog.AttributeValue{}, fmt.Errorf("Centra attribute %s takes one option, Plytix has %d (%s)", key.TypeName, len(items), strings.Join(items, ", "))
	}
	out := catalog.AttributeValue{Mapped: true}
	for _, item := range items {
		id, ok := typ.Options[item]
		if !ok {
			return catalog.AttributeValue{}, fmt.Errorf("%q is not an option of Centra attribute %s; add the option in Centra or map the value with a Lookup transform", item, key.TypeName)
		}
		out.Options = append(out.Options, item)
		out.OptionIDs = append(out.OptionIDs, id)
	}
	return out, nil
}

func nonEmpty(items []string) []string {
	out := make([]string, 0, len(items))
	for _, item := range items {
		if strings.TrimSpace(item) != "" {
			out = append(out, item)
		}
	}
	return out
}
