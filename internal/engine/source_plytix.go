package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
)

// plytixSource reads a CatalogSync's scope from Plytix with the real client.
type plytixSource struct {
	client *plytix.Client
	groups [][]pimv1alpha1.PlytixFilter
	// Read once per run by Definitions.
	defs       map[string]plytix.AttributeDefinition
	categories map[string]string // id → path
}

// NewPlytixSource reads the scope that filters select (Plytix's OR-of-AND shape) through c.
func NewPlytixSource(c *plytix.Client, filters [][]pimv1alpha1.PlytixFilter) Source {
	return &plytixSource{client: c, groups: filters}
}

func (s *plytixSource) Requests() int64      { return s.client.Counters().Total() }
func (s *plytixSource) Budget() budget.State { return s.client.Budget() }

// Definitions reads the attribute definitions and the category tree (for category paths of
// products whose categories come as ids only).
func (s *plytixSource) Definitions(ctx context.Context) (map[string]catalog.AttributeDefinition, error) {
	defs, err := s.client.Attributes(ctx)
	if err != nil {
		return nil, err
	}
	s.defs = plytix.IndexByLabel(defs)
	out := make(map[string]catalog.AttributeDefinition, len(defs))
	for _, d := range defs {
		out[d.Label] = catalog.AttributeDefinition{Label: d.Label, Name: d.Name, TypeClass: d.TypeClass, Options: d.Options}
	}
	categories, err := s.client.Categories(ctx)
	if err != nil {
		return nil, err
	}
	s.categories = make(map[string]string, len(categories))
	for _, c := range categories {
		s.categories[c.ID] = c.PathString()
	}
	return out, nil
}

func (s *plytixSource) query(labels []string) (plytix.Query, error) {
	filters, err := s.convertFilters()
	return plytix.Query{Filters: filters, Columns: plytix.ProductColumns(labels...)}, err
}

