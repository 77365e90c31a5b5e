package plytixtest

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// snapshot is every product's stored state, in natural order.
func snapshot(t *testing.T, s *Server) []ProductState {
	t.Helper()
	var out []ProductState
	for _, id := range s.ProductIDs() {
		p, err := s.Product(id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func allProblems(n int) ProblemCounts {
	return ProblemCounts{MissingRequired: n, UnmappedBrand: n, DuplicateSKU: n, CollidingSKU: n, MissingAxis: n,
		RepeatedAxis: n, NumbersAsStrings: n, HTMLUnicode: n, Oversized: n, OversizedBytes: 5000}
}

func TestGenerate_IsDeterministicFromTheSeed(t *testing.T) {
	opts := CatalogOptions{Seed: 42, Parents: 40, Singles: 7, Problems: allProblems(2)}
	a, b := newHarness(t, Options{Catalog: opts}), newHarness(t, Options{Catalog: opts})
	if !reflect.DeepEqual(a.s.Report(), b.s.Report()) {
		t.Fatal("two reports from one seed differ")
	}
	if !reflect.DeepEqual(snapshot(t, a.s), snapshot(t, b.s)) {
		t.Fatal("two catalogues from one seed differ")
	}
	if !reflect.DeepEqual(a.s.Attributes(), b.s.Attributes()) {
		t.Fatal("two attribute models from one seed differ")
	}
	opts.Seed = 43
	c := newHarness(t, Options{Catalog: opts})
	if reflect.DeepEqual(snapshot(t, a.s), snapshot(t, c.s)) {
		t.Fatal("another seed made the same catalogue")
	}
}

func TestGenerate_ForSKUsMakesExactlyThatManyProducts(t *testing.T) {
	for _, n := range []int{1000, 10007} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			s := newHarness(t, Options{Catalog: ForSKUs(n, 1)}).s
			r := s.Report()
			if r.Products != n || len(s.ProductIDs()) != n || r.Parents+r.Variants+r.Singles != n || r.Variants != r.Parents*8 {
				t.Fatalf("report = %d products: %d parents, %d variants, %d singles", r.Products, r.Parents, r.Variants, r.Singles)
			}
		})
	}
}

// TestGenerate_LooksLikeFashionData checks the catalogue's shape: brands, colour × size
// variants with both axes, HTML and Unicode copy, valid EAN-13s, every type class.
func TestGenerate_LooksLikeFashionData(t *testing.T) {
	s := newHarness(t, Options{Catalog: CatalogOptions{Seed: 5, Parents: 30, Singles: 10, ColoursPerParent: 3, SizesPerParent: 5}}).s
	r := s.Report()
	allSizes := append(append(slices.Clone(r.LetterSizes), r.NumericSizes...), oneSize)
	var parents, variants int
	for _, p := range snapshot(t, s) {
		if p.Status != "Draft" && p.Status != "Completed" {
			t.Fatalf("%s status %q", p.SKU, p.Status)
		}
		switch {
		case len(p.Variants) > 0:
			parents++
			if len(p.Variants) != 15 {
				t.Fatalf("%s has %d variants, want 3 × 5", p.SKU, len(p.Variants))
			}
			brand, _ := p.Attributes[r.BrandAttribute].(string)
			desc, _ := p.Attributes["description"].(string)
			if !slices.Contains(r.Brands, brand) || !strings.Contains(desc, "<strong>") || !strings.Contains(desc, "—") {
				t.Fatalf("%s brand %q description %q", p.SKU, brand, desc)
			}
		case p.ParentID != "":
			variants++
			colour, _ := p.Attributes[r.ColourAttribute].(string)
			size, _ := p.Attributes[r.SizeAttribute].(string)
			if !slices.Contains(r.Colours, colour) || !slices.Contains(allSizes, size) || !strings.HasSuffix(p.SKU, "-"+size) {
				t.Fatalf("variant %s colour %q size %q", p.SKU, colour, size)
			}
		}
	}
	if parents != 30 || variants != 450 {
		t.Fatalf("parents %d variants %d", parents, variants)
	}
	seen := map[string]bool{}
	for _, d := range s.Attributes() {
		seen[d.TypeClass] = true
	}
	if len(seen) != 13 {
		t.Fatalf("type classes = %v, want all 13", seen)
	}
	g := &generator{gtin: 7350000000}
	for range 20 {
		if code := g.nextGTIN(); !validEAN13(code) {
			t.Fatalf("GTIN %s has a wrong check digit", code)
		}
	}
}

