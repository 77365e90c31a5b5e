package centra_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// benchCatalog starts a sandbox holding products × 2 variants × 5 sizes; the returned func
// reports the heap the catalogue took (after the loop: b.Loop resets reported metrics).
func benchCatalog(b *testing.B, products int) (*centratest.TestServer, []string, func()) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ts := centratest.NewTestServer(b, centratest.Options{RateLimits: &centratest.RateLimits{Disabled: true}})
	numbers, err := ts.GenerateCatalog(centratest.GenerateSpec{Products: products, Variants: 2, SizeChart: "Letter", Brand: "Northwind Apparel", Store: "Retail"})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	return ts, numbers, func() { b.ReportMetric(mb, "MB-catalogue") }
}

func benchClient(b *testing.B, ts *centratest.TestServer) *centra.Client {
	b.Helper()
	c, err := centra.New(centra.Config{Endpoint: ts.URL, Token: secret.New(centratest.DefaultToken), StoreID: 1, Budgets: centra.NewBudgets(centra.Limits{})})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkProductsByNumber_100kSKUs: one lookup of 100 products (1,000 SKUs) in a
// catalogue of 100,000 SKUs, client and sandbox end to end.
func BenchmarkProductsByNumber_100kSKUs(b *testing.B) {
	ts, numbers, report := benchCatalog(b, 10_000)
	defer report()
	c := benchClient(b, ts)
	i := 0
	for b.Loop() {
		batch := numbers[i%9900 : i%9900+100]
		i += 100
		got, err := c.ProductsByNumber(b.Context(), batch)
		if err != nil || len(got) != 100 {
			b.Fatalf("%d found: %v", len(got), err)
		}
	}
}

// BenchmarkScanProductSummaries measures a full scan, page by page; its cost per product
// stays flat as the catalogue grows (the sandbox scans once and caches between pages).
func BenchmarkScanProductSummaries(b *testing.B) {
	for _, n := range []int{5_000, 20_000} {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			ts, _, report := benchCatalog(b, n)
			defer report()
			c := benchClient(b, ts)
			for b.Loop() {
				total := 0
				err := c.ForEachProductSummary(b.Context(), centra.ProductFilter{BrandIDs: []int{1}}, func(s []centra.ProductSummary) error {
					total += len(s)
					return nil
				})
				if err != nil || total != n {
					b.Fatalf("%d of %d: %v", total, n, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/product")
		})
	}
}

// BenchmarkEnsureProducts creates products with nested variants and sizes, 25 per request.
func BenchmarkEnsureProducts(b *testing.B) {
	ts := centratest.NewTestServer(b, centratest.Options{RateLimits: &centratest.RateLimits{Disabled: true}})
	c := benchClient(b, ts)
	ref, err := c.ReadReference(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		creates := make([]centra.ProductCreate, 25)
		for i := range creates {
			creates[i] = tee(ref, fmt.Sprintf("BENCH-%d", n))
			n++
		}
		res, err := c.EnsureProducts(b.Context(), creates)
		if err != nil || res[24].Err != nil {
			b.Fatal(err, res[24].Err)
		}
	}
	b.ReportMetric(float64(ts.Stats().TotalMutations())/float64(n), "mutations/product")
}
