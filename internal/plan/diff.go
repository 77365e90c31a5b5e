// Package plan decides, per product, what a sync run does: create it, update only the fields
// that changed, leave it, report drift, or leave it blocked. It is pure: it compares the desired
// Centra product (built from Plytix) with the observed one (read from Centra).
package plan

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// Diff lists what must be written to make observed equal desired. Only what the desired product
// manages is compared: fields and attributes no rule maps, extra categories and markets that
// merchandisers added in Centra, and the product's status are left alone.
func Diff(desired, observed *catalog.Product) []Change {
	if observed == nil {
		observed = &catalog.Product{}
	}
	d := &differ{}
	all := allSKUs(desired)
	product := Locator{Level: catalog.LevelProduct}
	d.field(product, catalog.FieldName, observed.Name, desired.Name, all)
	if desired.Brand != "" {
		d.field(product, catalog.FieldBrand, observed.Brand, desired.Brand, all)
	}
	d.fields(product, observed.Fields, desired.Fields, all)
	d.attributes(product, observed.Attributes, desired.Attributes, all)
	d.missingMedia(product, observed.MediaURLs, desired.MediaURLs, all)
	for i := range desired.Variants {
		d.variant(&desired.Variants[i], observed.FindVariant(desired.Variants[i].VariantNumber))
	}
	d.display(desired.Display, observed.Display, all)
	return d.changes
}

type differ struct{ changes []Change }

func (d *differ) add(c Change) { d.changes = append(d.changes, c) }

// field compares one field of the object at. Locators carry the object's variant and size, so
// every change of that object says where it belongs.
func (d *differ) field(at Locator, field, from, to string, skus []string) {
	at.Kind, at.Field = KindField, field
	if normalize(at, from) != normalize(at, to) {
		d.add(Change{Locator: at, From: from, To: to, SKUs: skus})
	}
}

func (d *differ) fields(at Locator, observed, desired map[string]string, skus []string) {
	for _, key := range sortedKeys(desired) {
		d.field(at, key, observed[key], desired[key], skus)
	}
}

func (d *differ) attributes(at Locator, observed, desired catalog.Attributes, skus []string) {
	keys := make([]catalog.AttributeKey, 0, len(desired))
	for k := range desired {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	at.Kind = KindAttribute
	for _, k := range keys {
		want, have := desired[k], observed[k]
		if !attributeEqual(want, have) {
			at.Attribute = k
			d.add(Change{Locator: at, From: renderAttribute(have), To: renderAttribute(want), Want: want, Have: have, SKUs: skus})
		}
	}
}

func (d *differ) missingMedia(at Locator, observed, desired []string, skus []string) {
	at.Kind = KindMedia
	for _, url := range desired {
		if !slices.Contains(observed, url) {
			d.add(Change{Locator: at, To: url, SKUs: skus})
		}
	}
}

func (d *differ) variant(want *catalog.Variant, have *catalog.Variant) {
	skus := variantSKUs(want)
	at := Locator{Level: catalog.LevelVariant, VariantNumber: want.VariantNumber}
	if have == nil {
		create := at
		create.Kind = KindCreate
		d.add(Change{Locator: create, To: want.Name, SKUs: skus})
		return
	}
	if have.SizeChart != "" && want.SizeChart != "" && have.SizeChart != want.SizeChart {
		chart := at
		chart.Kind = KindSizeChart
		d.add(Change{Locator: chart, From: have.SizeChart, To: want.SizeChart, SKUs: skus})
	}
	d.field(at, catalog.FieldName, have.Name, want.Name, skus)
	d.fields(at, have.Fields, want.Fields, skus)
	d.attributes(at, have.Attributes, want.Attributes, skus)
	d.missingMedia(at, have.MediaURLs, want.MediaURLs, skus)
	for i := range want.Sizes {
		ws := &want.Sizes[i]
		hs := have.FindSize(ws.Name)
		size := Locator{Level: catalog.LevelSize, VariantNumber: want.VariantNumber, SizeName: ws.Name, SKU: ws.SKU}
		if hs == nil {
			create := size
			create.Kind = KindCreate
			d.add(Change{Locator: create, To: ws.Name, SKUs: []string{ws.SKU}})
			continue
		}
		d.field(size, catalog.FieldSizeNumber, hs.SizeNumber, ws.SizeNumber, []string{ws.SKU})
		d.fields(size, hs.Fields, ws.Fields, []string{ws.SKU})
	}
}

func (d *differ) display(want, have *catalog.Display, skus []string) {
	if want == nil {
		return
	}
	at := Locator{Level: catalog.LevelDisplay}
	if have == nil {
		create := at
		create.Kind = KindCreate
		d.add(Change{Locator: create, To: want.Name, SKUs: skus})
		return
	}
	d.field(at, catalog.FieldName, have.Name, want.Name, skus)
	d.fields(at, have.Fields, want.Fields, skus)
	d.attributes(at, have.Attributes, want.Attributes, skus)
	for _, c := range missing(have.Categories, want.Categories) {
		d.add(Change{Locator: Locator{Level: catalog.LevelDisplay, Kind: KindCategory}, To: c, SKUs: skus})
	}
	for _, m := range missing(have.Markets, want.Markets) {
		d.add(Change{Locator: Locator{Level: catalog.LevelDisplay, Kind: KindMarket}, To: m, SKUs: skus})
	}
	for _, v := range missing(have.Variants, want.Variants) {
		d.add(Change{Locator: Locator{Level: catalog.LevelDisplay, Kind: KindDisplayVariant, VariantNumber: v}, To: v, SKUs: skus})
	}
}

func missing(have, want []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// normalize makes equal values compare equal across the two APIs: surrounding whitespace,
// Windows line breaks, and numbers written with trailing zeros.
func normalize(at Locator, v string) string {
	v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
	if f, ok := catalog.LookupField(at.Level, at.Field); ok && at.Kind == KindField && f.Kind == catalog.NumberField {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return strconv.FormatFloat(n, 'f', -1, 64)
		}
	}
	return v
}

func attributeEqual(want, have catalog.AttributeValue) bool {
	if want.Mapped || have.Mapped {
		a, b := slices.Clone(want.OptionIDs), slices.Clone(have.OptionIDs)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(a, b)
	}
	return normalize(Locator{}, want.Text) == normalize(Locator{}, have.Text)
}

func renderAttribute(v catalog.AttributeValue) string {
	if v.Mapped {
		return strings.Join(v.Options, ", ")
	}
	return v.Text
}

func allSKUs(p *catalog.Product) []string {
	var skus []string
	for i := range p.Variants {
		skus = append(skus, variantSKUs(&p.Variants[i])...)
	}
	return skus
}

func variantSKUs(v *catalog.Variant) []string {
	skus := make([]string, len(v.Sizes))
	for i, s := range v.Sizes {
		skus[i] = s.SKU
	}
	return skus
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
