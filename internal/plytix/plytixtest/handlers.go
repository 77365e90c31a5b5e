package plytixtest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// getProduct is GET /api/v1/products/{id}[?all_attributes=true] (docs/reference/plytix-api.md §6.1, §6.2).
func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	all := r.URL.Query().Get("all_attributes") == "true"
	s.reading(w, func() (int, any) {
		p := s.store.byID[id]
		if p == nil {
			e := productNotFound(id)
			return e.status, e.body()
		}
		return http.StatusOK, map[string]any{"data": []any{s.renderFullProduct(p, all)}}
	})
}

// getVariants is GET /api/v1/products/{id}/variants: [] without variants, 404 for an
// unknown parent (§7).
func (s *Server) getVariants(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.reading(w, func() (int, any) {
		p := s.store.byID[id]
		if p == nil {
			e := productNotFound(id)
			return e.status, e.body()
		}
		items := make([]any, 0, len(p.Variants))
		for _, vid := range p.Variants {
			if v := s.store.byID[vid]; v != nil {
				items = append(items, s.renderFullProduct(v, false))
			}
		}
		return http.StatusOK, map[string]any{"data": items}
	})
}

// getProductAssets is GET /api/v1/products/{id}/assets.
func (s *Server) getProductAssets(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.reading(w, func() (int, any) {
		p := s.store.byID[id]
		if p == nil {
			e := productNotFound(id)
			return e.status, e.body()
		}
		return http.StatusOK, map[string]any{"data": s.renderFullProduct(p, false)["assets"]}
	})
}

// getProductCategories is GET /api/v1/products/{id}/categories.
func (s *Server) getProductCategories(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.reading(w, func() (int, any) {
		p := s.store.byID[id]
		if p == nil {
			e := productNotFound(id)
			return e.status, e.body()
		}
		return http.StatusOK, map[string]any{"data": s.categoryRefs(p)}
	})
}

// listSpec describes a small collection searched without caching: attribute definitions,
// categories, families and assets.
type listSpec[T any] struct {
	items   func() []T
	field   func(name string) (field[T], bool)
	columns []string // the columns that may be requested; id is always returned
	render  func(item T, columns []string) map[string]any
	maxSize int
}

