package centratarget

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// Target reads and writes one Centra store with the real client.
type Target struct {
	client    *centra.Client
	storeName string
	// Read once per run by Reference; writes resolve names to ids with them.
	ref     *centra.ReferenceData
	storeID int
	types   map[string]centra.AttributeType
}

// New writes the named store through c.
func New(c *centra.Client, store string) *Target {
	return &Target{client: c, storeName: store}
}

func (t *Target) Requests() int64 { return t.client.Counters().Total() }

// Mutations counts the mutations that reached Centra (not those the budget kept back).
func (t *Target) Mutations() int64 {
	var n int64
	for key, count := range t.client.MutationCounters().Snapshot() {
		if key.Outcome != centra.OutcomeNotSent {
			n += count
		}
	}
	return n
}

func (t *Target) Budgets() []report.BudgetState {
	s := t.client.Budgets().State()
	return []report.BudgetState{
		report.BudgetStateOf("Centra", "requests", s.Requests), report.BudgetStateOf("Centra", "complexity", s.Complexity),
		report.BudgetStateOf("Centra", "mutations", s.Mutations),
	}
}

// UntilMutations is how long until n mutations fit in the quota.
func (t *Target) UntilMutations(n int64) time.Duration { return t.client.Budgets().UntilMutations(n) }

func (t *Target) MutationsPerHour() int64 {
	return report.BudgetStateOf("Centra", "mutations", t.client.Budgets().State().Mutations).LimitPerHour
}

// Reference reads the reference data and checks the store exists: without it nothing can
// be written, and no retry will create it.
func (t *Target) Reference(ctx context.Context) (*catalog.Reference, error) {
	ref, err := t.client.ReadReference(ctx)
	if err != nil {
		return nil, err
	}
	store, ok := ref.StoreByName(t.storeName)
	if !ok {
		names := make([]string, len(ref.Stores))
		for i, s := range ref.Stores {
			names[i] = s.Name
		}
		return nil, syncerr.Stall(pimv1alpha1.ReasonStoreNotFound,
			fmt.Errorf("Centra has no store named %q (spec.centra.store); it has %s", t.storeName, strings.Join(names, ", ")))
	}
	t.ref, t.storeID = ref, store.ID
	t.types = map[string]centra.AttributeType{}
	out := &catalog.Reference{
		Store: catalog.Store{ID: store.ID, Name: store.Name}, Markets: map[string]int{}, Brands: map[string]catalog.Brand{},
		SizeCharts: map[string]catalog.SizeChart{}, Categories: map[string]int{}, Collections: map[string]int{},
		Folders: map[string]int{}, AttributeTypes: map[string]catalog.AttributeType{},
	}
	for _, m := range ref.Markets {
		if m.StoreID == store.ID {
			out.Markets[m.Name] = m.ID
		}
	}
	for _, b := range ref.Brands {
		out.Brands[b.Name] = catalog.Brand{ID: b.ID, Name: b.Name, StoreIDs: b.StoreIDs}
	}
	for _, c := range ref.SizeCharts {
		chart := catalog.SizeChart{ID: c.ID, Name: c.Name}
		for _, s := range c.Sizes {
			chart.Sizes = append(chart.Sizes, s.Name)
		}
		out.SizeCharts[c.Name] = chart
	}
	for _, c := range ref.Categories {
		if c.StoreID == store.ID || c.StoreID == 0 {
			out.Categories[c.Name] = c.ID
		}
	}
	for _, c := range ref.Collections {
		out.Collections[c.Name] = c.ID
	}
	for _, f := range ref.Folders {
		out.Folders[f.Name] = f.ID
	}
	for _, at := range ref.AttributeTypes {
		t.types[at.Name] = at
		typ := catalog.AttributeType{Name: at.Name, ObjectType: string(at.ObjectType), Mapped: at.Mapped, Multi: at.Multi,
			Elements: map[string]string{}, Options: map[string]int{}}
		for _, e := range at.Elements {
			typ.Elements[e.Key] = strings.ToUpper(e.Kind)
		}
		out.AttributeTypes[at.Name] = typ
	}
	for _, v := range ref.MappedValues {
		typ, ok := out.AttributeTypes[v.TypeName]
		if !ok {
			continue
		}
		// An option is matched by its name or by any of its element values.
		typ.Options[v.Name] = v.ID
		for _, value := range v.Elements {
			if _, taken := typ.Options[value]; !taken && value != "" {
				typ.Options[value] = v.ID
			}
		}
	}
	return out, nil
}

