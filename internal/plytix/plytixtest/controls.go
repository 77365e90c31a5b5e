package plytixtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

// Test controls. Data controls bypass the API's validation on purpose, so a test can plant
// values that do not fit their type; every product change stamps modified.

// Report returns what the generator made.
func (s *Server) Report() Report { return s.report }

// Credentials returns the API key and password the sandbox accepts.
func (s *Server) Credentials() (key, password string) { return s.key, s.password }

// Counters returns the requests served, by route and status.
func (s *Server) Counters() *httpx.Counters { return s.counters }

// Now returns the sandbox's clock.
func (s *Server) Now() time.Time { return s.now() }

// AdvanceClock moves the sandbox's clock forward (or back), for token expiry and rate
// windows in a running sandbox.
func (s *Server) AdvanceClock(d time.Duration) { s.offset.Add(int64(d)) }

// ExpireTokens makes every token issued so far invalid: the next API call gets a 401.
func (s *Server) ExpireTokens() { s.tokenGen.Add(1) }

// SetLatency delays every API and auth request by d.
func (s *Server) SetLatency(d time.Duration) { s.update(func(st *settings) { st.latency = d }) }

// SetRateLimits replaces the account's windows, with fresh counts.
func (s *Server) SetRateLimits(windows []budget.Window) {
	l := s.newLimiter(windows)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter = l
}

// SetAuthRateLimit replaces the auth service's requests per second; negative disables it.
func (s *Server) SetAuthRateLimit(perSecond int) {
	l := s.newAuthLimiter(perSecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authLimiter, s.settings.authRateLimit = l, perSecond
}

// RateState returns what the account's windows have used.
func (s *Server) RateState() budget.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limiter.State()
}

// SetColumnLimit sets the search column limit (§5.3).
func (s *Server) SetColumnLimit(n int) { s.update(func(st *settings) { st.columnLimit = n }) }

// SetIDFilter sets whether search accepts an "id" filter (§12).
func (s *Server) SetIDFilter(on bool) { s.update(func(st *settings) { st.idFilter = on }) }

// SetDateFilters sets what date filters accept (§10).
func (s *Server) SetDateFilters(d DateFilters) { s.update(func(st *settings) { st.dateFilters = d }) }

// SetAuthErrors sets the shape of the auth service's 401 (§2.3).
func (s *Server) SetAuthErrors(shape AuthErrorShape) {
	s.update(func(st *settings) { st.authErrors = shape })
}

// SetPaginationQuirk sets a pagination quirk (§5.4).
func (s *Server) SetPaginationQuirk(q PaginationQuirk) {
	s.update(func(st *settings) { st.pagination = q })
}

// SetOmitRetryAfter sets whether rate-limit 429s leave out Retry-After (§4).
func (s *Server) SetOmitRetryAfter(omit bool) {
	s.update(func(st *settings) { st.omitRetryAfter = omit })
}

// SetTokenTTL sets the life of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) { s.update(func(st *settings) { st.tokenTTL = d }) }

func (s *Server) update(change func(*settings)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(&s.settings)
}

// LookupSKU returns the ids of the products with exactly this SKU (several when the
// DuplicateSKU knob planted one).
func (s *Server) LookupSKU(sku string) []string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	var out []string
	for _, p := range s.store.products {
		if p != nil && p.SKU == sku {
			out = append(out, p.ID)
		}
	}
	return out
}

// ProductIDs returns the ids of every product, in natural order.
func (s *Server) ProductIDs() []string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	out := make([]string, 0, s.store.live)
	for _, p := range s.store.products {
		if p != nil {
			out = append(out, p.ID)
		}
	}
	return out
}

// ProductState is a product's stored state, for assertions.
type ProductState struct {
	ID          string         `json:"id"`
	SKU         string         `json:"sku"`
	Label       string         `json:"label"`
	Status      string         `json:"status"`
	ParentID    string         `json:"parentId,omitempty"`
	Variants    []string       `json:"variants,omitempty"`
	Modified    time.Time      `json:"modified"`
	Attributes  map[string]any `json:"attributes"`
	Overwritten []string       `json:"overwritten,omitempty"`
}

