package centratest

import (
	"encoding/json"
	"time"
)

// ProductSnapshot is a product as the sandbox holds it, for assertions and the demo.
type ProductSnapshot struct {
	ID         int                 `json:"id"`
	Number     string              `json:"productNumber"`
	Name       string              `json:"name"`
	Status     string              `json:"status"`
	Brand      string              `json:"brand,omitempty"`
	Collection string              `json:"collection,omitempty"`
	Folder     string              `json:"folder,omitempty"`
	Country    string              `json:"countryOfOrigin,omitempty"`
	HSCode     string              `json:"harmonizedCommodityCode,omitempty"`
	ExternalID string              `json:"externalId,omitempty"`
	Attributes []AttributeSnapshot `json:"attributes,omitempty"`
	Variants   []VariantSnapshot   `json:"variants,omitempty"`
	Displays   []DisplaySnapshot   `json:"displays,omitempty"`
	Media      []MediaSnapshot     `json:"media,omitempty"`
	UpdatedAt  time.Time           `json:"updatedAt"`
}

// AttributeSnapshot is one attribute value: a dynamic element value, or a mapped value
// (MappedID and MappedName set, Key/Value one of its elements).
type AttributeSnapshot struct {
	Type       string `json:"type"`
	Key        string `json:"key,omitempty"`
	Value      string `json:"value,omitempty"`
	MappedID   int    `json:"mappedId,omitempty"`
	MappedName string `json:"mappedName,omitempty"`
}

// VariantSnapshot is a variant with its sizes.
type VariantSnapshot struct {
	ID         int                 `json:"id"`
	Number     string              `json:"variantNumber"`
	Name       string              `json:"name"`
	Status     string              `json:"status"`
	SizeChart  string              `json:"sizeChart,omitempty"`
	ExternalID string              `json:"externalId,omitempty"`
	Attributes []AttributeSnapshot `json:"attributes,omitempty"`
	Sizes      []SizeSnapshot      `json:"sizes,omitempty"`
}

// SizeSnapshot is an activated size.
type SizeSnapshot struct {
	ID         int    `json:"id"`
	Size       string `json:"size"`
	SKU        string `json:"sku"`
	EAN        string `json:"ean,omitempty"`
	SizeNumber string `json:"sizeNumber,omitempty"`
	Active     bool   `json:"active"`
}

// DisplaySnapshot is a display with its markets, categories, variants (by number) and
// media (by original URL).
type DisplaySnapshot struct {
	ID          int      `json:"id"`
	Store       string   `json:"store"`
	Name        string   `json:"name"`
	Status      string   `json:"status"`
	URI         string   `json:"uri"`
	Description string   `json:"description,omitempty"`
	Markets     []string `json:"markets,omitempty"`
	Categories  []string `json:"categories,omitempty"`
	Variants    []string `json:"variants,omitempty"`
	Media       []string `json:"media,omitempty"`
}

// MediaSnapshot is a product media item.
type MediaSnapshot struct {
	ID          int    `json:"id"`
	URL         string `json:"url"`
	OriginalURL string `json:"originalUrl"`
	Variant     string `json:"variant,omitempty"`
}

func (s *Sandbox) snapshot(p *productRec) ProductSnapshot {
	c := s.cat
	ext := func(objectType string, id int) string {
		e, _ := c.conversions.external(DefaultIntegrationName, objectType, id)
		return e
	}
	ps := ProductSnapshot{ID: p.id, Number: p.number, Name: p.name, Status: p.status, Country: p.country,
		HSCode: p.hsCode, ExternalID: ext("Product", p.id), Attributes: attributeSnapshots(p.attrs), UpdatedAt: p.updatedAt}
	if p.brand != nil {
		ps.Brand = p.brand.name
	}
	if p.collection != nil {
		ps.Collection = p.collection.name
	}
	if p.folder != nil {
		ps.Folder = p.folder.name
	}
	for _, v := range p.variants {
		vs := VariantSnapshot{ID: v.id, Number: v.number, Name: v.name, Status: v.status,
			ExternalID: ext("ProductVariant", v.id), Attributes: attributeSnapshots(v.attrs)}
		if v.sizeChart != nil {
			vs.SizeChart = v.sizeChart.name
		}
		for _, sz := range v.sizes {
			vs.Sizes = append(vs.Sizes, SizeSnapshot{ID: sz.id, Size: sz.size.name, SKU: sz.sku(), EAN: sz.ean, SizeNumber: sz.sizeNumber, Active: sz.active})
		}
		ps.Variants = append(ps.Variants, vs)
	}
	for _, d := range p.displays {
		ds := DisplaySnapshot{ID: d.id, Store: d.store.name, Name: d.name, Status: d.status, URI: d.uri, Description: d.description}
		for _, m := range d.markets {
			ds.Markets = append(ds.Markets, m.name)
		}
		for _, cat := range d.categories {
			ds.Categories = append(ds.Categories, cat.name)
		}
		for _, v := range d.variants {
			ds.Variants = append(ds.Variants, v.number)
		}
		for _, m := range d.media {
			ds.Media = append(ds.Media, originalURL(m))
		}
		ps.Displays = append(ps.Displays, ds)
	}
	for _, m := range p.media {
		ms := MediaSnapshot{ID: m.id, URL: m.url, OriginalURL: originalURL(m)}
		if m.variant != nil {
			ms.Variant = m.variant.number
		}
		ps.Media = append(ps.Media, ms)
	}
	return ps
}

func originalURL(m *mediaRec) string {
	var meta struct {
		OriginalURL string `json:"originalUrl"`
	}
	_ = json.Unmarshal([]byte(m.metaJSON), &meta)
	return meta.OriginalURL
}

func attributeSnapshots(a assignedAttrs) []AttributeSnapshot {
	var out []AttributeSnapshot
	for _, m := range a.mapped {
		for _, kv := range m.elements {
			out = append(out, AttributeSnapshot{Type: m.typ.name, Key: kv.key, Value: kv.value, MappedID: m.id, MappedName: m.name})
		}
	}
	for _, d := range a.dynamic {
		out = append(out, AttributeSnapshot{Type: d.typ.name, Key: d.key, Value: d.value})
	}
	return out
}
