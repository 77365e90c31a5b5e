// Package ledger is what a CatalogSync remembers of its catalogue between runs
// (docs/design.md §12): one record per Plytix family in scope and per orphaned Centra product,
// with its Centra ids, the hash of the desired state last written, its state and why, and the
// attribute outcomes and failures it had when last read. A run reads only what changed, but it
// updates the records it read, so the ledger, not the run, is what status and metrics describe.
package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// State is where a product stands in the catalogue.
type State string

// Product states.
const (
	// StateInSync: Centra has what Plytix says, as far as the last read knew.
	StateInSync State = "InSync"
	// StatePending: a write is planned and not yet made (a quota, the timeout, mode Plan).
	StatePending State = "Pending"
	// StateBlocked: a gate keeps the product out of Centra.
	StateBlocked State = "Blocked"
	// StateFailing: Centra refused the write, or Plytix could not send the product.
	StateFailing State = "Failing"
	// StateDrifted: Centra was edited by hand and left so (drift mode Warn, or mode Observe).
	StateDrifted State = "Drifted"
	// StateOrphaned: a Centra product of this sync whose Plytix product is gone from the scope.
	StateOrphaned State = "Orphaned"
)

// Ledger is one CatalogSync's catalogue, by record key (see Key and OrphanKey).
type Ledger struct {
	Products map[string]*Product `json:"products"`
	// Pass is the run that committed the ledger last, as far as it had got: a run killed after
	// a checkpoint is continued from here rather than started again.
	Pass Pass `json:"-"`
}

// Pass is how far a run had read when it committed the ledger.
type Pass struct {
	// Watermark is the latest Plytix modification the run had read; every family read is in
	// the ledger, written or pending.
	Watermark time.Time
	// Full is set when the run was a full pass (or the continuation of one).
	Full bool
	// Revision is the mapping revision the run built with.
	Revision string
}

// New returns an empty ledger.
func New() *Ledger { return &Ledger{Products: map[string]*Product{}} }

// Product is the record of one Plytix family (or orphaned Centra product).
type Product struct {
	// PlytixID and SKU identify the Plytix parent (or single product).
	PlytixID string `json:"plytixId,omitempty"`
	SKU      string `json:"sku"`
	// Number is the Centra product number.
	Number string `json:"number,omitempty"`
	// CentraID and DisplayID are the Centra product and its display in the store; 0 when not
	// (yet) in Centra.
	CentraID  int `json:"centraId,omitempty"`
	DisplayID int `json:"displayId,omitempty"`
	// VariantIDs are the Centra variants' ids.
	VariantIDs []int `json:"variantIds,omitempty"`
	// SKUs are the family's sellable SKUs, as Plytix has them.
	SKUs []string `json:"skus,omitempty"`
	// Adopted is set for a Centra product this operator did not create (matched by its product
	// number). Its external id is left as it is (it may be another integration's), so the ledger
	// is what makes it this sync's for drift and orphan handling.
	Adopted bool `json:"adopted,omitempty"`
	// Hash identifies the desired state last known to be in Centra (written, or found there);
	// empty when nothing was ever written. A desired state with another hash is a change to
	// write, never drift.
	Hash string `json:"hash,omitempty"`
	// Revision is the mapping revision the product was last built with.
	Revision string `json:"revision,omitempty"`
	State    State  `json:"state"`
	// Reason says why a product is blocked, or what a pending one waits to have written.
	Reason string `json:"reason,omitempty"`
	// Modified is the family's latest Plytix modification the ledger has seen.
	Modified time.Time `json:"modified,omitempty"`
	// Verified is when a run last compared the product with Centra.
	Verified   time.Time        `json:"verified,omitempty"`
	Attributes []Attribute      `json:"attributes,omitempty"`
	Failures   []report.Failure `json:"failures,omitempty"`
	// seen marks the records this run read or kept; a complete full pass drops the others.
	seen bool
}

// Attribute is how one rule's value fared for some of the product's SKUs.
type Attribute struct {
	Target string                `json:"target"`
	Source string                `json:"source,omitempty"`
	State  report.AttributeState `json:"state"`
	// N counts the SKUs; SKUs lists them for every state but synced.
	N     int64    `json:"n"`
	SKUs  []string `json:"skus,omitempty"`
	Error string   `json:"error,omitempty"`
}

// Key is the record key of a Plytix family: its parent SKU.
func Key(parentSKU string) string { return parentSKU }

// OrphanKey is the record key of an orphaned Centra product: a Centra product number may equal
// a Plytix SKU, so orphans live under a key of their own.
func OrphanKey(productNumber string) string { return "orphan:" + productNumber }

// NormalSKU is a SKU as two records are compared for duplicates: Centra and most warehouses
// treat SKUs that differ in case or surrounding white space as the same article.
func NormalSKU(sku string) string { return strings.ToLower(strings.TrimSpace(sku)) }

// Get returns a record, or nil.
func (l *Ledger) Get(key string) *Product {
	if l == nil {
		return nil
	}
	return l.Products[key]
}

// Put stores a record under its key and marks it seen by this run.
func (l *Ledger) Put(key string, p *Product) {
	p.seen = true
	l.Products[key] = p
}

// Touch marks a record seen by this run without changing it (a product Plytix could not send
// this time is still in scope).
func (l *Ledger) Touch(key string) {
	if p := l.Products[key]; p != nil {
		p.seen = true
	}
}

// DropUnseen removes the records a complete full pass did not see: their products are gone from
// the scope (and, for orphans, from Centra or from this sync's brands). It returns how many.
func (l *Ledger) DropUnseen() int {
	n := 0
	for key, p := range l.Products {
		if !p.seen {
			delete(l.Products, key)
			n++
		}
	}
	return n
}

// Keys returns the record keys in order.
func (l *Ledger) Keys() []string {
	keys := make([]string, 0, len(l.Products))
	for k := range l.Products {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// AddAttribute records a rule outcome on the product.
func (p *Product) AddAttribute(target, source string, state report.AttributeState, skus []string, errMessage string) {
	a := Attribute{Target: target, Source: source, State: state, N: int64(len(skus)), Error: errMessage}
	if state != report.AttributeSynced {
		a.SKUs = append([]string(nil), skus...)
	}
	p.Attributes = append(p.Attributes, a)
}

// Rejected reports whether Centra refused a write of the product, or of one of its targets:
// those are tried again by every run until they go through.
func (p *Product) Rejected(reason string) map[string]bool {
	out := map[string]bool{}
	for _, f := range p.Failures {
		if f.Reason == reason {
			out[f.Attribute] = true
		}
	}
	return out
}

// Hash identifies a desired Centra product. It prints the product with fmt, which writes maps
// in key order, so equal products hash equally; the display is printed apart because fmt
// prints a nested pointer as an address.
func Hash(p *catalog.Product) string {
	if p == nil {
		return ""
	}
	h := sha256.New()
	flat := *p
	flat.Display = nil
	fmt.Fprintf(h, "%#v\n", flat)
	if p.Display != nil {
		fmt.Fprintf(h, "%#v\n", *p.Display)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}