// AllFamilies scans the scope and groups it. A variant whose parent is outside the scan
// brings its parent in; a parent whose variants did not all match brings the rest in (one
// request each), so a family is never read in part.
func (s *plytixSource) AllFamilies(ctx context.Context, labels []string) ([]catalog.Family, error) {
	q, err := s.query(labels)
	if err != nil {
		return nil, err
	}
	var products []plytix.Product
	err = s.client.Scan(ctx, q, func(p plytix.Page) error {
		products = append(products, p.Products...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.families(ctx, products, q.Columns)
}

// ChangedFamilies reads what changed since the watermark (with the client's overlap) and
// expands it to whole families.
func (s *plytixSource) ChangedFamilies(ctx context.Context, since time.Time, labels []string) ([]catalog.Family, error) {
	q, err := s.query(labels)
	if err != nil {
		return nil, err
	}
	var changed []plytix.Product
	err = s.client.ModifiedSince(ctx, since, q, func(p plytix.Page) error {
		changed = append(changed, p.Products...)
		return nil
	})
	if err != nil || len(changed) == 0 {
		return nil, err
	}
	return s.wholeFamilies(ctx, changed, q.Columns)
}

// FamiliesBySKU reads products by SKU and expands them to whole families.
func (s *plytixSource) FamiliesBySKU(ctx context.Context, skus []string, labels []string) ([]catalog.Family, error) {
	q, err := s.query(labels)
	if err != nil || len(skus) == 0 {
		return nil, err
	}
	found, err := s.client.ProductsBySKU(ctx, skus, q.Columns)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return s.wholeFamilies(ctx, found, q.Columns)
}

func (s *plytixSource) wholeFamilies(ctx context.Context, changed []plytix.Product, cols []string) ([]catalog.Family, error) {
	groups, err := s.client.VariantGroups(ctx, changed, cols)
	if err != nil {
		return nil, err
	}
	assets, err := s.assetURLs(ctx, groupProducts(groups))
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Family, 0, len(groups))
	for _, g := range groups {
		out = append(out, s.family(g.Parent, g.Variants, assets))
	}
	return out, nil
}

func groupProducts(groups []plytix.VariantGroup) []plytix.Product {
	var all []plytix.Product
	for _, g := range groups {
		all = append(all, g.Parent)
		all = append(all, g.Variants...)
	}
	return all
}

// families groups scanned products under their parents, completing families the scan saw
// only in part.
func (s *plytixSource) families(ctx context.Context, products []plytix.Product, cols []string) ([]catalog.Family, error) {
	byID := make(map[string]plytix.Product, len(products))
	children := map[string][]plytix.Product{}
	var order []string
	for _, p := range products {
		if _, dup := byID[p.ID]; dup {
			continue // a product written during the scan can be seen twice
		}
		byID[p.ID] = p
		if p.IsVariant() {
			children[p.ParentID] = append(children[p.ParentID], p)
		} else {
			order = append(order, p.ID)
		}
	}
	if err := s.completeFamilies(ctx, byID, children, &order, cols); err != nil {
		return nil, err
	}
	all := make([]plytix.Product, 0, len(byID))
	for _, id := range order {
		all = append(all, byID[id])
		all = append(all, children[id]...)
	}
	assets, err := s.assetURLs(ctx, all)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Family, 0, len(order))
	for _, id := range order {
		out = append(out, s.family(byID[id], children[id], assets))
	}
	return out, nil
}

// completeFamilies fetches the parents of variants the scan saw without them, and the
// variants of parents whose variant count says some are missing.
func (s *plytixSource) completeFamilies(ctx context.Context, byID map[string]plytix.Product, children map[string][]plytix.Product,
	order *[]string, cols []string) error {
	var missingParents []string
	for parentID := range children {
		if _, ok := byID[parentID]; !ok {
			missingParents = append(missingParents, parentID)
		}
	}
	sort.Strings(missingParents)
	if len(missingParents) > 0 {
		fetched, err := s.client.ProductsByID(ctx, missingParents, cols)
		if err != nil {
			return err
		}
		for _, p := range fetched {
			byID[p.ID] = p
			*order = append(*order, p.ID)
		}
	}
	for _, id := range *order {
		if byID[id].NumVariations > len(children[id]) {
			variants, err := s.client.Variants(ctx, id)
			if err != nil && !plytix.IsNotFound(err) {
				return err
			}
			children[id] = mergeVariants(children[id], variants)
		}
	}
	return nil
}

func mergeVariants(have, more []plytix.Product) []plytix.Product {
	seen := map[string]bool{}
	for _, v := range have {
		seen[v.ID] = true
	}
	for _, v := range more {
		if !seen[v.ID] {
			have = append(have, v)
		}
	}
	return have
}

// assetURLs resolves the media ids of products to URLs, in batched, cached asset reads:
// search results carry media as ids only (plytix-api.md §6.3).
func (s *plytixSource) assetURLs(ctx context.Context, products []plytix.Product) (map[string]string, error) {
	var ids []string
	for _, p := range products {
		if p.Thumbnail != nil && p.Thumbnail.URL == "" {
			ids = append(ids, p.Thumbnail.ID)
		}
		for _, a := range p.Assets {
			if a.URL == "" {
				ids = append(ids, a.ID)
			}
		}
	}
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	assets, err := s.client.Assets(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, a := range assets {
		out[id] = a.URL
	}
	return out, nil
}

func (s *plytixSource) family(parent plytix.Product, variants []plytix.Product, assets map[string]string) catalog.Family {
	f := catalog.Family{Parent: s.product(parent, assets)}
	sort.Slice(variants, func(i, j int) bool { return variants[i].SKU < variants[j].SKU })
	for _, v := range variants {
		f.Variants = append(f.Variants, s.product(v, assets))
	}
	return f
}

// product converts a Plytix product, decoding attribute values by type; a value that does
// not fit its type is kept as a per-attribute error.
func (s *plytixSource) product(p plytix.Product, assets map[string]string) catalog.SourceProduct {
	out := catalog.SourceProduct{
		ID: p.ID, SKU: p.SKU, ParentID: p.ParentID, Label: p.Label, Status: p.Status, GTIN: p.GTIN, Modified: p.Modified,
	}
	for _, c := range p.Categories {
		path := strings.Join(c.Path, " > ")
		if path == "" {
			path = s.categories[c.ID]
		}
		if path != "" {
			out.Categories = append(out.Categories, path)
		}
	}
	media := func(m plytix.MediaRef) {
		url := m.URL
		if url == "" {
			url = assets[m.ID]
		}
		if url != "" && !contains(out.MediaURLs, url) {
			out.MediaURLs = append(out.MediaURLs, url)
		}
	}
	if p.Thumbnail != nil {
		media(*p.Thumbnail)
	}
	for _, a := range p.Assets {
		media(a)
	}
	values, errs := plytix.DecodeAttributes(s.defs, p.Attributes)
	out.Values = make(map[string]catalog.Value, len(values))
	for label, v := range values {
		out.Values[label] = catalogValue(v, assets)
	}
	for label, err := range errs {
		if out.ValueErrors == nil {
			out.ValueErrors = map[string]string{}
		}
		var ve *plytix.ValueError
		if errors.As(err, &ve) {
			out.ValueErrors[label] = fmt.Sprintf("value %s %s", ve.Raw, ve.Reason)
		} else {
			out.ValueErrors[label] = err.Error()
		}
	}
	return out
}

func catalogValue(v plytix.Value, assets map[string]string) catalog.Value {
	switch t := v.(type) {
	case plytix.Int, plytix.Decimal:
		return catalog.Value{Kind: catalog.KindNumber, Items: v.Strings()}
	case plytix.Bool:
		return catalog.Value{Kind: catalog.KindBool, Items: v.Strings()}
	case plytix.Date:
		return catalog.Value{Kind: catalog.KindDate, Items: v.Strings()}
	case plytix.Option:
		return catalog.Value{Kind: catalog.KindOption, Items: v.Strings()}
	case plytix.Options:
		return catalog.Value{Kind: catalog.KindOptions, Items: v.Strings()}
	case plytix.Percent:
		return catalog.Value{Kind: catalog.KindPercent, Items: v.Strings()}
	case plytix.Media:
		items := make([]string, 0, len(t))
		for _, m := range t {
			if url := m.URL; url != "" {
				items = append(items, url)
			} else if url := assets[m.ID]; url != "" {
				items = append(items, url)
			}
		}
		return catalog.Value{Kind: catalog.KindMedia, Items: items}
	}
	return catalog.Value{Kind: catalog.KindText, Items: v.Strings()}
}

// convertFilters turns the spec's filters into the client's, sending numbers to numeric
// attributes as numbers: the spec writes every operand as a string.
func (s *plytixSource) convertFilters() (plytix.Filters, error) {
	var out plytix.Filters
	for gi, group := range s.groups {
		var and []plytix.Filter
		for fi, f := range group {
			pf := plytix.Filter{Field: f.Field, Fields: f.Fields, Operator: plytix.Operator(f.Operator)}
			switch {
			case len(f.Values) > 0:
				values := make([]any, len(f.Values))
				for i, v := range f.Values {
					values[i] = s.operand(f.Field, v)
				}
				pf.Value = values
			case f.Value != nil:
				pf.Value = s.operand(f.Field, *f.Value)
			}
			if err := pf.Validate(); err != nil {
				return nil, fmt.Errorf("spec.plytix.filters[%d][%d]: %w", gi, fi, err)
			}
			and = append(and, pf)
		}
		out = append(out, and)
	}
	return out, nil
}

func (s *plytixSource) operand(field, value string) any {
	label, ok := strings.CutPrefix(field, "attributes.")
	if !ok {
		return value
	}
	switch s.defs[label].TypeClass {
	case plytix.TypeInt, plytix.TypeDecimal, plytix.TypeCompleteness:
		if n, err := strconv.ParseFloat(value, 64); err == nil {
			return n
		}
	case plytix.TypeBoolean:
		if b, err := strconv.ParseBool(value); err == nil {
			return b
		}
	}
	return value
}

func contains(items []string, s string) bool {
	for _, item := range items {
		if item == s {
			return true
		}
	}
	return false
}
