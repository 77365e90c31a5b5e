package centratest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// AddToken accepts another token (for example an ERP token with AllPermissions, or an
// expired one). A token with the same value is replaced.
func (s *Sandbox) AddToken(t Token) error {
	if t.Value == "" {
		return errors.New("a token needs a value")
	}
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	s.tokens[t.Value] = newTokenState(t)
	return nil
}

// SeedReference adds reference data. It changes nothing when a reference is wrong.
func (s *Sandbox) SeedReference(ref ReferenceData) error {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	return s.cat.applyReference(ref)
}

// ReferenceIDs are the ids of the reference data, by name, for tests and the demo.
type ReferenceIDs struct {
	Stores     map[string]int `json:"stores"`
	Markets    map[string]int `json:"markets"` // "Store/Market"
	Brands     map[string]int `json:"brands"`
	SizeCharts map[string]int `json:"sizeCharts"`
	Categories map[string]int `json:"categories"` // "Store/Category"
	// MappedValues are option ids by "type/name".
	MappedValues map[string]int `json:"mappedValues"`
	Pricelists   map[string]int `json:"pricelists"`
	Collections  map[string]int `json:"collections"`
	Folders      map[string]int `json:"folders"`
	Warehouses   map[string]int `json:"warehouses"`
}

// Reference returns the ids of the reference data.
func (s *Sandbox) Reference() ReferenceIDs {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	c := s.cat
	ids := ReferenceIDs{Stores: map[string]int{}, Markets: map[string]int{}, Brands: map[string]int{},
		SizeCharts: map[string]int{}, Categories: map[string]int{}, MappedValues: map[string]int{},
		Pricelists: map[string]int{}, Collections: map[string]int{}, Folders: map[string]int{}, Warehouses: map[string]int{}}
	for _, x := range c.stores {
		ids.Stores[x.name] = x.id
	}
	for _, x := range c.markets {
		ids.Markets[x.store.name+"/"+x.name] = x.id
	}
	for _, x := range c.brands {
		ids.Brands[x.name] = x.id
	}
	for _, x := range c.sizeCharts {
		ids.SizeCharts[x.name] = x.id
	}
	for _, x := range c.categories {
		ids.Categories[x.store.name+"/"+x.name] = x.id
	}
	for _, x := range c.mapped {
		ids.MappedValues[x.typ.name+"/"+x.name] = x.id
	}
	for _, x := range c.pricelists {
		ids.Pricelists[x.name] = x.id
	}
	for _, x := range c.collections {
		ids.Collections[x.name] = x.id
	}
	for _, x := range c.folders {
		ids.Folders[x.name] = x.id
	}
	for id, name := range c.warehouses {
		ids.Warehouses[name] = id
	}
	return ids
}

// SetLatency changes the delay added to every GraphQL request.
func (s *Sandbox) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// SetStrict turns strict uniqueness of product numbers, SKUs and EANs on or off (§9.12).
func (s *Sandbox) SetStrict(strict bool) { s.strict.Store(strict) }

// SetRateLimits replaces the rate-limit configuration; usage so far is kept.
func (s *Sandbox) SetRateLimits(r RateLimits) { s.limits.configure(r) }

// RateLimits returns the rate-limit configuration.
func (s *Sandbox) RateLimits() RateLimits { return s.limits.config() }

// InjectFault queues a fault.
func (s *Sandbox) InjectFault(f Fault) { s.faults.add(f) }

// ClearFaults drops every queued fault.
func (s *Sandbox) ClearFaults() { s.faults.clear() }

// PendingFaults lists the faults that have not fired yet.
func (s *Sandbox) PendingFaults() []Fault { return s.faults.pending() }

// FaultHits returns how many times faults of kind have fired since the sandbox started: once
// per request, or per mutation field for FaultUserError.
func (s *Sandbox) FaultHits(kind FaultKind) int64 { return s.faults.hitCount(kind) }

// AwaitFaultHits blocks until faults of kind have fired n times in all (see FaultHits), or
// ctx ends. A fault fires before it acts, so a test can act on a request while a hang fault
// holds it (cancel it, time it out) instead of guessing with a timer.
func (s *Sandbox) AwaitFaultHits(ctx context.Context, kind FaultKind, n int64) error {
	return s.faults.await(ctx, kind, n)
}

