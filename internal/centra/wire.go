package centra

import (
	"errors"
	"fmt"
)

// Wire shapes of the documents' selections, decoded and then turned into the observed
// types. Nullable fields are pointers or zero values; unknown enum values are kept.

type wireAttribute struct {
	Type struct {
		Name     string `json:"name"`
		IsMapped bool   `json:"isMapped"`
		IsMulti  bool   `json:"isMulti"`
	} `json:"type"`
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Elements []struct {
		Key           string  `json:"key"`
		Kind          string  `json:"kind"`
		Value         *string `json:"value"`
		SelectedValue *string `json:"selectedValue"`
		URL           *string `json:"url"`
	} `json:"elements"`
}

func (w wireAttribute) observed() Attribute {
	a := Attribute{TypeName: w.Type.Name, Mapped: w.Type.IsMapped, Multi: w.Type.IsMulti, MappedID: w.ID, MappedName: w.Name}
	for _, e := range w.Elements {
		el := AttributeElement{Key: e.Key, Kind: e.Kind}
		switch {
		case e.Value != nil:
			el.Value = *e.Value
		case e.SelectedValue != nil:
			el.Value = *e.SelectedValue
		case e.URL != nil:
			el.Value = *e.URL
		}
		a.Elements = append(a.Elements, el)
	}
	return a
}

func observedAttributes(ws []wireAttribute) []Attribute {
	out := make([]Attribute, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.observed())
	}
	return out
}

type wireID struct {
	ID int `json:"id"`
}

type wireDisplay struct {
	ID                int             `json:"id"`
	Name              string          `json:"name"`
	Status            Status          `json:"status"`
	URI               string          `json:"uri"`
	Description       *string         `json:"description"`
	ShortDescription  *string         `json:"shortDescription"`
	MetaTitle         *string         `json:"metaTitle"`
	MetaDescription   *string         `json:"metaDescription"`
	MetaKeywords      *string         `json:"metaKeywords"`
	Tags              []string        `json:"tags"`
	UpdatedAt         string          `json:"updatedAt"`
	Store             *wireID         `json:"store"`
	Markets           []NamedRef      `json:"markets"`
	Categories        []NamedRef      `json:"categories"`
	CanonicalCategory *wireID         `json:"canonicalCategory"`
	ProductVariants   []wireID        `json:"productVariants"`
	Media             []wireID        `json:"media"`
	Attributes        []wireAttribute `json:"attributes"`
	Product           *wireID         `json:"product"`
}

func (w wireDisplay) observed() (Display, error) {
	d := Display{ID: w.ID, Name: w.Name, Status: w.Status, URI: w.URI, Description: deref(w.Description),
		ShortDescription: deref(w.ShortDescription), MetaTitle: deref(w.MetaTitle), MetaDescription: deref(w.MetaDescription),
		MetaKeywords: deref(w.MetaKeywords), Tags: w.Tags, Markets: w.Markets, Categories: w.Categories,
		Attributes: observedAttributes(w.Attributes)}
	var err error
	if d.UpdatedAt, err = parseTimestamp(w.UpdatedAt); err != nil {
		return d, fmt.Errorf("display %d: %w", w.ID, err)
	}
	if w.Store != nil {
		d.StoreID = w.Store.ID
	}
	if w.CanonicalCategory != nil {
		d.CanonicalCategoryID = w.CanonicalCategory.ID
	}
	for _, v := range w.ProductVariants {
		d.VariantIDs = append(d.VariantIDs, v.ID)
	}
	for _, m := range w.Media {
		d.MediaIDs = append(d.MediaIDs, m.ID)
	}
	return d, nil
}

type wireMedia struct {
	ID           int     `json:"id"`
	MetaDataJSON *string `json:"metaDataJSON"`
	Source       *struct {
		URL string `json:"url"`
	} `json:"source"`
}

func (w wireMedia) observed() Media {
	m := Media{ID: w.ID, MetaDataJSON: deref(w.MetaDataJSON)}
	if w.Source != nil {
		m.URL = w.Source.URL
	}
	m.SourceURL = mediaSource(m.MetaDataJSON)
	return m
}

