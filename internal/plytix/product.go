package plytix

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ProductType is SINGLE, PARENT or VARIANT (docs/reference/plytix-api.md §7).
type ProductType string

// Product types.
const (
	TypeSingle  ProductType = "SINGLE"
	TypeParent  ProductType = "PARENT"
	TypeVariant ProductType = "VARIANT"
)

// Product is a product as the v1 API returns it from search (§6.3) or GET (§6.2). Fields
// not requested or not set are zero. Decoding is lenient field by field: a value of an
// unexpected type leaves that field zero rather than failing the page, because one odd
// product must not stop a catalogue read. Attribute values are kept raw and decoded by
// type_class with DecodeValue.
type Product struct {
	ID     string
	SKU    string
	Label  string
	GTIN   string
	Status string
	// Created and Modified are zero when absent or unparseable.
	Created  time.Time
	Modified time.Time
	// ParentID is v1's _parent_id (v2's parent_id); empty for parents and singles.
	ParentID      string
	NumVariations int
	// ProductType is what the API said, when it said it (GET does, search does not); use
	// Type, which infers it otherwise.
	ProductType ProductType
	// ProductLevel is 0 single, 1 parent, 2 variant, 3 sub-variant; nil when absent (§7).
	ProductLevel          *int
	FamilyID              string
	FamilyModelID         string
	OverwrittenAttributes []string
	Categories            []CategoryRef
	Assets                []MediaRef
	Thumbnail             *MediaRef
	// Attributes holds custom attribute values keyed by label, raw (§6.2).
	Attributes map[string]json.RawMessage
}

// CategoryRef is a category linked to a product: v1 gives id, name and path; v2 the id only.
type CategoryRef struct {
	ID   string
	Name string
	Path []string
}

// MediaRef is an asset reference. Search results and v2 carry only the id; v1 GET expands
// it, with url on assets and galleries but only path and thumb on single media (§6.2,
// §6.3), so URL may be empty: resolve it with Client.Assets.
type MediaRef struct {
	ID       string
	Filename string
	URL      string
	Thumb    string
}

// Type returns the product's type as the API reported it, or inferred from the parent link
// and the variant count when the response did not include product_type (search does not).
func (p Product) Type() ProductType {
	switch {
	case p.ProductType != "":
		return p.ProductType
	case p.ParentID != "":
		return TypeVariant
	case p.NumVariations > 0:
		return TypeParent
	default:
		return TypeSingle
	}
}

// IsVariant reports whether the product is a variant of a parent.
func (p Product) IsVariant() bool { return p.Type() == TypeVariant }

// IsParent reports whether the product has variants.
func (p Product) IsParent() bool { return p.Type() == TypeParent }

// productWire mirrors the JSON object with every field left raw, so each can be decoded
// leniently.
type productWire struct {
	ID                    json.RawMessage            `json:"id"`
	SKU                   json.RawMessage            `json:"sku"`
	Label                 json.RawMessage            `json:"label"`
	GTIN                  json.RawMessage            `json:"gtin"`
	Status                json.RawMessage            `json:"status"`
	Created               json.RawMessage            `json:"created"`
	Modified              json.RawMessage            `json:"modified"`
	ParentV1              json.RawMessage            `json:"_parent_id"`
	ParentV2              json.RawMessage            `json:"parent_id"`
	NumVariations         json.RawMessage            `json:"num_variations"`
	ProductType           json.RawMessage            `json:"product_type"`
	ProductLevel          json.RawMessage            `json:"product_level"`
	FamilyID              json.RawMessage            `json:"product_family_id"`
	FamilyModelID         json.RawMessage            `json:"product_family_model_id"`
	OverwrittenAttributes json.RawMessage            `json:"overwritten_attributes"`
	Categories            json.RawMessage            `json:"categories"`
	Assets                json.RawMessage            `json:"assets"`
	Thumbnail             json.RawMessage            `json:"thumbnail"`
	Attributes            map[string]json.RawMessage `json:"attributes"`
}