// Product returns a product's stored state, its own attribute values only.
func (s *Server) Product(id string) (ProductState, error) {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	p := s.store.byID[id]
	if p == nil {
		return ProductState{}, fmt.Errorf("product %s: %w", id, ErrNotFound)
	}
	attrs := make(map[string]any, len(p.Attrs))
	for k, v := range p.Attrs {
		attrs[k] = v
	}
	return ProductState{ID: p.ID, SKU: p.SKU, Label: p.Label, Status: p.Status, ParentID: p.ParentID,
		Variants: slices.Clone(p.Variants), Modified: p.Modified, Attributes: attrs, Overwritten: slices.Clone(p.Overwritten)}, nil
}

// UpdateProduct changes a product and stamps it modified.
func (s *Server) UpdateProduct(id string, patch ProductPatch) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p := s.store.byID[id]
	if p == nil {
		return fmt.Errorf("product %s: %w", id, ErrNotFound)
	}
	s.store.patch(p, patch, s.now())
	return nil
}

// AddProduct adds a single product and returns its id.
func (s *Server) AddProduct(np NewProduct) (string, error) {
	if np.SKU == "" {
		return "", fmt.Errorf("a product needs a SKU")
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	return s.store.create(np, nil, s.now()).ID, nil
}

// AddVariant adds a variant under parentID (which becomes a parent if it was a single) and
// returns its id; the parent is stamped modified too.
func (s *Server) AddVariant(parentID string, np NewProduct) (string, error) {
	if np.SKU == "" {
		return "", fmt.Errorf("a variant needs a SKU")
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	parent := s.store.byID[parentID]
	if parent == nil {
		return "", fmt.Errorf("parent %s: %w", parentID, ErrNotFound)
	}
	if parent.ParentID != "" {
		return "", fmt.Errorf("product %s is a variant and cannot have variants", parentID)
	}
	return s.store.create(np, parent, s.now()).ID, nil
}

// DeleteProduct deletes a product and, for a parent, its variants.
func (s *Server) DeleteProduct(id string) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	p := s.store.byID[id]
	if p == nil {
		return fmt.Errorf("product %s: %w", id, ErrNotFound)
	}
	s.store.remove(p, s.now())
	return nil
}

// Attributes returns the attribute definitions.
func (s *Server) Attributes() []AttributeDef {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	out := make([]AttributeDef, 0, len(s.store.attrs))
	for _, d := range s.store.attrs {
		out = append(out, *d)
	}
	return out
}

// AddAttribute adds an attribute definition (linked to no family) and returns its id.
func (s *Server) AddAttribute(def AttributeDef) (string, error) {
	if def.Label == "" || def.TypeClass == "" {
		return "", fmt.Errorf("an attribute needs a label and a type_class")
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if s.store.attrByLabel[def.Label] != nil {
		return "", fmt.Errorf("attribute %q already exists", def.Label)
	}
	def.ID = s.store.newID()
	if def.Name == "" {
		def.Name = def.Label
	}
	s.store.addAttribute(&def)
	return def.ID, nil
}

// UpdateAttribute changes an attribute definition.
func (s *Server) UpdateAttribute(label string, patch AttributePatch) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	d := s.store.attrByLabel[label]
	if d == nil {
		return fmt.Errorf("attribute %q: %w", label, ErrNotFound)
	}
	s.store.patchAttribute(d, patch)
	return nil
}

// DeleteAttribute deletes an attribute definition and its values.
func (s *Server) DeleteAttribute(label string) error {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	d := s.store.attrByLabel[label]
	if d == nil {
		return fmt.Errorf("attribute %q: %w", label, ErrNotFound)
	}
	s.store.removeAttribute(d)
	return nil
}
