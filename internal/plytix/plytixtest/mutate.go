package plytixtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProductPatch changes a product; nil fields are left alone. An attribute set to nil is
// cleared, as PATCH with null does (docs/reference/plytix-api.md §6.5).
type ProductPatch struct {
	SKU        *string        `json:"sku,omitempty"`
	Label      *string        `json:"label,omitempty"`
	Status     *string        `json:"status,omitempty"`
	GTIN       *string        `json:"gtin,omitempty"`
	Categories *[]string      `json:"categories,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// NewProduct is a product to add.
type NewProduct struct {
	SKU        string         `json:"sku"`
	Label      string         `json:"label,omitempty"`
	Status     string         `json:"status,omitempty"`
	GTIN       string         `json:"gtin,omitempty"`
	Categories []string       `json:"categories,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// AttributePatch changes an attribute definition; nil fields are left alone.
type AttributePatch struct {
	Name      *string   `json:"name,omitempty"`
	TypeClass *string   `json:"type_class,omitempty"`
	Options   *[]string `json:"options,omitempty"`
}

// ErrNotFound is returned by controls given an unknown product or attribute.
var ErrNotFound = errors.New("not found")

// The mutations below run under the store's write lock. Every change to a product stamps
// its modified time (§10: modified changes on any update).

func (s *store) patch(p *product, patch ProductPatch, now time.Time) {
	if patch.SKU != nil {
		p.SKU = *patch.SKU
	}
	if patch.Label != nil {
		p.Label = *patch.Label
	}
	if patch.Status != nil {
		p.Status = *patch.Status
	}
	if patch.GTIN != nil {
		p.GTIN = *patch.GTIN
	}
	if patch.Categories != nil {
		p.Categories = slices.Clone(*patch.Categories)
	}
	if len(patch.Attributes) > 0 {
		attrs := make(map[string]any, len(p.Attrs)+len(patch.Attributes))
		for k, v := range p.Attrs {
			attrs[k] = v
		}
		for label, v := range patch.Attributes {
			if v == nil {
				delete(attrs, label)
				continue
			}
			attrs[label] = s.normalize(label, v)
			if p.ParentID != "" && s.familyLevel(p, label) == LevelParent && !slices.Contains(p.Overwritten, label) {
				p.Overwritten = append(slices.Clone(p.Overwritten), label)
			}
		}
		// A fresh map: renderings encoded outside the lock may still read the old one.
		p.Attrs = attrs
	}
	s.touch(p, now)
}

// touch stamps p modified; modified never goes backwards, even with a test clock.
func (s *store) touch(p *product, now time.Time) {
	now = now.UTC().Truncate(time.Microsecond)
	if !now.After(p.Modified) {
		now = p.Modified.Add(time.Microsecond)
	}
	p.Modified = now
	s.version++
}

// normalize turns a value from JSON or Go into the stored form: media as asset ids, lists
// of strings as []string, JSON numbers as int64 or float64. Anything else is kept as given,
// so tests can plant values that do not fit their type.
func (s *store) normalize(label string, v any) any {
	if def := s.attrByLabel[label]; def != nil && (def.TypeClass == TypeMedia || def.TypeClass == TypeMediaGallery) {
		if ids, ok := mediaRefs(v); ok {
			return ids
		}
		return v
	}
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
	case int:
		return int64(x)
	case []any:
		strs := make([]string, 0, len(x))
		for _, item := range x {
			str, ok := item.(string)
			if !ok {
				return v
			}
			strs = append(strs, str)
		}
		return strs
	}
	return v
}

// mediaRefs reads media given as an id, {"id": ...}, or a list of either (§6.5).
func mediaRefs(v any) (mediaIDs, bool) {
	switch x := v.(type) {
	case mediaIDs:
		return x, true
	case string:
		return mediaIDs{x}, true
	case []string:
		return mediaIDs(slices.Clone(x)), true
	case map[string]any:
		id, ok := x["id"].(string)
		return mediaIDs{id}, ok
	case []any:
		var out mediaIDs
		for _, item := range x {
			ids, ok := mediaRefs(item)
			if !ok {
				return nil, false
			}
			out = append(out, ids...)
		}
		return out, true
	}
	return nil, false
}

