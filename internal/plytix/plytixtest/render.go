package plytixtest

import (
	"strings"
)

// Renderings of products. They run under the store's read lock.

// renderSearchProduct is a product in search results (docs/reference/plytix-api.md §6.3, §13 item 4):
// always id, sku, attributes ({} when none asked), num_variations, and _parent_id on
// variants only; then the requested columns, with media as {id} only.
func (s *Server) renderSearchProduct(p *product, columns []string) map[string]any {
	attrs := map[string]any{}
	m := map[string]any{"id": p.ID, "sku": p.SKU, "attributes": attrs, "num_variations": len(p.Variants)}
	if p.ParentID != "" {
		m["_parent_id"] = p.ParentID
	}
	for _, col := range columns {
		if label, ok := strings.CutPrefix(col, "attributes."); ok {
			if v, ok := s.store.attr(p, label); ok && !isEmptyValue(v) {
				attrs[label] = s.wireValue(label, v, false)
			}
			continue
		}
		switch col {
		case "label":
			m["label"] = nullable(p.Label)
		case "gtin":
			m["gtin"] = nullable(p.GTIN)
		case "status":
			m["status"] = nullable(p.Status)
		case "created":
			m["created"] = formatTime(p.Created)
		case "modified":
			m["modified"] = formatTime(p.Modified)
		case "categories":
			m["categories"] = s.categoryRefs(p)
		case "assets", "images":
			m[col] = idRefs(p.Assets)
		case "thumbnail":
			m["thumbnail"] = idRef(p.Thumbnail)
		case "static_lists":
			m["static_lists"] = []string{}
		case "product_level":
			m["product_level"] = s.store.productLevel(p)
		case "_is_variation":
			m["_is_variation"] = p.ParentID != ""
		case "_has_variations":
			m["_has_variations"] = len(p.Variants) > 0
		}
	}
	return m
}

// renderFullProduct is a product from GET (§6.2): every system field, media expanded, and
// custom attributes stripped when empty, or all of them with null when allAttributes
// (?all_attributes=true).
func (s *Server) renderFullProduct(p *product, allAttributes bool) map[string]any {
	attrs := map[string]any{}
	if allAttributes {
		for _, d := range s.store.attrs {
			attrs[d.Label] = nil
		}
	}
	for _, label := range s.store.effectiveLabels(p) {
		v, _ := s.store.attr(p, label)
		attrs[label] = s.wireValue(label, v, true)
	}
	assets := make([]any, 0, len(p.Assets))
	for _, id := range p.Assets {
		if a := s.store.assetByID[id]; a != nil {
			assets = append(assets, map[string]any{"filename": a.Filename, "id": a.ID, "thumbnail": s.thumbURL(a), "url": s.fileURL(a)})
		}
	}
	var thumbnail any
	if a := s.store.assetByID[p.Thumbnail]; a != nil {
		thumbnail = map[string]any{"filename": a.Filename, "id": a.ID, "thumb": s.thumbURL(a), "url": s.fileURL(a)}
	}
	var parent, familyID, modelID any
	if p.ParentID != "" {
		parent = p.ParentID
	}
	if f := s.store.famByID[p.FamilyID]; f != nil {
		familyID, modelID = f.ID, f.ModelID
	}
	overwritten := p.Overwritten
	if overwritten == nil {
		overwritten = []string{}
	}
	return map[string]any{
		"_parent_id": parent, "assets": assets, "attributes": attrs, "categories": s.categoryRefs(p),
		"created": formatTime(p.Created), "gtin": nullable(p.GTIN), "id": p.ID, "label": nullable(p.Label),
		"modified": formatTime(p.Modified), "num_variations": len(p.Variants), "overwritten_attributes": overwritten,
		"product_family_id": familyID, "product_family_model_id": modelID, "product_type": s.store.productType(p),
		"relationships": []any{}, "sku": p.SKU, "status": nullable(p.Status), "thumbnail": thumbnail,
	}
}

// wireValue renders a stored attribute value. Media are {id} in search and expanded on GET:
// gallery items with url and thumb, single media with path and thumb but no url, as in the
// documented example (§6.2).
func (s *Server) wireValue(label string, v any, expand bool) any {
	ids, ok := v.(mediaIDs)
	if !ok {
		return v
	}
	def := s.store.attrByLabel[label]
	single := def != nil && def.TypeClass == TypeMedia
	items := make([]any, 0, len(ids))
	for _, id := range ids {
		item := map[string]any{"id": id}
		if a := s.store.assetByID[id]; a != nil && expand {
			item["filename"] = a.Filename
			item["thumb"] = s.thumbURL(a)
			if single {
				item["path"] = "assets/" + s.store.account + "/" + a.ID + "/" + a.Filename
			} else {
				item["url"] = s.fileURL(a)
			}
		}
		items = append(items, item)
	}
	if single && len(items) == 1 {
		return items[0]
	}
	return items
}

func (s *Server) categoryRefs(p *product) []any {
	out := make([]any, 0, len(p.Categories))
	for _, id := range p.Categories {
		if c := s.store.catByID[id]; c != nil {
			out = append(out, map[string]any{"id": c.ID, "name": c.Name, "path": c.Path})
		}
	}
	return out
}

// Asset URLs follow the documented pattern on files.plytix.com (§9).
func (s *Server) fileURL(a *asset) string {
	return "https://files.plytix.com/api/v1.1/file/public_files/pim/assets/" + s.store.account + "/" + a.ID + "/" + a.Filename
}

func (s *Server) thumbURL(a *asset) string {
	return "https://files.plytix.com/api/v1.1/thumb/public_files/pim/assets/" + s.store.account + "/" + a.ID + "/" + a.Filename
}

func idRefs(ids []string) []any {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, map[string]any{"id": id})
	}
	return out
}

func idRef(id string) any {
	if id == "" {
		return nil
	}
	return map[string]any{"id": id}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
