package plytix_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// BenchmarkFullRead reads whole generated catalogues with the columns a mapping typically
// needs, reporting requests per read (the floor is one per 100 products).
func BenchmarkFullRead(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			sandbox, err := plytixtest.New(plytixtest.Options{Catalog: plytixtest.ForSKUs(n, 1), RateLimits: plytixtest.Unlimited()})
			if err != nil {
				b.Fatal(err)
			}
			server := httptest.NewServer(sandbox.Handler())
			defer server.Close()
			defer sandbox.Close()
			key, password := sandbox.Credentials()
			c, err := plytix.New(plytix.Config{APIURL: server.URL, AuthURL: server.URL, APIKey: secret.New(key), APIPassword: secret.New(password),
				Limiter: budget.NewLimiter("bench", []budget.Window{{Period: time.Hour}})})
			if err != nil {
				b.Fatal(err)
			}
			q := plytix.Query{Columns: plytix.ProductColumns("brand", "color", "size", "description", "material", "main_image")}
			for b.Loop() {
				read := 0
				if err := c.Scan(context.Background(), q, func(p plytix.Page) error { read += len(p.Products); return nil }); err != nil || read != n {
					b.Fatalf("read %d of %d: %v", read, n, err)
				}
			}
			b.ReportMetric(float64(sandbox.Counters().Total())/float64(b.N), "requests/op")
		})
	}
}