type wireProduct struct {
	ID                                 int                    `json:"id"`
	ProductNumber                      string                 `json:"productNumber"`
	Name                               string                 `json:"name"`
	Status                             ProductStatus          `json:"status"`
	ExternalID                         *string                `json:"externalId"`
	HarmonizedCommodityCode            *string                `json:"harmonizedCommodityCode"`
	HarmonizedCommodityCodeDescription *string                `json:"harmonizedCommodityCodeDescription"`
	IsSerializableProduct              bool                   `json:"isSerializableProduct"`
	Weight                             *Weight                `json:"weight"`
	CountryOfOrigin                    *struct{ Code string } `json:"countryOfOrigin"`
	Brand                              *NamedRef              `json:"brand"`
	Collection                         *NamedRef              `json:"collection"`
	Folder                             *NamedRef              `json:"folder"`
	CreatedAt                          string                 `json:"createdAt"`
	UpdatedAt                          string                 `json:"updatedAt"`
	Attributes                         []wireAttribute        `json:"attributes"`
	Media                              []wireMedia            `json:"media"`
	Variants                           []struct {
		ID            int             `json:"id"`
		VariantNumber *string         `json:"variantNumber"`
		Name          *string         `json:"name"`
		Status        Status          `json:"status"`
		ExternalID    *string         `json:"externalId"`
		UpdatedAt     string          `json:"updatedAt"`
		SizeChart     *NamedRef       `json:"sizeChart"`
		Attributes    []wireAttribute `json:"attributes"`
		ProductSizes  []struct {
			ID         int     `json:"id"`
			SKU        *string `json:"SKU"`
			EAN        *string `json:"EAN"`
			UPC        *string `json:"UPC"`
			SizeNumber *string `json:"sizeNumber"`
			IsActive   bool    `json:"isActive"`
			Size       *struct {
				ID   int     `json:"id"`
				Name *string `json:"name"`
			} `json:"size"`
		} `json:"productSizes"`
	} `json:"variants"`
	Displays []wireDisplay `json:"displays"`
}

func (w wireProduct) observed() (Product, error) {
	p := Product{ID: w.ID, ProductNumber: w.ProductNumber, Name: w.Name, Status: w.Status, ExternalID: deref(w.ExternalID),
		HarmonizedCommodityCode: deref(w.HarmonizedCommodityCode), HarmonizedCommodityCodeDescription: deref(w.HarmonizedCommodityCodeDescription),
		IsSerializable: w.IsSerializableProduct, Weight: w.Weight, Brand: w.Brand, Collection: w.Collection, Folder: w.Folder,
		Attributes: observedAttributes(w.Attributes)}
	var errs []error
	var err error
	if p.CreatedAt, err = parseTimestamp(w.CreatedAt); err != nil {
		errs = append(errs, err)
	}
	if p.UpdatedAt, err = parseTimestamp(w.UpdatedAt); err != nil {
		errs = append(errs, err)
	}
	if w.CountryOfOrigin != nil {
		p.CountryOfOrigin = w.CountryOfOrigin.Code
	}
	for _, m := range w.Media {
		p.Media = append(p.Media, m.observed())
	}
	for _, wv := range w.Variants {
		v := Variant{ID: wv.ID, VariantNumber: deref(wv.VariantNumber), Name: deref(wv.Name), Status: wv.Status,
			ExternalID: deref(wv.ExternalID), SizeChart: wv.SizeChart, Attributes: observedAttributes(wv.Attributes)}
		if v.UpdatedAt, err = parseTimestamp(wv.UpdatedAt); err != nil {
			errs = append(errs, err)
		}
		for _, ws := range wv.ProductSizes {
			s := Size{ID: ws.ID, SKU: deref(ws.SKU), EAN: deref(ws.EAN), UPC: deref(ws.UPC), SizeNumber: deref(ws.SizeNumber), Active: ws.IsActive}
			if ws.Size != nil {
				s.SizeID, s.SizeName = ws.Size.ID, deref(ws.Size.Name)
			}
			v.Sizes = append(v.Sizes, s)
		}
		p.Variants = append(p.Variants, v)
	}
	for _, wd := range w.Displays {
		d, err := wd.observed()
		if err != nil {
			errs = append(errs, err)
		}
		p.Displays = append(p.Displays, d)
	}
	if err := errors.Join(errs...); err != nil {
		return p, fmt.Errorf("product %q: %w", w.ProductNumber, err)
	}
	return p, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