// UnmarshalJSON decodes a product object leniently; only a value that is not an object at
// all, or has no id, is an error. Well-typed products (nearly all) take a typed fast path;
// a product with an odd field falls back to reading every field on its own.
func (p *Product) UnmarshalJSON(data []byte) error {
	var fast productFast
	if err := json.Unmarshal(data, &fast); err == nil {
		if fast.ID == "" {
			return errors.New("product without an id")
		}
		*p = fast.product()
		return nil
	}
	return p.unmarshalLenient(data)
}

// productFast is the product object with the types the documentation shows.
type productFast struct {
	ID                    string                     `json:"id"`
	SKU                   *string                    `json:"sku"`
	Label                 *string                    `json:"label"`
	GTIN                  *string                    `json:"gtin"`
	Status                *string                    `json:"status"`
	Created               *string                    `json:"created"`
	Modified              *string                    `json:"modified"`
	ParentV1              *string                    `json:"_parent_id"`
	ParentV2              *string                    `json:"parent_id"`
	NumVariations         *int                       `json:"num_variations"`
	ProductType           *string                    `json:"product_type"`
	ProductLevel          *int                       `json:"product_level"`
	FamilyID              *string                    `json:"product_family_id"`
	FamilyModelID         *string                    `json:"product_family_model_id"`
	OverwrittenAttributes []string                   `json:"overwritten_attributes"`
	Categories            []categoryFast             `json:"categories"`
	Assets                []mediaFast                `json:"assets"`
	Thumbnail             *mediaFast                 `json:"thumbnail"`
	Attributes            map[string]json.RawMessage `json:"attributes"`
}

type categoryFast struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Path []string `json:"path"`
}

type mediaFast struct {
	ID        string `json:"id"`
	Filename  string `json:"filename"`
	URL       string `json:"url"`
	Thumb     string `json:"thumb"`
	Thumbnail string `json:"thumbnail"`
}

func (m mediaFast) ref() MediaRef {
	ref := MediaRef{ID: m.ID, Filename: m.Filename, URL: m.URL, Thumb: m.Thumb}
	if ref.Thumb == "" {
		ref.Thumb = m.Thumbnail
	}
	return ref
}

// product converts the fast form with the same results as the lenient path.
func (f productFast) product() Product {
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	out := Product{
		ID: f.ID, SKU: deref(f.SKU), Label: deref(f.Label), GTIN: deref(f.GTIN), Status: deref(f.Status),
		ParentID: deref(f.ParentV1), ProductType: ProductType(strings.ToUpper(deref(f.ProductType))),
		ProductLevel: f.ProductLevel, FamilyID: deref(f.FamilyID), FamilyModelID: deref(f.FamilyModelID),
		OverwrittenAttributes: f.OverwrittenAttributes, Attributes: f.Attributes,
	}
	if out.ParentID == "" {
		out.ParentID = deref(f.ParentV2)
	}
	if f.NumVariations != nil {
		out.NumVariations = *f.NumVariations
	}
	out.Created, _ = ParseTime(deref(f.Created))
	out.Modified, _ = ParseTime(deref(f.Modified))
	if f.Categories != nil {
		out.Categories = make([]CategoryRef, 0, len(f.Categories))
		for _, c := range f.Categories {
			if c.ID != "" {
				out.Categories = append(out.Categories, CategoryRef(c))
			}
		}
	}
	if f.Assets != nil {
		out.Assets = make([]MediaRef, 0, len(f.Assets))
		for _, m := range f.Assets {
			if m.ID != "" {
				out.Assets = append(out.Assets, m.ref())
			}
		}
	}
	if f.Thumbnail != nil && f.Thumbnail.ID != "" {
		ref := f.Thumbnail.ref()
		out.Thumbnail = &ref
	}
	return out
}

