package plytix

import (
	"encoding/json"
	"errors"
	"fmt"
)

// maxPasses bounds how many passes one read may take: 64 passes of 20 columns is 1,280
// columns, beyond any real mapping.
const maxPasses = 64

// planPasses splits normalized columns into passes of at most limit columns each (§5.3).
// System fields come first in the list, so the first pass carries them.
func planPasses(columns []string, limit int) ([][]string, error) {
	if len(columns) == 0 {
		return [][]string{nil}, nil
	}
	limit = max(limit, 1)
	var passes [][]string
	for start := 0; start < len(columns); start += limit {
		passes = append(passes, columns[start:min(start+limit, len(columns))])
	}
	if len(passes) > maxPasses {
		return nil, fmt.Errorf("plytix: %d columns need %d passes at a column limit of %d; at most %d are allowed", len(columns), len(passes), limit, maxPasses)
	}
	return passes, nil
}

// merger joins the pages of several passes by product id. Passes read the same filters in
// the same order, so page k of every pass normally holds the same products and each page
// completes at once. A product written between two passes' requests can shift one pass by
// a position; it then waits here until its other halves arrive, so memory is bounded by
// that churn, not by the catalogue.
type merger struct {
	passes  int
	full    uint64
	pending map[string]*partial
	order   []string // ids seen by the first pass and not yet complete, in arrival order
}

type partial struct {
	obj   map[string]json.RawMessage
	attrs map[string]json.RawMessage
	have  uint64 // bit p is set once pass p delivered the product
	base  bool   // the first pass delivered it: it is in scope
}

func newMerger(passes int) *merger {
	return &merger{passes: passes, full: 1<<passes - 1, pending: map[string]*partial{}}
}

// add takes one page from every pass (pages[p] from pass p) and returns the products that
// are now complete, in the first pass's order.
func (m *merger) add(pages [][]json.RawMessage) ([]json.RawMessage, error) {
	for p, items := range pages {
		for _, raw := range items {
			if err := m.addOne(p, raw); err != nil {
				return nil, err
			}
		}
	}
	var done []json.RawMessage
	kept := m.order[:0]
	for _, id := range m.order {
		part := m.pending[id]
		if part.have != m.full {
			kept = append(kept, id)
			continue
		}
		raw, err := part.encode()
		if err != nil {
			return nil, err
		}
		done = append(done, raw)
		delete(m.pending, id)
	}
	m.order = kept
	return done, nil
}

func (m *merger) addOne(pass int, raw json.RawMessage) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("product is not an object: %w", err)
	}
	id := scalarText(obj["id"])
	if id == "" {
		return errors.New("product without an id")
	}
	part := m.pending[id]
	if part == nil {
		part = &partial{obj: map[string]json.RawMessage{}, attrs: map[string]json.RawMessage{}}
		m.pending[id] = part
	}
	if pass == 0 && !part.base {
		part.base = true
		m.order = append(m.order, id)
	}
	part.have |= 1 << pass
	return part.merge(obj)
}

// merge adds the fields of obj that part does not have yet; custom attributes merge key by
// key.
func (part *partial) merge(obj map[string]json.RawMessage) error {
	for key, value := range obj {
		if key == "attributes" {
			var attrs map[string]json.RawMessage
			if err := json.Unmarshal(value, &attrs); err != nil && string(value) != "null" {
				return fmt.Errorf("attributes are not an object: %w", err)
			}
			for label, v := range attrs {
				if _, ok := part.attrs[label]; !ok {
					part.attrs[label] = v
				}
			}
			continue
		}
		if _, ok := part.obj[key]; !ok {
			part.obj[key] = value
		}
	}
	return nil
}

func (part *partial) encode() (json.RawMessage, error) {
	attrs, err := json.Marshal(part.attrs)
	if err != nil {
		return nil, err
	}
	part.obj["attributes"] = attrs
	return json.Marshal(part.obj)
}

// stragglers returns the ids the first pass delivered but some other pass never did, and
// forgets every pending product. Products only other passes delivered are out of scope for
// this read (created after the first pass went by) and are dropped; the next read sees them.
func (m *merger) stragglers() []*partial {
	out := make([]*partial, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.pending[id])
	}
	m.pending, m.order = map[string]*partial{}, nil
	return out
}
