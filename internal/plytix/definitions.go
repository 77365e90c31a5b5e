package plytix

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
)

const (
	opAttributeSearch = "POST /api/v1/attributes/product/search"
	opCategorySearch  = "POST /api/v1/categories/product/search"
	opFamilySearch    = "POST /api/v1/product_families/search"
	opFamilyAttrs     = "GET /api/v1/product_families/{id}/attributes"
)

// AttributeDefinition is a custom product attribute (docs/reference/plytix-api.md §8).
type AttributeDefinition struct {
	ID string
	// Label is the machine key used in search and in product attributes; Name is for people.
	Label     string
	Name      string
	TypeClass string
	// Options are the allowed values of a dropdown or multiselect.
	Options []string
	Groups  []string
	// Measures lists the labels a completeness attribute measures.
	Measures []string
}

// HasOption reports whether value is one of the definition's options, exactly: Plytix
// compares options case-sensitively (§5.2).
func (d AttributeDefinition) HasOption(value string) bool { return slices.Contains(d.Options, value) }

// Category is a product category (§9).
type Category struct {
	ID        string
	Name      string
	Path      []string
	ParentIDs []string
	Children  int
	// Order is a string in the API (§9); numbers are accepted too.
	Order string
}

// Family is a product family (§9).
type Family struct {
	ID       string
	Name     string
	Modified time.Time
}

// Attribute levels in a family (§8): parent-level attributes are inherited by variants.
const (
	LevelParent  = "parent_level"
	LevelVariant = "variant_level"
	LevelNone    = "no_level"
)

// FamilyAttribute is an attribute linked to a family, with its level.
type FamilyAttribute struct {
	ID    string
	Label string
	Name  string
	Level string
}

