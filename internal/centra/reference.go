package centra

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/go-logr/logr"
)

// ReferenceData is the configuration products refer to (§7 step 1), read in one request
// plus one per list longer than a page.
type ReferenceData struct {
	Stores         []Store
	Markets        []Market
	Brands         []Brand
	Collections    []NamedRef
	Folders        []NamedRef
	SizeCharts     []SizeChart
	Categories     []Category
	AttributeTypes []AttributeType
	MappedValues   []MappedValue
	RateLimits     []RateLimit
	// CategoriesUnavailable is set when the server rejected the categories query (the root
	// field is this repository's inference, see schema/centra.graphql).
	CategoriesUnavailable bool
}

// Store is a Centra store.
type Store struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// Market is a market of a store.
type Market struct {
	ID         int
	Name       string
	ExternalID string
	StoreID    int
}

// Brand is a brand and the stores it is enabled in (a product whose brand is not in the
// store is not visible, §7).
type Brand struct {
	ID         int
	Name       string
	URI        string
	ExternalID string
	StoreIDs   []int
}

// SizeChart is a size chart with its sizes in chart order.
type SizeChart struct {
	ID         int
	Name       string
	ExternalID string
	Sizes      []NamedRef
}

// Category is a category of a store.
type Category struct {
	ID      int
	Name    string
	StoreID int
}

// AttributeType is a custom attribute definition (§4).
type AttributeType struct {
	Name        string                 `json:"name"`
	Description string                 `json:"description"`
	Mapped      bool                   `json:"isMapped"`
	Multi       bool                   `json:"isMulti"`
	ObjectType  AttributeObjectType    `json:"objectType"`
	Elements    []AttributeTypeElement `json:"elements"`
}

// AttributeTypeElement is one element of an attribute type.
type AttributeTypeElement struct {
	Key         string `json:"key"`
	Description string `json:"description"`
	Kind        string `json:"kind"`
	Multi       bool   `json:"isMulti"`
}

// MappedValue is a pre-created value of a mapped attribute type, with its element values.
type MappedValue struct {
	ID       int
	Name     string
	TypeName string
	Elements map[string]string
}

// MappedValueID finds the option id of a mapped attribute type by value: the value's name
// or any of its element values (option ids are looked up by value, docs/design.md §4).
func (r *ReferenceData) MappedValueID(typeName, value string) (int, bool) {
	for _, m := range r.MappedValues {
		if m.TypeName != typeName {
			continue
		}
		if m.Name == value {
			return m.ID, true
		}
		for _, v := range m.Elements {
			if v == value {
				return m.ID, true
			}
		}
	}
	return 0, false
}

// AttributeType returns the attribute type with the name.
func (r *ReferenceData) AttributeType(name string) (AttributeType, bool) {
	for _, t := range r.AttributeTypes {
		if t.Name == name {
			return t, true
		}
	}
	return AttributeType{}, false
}

// StoreByName returns the store with the name.
func (r *ReferenceData) StoreByName(name string) (Store, bool) {
	for _, s := range r.Stores {
		if s.Name == name {
			return s, true
		}
	}
	return Store{}, false
}

// MarketByName returns the market with the name in the store.
func (r *ReferenceData) MarketByName(storeID int, name string) (Market, bool) {
	for _, m := range r.Markets {
		if m.StoreID == storeID && m.Name == name {
			return m, true
		}
	}
	return Market{}, false
}

// BrandByName returns the brand with the name.
func (r *ReferenceData) BrandByName(name string) (Brand, bool) {
	for _, b := range r.Brands {
		if b.Name == name {
			return b, true
		}
	}
	return Brand{}, false
}

// SizeChartByName returns the size chart with the name.
func (r *ReferenceData) SizeChartByName(name string) (SizeChart, bool) {
	for _, s := range r.SizeCharts {
		if s.Name == name {
			return s, true
		}
	}
	return SizeChart{}, false
}

// CategoryByName returns the category with the name in the store.
func (r *ReferenceData) CategoryByName(storeID int, name string) (Category, bool) {
	for _, c := range r.Categories {
		if c.StoreID == storeID && c.Name == name {
			return c, true
		}
	}
	return Category{}, false
}

type wireReference struct {
	Stores  []Store `json:"stores"`
	Markets []struct {
		ID         int     `json:"id"`
		Name       string  `json:"name"`
		ExternalID *string `json:"externalId"`
		Store      wireID  `json:"store"`
	} `json:"markets"`
	Brands []struct {
		ID         int      `json:"id"`
		Name       string   `json:"name"`
		URI        string   `json:"uri"`
		ExternalID *string  `json:"externalId"`
		Stores     []wireID `json:"stores"`
	} `json:"brands"`
	Collections []NamedRef `json:"collections"`
	Folders     []NamedRef `json:"folders"`
	SizeCharts  []struct {
		ID         int     `json:"id"`
		Name       string  `json:"name"`
		ExternalID *string `json:"externalId"`
		Sizes      []struct {
			ID   int     `json:"id"`
			Name *string `json:"name"`
		} `json:"sizes"`
	} `json:"sizeCharts"`
	MappedAttributes []struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Type struct {
			Name string `json:"name"`
		} `json:"type"`
		Elements []struct {
			Key           string  `json:"key"`
			Value         *string `json:"value"`
			SelectedValue *string `json:"selectedValue"`
		} `json:"elements"`
	} `json:"mappedAttributes"`
	AttributeTypes []AttributeType `json:"attributeTypes"`
	RateLimits     []RateLimit     `json:"rateLimits"`
}