func validEAN13(code string) bool {
	if len(code) != 13 {
		return false
	}
	sum := 0
	for i, r := range code[:12] {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return int(code[12]-'0') == (10-sum%10)%10
}

// TestGenerate_PlantsEveryProblem checks each planted problem in the stored data, not just
// in the report.
func TestGenerate_PlantsEveryProblem(t *testing.T) {
	s := newHarness(t, Options{Catalog: CatalogOptions{Seed: 9, Parents: 40, Problems: allProblems(2)}}).s
	r := s.Report()
	states := map[string]ProductState{}
	for _, p := range snapshot(t, s) {
		states[p.ID] = p
	}
	counts := map[Problem]int{}
	for _, is := range r.Issues {
		counts[is.Problem]++
		p := states[is.ProductID]
		if p.SKU != is.SKU {
			t.Fatalf("issue %+v points at %s", is, p.SKU)
		}
		ok := false
		switch is.Problem {
		case ProblemMissingRequired:
			_, has := p.Attributes[is.Attribute]
			ok = !has && slices.Contains(r.RequiredAttributes, is.Attribute) && p.Status == "Draft"
		case ProblemUnmappedBrand:
			brand, _ := p.Attributes[r.BrandAttribute].(string)
			ok = brand == is.Detail && !slices.Contains(r.Brands, brand) && slices.Contains(r.UnmappedBrands, brand)
		case ProblemDuplicateSKU:
			ok = len(s.LookupSKU(is.SKU)) == 2
		case ProblemCollidingSKU:
			ok = len(s.LookupSKU(is.SKU)) == 1 && len(s.LookupSKU(strings.ToUpper(is.SKU))) == 1
		case ProblemMissingAxis:
			_, has := p.Attributes[is.Attribute]
			ok = !has && p.ParentID != ""
		case ProblemRepeatedAxis:
			combos := map[string]int{}
			for _, vid := range p.Variants {
				v := states[vid]
				combos[fmt.Sprint(v.Attributes[r.ColourAttribute], "/", v.Attributes[r.SizeAttribute])]++
			}
			ok = slices.Contains(mapValues(combos), 2)
		case ProblemNumbersAsStrings:
			price, isString := p.Attributes["recommended_retail_price"].(string)
			weight, weightString := states[p.Variants[0]].Attributes["weight_grams"].(string)
			last := states[p.Variants[len(p.Variants)-1]]
			ok = isString && price != "" && weightString && weight != "" && last.Attributes["recommended_retail_price"] == "" &&
				slices.Contains(last.Overwritten, "recommended_retail_price")
		case ProblemHTMLUnicode:
			desc, _ := p.Attributes["description"].(string)
			ok = strings.Contains(desc, "<script>") && strings.Contains(p.Label, "👩‍🔬")
		case ProblemOversized:
			desc, _ := p.Attributes["description"].(string)
			ok = len(desc) == 5000
		}
		if !ok {
			t.Fatalf("issue %+v is not in the data: %+v", is, p)
		}
	}
	for _, problem := range []Problem{ProblemMissingRequired, ProblemUnmappedBrand, ProblemDuplicateSKU, ProblemCollidingSKU, ProblemMissingAxis,
		ProblemRepeatedAxis, ProblemNumbersAsStrings, ProblemHTMLUnicode, ProblemOversized} {
		if counts[problem] != 2 || len(r.SKUs(problem)) != 2 {
			t.Fatalf("%s planted %d times, want 2", problem, counts[problem])
		}
	}
}

func mapValues(m map[string]int) []int {
	out := make([]int, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestGenerate_RejectsImpossibleOptions(t *testing.T) {
	cases := []struct {
		opts CatalogOptions
		want string
	}{
		{CatalogOptions{Parents: 2, Problems: ProblemCounts{Oversized: 3}}, "plytixtest: generating the catalogue: 3 planted problems need as many parents, have 2"},
		{CatalogOptions{Parents: 2, ColoursPerParent: 13}, "plytixtest: generating the catalogue: at most 12 colours per parent"},
		{CatalogOptions{Parents: -1}, "plytixtest: generating the catalogue: catalogue sizes must not be negative"},
	}
	for _, tc := range cases {
		if _, err := New(Options{Catalog: tc.opts}); err == nil || err.Error() != tc.want {
			t.Errorf("New(%+v) = %v, want %q", tc.opts, err, tc.want)
		}
	}
}

func TestGenerate_StampsSpreadOverTwoYearsBeforeTheEpoch(t *testing.T) {
	s := newHarness(t, Options{Catalog: ForSKUs(900, 3)}).s
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var oldest time.Time
	for _, p := range snapshot(t, s) {
		if p.Modified.After(epoch) {
			t.Fatalf("%s modified %v after the epoch", p.SKU, p.Modified)
		}
		if oldest.IsZero() || p.Modified.Before(oldest) {
			oldest = p.Modified
		}
	}
	if epoch.Sub(oldest) < 600*24*time.Hour {
		t.Fatalf("oldest modified %v: stamps are not spread", oldest)
	}
}

// BenchmarkGenerate measures catalogue generation at the sizes benchmarks use.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := New(Options{Catalog: ForSKUs(n, 1)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