func (s *store) create(np NewProduct, parent *product, now time.Time) *product {
	now = now.UTC().Truncate(time.Microsecond)
	p := &product{ID: s.newID(), SKU: np.SKU, Label: np.Label, Status: np.Status, GTIN: np.GTIN,
		Categories: slices.Clone(np.Categories), Created: now, Modified: now, Attrs: map[string]any{}}
	if p.Status == "" {
		p.Status = "Draft"
	}
	for label, v := range np.Attributes {
		if v != nil {
			p.Attrs[label] = s.normalize(label, v)
		}
	}
	if parent != nil {
		if parent.FamilyID == "" && len(s.families) > 0 {
			parent.FamilyID = s.families[0].ID
		}
		p.ParentID, p.FamilyID = parent.ID, parent.FamilyID
		parent.Variants = append(slices.Clone(parent.Variants), p.ID)
		s.touch(parent, now)
	}
	s.addProduct(p)
	return p
}

// remove deletes p and, for a parent, its variants (§6.1: delete cascades).
func (s *store) remove(p *product, now time.Time) {
	for _, id := range p.Variants {
		if v := s.byID[id]; v != nil {
			s.removeProduct(v)
		}
	}
	if parent := s.byID[p.ParentID]; parent != nil {
		parent.Variants = slices.DeleteFunc(slices.Clone(parent.Variants), func(id string) bool { return id == p.ID })
		s.touch(parent, now)
	}
	s.removeProduct(p)
}

func (s *store) skuExists(sku string) bool {
	for _, p := range s.products {
		if p != nil && p.SKU == sku {
			return true
		}
	}
	return false
}

func (s *store) patchAttribute(d *AttributeDef, patch AttributePatch) {
	if patch.Name != nil {
		d.Name = *patch.Name
	}
	if patch.TypeClass != nil {
		d.TypeClass = *patch.TypeClass
	}
	if patch.Options != nil {
		d.Options = slices.Clone(*patch.Options)
	}
	s.version++
}

// removeAttribute deletes a definition and its values everywhere.
func (s *store) removeAttribute(d *AttributeDef) {
	s.attrs = slices.DeleteFunc(s.attrs, func(x *AttributeDef) bool { return x == d })
	delete(s.attrByLabel, d.Label)
	for _, p := range s.products {
		if p != nil {
			if _, ok := p.Attrs[d.Label]; ok {
				attrs := make(map[string]any, len(p.Attrs))
				for k, v := range p.Attrs {
					if k != d.Label {
						attrs[k] = v
					}
				}
				p.Attrs = attrs
			}
		}
	}
	for _, f := range s.families {
		delete(f.Levels, d.Label)
		f.Labels = slices.DeleteFunc(f.Labels, func(l string) bool { return l == d.Label })
	}
	for _, other := range s.attrs {
		other.Measures = slices.DeleteFunc(other.Measures, func(l string) bool { return l == d.Label })
	}
	s.version++
}

// validateAttributes checks a write through the API the way Plytix does: known labels,
// existing options, numbers where numbers go (§3.2, §6.2). Controls skip this, so tests can
// plant bad data.
func (s *store) validateAttributes(attrs map[string]any) *apiError {
	labels := make([]string, 0, len(attrs))
	for label := range attrs {
		labels = append(labels, label)
	}
	slices.Sort(labels)
	for _, label := range labels {
		v := attrs[label]
		def := s.attrByLabel[label]
		if def == nil {
			return validationFailed(label, "label does not exist")
		}
		if v == nil {
			continue
		}
		switch def.TypeClass {
		case TypeDropdown, TypeMultiSelect:
			for _, opt := range asList(v) {
				if !slices.Contains(def.Options, opt) {
					return validationFailed(label, fmt.Sprintf("[u'%s'] are not a valid values for %s (%s) attribute.", opt, def.Name, def.Label))
				}
			}
		case TypeDecimal, TypeInt:
			if _, ok := asNumber(v); !ok && v != "" {
				return validationFailed(label, "Not a valid decimal value. Format must be: .")
			}
		case TypeCompleteness:
			return validationFailed(label, "completeness attributes are read-only")
		}
	}
	return nil
}

func validStatus(status string) bool { return status == "Draft" || status == "Completed" }

// parseDuration reads "250ms", "16m" or a number of seconds, for the HTTP controls.
func parseDuration(s string) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	if secs, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		return time.Duration(secs * float64(time.Second)), nil
	}
	return 0, fmt.Errorf("%q is not a duration", s)
}