// Observe reads products by number, batched by the client within the complexity budget.
func (t *Target) Observe(ctx context.Context, numbers []string) (map[string][]*catalog.Product, error) {
	found, err := t.client.ProductsByNumber(ctx, numbers)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*catalog.Product, len(found))
	for number, products := range found {
		for i := range products {
			out[number] = append(out[number], t.observed(&products[i]))
		}
	}
	return out, nil
}

// UpdatedSince reads the products updated in Centra since a time (the drift scan), of the
// named brands only when brands is not nil: Centra filters them by brand id, so the products of
// other brands are never read.
func (t *Target) UpdatedSince(ctx context.Context, since time.Time, brands []string) ([]*catalog.Product, error) {
	var ids []int
	if brands != nil {
		for _, name := range brands {
			if b, ok := t.ref.BrandByName(name); ok {
				ids = append(ids, b.ID)
			}
		}
		if len(ids) == 0 {
			return nil, nil // none of the brands is in Centra: no product can be of them
		}
	}
	var out []*catalog.Product
	err := t.client.ProductsOfBrandsUpdatedSince(ctx, since, ids, func(page []centra.Product) error {
		for i := range page {
			out = append(out, t.observed(&page[i]))
		}
		return nil
	})
	return out, err
}

// Displayed lists the products displayed in the store.
func (t *Target) Displayed(ctx context.Context) ([]catalog.DisplayedProduct, error) {
	var out []catalog.DisplayedProduct
	err := t.client.ForEachDisplayedProduct(ctx, t.storeID, func(page []centra.DisplayedProduct) error {
		for _, d := range page {
			out = append(out, catalog.DisplayedProduct{Brand: d.BrandName,
				ProductSummary: catalog.ProductSummary{ID: d.ProductID, ProductNumber: d.ProductNumber, Status: string(d.ProductStatus)}})
		}
		return nil
	})
	return out, err
}

