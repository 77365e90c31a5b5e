package plytix_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Example_fullAndDeltaRead shows how a sync engine reads Plytix: definitions first, then a
// full read page by page with the columns its mapping needs, then deltas expanded to whole
// parent/variant groups.
func Example_fullAndDeltaRead() {
	sandbox, _ := plytixtest.New(plytixtest.Options{Catalog: plytixtest.CatalogOptions{Seed: 1, Parents: 3, Singles: 1}, RateLimits: plytixtest.Unlimited()})
	server := httptest.NewServer(sandbox.Handler())
	defer server.Close()
	defer sandbox.Close()
	key, password := sandbox.Credentials()

	// One limiter and one set of counters per account, shared by every client in the process.
	registry := budget.NewRegistry()
	client, _ := plytix.New(plytix.Config{
		APIURL: server.URL, AuthURL: server.URL, APIKey: secret.New(key), APIPassword: secret.New(password),
		Limiter:  plytix.SharedLimiter(registry, server.URL, secret.New(key), nil),
		Counters: httpx.NewCounters(nil),
	})
	ctx := context.Background()

	defs, _ := client.Attributes(ctx)
	byLabel := plytix.IndexByLabel(defs)

	watermark := sandbox.Now()
	var parents, variants, singles int
	_ = client.Scan(ctx, plytix.Query{Columns: plytix.ProductColumns("brand", "color", "size", "weight_grams")}, func(page plytix.Page) error {
		for _, p := range page.Products {
			switch p.Type() {
			case plytix.TypeParent:
				parents++
			case plytix.TypeVariant:
				variants++
			default:
				singles++
			}
			values, errs := plytix.DecodeAttributes(byLabel, p.Attributes)
			_, _ = values, errs // map values; report errs per SKU and attribute
		}
		return nil
	})
	fmt.Printf("full read: %d parents, %d variants, %d singles\n", parents, variants, singles)

	// A merchandiser edits one variant.
	ids := sandbox.ProductIDs()
	sandbox.AdvanceClock(time.Minute)
	_ = sandbox.UpdateProduct(ids[1], plytixtest.ProductPatch{Attributes: map[string]any{"weight_grams": 512}})

	var changed []plytix.Product
	_ = client.ModifiedSince(ctx, watermark, plytix.Query{Columns: plytix.ProductColumns("weight_grams")}, func(page plytix.Page) error {
		changed = append(changed, page.Products...)
		return nil
	})
	groups, _ := client.VariantGroups(ctx, changed, plytix.ProductColumns("brand"))
	weight, _ := plytix.DecodeValue(byLabel["weight_grams"], changed[0].Attributes["weight_grams"])
	fmt.Printf("delta: %d changed (weight %s), %d group of %d variants\n", len(changed), weight, len(groups), len(groups[0].Variants))
	fmt.Printf("budget used this hour: %d\n", client.Budget().Windows[1].Used)
	// Output:
	// full read: 3 parents, 24 variants, 1 singles
	// delta: 1 changed (weight 512), 1 group of 8 variants
	// budget used this hour: 7
}
