package plytixtest

import (
	"strings"
)

// systemProductFields are the product fields addressed without a prefix (docs/reference/plytix-api.md
// §5.1). Every lookup below runs under the store's read lock.
var systemProductFields = []string{
	"sku", "label", "gtin", "status", "created", "modified", "categories", "assets", "images",
	"thumbnail", "static_lists", "product_level",
}

// productField resolves a product search field: a system field, a property
// (_is_variation, _has_variations), "attributes.<label>" for a defined attribute, or "id"
// when the sandbox accepts it (§12 pitfall 2: undocumented).
func (s *Server) productField(name string, idFilter bool) (field[*product], bool) {
	st := s.store
	switch name {
	case "sku":
		return field[*product]{kText, func(p *product) any { return p.SKU }}, true
	case "label":
		return field[*product]{kText, func(p *product) any { return p.Label }}, true
	case "gtin":
		return field[*product]{kText, func(p *product) any { return p.GTIN }}, true
	case "status":
		return field[*product]{kStatus, func(p *product) any { return p.Status }}, true
	case "created":
		return field[*product]{kDate, func(p *product) any { return p.Created }}, true
	case "modified":
		return field[*product]{kDate, func(p *product) any { return p.Modified }}, true
	case "categories":
		return field[*product]{kMulti, func(p *product) any { return p.Categories }}, true
	case "assets", "images":
		// images is listed as a media field but never described (§5.1); the sandbox treats
		// it as the product's assets.
		return field[*product]{kMedia, func(p *product) any { return p.Assets }}, true
	case "thumbnail":
		return field[*product]{kMedia, func(p *product) any { return p.Thumbnail }}, true
	case "static_lists":
		return field[*product]{kStaticLists, func(*product) any { return []string(nil) }}, true
	case "product_level":
		return field[*product]{kNumber, func(p *product) any { return int64(st.productLevel(p)) }}, true
	case "_is_variation":
		return field[*product]{kProperty, func(p *product) any { return p.ParentID != "" }}, true
	case "_has_variations":
		return field[*product]{kProperty, func(p *product) any { return len(p.Variants) > 0 }}, true
	case "id":
		if idFilter {
			return field[*product]{kID, func(p *product) any { return p.ID }}, true
		}
		return field[*product]{}, false
	}
	label, ok := strings.CutPrefix(name, "attributes.")
	if !ok {
		return field[*product]{}, false
	}
	def := st.attrByLabel[label]
	if def == nil {
		return field[*product]{}, false
	}
	get := func(p *product) any {
		v, _ := st.attr(p, label)
		return v
	}
	return field[*product]{kindOf(def.TypeClass), get}, true
}

func kindOf(typeClass string) fieldKind {
	switch typeClass {
	case TypeInt, TypeDecimal, TypeCompleteness:
		return kNumber
	case TypeDropdown:
		return kDropdown
	case TypeMultiSelect:
		return kMulti
	case TypeDate:
		return kDate
	case TypeBoolean:
		return kBool
	case TypeMedia, TypeMediaGallery:
		return kMedia
	default:
		return kText
	}
}

// sortable reports whether results can be ordered by a field of kind k.
func sortable(k fieldKind) bool {
	switch k {
	case kMulti, kStaticLists, kMedia:
		return false
	}
	return true
}