// HoldMedia keeps every media batch queued from now on with an image whose URL contains
// urlPart IN_PROGRESS, however often it is polled, until ReleaseMedia: Centra processing
// a batch slowly (§3.10: batches are asynchronous).
func (s *Sandbox) HoldMedia(urlPart string) {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	s.cat.heldMedia = append(s.cat.heldMedia, urlPart)
}

// ReleaseMedia lets every held media batch complete on its next poll.
func (s *Sandbox) ReleaseMedia() {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	s.cat.heldMedia = nil
	for _, b := range s.cat.batches {
		b.held = false
	}
}

// Stats returns the counters.
func (s *Sandbox) Stats() Stats { return s.stats.snapshot() }

// ResetStats zeroes the counters.
func (s *Sandbox) ResetStats() { s.stats.reset() }

// SetPrice sets a product's price in a pricelist, as an ERP would; the visibility check
// needs a price (§7: "Price must exist in the pricelist (0 is OK, blank is not)"). Every
// product with the number gets it.
func (s *Sandbox) SetPrice(productNumber, pricelist string, value float64) error {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	pl := s.cat.pricelistNamed(pricelist)
	if pl == nil {
		return fmt.Errorf("unknown pricelist %q", pricelist)
	}
	prods := s.cat.productByNum[productNumber]
	if len(prods) == 0 {
		return fmt.Errorf("unknown product number %q", productNumber)
	}
	for _, p := range prods {
		s.cat.prices[priceKey{pl.id, p.id}] = value
	}
	return nil
}

// PriceAll gives every product without a price in the pricelist the value, so a demo can
// make products purchasable without an ERP.
func (s *Sandbox) PriceAll(pricelist string, value float64) error {
	s.cat.mu.Lock()
	defer s.cat.mu.Unlock()
	pl := s.cat.pricelistNamed(pricelist)
	if pl == nil {
		return fmt.Errorf("unknown pricelist %q", pricelist)
	}
	for _, p := range s.cat.products {
		if _, ok := s.cat.prices[priceKey{pl.id, p.id}]; !ok {
			s.cat.prices[priceKey{pl.id, p.id}] = value
		}
	}
	return nil
}

// Stock returns the stock of a SKU per warehouse name (written only by an ERP token).
func (s *Sandbox) Stock(sku string) map[string]int {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	out := map[string]int{}
	for _, size := range s.cat.bySKU[sku] {
		for id, name := range s.cat.warehouses {
			if q, ok := s.cat.stock[stockKey{size.id, id}]; ok {
				out[name] += q
			}
		}
	}
	return out
}

func (c *catalog) pricelistNamed(name string) *pricelistRec {
	for _, p := range c.pricelists {
		if p.name == name {
			return p
		}
	}
	return nil
}

// ProductCount returns how many products exist (duplicates included).
func (s *Sandbox) ProductCount() int {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	return len(s.cat.products)
}

// Products returns every product with the number: more than one means a duplicate.
func (s *Sandbox) Products(productNumber string) []ProductSnapshot {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	var out []ProductSnapshot
	for _, p := range s.cat.productByNum[productNumber] {
		out = append(out, s.snapshot(p))
	}
	return out
}

// AllProducts returns every product, in id order.
func (s *Sandbox) AllProducts() []ProductSnapshot {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	out := make([]ProductSnapshot, 0, len(s.cat.products))
	for _, p := range s.cat.products {
		out = append(out, s.snapshot(p))
	}
	slices.SortFunc(out, func(a, b ProductSnapshot) int { return a.ID - b.ID })
	return out
}

// Product returns the product with the number (the oldest, when duplicated).
func (s *Sandbox) Product(productNumber string) (ProductSnapshot, bool) {
	ps := s.Products(productNumber)
	if len(ps) == 0 {
		return ProductSnapshot{}, false
	}
	oldest := ps[0]
	for _, p := range ps[1:] {
		if p.ID < oldest.ID {
			oldest = p
		}
	}
	return oldest, true
}

// DuplicateProductNumbers lists product numbers held by more than one product.
func (s *Sandbox) DuplicateProductNumbers() []string {
	s.cat.mu.RLock()
	defer s.cat.mu.RUnlock()
	var out []string
	for n, ps := range s.cat.productByNum {
		if len(ps) > 1 {
			out = append(out, n)
		}
	}
	return out
}