// Attributes returns every custom product attribute definition. Only the documented fields
// are requested: the API warns not to rely on others (§8).
func (c *Client) Attributes(ctx context.Context) ([]AttributeDefinition, error) {
	var out []AttributeDefinition
	columns := []string{"name", "label", "type_class", "options", "groups", "attributes"}
	err := c.searchAll(ctx, opAttributeSearch, "/api/v1/attributes/product/search", columns, func(raw json.RawMessage) error {
		var w struct {
			ID         json.RawMessage   `json:"id"`
			Label      json.RawMessage   `json:"label"`
			Name       json.RawMessage   `json:"name"`
			TypeClass  json.RawMessage   `json:"type_class"`
			Options    []json.RawMessage `json:"options"`
			Groups     []json.RawMessage `json:"groups"`
			Attributes []struct {
				Label json.RawMessage `json:"label"`
			} `json:"attributes"`
		}
		if err := json.Unmarshal(raw, &w); err != nil {
			return err
		}
		d := AttributeDefinition{ID: scalarText(w.ID), Label: scalarText(w.Label), Name: scalarText(w.Name), TypeClass: scalarText(w.TypeClass)}
		d.Options = optionTexts(w.Options)
		for _, g := range w.Groups {
			d.Groups = append(d.Groups, scalarText(g))
		}
		for _, a := range w.Attributes {
			d.Measures = append(d.Measures, scalarText(a.Label))
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// optionTexts reads options as strings. They are strings in every example (§8); objects
// with a value, label or name are tolerated in case an account returns richer options.
func optionTexts(items []json.RawMessage) []string {
	out := make([]string, 0, len(items))
	for _, item := range items {
		if s := scalarText(item); s != "" {
			out = append(out, s)
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(item, &obj) != nil {
			continue
		}
		for _, key := range []string{"value", "label", "name"} {
			if s := scalarText(obj[key]); s != "" {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// IndexByLabel maps definitions by label.
func IndexByLabel(defs []AttributeDefinition) map[string]AttributeDefinition {
	out := make(map[string]AttributeDefinition, len(defs))
	for _, d := range defs {
		out[d.Label] = d
	}
	return out
}

// Categories returns every product category (§9).
func (c *Client) Categories(ctx context.Context) ([]Category, error) {
	var out []Category
	columns := []string{"name", "path", "parents_ids", "n_children", "order"}
	err := c.searchAll(ctx, opCategorySearch, "/api/v1/categories/product/search", columns, func(raw json.RawMessage) error {
		var w struct {
			ID        json.RawMessage `json:"id"`
			Name      json.RawMessage `json:"name"`
			Path      []string        `json:"path"`
			ParentIDs []string        `json:"parents_ids"`
			Children  json.RawMessage `json:"n_children"`
			Order     json.RawMessage `json:"order"`
		}
		if err := json.Unmarshal(raw, &w); err != nil {
			return err
		}
		out = append(out, Category{
			ID: scalarText(w.ID), Name: scalarText(w.Name), Path: w.Path, ParentIDs: w.ParentIDs,
			Children: lenientInt(w.Children), Order: scalarText(w.Order),
		})
		return nil
	})
	return out, err
}

// PathString joins a category path for display, such as "Women > Tops".
func (c Category) PathString() string {
	if len(c.Path) == 0 {
		return c.Name
	}
	return strings.Join(c.Path, " > ")
}

// Families returns every product family (§9).
func (c *Client) Families(ctx context.Context) ([]Family, error) {
	var out []Family
	err := c.searchAll(ctx, opFamilySearch, "/api/v1/product_families/search", []string{"name", "modified"}, func(raw json.RawMessage) error {
		var w struct {
			ID       json.RawMessage `json:"id"`
			Name     json.RawMessage `json:"name"`
			Modified json.RawMessage `json:"modified"`
		}
		if err := json.Unmarshal(raw, &w); err != nil {
			return err
		}
		f := Family{ID: scalarText(w.ID), Name: scalarText(w.Name)}
		f.Modified, _ = ParseTime(scalarText(w.Modified))
		out = append(out, f)
		return nil
	})
	return out, err
}

// FamilyAttributes returns the attributes linked to a family with their levels (§8).
func (c *Client) FamilyAttributes(ctx context.Context, familyID string) ([]FamilyAttribute, error) {
	if strings.TrimSpace(familyID) == "" {
		return nil, errors.New("plytix: family id is empty")
	}
	var env dataEnvelope
	if err := c.do(ctx, call{op: opFamilyAttrs, method: "GET", path: "/api/v1/product_families/" + escape(familyID) + "/attributes"}, &env); err != nil {
		return nil, err
	}
	out := make([]FamilyAttribute, 0, len(env.Data))
	for _, raw := range env.Data {
		var w struct {
			ID    json.RawMessage `json:"id"`
			Label json.RawMessage `json:"label"`
			Name  json.RawMessage `json:"name"`
			Level json.RawMessage `json:"attribute_level"`
		}
		if err := json.Unmarshal(raw, &w); err != nil {
			return nil, &DecodeError{Details: Details{Operation: opFamilyAttrs, StatusCode: 200}, Err: err}
		}
		out = append(out, FamilyAttribute{ID: scalarText(w.ID), Label: scalarText(w.Label), Name: scalarText(w.Name), Level: scalarText(w.Level)})
	}
	return out, nil
}

// searchAll pages through a definitions search at 100 per page (whether the cap applies
// beyond products and categories is unverified, §14 q5: 100 is safe either way).
func (c *Client) searchAll(ctx context.Context, op, path string, columns []string, each func(json.RawMessage) error) error {
	var previousFirst string
	for page := 1; ; page++ {
		req := searchRequest{Attributes: columns, Pagination: pageRequest{Page: page, PageSize: MaxPageSize}}
		var env searchEnvelope
		if err := c.do(ctx, call{op: op, method: "POST", path: path, body: req}, &env); err != nil {
			return err
		}
		if err := checkProgress(op, env, &previousFirst); err != nil {
			return err
		}
		for _, raw := range env.Data {
			if err := each(raw); err != nil {
				return &DecodeError{Details: Details{Operation: op, StatusCode: 200}, Err: err}
			}
		}
		if env.lastPage(page, MaxPageSize) {
			return nil
		}
	}
}
