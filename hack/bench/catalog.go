package main

import "github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"

// catalogFor has exactly n SKUs: parents of 2 colours × 4 sizes, and singles for the rest.
func catalogFor(n int) plytixtest.CatalogOptions {
	return plytixtest.CatalogOptions{Seed: 42, Parents: n / 8, Singles: n % 8, ColoursPerParent: 2, SizesPerParent: 4}
}
