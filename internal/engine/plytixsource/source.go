package plytixsource

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// Source reads a CatalogSync's scope from Plytix with the real client.
type Source struct {
	client *plytix.Client
	groups [][]pimv1alpha1.PlytixFilter
	// Read once per run by Definitions.
	defs       map[string]plytix.AttributeDefinition
	categories map[string]string // id → path
}

// New reads the scope that filters select (Plytix's OR-of-AND shape) through c.
func New(c *plytix.Client, filters [][]pimv1alpha1.PlytixFilter) *Source {
	return &Source{client: c, groups: filters}
}

func (s *Source) Requests() int64      { return s.client.Counters().Total() }
func (s *Source) Budget() budget.State { return s.client.Budget() }

// Definitions reads the attribute definitions and the category tree (for category paths of
// products whose categories come as ids only).
func (s *Source) Definitions(ctx context.Context) (map[string]catalog.AttributeDefinition, error) {
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

// query is the scope's search with the given attribute columns. Filters Plytix cannot take
// are a spec error no retry fixes: the run stalls, naming the filter.
func (s *Source) query(labels []string) (plytix.Query, error) {
	filters, err := s.convertFilters()
	if err != nil {
		return plytix.Query{}, syncerr.Stall(pimv1alpha1.ReasonInvalidSpec, err)
	}
	return plytix.Query{Filters: filters, Columns: plytix.ProductColumns(labels...)}, nil
}

// scopeError types a failed scope read: a 422 naming a field of spec.plytix.filters (one
// Plytix does not have, docs/reference/plytix-api.md §5.1) stalls with the filter's place in the spec;
// anything else is returned as it is.
func (s *Source) scopeError(err error) error {
	var ve *plytix.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	for gi, group := range s.groups {
		for fi, f := range group {
			for _, fe := range ve.Fields {
				if fe.Field != "" && (fe.Field == f.Field || slices.Contains(f.Fields, fe.Field)) {
					return syncerr.Stall(pimv1alpha1.ReasonInvalidSpec,
						fmt.Errorf("spec.plytix.filters[%d][%d]: Plytix refused field %q: %s", gi, fi, fe.Field, fe.Msg))
				}
			}
		}
	}
	return err
}

// AllFamilies scans the scope and groups it. A variant whose parent is outside the scan
// brings its parent in; a parent whose variants did not all match brings the rest in (one
// request each), so a family is never read in part. Each page is converted as it arrives, so
// the raw JSON of a 100k-SKU catalogue is never held at once.
func (s *Source) AllFamilies(ctx context.Context, labels []string) ([]catalog.Family, error) {
	q, err := s.query(labels)
	if err != nil {
		return nil, err
	}
	g := s.newGrouping()
	err = s.client.Scan(ctx, q, func(p plytix.Page) error {
		for _, prod := range p.Products {
			g.add(prod)
		}
		for _, u := range p.Unreadable {
			g.addUnreadable(u)
		}
		return nil
	})
	if err != nil {
		return nil, s.scopeError(err)
	}
	if err := s.complete(ctx, g, q.Columns); err != nil {
		return nil, err
	}
	return s.resolve(ctx, g)
}

// ChangedFamilies reads what changed since the watermark (with the client's overlap) and
// expands it to whole families.
func (s *Source) ChangedFamilies(ctx context.Context, since time.Time, labels []string) ([]catalog.Family, error) {
	q, err := s.query(labels)
	if err != nil {
		return nil, err
	}
	var changed []plytix.Product
	var unreadable []plytix.Unreadable
	err = s.client.ModifiedSince(ctx, since, q, func(p plytix.Page) error {
		changed = append(changed, p.Products...)
		unreadable = append(unreadable, p.Unreadable...)
		return nil
	})
	if err != nil || len(changed)+len(unreadable) == 0 {
		return nil, s.scopeError(err)
	}
	families, err := s.wholeFamilies(ctx, changed, q.Columns)
	if err != nil {
		return nil, err
	}
	// An unreadable product cannot be expanded to its family (that read would fail the same
	// way): it is reported on its own.
	for _, u := range unreadable {
		families = append(families, unreadableFamily(u))
	}
	return families, nil
}

// FamiliesBySKU reads the products with the given SKUs that the scope includes, and expands
// them to whole families: a family another CatalogSync owns, or the filters leave out, is never
// read, so it is never built or written.
func (s *Source) FamiliesBySKU(ctx context.Context, skus []string, labels []string) ([]catalog.Family, error) {
	q, err := s.query(labels)
	if err != nil || len(skus) == 0 {
		return nil, err
	}
	found, err := s.client.ProductsBySKUWithin(ctx, skus, q.Filters, q.Columns)
	if err != nil || len(found) == 0 {
		return nil, s.scopeError(err)
	}
	return s.wholeFamilies(ctx, found, q.Columns)
}

// ExistingSKUs looks the SKUs up without the scope's filters: one search of OR'ed "sku eq"
// groups per chunk, returning ids and SKUs only (docs/reference/plytix-api.md §5.1, §5.2, §5.3). The client
// drops matches that differ only in case, as eq compares text case-insensitively.
func (s *Source) ExistingSKUs(ctx context.Context, skus []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(skus) == 0 {
		return out, nil
	}
	found, err := s.client.ProductsBySKU(ctx, skus, nil)
	if err != nil {
		return nil, err
	}
	for _, p := range found {
		out[p.SKU] = true
	}
	return out, nil
}

func (s *Source) wholeFamilies(ctx context.Context, changed []plytix.Product, cols []string) ([]catalog.Family, error) {
	groups, err := s.client.VariantGroups(ctx, changed, cols)
	if err != nil {
		return nil, err
	}
	g := s.newGrouping()
	for _, vg := range groups {
		g.add(vg.Parent)
		for _, v := range vg.Variants {
			g.add(v)
		}
	}
	return s.resolve(ctx, g)
}

// assetPrefix marks a media item whose URL is not known yet: search results carry media as
// asset ids only (docs/reference/plytix-api.md §6.3). All of a read's ids are resolved at once at the end.
const assetPrefix = "plytix-asset:"

// grouping files converted products under their parents as a read goes.
type grouping struct {
	s        *Source
	parents  []catalog.SourceProduct
	children map[string][]catalog.SourceProduct
	// variantCounts are the parents' num_variations, to tell a family read in part.
	variantCounts map[string]int
	seen          map[string]bool
	assets        map[string]bool
	// unreadable are the products the read could not take in, by id; brokenChildren counts
	// those among each parent's variants, so a family is not read again to find them.
	unreadable     map[string]plytix.Unreadable
	brokenChildren map[string][]plytix.Unreadable
}

func (s *Source) newGrouping() *grouping {
	return &grouping{s: s, children: map[string][]catalog.SourceProduct{}, variantCounts: map[string]int{},
		seen: map[string]bool{}, assets: map[string]bool{}, unreadable: map[string]plytix.Unreadable{},
		brokenChildren: map[string][]plytix.Unreadable{}}
}

// add converts and files one product; a product seen twice (written during the scan) counts once.
func (g *grouping) add(p plytix.Product) {
	if g.seen[p.ID] {
		return
	}
	g.seen[p.ID] = true
	sp := g.s.product(p, g.assets)
	if p.IsVariant() {
		g.children[p.ParentID] = append(g.children[p.ParentID], sp)
		return
	}
	g.parents = append(g.parents, sp)
	g.variantCounts[p.ID] = p.NumVariations
}

// addUnreadable files a product the read could not take in: a variant under its parent, a
// parent or single product (or a variant whose parent Plytix did not name) as a family of its
// own, reported with the reason.
func (g *grouping) addUnreadable(u plytix.Unreadable) {
	if g.seen[u.ID] {
		return
	}
	g.seen[u.ID] = true
	if u.ParentID != "" {
		g.brokenChildren[u.ParentID] = append(g.brokenChildren[u.ParentID], u)
		return
	}
	g.unreadable[u.ID] = u
	g.parents = append(g.parents, catalog.SourceProduct{ID: u.ID, SKU: u.SKU})
}

func unreadableFamily(u plytix.Unreadable) catalog.Family {
	return catalog.Family{Parent: catalog.SourceProduct{ID: u.ID, SKU: u.SKU}, Unreadable: unreadableReason(u)}
}

func unreadableReason(u plytix.Unreadable) string { return fmt.Sprintf("%s (%s)", u.Reason, u.SKU) }

// complete fetches the parents of variants the scan saw without them, and the variants of
// parents whose variant count says some are missing.
func (s *Source) complete(ctx context.Context, g *grouping, cols []string) error {
	var missingParents []string
	for parentID := range g.children {
		if !g.seen[parentID] {
			missingParents = append(missingParents, parentID)
		}
	}
	for parentID := range g.brokenChildren {
		if !g.seen[parentID] && len(g.children[parentID]) == 0 {
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
			g.add(p)
		}
	}
	for _, parent := range g.parents {
		if _, broken := g.unreadable[parent.ID]; broken || g.variantCounts[parent.ID] <= len(g.children[parent.ID])+len(g.brokenChildren[parent.ID]) {
			continue
		}
		variants, err := s.client.Variants(ctx, parent.ID)
		if err != nil && !plytix.IsNotFound(err) {
			return err
		}
		for _, v := range variants {
			g.add(v)
		}
	}
	return nil
}

// resolve turns the media asset ids of a read into URLs, in batched, cached asset reads, and
// returns the families.
func (s *Source) resolve(ctx context.Context, g *grouping) ([]catalog.Family, error) {
	urls := map[string]string{}
	if len(g.assets) > 0 {
		ids := make([]string, 0, len(g.assets))
		for id := range g.assets {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		assets, err := s.client.Assets(ctx, ids)
		if err != nil {
			return nil, err
		}
		for id, a := range assets {
			urls[id] = a.URL
		}
	}
	out := make([]catalog.Family, 0, len(g.parents))
	for _, parent := range g.parents {
		if u, broken := g.unreadable[parent.ID]; broken {
			out = append(out, unreadableFamily(u))
			continue
		}
		f := catalog.Family{Parent: withURLs(parent, urls)}
		if broken := g.brokenChildren[parent.ID]; len(broken) > 0 {
			f.Unreadable = unreadableReason(broken[0])
		}
		variants := g.children[parent.ID]
		sort.Slice(variants, func(i, j int) bool { return variants[i].SKU < variants[j].SKU })
		for _, v := range variants {
			f.Variants = append(f.Variants, dropInherited(withURLs(v, urls), f.Parent))
		}
		out = append(out, f)
	}
	return out, nil
}

// withURLs replaces a product's asset placeholders by URLs, dropping assets without one.
func withURLs(p catalog.SourceProduct, urls map[string]string) catalog.SourceProduct {
	p.MediaURLs = resolveItems(p.MediaURLs, urls)
	for label, v := range p.Values {
		if v.Kind == catalog.KindMedia {
			v.Items = resolveItems(v.Items, urls)
			p.Values[label] = v
		}
	}
	return p
}

func resolveItems(items []string, urls map[string]string) []string {
	var out []string
	for _, item := range items {
		if id, ok := strings.CutPrefix(item, assetPrefix); ok {
			item = urls[id]
		}
		if item != "" && !slices.Contains(out, item) {
			out = append(out, item)
		}
	}
	return out
}

// dropInherited removes the values a variant carries only because it inherits them from its
// parent (docs/reference/plytix-api.md §7): the mapping reads the parent's value when a variant has none, and a
// large catalogue's copy and HTML then sit in memory once per family instead of once per SKU.
func dropInherited(v catalog.SourceProduct, parent catalog.SourceProduct) catalog.SourceProduct {
	for label, value := range v.Values {
		if pv, ok := parent.Values[label]; ok && pv.Kind == value.Kind && slices.Equal(pv.Items, value.Items) {
			delete(v.Values, label)
		}
	}
	if slices.Equal(v.MediaURLs, parent.MediaURLs) {
		v.MediaURLs = parent.MediaURLs
	}
	if slices.Equal(v.Categories, parent.Categories) {
		v.Categories = parent.Categories
	}
	return v
}

// mediaItem is a media reference as a URL, or as a placeholder to resolve (noted in assets).
func mediaItem(m plytix.MediaRef, assets map[string]bool) string {
	if m.URL != "" {
		return m.URL
	}
	if m.ID == "" {
		return ""
	}
	assets[m.ID] = true
	return assetPrefix + m.ID
}

// product converts a Plytix product, decoding attribute values by type; a value that does
// not fit its type is kept as a per-attribute error. Media ids it cannot resolve yet are noted
// in assets.
func (s *Source) product(p plytix.Product, assets map[string]bool) catalog.SourceProduct {
	out := catalog.SourceProduct{
		ID: p.ID, SKU: p.SKU, ParentID: p.ParentID, Label: p.Label, Status: p.Status, GTIN: p.GTIN, Created: p.Created,
		Modified: p.Modified,
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
	if p.Thumbnail != nil {
		out.MediaURLs = append(out.MediaURLs, mediaItem(*p.Thumbnail, assets))
	}
	for _, a := range p.Assets {
		out.MediaURLs = append(out.MediaURLs, mediaItem(a, assets))
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

func catalogValue(v plytix.Value, assets map[string]bool) catalog.Value {
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
			if item := mediaItem(m, assets); item != "" {
				items = append(items, item)
			}
		}
		return catalog.Value{Kind: catalog.KindMedia, Items: items}
	}
	return catalog.Value{Kind: catalog.KindText, Items: v.Strings()}
}

// convertFilters turns the spec's filters into the client's, sending numbers to numeric
// attributes as numbers: the spec writes every operand as a string.
func (s *Source) convertFilters() (plytix.Filters, error) {
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

func (s *Source) operand(field, value string) any {
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