// unmarshalLenient reads every field on its own, so one odd value only loses that field.
func (p *Product) unmarshalLenient(data []byte) error {
	var w productWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	out := Product{
		ID:            scalarText(w.ID),
		SKU:           scalarText(w.SKU),
		Label:         scalarText(w.Label),
		GTIN:          scalarText(w.GTIN),
		Status:        scalarText(w.Status),
		ParentID:      scalarText(w.ParentV1),
		NumVariations: lenientInt(w.NumVariations),
		ProductType:   ProductType(strings.ToUpper(scalarText(w.ProductType))),
		FamilyID:      scalarText(w.FamilyID),
		FamilyModelID: scalarText(w.FamilyModelID),
		Attributes:    w.Attributes,
	}
	if out.ID == "" {
		return errors.New("product without an id")
	}
	if out.ParentID == "" {
		out.ParentID = scalarText(w.ParentV2)
	}
	if isJSONNumber(w.ProductLevel) {
		level := lenientInt(w.ProductLevel)
		out.ProductLevel = &level
	}
	out.Created, _ = ParseTime(scalarText(w.Created))
	out.Modified, _ = ParseTime(scalarText(w.Modified))
	_ = json.Unmarshal(w.OverwrittenAttributes, &out.OverwrittenAttributes)
	out.Categories = decodeCategoryRefs(w.Categories)
	out.Assets = decodeMediaList(w.Assets)
	if refs := decodeMediaList(w.Thumbnail); len(refs) > 0 {
		out.Thumbnail = &refs[0]
	}
	*p = out
	return nil
}

// scalarText renders a JSON string or number as text; null, objects and lists are "".
func scalarText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		// Most strings carry no escapes: skip the decoder for them.
		if len(raw) >= 2 && raw[len(raw)-1] == '"' {
			if inner := raw[1 : len(raw)-1]; plainString(inner) {
				return string(inner)
			}
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(raw)
	}
	return ""
}

// plainString reports whether the inside of a JSON string needs no decoding: no escapes,
// quotes or control characters, and valid UTF-8.
func plainString(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '\\' || c == '"' {
			return false
		}
	}
	return utf8.Valid(b)
}

// lenientInt reads an integer sent as a number or a numeric string; anything else is 0.
func lenientInt(raw json.RawMessage) int {
	s := scalarText(raw)
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) {
		return int(f)
	}
	return 0
}

func isJSONNumber(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'))
}

// decodeCategoryRefs reads [{id,name,path}] (v1) or [{id}] (v2) or bare ids.
func decodeCategoryRefs(raw json.RawMessage) []CategoryRef {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	out := make([]CategoryRef, 0, len(items))
	for _, item := range items {
		if id := scalarText(item); id != "" {
			out = append(out, CategoryRef{ID: id})
			continue
		}
		var obj struct {
			ID   json.RawMessage `json:"id"`
			Name json.RawMessage `json:"name"`
			Path []string        `json:"path"`
		}
		if json.Unmarshal(item, &obj) != nil || scalarText(obj.ID) == "" {
			continue
		}
		out = append(out, CategoryRef{ID: scalarText(obj.ID), Name: scalarText(obj.Name), Path: obj.Path})
	}
	return out
}

// decodeMediaList reads every media shape the API uses (§6.2–§6.4): an object, a list of
// objects, a bare asset id or a list of ids. It returns nil for null and for anything else.
func decodeMediaList(raw json.RawMessage) []MediaRef {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] != '[' {
		if ref, ok := decodeMediaRef(raw); ok {
			return []MediaRef{ref}
		}
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	out := make([]MediaRef, 0, len(items))
	for _, item := range items {
		if ref, ok := decodeMediaRef(item); ok {
			out = append(out, ref)
		}
	}
	return out
}

func decodeMediaRef(raw json.RawMessage) (MediaRef, bool) {
	if id := scalarText(raw); id != "" {
		return MediaRef{ID: id}, true
	}
	var obj struct {
		ID        json.RawMessage `json:"id"`
		Filename  json.RawMessage `json:"filename"`
		URL       json.RawMessage `json:"url"`
		Thumb     json.RawMessage `json:"thumb"`
		Thumbnail json.RawMessage `json:"thumbnail"`
	}
	if json.Unmarshal(raw, &obj) != nil || scalarText(obj.ID) == "" {
		return MediaRef{}, false
	}
	ref := MediaRef{ID: scalarText(obj.ID), Filename: scalarText(obj.Filename), URL: scalarText(obj.URL), Thumb: scalarText(obj.Thumb)}
	if ref.Thumb == "" {
		ref.Thumb = scalarText(obj.Thumbnail)
	}
	return ref, true
}
