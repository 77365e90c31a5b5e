package mapping

import (
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
)

// FuzzBuild builds families made from random Plytix data. Build must never panic, and when it
// returns a product the product must be whole: every SKU placed once, composed exactly as
// Centra composes SKUs, with no blocking failure recorded.
func FuzzBuild(f *testing.F) {
	f.Add([]byte("NL-1\x00-BLK-S\x00Black\x00S\x00-BLK-M\x00Black\x00M"), "Storm")
	f.Add([]byte("P\x00X\x00\x00S"), "")
	f.Add([]byte("\xff\x00\xfe\x00Red\x00XL\x00\xfe\x00Red\x00XL"), "Ö")
	f.Fuzz(func(t *testing.T, data []byte, label string) {
		parts := splitZero(data)
		fam := catalog.Family{Parent: catalog.SourceProduct{
			SKU: part(parts, 0), Label: label, Status: "Completed",
			Values: map[string]catalog.Value{
				"brand": text("Nordlys"), "material": text("wool"), "description": text("d"),
				"completeness": text("99"), "fit": text(label),
			},
		}}
		for i := 1; i+2 < len(parts) && i < 60; i += 3 {
			v := catalog.SourceProduct{SKU: fam.Parent.SKU + parts[i], Values: map[string]catalog.Value{}}
			if parts[i+1] != "" {
				v.Values["color"] = text(parts[i+1])
			}
			if parts[i+2] != "" {
				v.Values["size"] = text(parts[i+2])
			}
			fam.Variants = append(fam.Variants, v)
		}
		built := compileTest().Build(fam, testReference())
		if built.Product == nil {
			return
		}
		for _, fl := range built.Failures {
			if fl.Blocking {
				t.Fatalf("product returned with a blocking failure %+v", fl)
			}
		}
		placed := map[string]int{}
		for _, v := range built.Product.Variants {
			for _, s := range v.Sizes {
				placed[s.SourceSKU]++
				if built.Product.ProductNumber+v.VariantNumber+s.SizeNumber != s.SourceSKU {
					t.Fatalf("SKU %q composed as %q+%q+%q", s.SourceSKU, built.Product.ProductNumber, v.VariantNumber, s.SizeNumber)
				}
			}
		}
		for _, sku := range built.SKUs {
			if placed[sku] != 1 {
				t.Fatalf("SKU %q placed %d times in %+v", sku, placed[sku], built.Product.Variants)
			}
		}
	})
}

func splitZero(data []byte) []string {
	var parts []string
	start := 0
	for i, b := range data {
		if b == 0 {
			parts = append(parts, string(data[start:i]))
			start = i + 1
		}
	}
	return append(parts, string(data[start:]))
}

func part(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return ""
}
