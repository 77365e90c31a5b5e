package centra_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Example shows the write path a sync engine takes for one new product, against the
// sandbox: reference data, idempotent creates (product with variants and sizes in one
// mutation, then its display), media by URL, attributes, and the visibility check.
func Example() {
	sb, _ := centratest.New(centratest.Options{})
	srv := httptest.NewServer(sb.Handler())
	defer srv.Close()
	ctx := context.Background()

	registry := budget.NewRegistry() // one per process: every CatalogSync shares it
	token := secret.New(centratest.DefaultToken)
	c, _ := centra.New(centra.Config{
		Endpoint: srv.URL + "/graphql",
		Token:    token,
		StoreID:  1,
		Budgets:  centra.SharedBudgets(registry, srv.URL+"/graphql", token, centra.DefaultLimits()),
		// The sandbox completes a media batch on its second poll; poll it quickly here.
		MediaPollInterval: 10 * time.Millisecond,
	})

	// 1. Reference data, once per run; it also seeds the budgets from rateLimits.
	ref, _ := c.ReadReference(ctx)
	retail, _ := ref.StoreByName("Retail")
	eu, _ := ref.MarketByName(retail.ID, "EU")
	women, _ := ref.CategoryByName(retail.ID, "Women")
	brand, _ := ref.BrandByName("Northwind Apparel")
	letter, _ := ref.SizeChartByName("Letter")
	slim, _ := ref.MappedValueID("fit", "Slim")

	// 2. The product with its variant and sizes, in one mutation; looked up first.
	products, _ := c.EnsureProducts(ctx, []centra.ProductCreate{{
		ProductNumber: "OX-1", Name: "Oxford shirt", Status: centra.ProductActive,
		Brand:            centra.Ptr(centra.ByID(brand.ID)),
		MappedAttributes: []centra.MappedAttributeValue{{TypeName: "fit", ID: slim}},
		Variants: []centra.VariantSpec{{Name: "Blue", Status: centra.Active, VariantNumber: "-BLU",
			SizeChart: centra.Ptr(centra.ByID(letter.ID)),
			Sizes:     []centra.SizeSpec{{Size: centra.ByName("M"), SizeNumber: "-M", EAN: "7350000000017", IsActive: true}}}},
	}})
	p := products[0].Ref
	fmt.Println("created:", products[0].Created, "SKU:", p.Variants[0].Sizes[0].SKU)

	// 3. The display in the store, with the variant, market and category.
	displays, _ := c.EnsureDisplays(ctx, []centra.DisplayCreate{{
		Store: centra.IDRef{ID: retail.ID}, Product: centra.ByID(p.ID), Name: "Oxford shirt", Status: centra.Active,
		AddMarkets: []centra.Ref{centra.ByID(eu.ID)}, AddCategories: []centra.IDRef{{ID: women.ID}},
		AddProductVariants: []centra.VariantAdd{{ProductVariant: centra.ByID(p.Variants[0].ID)}},
	}})
	fmt.Println("display URI:", displays[0].URI)

	// 4. Media by URL, deduplicated by source URL, then shown on the display. Several
	// mutations of one run can share a request through Execute.
	media, _ := c.EnsureMedia(ctx, []centra.MediaRequest{{ProductID: p.ID, URL: "https://pim.example/ox-1.jpg"}})
	results, _ := c.Execute(ctx, []centra.Mutation{
		centra.UpdateDisplay(displays[0].ID, centra.DisplayUpdate{AddProductMedia: []centra.MediaAdd{{ProductMedia: centra.IDRef{ID: media[0].MediaID}}}}),
		centra.AssignAttributesBatch([]centra.AttributeAssignment{{ObjectType: centra.AttributesOnProduct, ObjectID: p.ID,
			Dynamic: []centra.DynamicAttributeValue{{TypeName: "material_composition", Key: "text", Value: "100% cotton"}}}})[0],
	})
	fmt.Println("results:", results[0].Err, results[1].Err)

	// 5. Prices come from the ERP; once one exists the product is visible.
	_ = sb.SetPrice("OX-1", "EUR", 59)
	fmt.Println("visible in Retail/EU:", sb.Visibility("OX-1", "Retail", "EU").Visible)

	// A second run changes nothing: look-ups only.
	again, _ := c.EnsureProducts(ctx, []centra.ProductCreate{{ProductNumber: "OX-1", Name: "Oxford shirt", Status: centra.ProductActive}})
	fmt.Println("second run created:", again[0].Created, "mutations in total:", sb.Stats().TotalMutations())

	// The delta read: products changed since a watermark (here: by this run).
	changed := 0
	_ = c.ProductsUpdatedSince(ctx, time.Now().Add(-time.Hour), func(ps []centra.Product) error {
		changed += len(ps)
		return nil
	})
	fmt.Println("updated in the last hour:", changed, "mutations left this hour:", c.Budgets().State().Mutations.Windows[1].Remaining)
	// Output:
	// created: true SKU: OX-1-BLU-M
	// display URI: oxford-shirt
	// results: <nil> <nil>
	// visible in Retail/EU: true
	// second run created: false mutations in total: 5
	// updated in the last hour: 1 mutations left this hour: 995
}
