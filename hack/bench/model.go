package main

import (
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// calls is a count of API calls.
type calls struct{ plytix, centra, mutations int64 }

// model computes, for one scenario, the floor (the fewest calls the documented APIs allow for
// the work the run did) and a naive sync (one request per product read, one mutation per
// changed attribute) from the catalogue and the run's report.
type model struct {
	info     testworld.Info
	scenario string
	changed  int64 // products changed in Plytix or edited in Centra
	floorFn  func(r *report.Report) calls
	naiveFn  func(r *report.Report) calls
}

func (m model) floor(r *report.Report) calls { return m.floorFn(r) }
func (m model) naive(r *report.Report) calls { return m.naiveFn(r) }

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// Catalogue quantities.
func (m model) products() int64 { return int64(m.info.Report.Products) } // parents, variants and singles
func (m model) families() int64 { return int64(m.info.Report.Parents + m.info.Report.Singles) }
func (m model) images() int64   { return int64(m.info.Report.Images) }
func (m model) skus() int64     { return int64(m.info.Report.Variants + m.info.Report.Singles) }

// rules is the number of attribute rules the world's mapping has.
const rules = 9

// setup is what any run reads before products: a token, attribute definitions and categories
// from Plytix; reference data (one request, one for categories) from Centra.
const plytixSetup, centraSetup = 3, 2

// fullRead is the fewest Plytix requests that read the whole scope with its media URLs: pages
// of 100 products (docs/reference/plytix-api.md §5.4) and asset pages of 100 (§9).
func (m model) fullRead() int64 {
	return plytixSetup + ceilDiv(m.products(), 100) + ceilDiv(m.images(), 100)
}

func (m model) initial() model {
	m.scenario = "initial load"
	m.floorFn = func(r *report.Report) calls {
		created := r.Products.Created
		// A nested createProduct and a createDisplay per product, media in batches of 100
		// (docs/reference/centra-api.md §3.4, §3.10), 25 aliased mutations a request.
		mutations := 2*created + ceilDiv(m.images()*created/max(m.families(), 1), 100)
		return calls{plytix: m.fullRead(), centra: centraSetup + ceilDiv(m.families(), 100) + ceilDiv(mutations, 25), mutations: mutations}
	}
	m.naiveFn = func(r *report.Report) calls {
		f := max(m.families(), 1)
		// Per product: the product, each variant, each size, the display, each attribute and
		// each image, one mutation each.
		perProduct := 1 + float64(2*m.info.Report.Parents+m.info.Report.Singles)/float64(f) + float64(m.skus())/float64(f) +
			1 + rules + float64(m.images())/float64(f)
		mutations := int64(perProduct * float64(r.Products.Created))
		return calls{plytix: 1 + m.products() + m.images(), centra: m.families() + mutations, mutations: mutations}
	}
	return m
}

func (m model) noop() model {
	m.scenario = "no-op resync"
	m.floorFn = func(*report.Report) calls {
		// One delta page from Plytix; one drift-scan page from Centra; nothing to write.
		return calls{plytix: plytixSetup + 1, centra: centraSetup + 1}
	}
	m.naiveFn = func(*report.Report) calls {
		return calls{plytix: 1 + m.products(), centra: m.families()}
	}
	return m
}

func (m model) delta(changed int) model {
	m.scenario, m.changed = "1 % delta", int64(changed)
	m.floorFn = func(r *report.Report) calls {
		k := m.changed
		imagesPerFamily := ceilDiv(m.images(), max(m.families(), 1))
		// The changed parents in one search; each one's variants in a request of their own
		// (no search filter on the parent is documented, docs/reference/plytix-api.md §7); their images.
		plytixCalls := plytixSetup + ceilDiv(k, 100) + k + ceilDiv(k*imagesPerFamily, 100)
		// One display update per changed product that passes its gates.
		written := r.Products.Updated
		return calls{plytix: plytixCalls, centra: centraSetup + ceilDiv(k, 100) + 1 + ceilDiv(written, 25), mutations: written}
	}
	m.naiveFn = func(*report.Report) calls {
		return calls{plytix: 1 + m.products(), centra: m.families() + m.changed, mutations: m.changed}
	}
	return m
}

func (m model) driftScan(edited int) model {
	m.scenario, m.changed = "drift scan", int64(edited)
	m.floorFn = func(*report.Report) calls {
		// A full pass: the whole scope from Plytix, every product from Centra (100 a request)
		// and the list of the store's products for orphans (200 a page, docs/reference/centra-api.md §3.3).
		return calls{plytix: m.fullRead(), centra: centraSetup + ceilDiv(m.families(), 100) + ceilDiv(m.families(), 200)}
	}
	m.naiveFn = func(*report.Report) calls {
		return calls{plytix: 1 + m.products(), centra: m.families()}
	}
	return m
}

// hoursAtQuota is how long the calls take at the documented hourly quotas: Plytix 5,000
// requests (docs/reference/plytix-api.md §4), Centra 10,000 requests and 1,000 mutations (docs/reference/centra-api.md §5.5).
func hoursAtQuota(c calls) float64 {
	return max(float64(c.plytix)/5000, float64(c.centra)/10000, float64(c.mutations)/1000)
}