func (w *wireReference) into(r *ReferenceData) {
	r.Stores = append(r.Stores, w.Stores...)
	for _, m := range w.Markets {
		r.Markets = append(r.Markets, Market{ID: m.ID, Name: m.Name, ExternalID: deref(m.ExternalID), StoreID: m.Store.ID})
	}
	for _, b := range w.Brands {
		brand := Brand{ID: b.ID, Name: b.Name, URI: b.URI, ExternalID: deref(b.ExternalID)}
		for _, s := range b.Stores {
			brand.StoreIDs = append(brand.StoreIDs, s.ID)
		}
		r.Brands = append(r.Brands, brand)
	}
	r.Collections = append(r.Collections, w.Collections...)
	r.Folders = append(r.Folders, w.Folders...)
	for _, sc := range w.SizeCharts {
		chart := SizeChart{ID: sc.ID, Name: sc.Name, ExternalID: deref(sc.ExternalID)}
		for _, s := range sc.Sizes {
			chart.Sizes = append(chart.Sizes, NamedRef{ID: s.ID, Name: deref(s.Name)})
		}
		r.SizeCharts = append(r.SizeCharts, chart)
	}
	for _, m := range w.MappedAttributes {
		mv := MappedValue{ID: m.ID, Name: m.Name, TypeName: m.Type.Name, Elements: map[string]string{}}
		for _, e := range m.Elements {
			switch {
			case e.Value != nil:
				mv.Elements[e.Key] = *e.Value
			case e.SelectedValue != nil:
				mv.Elements[e.Key] = *e.SelectedValue
			}
		}
		r.MappedValues = append(r.MappedValues, mv)
	}
	r.AttributeTypes = append(r.AttributeTypes, w.AttributeTypes...)
	r.RateLimits = append(r.RateLimits, w.RateLimits...)
}

// ReadReference reads every reference list, categories and rateLimits, and seeds the
// budgets from rateLimits.
func (c *Client) ReadReference(ctx context.Context) (*ReferenceData, error) {
	limit := c.cfg.PageSize
	op := operation{name: "ReferenceData", query: referenceDataDocument(), vars: map[string]any{"limit": limit}}
	r, err := c.do(ctx, op)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := c.decode(op, r, &raw); err != nil {
		return nil, err
	}
	var first wireReference
	if err := json.Unmarshal(r.Data, &first); err != nil {
		return nil, &MalformedResponseError{Operation: op.name, Err: err}
	}
	ref := &ReferenceData{}
	first.into(ref)
	// Lists that filled the first page continue on their own.
	for _, l := range referenceLists {
		var items []json.RawMessage
		if json.Unmarshal(raw[l.field], &items) != nil || len(items) < limit {
			continue
		}
		if err := c.readReferencePages(ctx, l.field, l.selection, ref); err != nil {
			return nil, err
		}
	}
	if err := c.readCategories(ctx, ref); err != nil {
		return nil, err
	}
	c.budgets.Seed(ref.RateLimits)
	return ref, nil
}

func (c *Client) readReferencePages(ctx context.Context, field, selection string, ref *ReferenceData) error {
	doc := referencePageDocument(field, selection)
	name := "Reference" + strings.ToUpper(field[:1]) + field[1:]
	for page := 2; ; page++ {
		op := operation{name: name, query: doc, vars: map[string]any{"limit": c.cfg.PageSize, "page": page}}
		var raw map[string]json.RawMessage
		r, err := c.do(ctx, op)
		if err != nil {
			return err
		}
		if err := c.decode(op, r, &raw); err != nil {
			return err
		}
		var w wireReference
		if err := json.Unmarshal(r.Data, &w); err != nil {
			return &MalformedResponseError{Operation: name, Err: err}
		}
		w.into(ref)
		var items []json.RawMessage
		if json.Unmarshal(raw[field], &items) != nil || len(items) < c.cfg.PageSize {
			return nil
		}
	}
}

// readCategories pages through categories. A 400 means the server has no such root field
// (it is inferred, see schema/centra.graphql): the reference data then has no categories
// and says so, and the sync carries on without mapping categories.
func (c *Client) readCategories(ctx context.Context, ref *ReferenceData) error {
	for page := 1; ; page++ {
		op := operation{name: "ReferenceCategories", query: categoriesDocument, vars: map[string]any{"limit": c.cfg.PageSize, "page": page}}
		var data struct {
			Categories []struct {
				ID    int     `json:"id"`
				Name  string  `json:"name"`
				Store *wireID `json:"store"`
			} `json:"categories"`
		}
		err := c.query(ctx, op, &data)
		if errors.Is(err, ErrBadRequest) {
			logr.FromContextOrDiscard(ctx).Info("Centra has no categories query; categories are not mapped", "error", err.Error())
			ref.CategoriesUnavailable = true
			return nil
		}
		if err != nil {
			return err
		}
		for _, cat := range data.Categories {
			category := Category{ID: cat.ID, Name: cat.Name}
			if cat.Store != nil {
				category.StoreID = cat.Store.ID
			}
			ref.Categories = append(ref.Categories, category)
		}
		if len(data.Categories) < c.cfg.PageSize {
			return nil
		}
	}
}

// RateLimits reads the server's rate-limit state and seeds the budgets with it (§5.5).
func (c *Client) RateLimits(ctx context.Context) ([]RateLimit, error) {
	op := operation{name: "RateLimits", query: rateLimitsDocument}
	var data struct {
		RateLimits []RateLimit `json:"rateLimits"`
	}
	if err := c.query(ctx, op, &data); err != nil {
		return nil, err
	}
	c.budgets.Seed(data.RateLimits)
	return data.RateLimits, nil
}