// observed converts a Centra product into the neutral model, keeping only the display in the
// configured store and the values the mapping can compare.
func (t *Target) observed(p *centra.Product) *catalog.Product {
	out := &catalog.Product{
		ID: p.ID, ProductNumber: p.ProductNumber, ExternalID: p.ExternalID, Name: p.Name, Status: string(p.Status),
		Fields: map[string]string{}, Attributes: t.attributes(p.Attributes),
	}
	if p.Brand != nil {
		out.Brand = p.Brand.Name
	}
	setIf(out.Fields, catalog.FieldHarmonizedCommodityCode, p.HarmonizedCommodityCode)
	setIf(out.Fields, catalog.FieldHarmonizedCommodityCodeDescription, p.HarmonizedCommodityCodeDescription)
	setIf(out.Fields, catalog.FieldCountryOfOrigin, p.CountryOfOrigin)
	if p.Weight != nil {
		kg := p.Weight.Value
		if p.Weight.Unit == "POUNDS" {
			kg *= 0.45359237
		}
		out.Fields[catalog.FieldWeight] = strconv.FormatFloat(kg, 'f', -1, 64)
	}
	if p.Collection != nil {
		out.Fields[catalog.FieldCollection] = p.Collection.Name
	}
	if p.Folder != nil {
		out.Fields[catalog.FieldFolder] = p.Folder.Name
	}
	numberOf := map[int]string{}
	for _, v := range p.Variants {
		numberOf[v.ID] = v.VariantNumber
		cv := catalog.Variant{ID: v.ID, VariantNumber: v.VariantNumber, Name: v.Name, Status: string(v.Status),
			Fields: map[string]string{}, Attributes: t.attributes(v.Attributes)}
		if v.SizeChart != nil {
			cv.SizeChart = v.SizeChart.Name
		}
		for _, s := range v.Sizes {
			size := catalog.Size{ID: s.ID, Name: s.SizeName, SizeNumber: s.SizeNumber, SKU: s.SKU, Fields: map[string]string{}}
			setIf(size.Fields, catalog.FieldEAN, s.EAN)
			setIf(size.Fields, catalog.FieldUPC, s.UPC)
			cv.Sizes = append(cv.Sizes, size)
		}
		out.Variants = append(out.Variants, cv)
	}
	for _, m := range p.Media {
		if m.SourceURL == "" {
			continue
		}
		if m.VariantID == 0 {
			out.MediaURLs = append(out.MediaURLs, m.SourceURL)
		} else if v := out.FindVariant(numberOf[m.VariantID]); v != nil {
			v.MediaURLs = append(v.MediaURLs, m.SourceURL)
		}
	}
	for _, d := range p.Displays {
		if d.StoreID == t.storeID {
			out.Display = t.display(&d, numberOf)
			break
		}
	}
	return out
}

func (t *Target) display(d *centra.Display, numberOf map[int]string) *catalog.Display {
	out := &catalog.Display{ID: d.ID, Name: d.Name, Status: string(d.Status), Fields: map[string]string{}, Attributes: t.attributes(d.Attributes)}
	setIf(out.Fields, catalog.FieldDescription, d.Description)
	setIf(out.Fields, catalog.FieldShortDescription, d.ShortDescription)
	setIf(out.Fields, catalog.FieldMetaTitle, d.MetaTitle)
	setIf(out.Fields, catalog.FieldMetaDescription, d.MetaDescription)
	setIf(out.Fields, catalog.FieldMetaKeywords, d.MetaKeywords)
	setIf(out.Fields, catalog.FieldURI, d.URI)
	setIf(out.Fields, catalog.FieldTags, strings.Join(d.Tags, "\n"))
	for _, c := range d.Categories {
		out.Categories = append(out.Categories, c.Name)
	}
	for _, m := range d.Markets {
		out.Markets = append(out.Markets, m.Name)
	}
	for _, id := range d.VariantIDs {
		if n, ok := numberOf[id]; ok {
			out.Variants = append(out.Variants, n)
		}
	}
	return out
}

// attributes converts Centra attributes. A mapped type is assigned by option, whatever
// element a rule reads, so its options are filed under every element key of the type.
func (t *Target) attributes(attrs []centra.Attribute) catalog.Attributes {
	out := catalog.Attributes{}
	for _, a := range attrs {
		if !a.Mapped {
			for _, e := range a.Elements {
				out[catalog.AttributeKey{TypeName: a.TypeName, ElementKey: e.Key}] = catalog.AttributeValue{Text: e.Value}
			}
			continue
		}
		keys := []string{}
		for _, e := range t.types[a.TypeName].Elements {
			keys = append(keys, e.Key)
		}
		for _, e := range a.Elements {
			if !slices.Contains(keys, e.Key) {
				keys = append(keys, e.Key)
			}
		}
		for _, key := range keys {
			k := catalog.AttributeKey{TypeName: a.TypeName, ElementKey: key}
			v := out[k]
			v.Mapped = true
			v.OptionIDs = append(v.OptionIDs, a.MappedID)
			v.Options = append(v.Options, a.MappedName)
			out[k] = v
		}
	}
	return out
}

func setIf(m map[string]string, key, value string) {
	if value != "" {
		m[key] = value
	}
}
