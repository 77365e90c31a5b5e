package plytixtest

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Attribute type classes (docs/reference/plytix-api.md §8).
const (
	TypeText         = "TextAttribute"
	TypeMultiline    = "MultilineAttribute"
	TypeHTML         = "HtmlAttribute"
	TypeURL          = "UrlAttribute"
	TypeInt          = "IntAttribute"
	TypeDecimal      = "DecimalAttribute"
	TypeBoolean      = "BooleanAttribute"
	TypeDate         = "DateAttribute"
	TypeDropdown     = "DropdownAttribute"
	TypeMultiSelect  = "MultiSelectAttribute"
	TypeMedia        = "MediaAttribute"
	TypeMediaGallery = "MediaGalleryAttribute"
	TypeCompleteness = "CompletenessAttribute"
)

// Attribute levels in a family (§8).
const (
	LevelParent  = "parent_level"
	LevelVariant = "variant_level"
)

// AttributeDef is a custom attribute definition.
type AttributeDef struct {
	ID        string   `json:"id,omitempty"`
	Label     string   `json:"label"`
	Name      string   `json:"name"`
	TypeClass string   `json:"type_class"`
	Options   []string `json:"options,omitempty"`
	Groups    []string `json:"groups,omitempty"`
	// Measures are the labels a completeness attribute measures.
	Measures []string `json:"measures,omitempty"`
}

type category struct {
	ID        string
	Name      string
	Slug      string
	Path      []string
	ParentIDs []string
	Order     string
	Children  int
	Modified  time.Time
}

type family struct {
	ID       string
	ModelID  string
	Name     string
	Levels   map[string]string // label → attribute level
	Labels   []string          // in link order
	Created  time.Time
	Modified time.Time
}

type asset struct {
	ID          string
	Filename    string
	ContentType string
	Size        int64
	Created     time.Time
}

// product is the stored form. Attrs holds the product's own values in their wire form
// (string, int64, float64, bool, []string, mediaIDs, or any decoded JSON a test put
// there); a variant inherits its parent's parent-level values it does not override.
type product struct {
	seq         int
	ID          string
	SKU         string
	Label       string
	GTIN        string
	Status      string
	Created     time.Time
	Modified    time.Time
	ParentID    string
	FamilyID    string
	Categories  []string
	Assets      []string
	Thumbnail   string
	Attrs       map[string]any
	Variants    []string
	Overwritten []string
}

// mediaIDs is a media attribute value: asset ids, one for single media.
type mediaIDs []string

// store is the sandbox's data, guarded by one lock. Search results are cached per filter
// and order and invalidated by version, so paging through 100,000 products costs one
// evaluation per scan instead of one per page.
type store struct {
	mu       sync.RWMutex
	version  uint64
	idPrefix uint32
	idSeq    uint64

	products []*product // insertion order; nil where deleted
	byID     map[string]*product
	live     int

	attrs       []*AttributeDef
	attrByLabel map[string]*AttributeDef

	categories []*category
	catByID    map[string]*category

	families []*family
	famByID  map[string]*family

	assets    []*asset
	assetByID map[string]*asset

	account string
	user    string
}

func newStore(seed int64) *store {
	s := &store{
		byID:        map[string]*product{},
		attrByLabel: map[string]*AttributeDef{},
		catByID:     map[string]*category{},
		famByID:     map[string]*family{},
		assetByID:   map[string]*asset{},
		idPrefix:    uint32(uint64(seed)*0x9E3779B1>>7) | 0x50000000,
	}
	s.account = s.newID()
	s.user = s.newID()
	return s
}

// newID returns the next 24-hex-digit object id (§1: ids are MongoDB ObjectIds).
func (s *store) newID() string {
	s.idSeq++
	return fmt.Sprintf("%08x%016x", s.idPrefix, s.idSeq)
}

func (s *store) addProduct(p *product) {
	p.seq = len(s.products)
	s.products = append(s.products, p)
	s.byID[p.ID] = p
	s.live++
	s.version++
}

func (s *store) removeProduct(p *product) {
	s.products[p.seq] = nil
	delete(s.byID, p.ID)
	s.live--
	s.version++
}

func (s *store) addAttribute(d *AttributeDef) {
	s.attrs = append(s.attrs, d)
	s.attrByLabel[d.Label] = d
	s.version++
}

func (s *store) familyLevel(p *product, label string) string {
	if f := s.famByID[p.FamilyID]; f != nil {
		return f.Levels[label]
	}
	return ""
}

// attr returns a product's effective value of a custom attribute: its own, else the
// parent's when the attribute is parent-level in the family (§7: variants inherit), and
// computed for completeness attributes.
func (s *store) attr(p *product, label string) (any, bool) {
	if v, ok := p.Attrs[label]; ok {
		return v, true
	}
	def := s.attrByLabel[label]
	if def != nil && def.TypeClass == TypeCompleteness {
		return s.completeness(p, def), true
	}
	if p.ParentID == "" {
		return nil, false
	}
	parent := s.byID[p.ParentID]
	if parent == nil || s.familyLevel(p, label) == LevelVariant {
		return nil, false
	}
	v, ok := parent.Attrs[label]
	return v, ok
}

// completeness is the share of the measured attributes that have a value, 0–100, unrounded
// like the API's 90.9090909090909 (§6.2).
func (s *store) completeness(p *product, def *AttributeDef) float64 {
	if len(def.Measures) == 0 {
		return 100
	}
	filled := 0
	for _, label := range def.Measures {
		if label == def.Label {
			continue
		}
		if v, ok := s.attr(p, label); ok && !isEmptyValue(v) {
			filled++
		}
	}
	return float64(filled) * 100 / float64(len(def.Measures))
}

// effectiveLabels lists the custom attributes a product has a value for: defined ones in
// definition order, then any a test stored without a definition, sorted.
func (s *store) effectiveLabels(p *product) []string {
	var out []string
	for _, d := range s.attrs {
		if v, ok := s.attr(p, d.Label); ok && !isEmptyValue(v) {
			out = append(out, d.Label)
		}
	}
	var extra []string
	for label, v := range p.Attrs {
		if s.attrByLabel[label] == nil && !isEmptyValue(v) {
			extra = append(extra, label)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

func (s *store) productType(p *product) string {
	switch {
	case p.ParentID != "":
		return "VARIANT"
	case len(p.Variants) > 0:
		return "PARENT"
	default:
		return "SINGLE"
	}
}

func (s *store) productLevel(p *product) int {
	switch s.productType(p) {
	case "VARIANT":
		return 2
	case "PARENT":
		return 1
	default:
		return 0
	}
}

// isEmptyValue reports whether a stored value counts as no value: Plytix strips empties
// (§6.2), and "" is its empty decimal.
func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []string:
		return len(x) == 0
	case mediaIDs:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}
