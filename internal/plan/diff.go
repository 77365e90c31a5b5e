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

// Structural targets: changes that are not a mapped attribute's value.
const (
	TargetVariant         = "structure.variant"
	TargetSize            = "structure.size"
	TargetDisplay         = "structure.display"
	TargetSizeChart       = "structure.sizeChart"
	TargetBrand           = "product.brand"
	TargetName            = "product.name"
	TargetDisplayName     = "display.name"
	TargetVariantName     = "variant.name"
	TargetCategories      = "display.categories"
	TargetMarkets         = "display.markets"
	TargetDisplayVariants = "display.variants"
	TargetProductMedia    = "product.media"
	TargetVariantMedia    = "variant.media"
)

// Change is one difference between the desired and the observed product.
type Change struct {
	// Target names what changes, as in status rows (product.name, attribute:pr_fit.value) or a
	// structural target (structure.variant).
	Target string
	// Object is where: product, display, variant <number> or size <SKU>.
	Object string
	From   string
	To     string
	// SKUs are the sellable items the change affects.
	SKUs []string
	// VariantNumber and SizeName locate variant and size changes.
	VariantNumber string
	SizeName      string
}

// Diff lists what must be written to make observed equal desired. Only what the desired product
// manages is compared: fields and attributes no rule maps, extra categories and markets that
// merchandisers added in Centra, and the product's status are left alone.
func Diff(desired, observed *catalog.Product) []Change {
	if observed == nil {
		observed = &catalog.Product{}
	}
	d := &differ{}
	all := allSKUs(desired)
	d.field(TargetName, "product", observed.Name, desired.Name, all)
	if desired.Brand != "" {
		d.field(TargetBrand, "product", observed.Brand, desired.Brand, all)
	}
	d.fields("product", "product", observed.Fields, desired.Fields, all)
	d.attributes("product", observed.Attributes, desired.Attributes, all)
	d.missingMedia(TargetProductMedia, "product", "", observed.MediaURLs, desired.MediaURLs, all)
	for i := range desired.Variants {
		d.variant(&desired.Variants[i], observed.FindVariant(desired.Variants[i].VariantNumber))
	}
	d.display(desired.Display, observed.Display, all)
	return d.changes
}

type differ struct{ changes []Change }

func (d *differ) add(c Change) { d.changes = append(d.changes, c) }

func (d *differ) field(target, object, from, to string, skus []string) {
	if normalize(target, from) != normalize(target, to) {
		d.add(Change{Target: target, Object: object, From: from, To: to, SKUs: skus})
	}
}

func (d *differ) fields(level, object string, observed, desired map[string]string, skus []string) {
	for _, key := range sortedKeys(desired) {
		d.field(level+"."+key, object, observed[key], desired[key], skus)
	}
}

func (d *differ) attributes(object string, observed, desired catalog.Attributes, skus []string) {
	keys := make([]catalog.AttributeKey, 0, len(desired))
	for k := range desired {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		want, have := desired[k], observed[k]
		if !attributeEqual(want, have) {
			d.add(Change{Target: k.String(), Object: object, From: renderAttribute(have), To: renderAttribute(want), SKUs: skus})
		}
	}
}

func (d *differ) missingMedia(target, object, variantNumber string, observed, desired []string, skus []string) {
	for _, url := range desired {
		if !slices.Contains(observed, url) {
			d.add(Change{Target: target, Object: object, To: url, SKUs: skus, VariantNumber: variantNumber})
		}
	}
}

func (d *differ) variant(want *catalog.Variant, have *catalog.Variant) {
	skus := variantSKUs(want)
	object := "variant " + want.VariantNumber
	if have == nil {
		d.add(Change{Target: TargetVariant, Object: object, To: want.Name, SKUs: skus, VariantNumber: want.VariantNumber})
		return
	}
	if have.SizeChart != "" && want.SizeChart != "" && have.SizeChart != want.SizeChart {
		d.add(Change{Target: TargetSizeChart, Object: object, From: have.SizeChart, To: want.SizeChart, SKUs: skus, VariantNumber: want.VariantNumber})
	}
	d.withVariant(want.VariantNumber, func() {
		d.field(TargetVariantName, object, have.Name, want.Name, skus)
		d.fields("variant", object, have.Fields, want.Fields, skus)
		d.attributes(object, have.Attributes, want.Attributes, skus)
		d.missingMedia(TargetVariantMedia, object, want.VariantNumber, have.MediaURLs, want.MediaURLs, skus)
	})
	for i := range want.Sizes {
		ws := &want.Sizes[i]
		hs := have.FindSize(ws.Name)
		sizeObject := "size " + ws.SKU
		if hs == nil {
			d.add(Change{Target: TargetSize, Object: sizeObject, To: ws.Name, SKUs: []string{ws.SKU}, VariantNumber: want.VariantNumber, SizeName: ws.Name})
			continue
		}
		before := len(d.changes)
		d.field("size.sizeNumber", sizeObject, hs.SizeNumber, ws.SizeNumber, []string{ws.SKU})
		d.fields("size", sizeObject, hs.Fields, ws.Fields, []string{ws.SKU})
		for j := before; j < len(d.changes); j++ {
			d.changes[j].VariantNumber, d.changes[j].SizeName = want.VariantNumber, ws.Name
		}
	}
}

// withVariant tags the changes f adds with the variant they belong to.
func (d *differ) withVariant(number string, f func()) {
	before := len(d.changes)
	f()
	for j := before; j < len(d.changes); j++ {
		d.changes[j].VariantNumber = number
	}
}

func (d *differ) display(want, have *catalog.Display, skus []string) {
	if want == nil {
		return
	}
	if have == nil {
		d.add(Change{Target: TargetDisplay, Object: "display", To: want.Name, SKUs: skus})
		return
	}
	d.field(TargetDisplayName, "display", have.Name, want.Name, skus)
	d.fields("display", "display", have.Fields, want.Fields, skus)
	d.attributes("display", have.Attributes, want.Attributes, skus)
	for _, c := range missing(have.Categories, want.Categories) {
		d.add(Change{Target: TargetCategories, Object: "display", To: c, SKUs: skus})
	}
	for _, m := range missing(have.Markets, want.Markets) {
		d.add(Change{Target: TargetMarkets, Object: "display", To: m, SKUs: skus})
	}
	for _, v := range missing(have.Variants, want.Variants) {
		d.add(Change{Target: TargetDisplayVariants, Object: "display", To: v, SKUs: skus, VariantNumber: v})
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
func normalize(target, v string) string {
	v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
	if target == "product.weight" {
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
	return normalize("", want.Text) == normalize("", have.Text)
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