// searchList serves a search over a small collection with the product search's body,
// filters, projection and pagination (§5).
func searchList[T any](s *Server, w http.ResponseWriter, r *http.Request, spec listSpec[T]) {
	body, aerr := readSearchBody(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	set := s.current()
	page, aerr := parsePagination(body.Pagination, spec.maxSize)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	columns, _, aerr := parseColumns(body.Attributes)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	for _, c := range columns {
		if c != "id" && !slices.Contains(spec.columns, c) {
			writeError(w, schemaError(c, "attribute does not exist"))
			return
		}
	}
	groups, aerr := parseFilters(body.Filters)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	s.reading(w, func() (int, any) {
		pred, aerr := compile(groups, spec.field, set.dateFilters)
		if aerr != nil {
			return aerr.status, aerr.body()
		}
		var matched []T
		for _, item := range spec.items() {
			if pred(item) {
				matched = append(matched, item)
			}
		}
		if name, desc := strings.CutPrefix(page.order, "-"); name != "" {
			fld, ok := spec.field(name)
			if !ok {
				e := schemaError("order", "field "+name+" does not exist")
				return e.status, e.body()
			}
			slices.SortStableFunc(matched, func(a, b T) int {
				c := cmp.Compare(asText(fld.get(a)), asText(fld.get(b)))
				if desc {
					return -c
				}
				return c
			})
		}
		start := min((page.page-1)*page.size, len(matched))
		end := min(start+page.size, len(matched))
		items := make([]any, 0, end-start)
		for _, item := range matched[start:end] {
			items = append(items, spec.render(item, columns))
		}
		return http.StatusOK, map[string]any{"data": items, "pagination": paginationBody(page, len(items), len(matched), set.pagination)}
	})
}

// project keeps the requested columns of a full rendering, plus id.
func project(full map[string]any, columns []string) map[string]any {
	out := map[string]any{"id": full["id"]}
	for _, c := range columns {
		if v, ok := full[c]; ok {
			out[c] = v
		}
	}
	return out
}

// searchAttributes is POST /api/v1/attributes/product/search (§8). An attribute search was
// seen accepting page_size 1000 (§5.4), so its cap is 1000.
func (s *Server) searchAttributes(w http.ResponseWriter, r *http.Request) {
	searchList(s, w, r, listSpec[*AttributeDef]{
		items: func() []*AttributeDef { return s.store.attrs },
		field: func(name string) (field[*AttributeDef], bool) {
			switch name {
			case "label":
				return field[*AttributeDef]{kText, func(d *AttributeDef) any { return d.Label }}, true
			case "name":
				return field[*AttributeDef]{kText, func(d *AttributeDef) any { return d.Name }}, true
			case "type_class":
				return field[*AttributeDef]{kDropdown, func(d *AttributeDef) any { return d.TypeClass }}, true
			}
			return field[*AttributeDef]{}, false
		},
		columns: []string{"name", "label", "type_class", "options", "groups", "attributes", "filter_type", "description"},
		render: func(d *AttributeDef, columns []string) map[string]any {
			return project(s.renderAttribute(d), columns)
		},
		maxSize: 1000,
	})
}

func (s *Server) renderAttribute(d *AttributeDef) map[string]any {
	groups := d.Groups
	if groups == nil {
		groups = []string{}
	}
	m := map[string]any{"id": d.ID, "label": d.Label, "name": d.Name, "type_class": d.TypeClass, "groups": groups,
		"filter_type": filterTypes[kindOf(d.TypeClass)]}
	if d.TypeClass == TypeDropdown || d.TypeClass == TypeMultiSelect {
		m["options"] = d.Options
	}
	if d.TypeClass == TypeCompleteness {
		measured := make([]any, 0, len(d.Measures))
		for _, label := range d.Measures {
			var id any
			if md := s.store.attrByLabel[label]; md != nil {
				id = md.ID
			}
			measured = append(measured, map[string]any{"id": id, "label": label})
		}
		m["attributes"] = measured
	}
	return m
}

// getAttribute is GET /api/v1/attributes/product/{id}.
func (s *Server) getAttribute(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.reading(w, func() (int, any) {
		for _, d := range s.store.attrs {
			if d.ID == id {
				return http.StatusOK, map[string]any{"data": []any{s.renderAttribute(d)}}
			}
		}
		e := notFound("attribute", id)
		return e.status, e.body()
	})
}

// getProductFilters is GET /api/v1/filters/product: one object with "attributes" and
// "properties" (§8).
func (s *Server) getProductFilters(w http.ResponseWriter, _ *http.Request) {
	set := s.current()
	s.reading(w, func() (int, any) {
		var attrs []any
		for _, name := range systemProductFields {
			fld, _ := s.productField(name, set.idFilter)
			attrs = append(attrs, map[string]any{"key": name, "filter_type": filterTypes[fld.kind], "operators": allowedOps[fld.kind]})
		}
		for _, d := range s.store.attrs {
			k := kindOf(d.TypeClass)
			entry := map[string]any{"key": "attributes." + d.Label, "filter_type": filterTypes[k], "operators": allowedOps[k]}
			if d.Options != nil {
				entry["options"] = d.Options
			}
			attrs = append(attrs, entry)
		}
		props := []any{
			map[string]any{"key": "_is_variation", "filter_type": "BooleanAttribute", "operators": allowedOps[kProperty]},
			map[string]any{"key": "_has_variations", "filter_type": "BooleanAttribute", "operators": allowedOps[kProperty]},
		}
		return http.StatusOK, map[string]any{"data": []any{map[string]any{"attributes": attrs, "properties": props}}}
	})
}

// searchCategories is POST /api/v1/categories/product/search (§9); parent_id !exists finds
// the roots.
func (s *Server) searchCategories(w http.ResponseWriter, r *http.Request) {
	searchList(s, w, r, listSpec[*category]{
		items: func() []*category { return s.store.categories },
		field: func(name string) (field[*category], bool) {
			switch name {
			case "id":
				return field[*category]{kID, func(c *category) any { return c.ID }}, true
			case "name":
				return field[*category]{kText, func(c *category) any { return c.Name }}, true
			case "parent_id":
				return field[*category]{kText, func(c *category) any {
					if len(c.ParentIDs) == 0 {
						return ""
					}
					return c.ParentIDs[len(c.ParentIDs)-1]
				}}, true
			case "order":
				return field[*category]{kText, func(c *category) any { return c.Order }}, true
			}
			return field[*category]{}, false
		},
		columns: []string{"name", "path", "parents_ids", "n_children", "order", "slug", "modified"},
		render: func(c *category, columns []string) map[string]any {
			parents := c.ParentIDs
			if parents == nil {
				parents = []string{}
			}
			return project(map[string]any{"id": c.ID, "name": c.Name, "path": c.Path, "parents_ids": parents,
				"n_children": c.Children, "order": c.Order, "slug": c.Slug, "modified": formatTime(c.Modified)}, columns)
		},
		maxSize: maxPageSize,
	})
}

// searchFamilies is POST /api/v1/product_families/search (§9).
func (s *Server) searchFamilies(w http.ResponseWriter, r *http.Request) {
	searchList(s, w, r, listSpec[*family]{
		items: func() []*family { return s.store.families },
		field: func(name string) (field[*family], bool) {
			if name == "name" {
				return field[*family]{kText, func(f *family) any { return f.Name }}, true
			}
			return field[*family]{}, false
		},
		columns: []string{"name", "created", "modified", "total_attributes", "total_models", "total_products"},
		render: func(f *family, columns []string) map[string]any {
			products := 0
			for _, p := range s.store.products {
				if p != nil && p.FamilyID == f.ID {
					products++
				}
			}
			return project(map[string]any{"id": f.ID, "name": f.Name, "created": formatTime(f.Created), "modified": formatTime(f.Modified),
				"total_attributes": len(f.Labels), "total_models": 1, "total_products": products}, columns)
		},
		maxSize: maxPageSize,
	})
}

// getFamilyAttributes is GET /api/v1/product_families/{id}/attributes (§8).
func (s *Server) getFamilyAttributes(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.reading(w, func() (int, any) {
		f := s.store.famByID[id]
		if f == nil {
			e := notFound("product family", id)
			return e.status, e.body()
		}
		items := make([]any, 0, len(f.Labels))
		for _, label := range f.Labels {
			if d := s.store.attrByLabel[label]; d != nil {
				items = append(items, map[string]any{"id": d.ID, "label": d.Label, "name": d.Name, "attribute_level": f.Levels[label]})
			}
		}
		return http.StatusOK, map[string]any{"data": items}
	})
}

// searchAssets is POST /api/v1/assets/search (§9). Like products, it accepts an "id"
// filter only when the sandbox is told to.
func (s *Server) searchAssets(w http.ResponseWriter, r *http.Request) {
	idFilter := s.current().idFilter
	searchList(s, w, r, listSpec[*asset]{
		items: func() []*asset { return s.store.assets },
		field: func(name string) (field[*asset], bool) {
			switch name {
			case "id":
				if idFilter {
					return field[*asset]{kID, func(a *asset) any { return a.ID }}, true
				}
			case "filename":
				return field[*asset]{kText, func(a *asset) any { return a.Filename }}, true
			case "file_type":
				return field[*asset]{kDropdown, func(*asset) any { return "IMAGES" }}, true
			}
			return field[*asset]{}, false
		},
		columns: []string{"filename", "url", "thumbnail", "content_type", "file_size", "file_type", "extension",
			"created", "modified", "status", "public", "assigned", "n_products", "n_catalogs", "categories", "has_custom_thumb"},
		render:  func(a *asset, columns []string) map[string]any { return project(s.renderAsset(a), columns) },
		maxSize: maxPageSize,
	})
}

// renderAsset is the asset object of §9.
func (s *Server) renderAsset(a *asset) map[string]any {
	ext := a.Filename[strings.LastIndex(a.Filename, ".")+1:]
	return map[string]any{
		"assigned": true, "categories": []any{}, "content_type": a.ContentType, "created": formatTime(a.Created),
		"extension": ext, "file_size": a.Size, "file_type": "IMAGES", "filename": a.Filename, "has_custom_thumb": false,
		"id": a.ID, "modified": formatTime(a.Created), "n_catalogs": 0, "n_products": 1, "public": true, "status": "ACTIVE",
		"thumbnail": s.thumbURL(a), "url": s.fileURL(a),
	}
}

// getAsset is GET /api/v1/assets/{id}. An unknown id answers {"data": []}, as the
// documented "no result" example shows (§3.2, CONFLICT with products' 404).
func (s *Server) getAsset(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.reading(w, func() (int, any) {
		a := s.store.assetByID[id]
		if a == nil {
			return http.StatusOK, map[string]any{"data": []any{}}
		}
		return http.StatusOK, map[string]any{"data": []any{s.renderAsset(a)}}
	})
}
