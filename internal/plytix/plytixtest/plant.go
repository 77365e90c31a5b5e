package plytixtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// plant puts the requested data problems on distinct, randomly chosen parents (or their
// variants), and records each in the report.
func (g *generator) plant(parents []*product) {
	pc := g.o.Problems
	order := g.rng.Perm(len(parents))
	next := 0
	take := func() *product {
		p := parents[order[next]]
		next++
		return p
	}
	for i := range pc.MissingRequired {
		p := take()
		label := []string{labelMaterial, labelDescription}[i%2]
		delete(p.Attrs, label)
		g.issue(ProblemMissingRequired, p, label, "")
	}
	for i := range pc.UnmappedBrand {
		p := take()
		brand := unmappedBrands[i%len(unmappedBrands)]
		p.Attrs[labelBrand] = brand
		if !slices.Contains(g.report.UnmappedBrands, brand) {
			g.report.UnmappedBrands = append(g.report.UnmappedBrands, brand)
		}
		g.issue(ProblemUnmappedBrand, p, labelBrand, brand)
	}
	for range pc.DuplicateSKU {
		v := g.s.byID[take().Variants[0]]
		dup := g.extraSingle(v.SKU)
		g.issue(ProblemDuplicateSKU, dup, "", "same SKU as variant "+v.ID)
	}
	for range pc.CollidingSKU {
		v := g.s.byID[take().Variants[0]]
		dup := g.extraSingle(strings.ToLower(v.SKU))
		g.issue(ProblemCollidingSKU, dup, "", "differs only in case from "+v.SKU)
	}
	for i := range pc.MissingAxis {
		v := g.s.byID[take().Variants[0]]
		label := []string{labelSize, labelColour}[i%2]
		delete(v.Attrs, label)
		g.issue(ProblemMissingAxis, v, label, "")
	}
	for range pc.RepeatedAxis {
		p := take()
		first, second := g.s.byID[p.Variants[0]], g.s.byID[p.Variants[1]]
		second.Attrs[labelSize] = first.Attrs[labelSize]
		second.Attrs[labelColour] = first.Attrs[labelColour]
		g.issue(ProblemRepeatedAxis, p, labelSize, fmt.Sprintf("%v / %v twice", first.Attrs[labelColour], first.Attrs[labelSize]))
	}
	for range pc.NumbersAsStrings {
		p := take()
		p.Attrs[labelPrice] = strconv.FormatFloat(p.Attrs[labelPrice].(float64), 'f', 2, 64)
		for _, id := range p.Variants {
			v := g.s.byID[id]
			v.Attrs[labelWeight] = strconv.FormatInt(v.Attrs[labelWeight].(int64), 10)
		}
		// A variant overriding the inherited price with Plytix's empty decimal.
		last := g.s.byID[p.Variants[len(p.Variants)-1]]
		last.Attrs[labelPrice] = ""
		last.Overwritten = append(last.Overwritten, labelPrice)
		g.issue(ProblemNumbersAsStrings, p, labelPrice, "")
	}
	for range pc.HTMLUnicode {
		p := take()
		p.Label += " " + hostileLabel
		p.Attrs[labelDescription] = hostileDescription
		g.issue(ProblemHTMLUnicode, p, labelDescription, "")
	}
	for range pc.Oversized {
		p := take()
		p.Attrs[labelDescription] = oversized(pc.OversizedBytes)
		g.issue(ProblemOversized, p, labelDescription, strconv.Itoa(pc.OversizedBytes)+" bytes")
	}
}

func (g *generator) issue(problem Problem, p *product, attribute, detail string) {
	g.report.Issues = append(g.report.Issues, Issue{Problem: problem, SKU: p.SKU, ProductID: p.ID, Attribute: attribute, Detail: detail})
}

// extraSingle adds a single product carrying sku, created at the epoch.
func (g *generator) extraSingle(sku string) *product {
	created := g.o.Epoch.Add(-time.Hour)
	imgs := g.images(sku+"-dup", 1, created)
	p := &product{
		ID: g.s.newID(), SKU: sku, Label: "Imported " + sku, Status: "Draft", Created: created, Modified: created,
		Assets: imgs, Thumbnail: imgs[0],
		Attrs: map[string]any{labelBrand: brands[0], labelMaterial: materials[0], labelMainImage: mediaIDs{imgs[0]}},
	}
	g.s.addProduct(p)
	return p
}

// oversized returns HTML of exactly n bytes.
func oversized(n int) string {
	const chunk = "<p>Oversized copy that no storefront field will take. </p>"
	s := strings.Repeat(chunk, n/len(chunk)+1)
	return s[:n]
}
