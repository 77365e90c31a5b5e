package plytixtest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CatalogOptions shape the generated catalogue. The same options always generate the same
// catalogue, ids and timestamps included.
type CatalogOptions struct {
	Seed int64
	// Parents is the number of parent products; each gets ColoursPerParent ×
	// SizesPerParent variants (defaults 2 and 4).
	Parents          int
	ColoursPerParent int
	SizesPerParent   int
	// Singles is the number of products without variants (accessories).
	Singles int
	// Epoch is the newest created/modified stamp generated (default 2026-01-01 UTC); stamps
	// spread over the two years before it.
	Epoch time.Time
	// Problems are the data problems to plant, each on distinct products.
	Problems ProblemCounts
}

// ProblemCounts says how many products carry each planted problem.
type ProblemCounts struct {
	// MissingRequired parents lack a required attribute (material or description), and so
	// do their variants, which inherit it.
	MissingRequired int
	// UnmappedBrand parents carry a brand outside Report.Brands.
	UnmappedBrand int
	// DuplicateSKU adds singles whose SKU equals an existing variant's exactly. Plytix
	// enforces unique SKUs on write (§6.5), so this models data that reached Centra some
	// other way; the sandbox allows it for the operator's duplicate gate.
	DuplicateSKU int
	// CollidingSKU adds singles whose SKU differs from a variant's only in case.
	CollidingSKU int
	// MissingAxis variants lack their size or colour value.
	MissingAxis int
	// RepeatedAxis parents have two variants with the same colour and size.
	RepeatedAxis int
	// NumbersAsStrings parents carry their price, and their variants their weight, as
	// strings, with one empty decimal "" (§6.2).
	NumbersAsStrings int
	// HTMLUnicode parents carry hostile markup and Unicode in label and description.
	HTMLUnicode int
	// Oversized parents carry a description of OversizedBytes (default 70,000).
	Oversized      int
	OversizedBytes int
}

// Problem names a planted data problem.
type Problem string

// Planted problems.
const (
	ProblemMissingRequired  Problem = "MissingRequired"
	ProblemUnmappedBrand    Problem = "UnmappedBrand"
	ProblemDuplicateSKU     Problem = "DuplicateSKU"
	ProblemCollidingSKU     Problem = "CollidingSKU"
	ProblemMissingAxis      Problem = "MissingAxis"
	ProblemRepeatedAxis     Problem = "RepeatedAxis"
	ProblemNumbersAsStrings Problem = "NumbersAsStrings"
	ProblemHTMLUnicode      Problem = "HTMLUnicode"
	ProblemOversized        Problem = "Oversized"
)

// Issue is one planted problem.
type Issue struct {
	Problem Problem `json:"problem"`
	// SKU is the product that carries it: the parent for parent-level problems, the variant
	// for a missing axis, the added single for SKU problems.
	SKU       string `json:"sku"`
	ProductID string `json:"productId"`
	// Attribute is the label concerned, if any.
	Attribute string `json:"attribute,omitempty"`
	// Detail says more: the brand, the repeated combination, the SKU collided with.
	Detail string `json:"detail,omitempty"`
}

// Report is what the generator made, for tests to assert against.
type Report struct {
	Seed     int64 `json:"seed"`
	Products int   `json:"products"`
	// Images is the number of image assets the catalogue links to.
	Images   int `json:"images"`
	Parents  int `json:"parents"`
	Variants int `json:"variants"`
	Singles  int `json:"singles"`
	// Brands are the brands a mapping is expected to know; UnmappedBrands those planted by
	// the UnmappedBrand knob.
	Brands         []string `json:"brands"`
	UnmappedBrands []string `json:"unmappedBrands"`
	Colours        []string `json:"colours"`
	LetterSizes    []string `json:"letterSizes"`
	NumericSizes   []string `json:"numericSizes"`
	// Attribute labels of the model.
	BrandAttribute  string `json:"brandAttribute"`
	ColourAttribute string `json:"colourAttribute"`
	SizeAttribute   string `json:"sizeAttribute"`
	// SizeSystemAttribute names each product's size system (SizeSystems): the sizes of a
	// product come from one system, as those of a Centra product come from one size chart.
	SizeSystemAttribute   string   `json:"sizeSystemAttribute"`
	SizeSystems           []string `json:"sizeSystems"`
	CompletenessAttribute string   `json:"completenessAttribute"`
	RequiredAttributes    []string `json:"requiredAttributes"`
	Issues                []Issue  `json:"issues"`
}

// SKUs returns the SKUs that carry problem, in generation order.
func (r Report) SKUs(problem Problem) []string {
	var out []string
	for _, is := range r.Issues {
		if is.Problem == problem {
			out = append(out, is.SKU)
		}
	}
	return out
}

// ForSKUs returns options for a catalogue of exactly n products (parents, variants and
// singles: every Plytix product has a SKU), with families of one parent and eight
// variants and the remainder as singles, for benchmarks at 1k, 10k or 100k SKUs.
func ForSKUs(n int, seed int64) CatalogOptions {
	const perFamily = 1 + 2*4
	return CatalogOptions{Seed: seed, Parents: n / perFamily, Singles: n % perFamily, ColoursPerParent: 2, SizesPerParent: 4}
}

// Labels of the generated attribute model.
const (
	labelBrand        = "brand"
	labelColour       = "color"
	labelSize         = "size"
	labelDescription  = "description"
	labelMaterial     = "material"
	labelMainImage    = "main_image"
	labelCompleteness = "completeness_webshop"
	labelPrice        = "recommended_retail_price"
	labelWeight       = "weight_grams"
	// labelSizeSystem names the size system of a product, which picks its Centra size chart.
	labelSizeSystem = "size_system"
)

var requiredLabels = []string{labelBrand, labelDescription, labelMaterial, labelMainImage, labelColour, labelSize}

func (o CatalogOptions) withDefaults() (CatalogOptions, error) {
	if o.ColoursPerParent <= 0 {
		o.ColoursPerParent = 2
	}
	if o.SizesPerParent <= 0 {
		o.SizesPerParent = 4
	}
	if o.Epoch.IsZero() {
		o.Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.Problems.OversizedBytes <= 0 {
		o.Problems.OversizedBytes = 70000
	}
	switch {
	case o.Parents < 0 || o.Singles < 0:
		return o, fmt.Errorf("catalogue sizes must not be negative")
	case o.ColoursPerParent > len(colours):
		return o, fmt.Errorf("at most %d colours per parent", len(colours))
	case o.SizesPerParent > len(letterSizes):
		return o, fmt.Errorf("at most %d sizes per parent", len(letterSizes))
	}
	p := o.Problems
	perParent := p.MissingRequired + p.UnmappedBrand + p.DuplicateSKU + p.CollidingSKU + p.MissingAxis +
		p.RepeatedAxis + p.NumbersAsStrings + p.HTMLUnicode + p.Oversized
	if perParent > o.Parents {
		return o, fmt.Errorf("%d planted problems need as many parents, have %d", perParent, o.Parents)
	}
	if p.RepeatedAxis > 0 && o.SizesPerParent < 2 {
		return o, fmt.Errorf("repeated axis values need at least 2 sizes per parent")
	}
	return o, nil
}

// generator fills a store from options.
type generator struct {
	o      CatalogOptions
	s      *store
	rng    *rand.Rand
	report Report
	gtin   int64

	families   []*family
	lineCats   []*category // one per line, then accessory lines
	imageCount int
}

// generate fills s and reports what it made.
func generate(s *store, o CatalogOptions) (Report, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Report{}, err
	}
	g := &generator{o: o, s: s, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x5eedc0de)), gtin: 7350000000}
	g.report = Report{
		Seed: o.Seed, Brands: slices.Clone(brands), Colours: colourNames(), LetterSizes: slices.Clone(letterSizes),
		NumericSizes: slices.Clone(numericSizes), BrandAttribute: labelBrand, ColourAttribute: labelColour,
		SizeAttribute: labelSize, SizeSystemAttribute: labelSizeSystem, SizeSystems: slices.Clone(sizeSystems),
		CompletenessAttribute: labelCompleteness, RequiredAttributes: slices.Clone(requiredLabels),
	}
	g.attributes()
	g.categories()
	g.makeFamilies()
	parents := make([]*product, 0, o.Parents)
	for i := range o.Parents {
		parents = append(parents, g.parent(i))
	}
	for i := range o.Singles {
		g.single(i)
	}
	g.plant(parents)
	g.setStatuses()
	g.report.Products = s.live
	g.report.Images = g.imageCount
	g.report.Parents, g.report.Singles = o.Parents, s.live-o.Parents
	for _, p := range s.products {
		if p != nil && p.ParentID != "" {
			g.report.Variants++
		}
	}
	g.report.Singles -= g.report.Variants
	return g.report, nil
}

func colourNames() []string {
	out := make([]string, len(colours))
	for i, c := range colours {
		out[i] = c.name
	}
	return out
}

func (g *generator) attributes() {
	allSizes := append(append(slices.Clone(letterSizes), numericSizes...), oneSize)
	defs := []AttributeDef{
		{Label: labelBrand, Name: "Brand", TypeClass: TypeDropdown, Options: append(slices.Clone(brands), unmappedBrands...)},
		{Label: labelColour, Name: "Colour", TypeClass: TypeDropdown, Options: colourNames()},
		{Label: labelSize, Name: "Size", TypeClass: TypeDropdown, Options: allSizes},
		{Label: labelSizeSystem, Name: "Size system", TypeClass: TypeDropdown, Options: sizeSystems},
		{Label: labelDescription, Name: "Description", TypeClass: TypeHTML},
		{Label: "short_description", Name: "Short description", TypeClass: TypeMultiline},
		{Label: labelMaterial, Name: "Material", TypeClass: TypeText},
		{Label: "care_instructions", Name: "Care instructions", TypeClass: TypeMultiline},
		{Label: "season", Name: "Season", TypeClass: TypeDropdown, Options: slices.Clone(seasons)},
		{Label: "features", Name: "Features", TypeClass: TypeMultiSelect, Options: slices.Clone(features)},
		{Label: labelWeight, Name: "Weight (g)", TypeClass: TypeInt},
		{Label: labelPrice, Name: "Recommended retail price (EUR)", TypeClass: TypeDecimal},
		{Label: "launch_date", Name: "Launch date", TypeClass: TypeDate},
		{Label: "is_sustainable", Name: "Sustainable", TypeClass: TypeBoolean},
		{Label: "product_url", Name: "Product page", TypeClass: TypeURL},
		{Label: labelMainImage, Name: "Main image", TypeClass: TypeMedia},
		{Label: "gallery", Name: "Gallery", TypeClass: TypeMediaGallery},
		{Label: labelCompleteness, Name: "Webshop completeness", TypeClass: TypeCompleteness, Measures: slices.Clone(requiredLabels)},
	}
	group := g.s.newID()
	for i := range defs {
		d := defs[i]
		d.ID = g.s.newID()
		d.Groups = []string{group}
		g.s.addAttribute(&d)
	}
}

func (g *generator) categories() {
	roots := map[string]*category{}
	order := 0
	add := func(path []string) *category {
		var parent *category
		if len(path) > 1 {
			parent = roots[path[0]]
			if parent == nil {
				parent = g.newCategory([]string{path[0]}, nil, &order)
				roots[path[0]] = parent
			}
		}
		c := g.newCategory(path, parent, &order)
		return c
	}
	for _, l := range lines {
		g.lineCats = append(g.lineCats, add(l.path))
	}
	for _, l := range accessoryLines {
		g.lineCats = append(g.lineCats, add(l.path))
	}
}

func (g *generator) newCategory(path []string, parent *category, order *int) *category {
	*order++
	c := &category{
		ID: g.s.newID(), Name: path[len(path)-1], Path: slices.Clone(path), Order: strconv.Itoa(*order),
		Slug: strings.ToLower(strings.ReplaceAll(path[len(path)-1], " ", "-")), Modified: g.o.Epoch.Add(-800 * 24 * time.Hour),
	}
	if parent != nil {
		c.ParentIDs = []string{parent.ID}
		parent.Children++
	}
	g.s.categories = append(g.s.categories, c)
	g.s.catByID[c.ID] = c
	return c
}

func (g *generator) makeFamilies() {
	for _, spec := range familySpecs {
		f := &family{ID: g.s.newID(), ModelID: g.s.newID(), Name: spec.name, Levels: map[string]string{},
			Created: g.o.Epoch.Add(-800 * 24 * time.Hour), Modified: g.o.Epoch.Add(-800 * 24 * time.Hour)}
		for _, d := range g.s.attrs {
			level := LevelParent
			switch d.Label {
			case labelColour, labelSize, labelWeight:
				level = LevelVariant
			case labelCompleteness:
				continue
			}
			f.Levels[d.Label] = level
			f.Labels = append(f.Labels, d.Label)
		}
		g.families = append(g.families, f)
		g.s.families = append(g.s.families, f)
		g.s.famByID[f.ID] = f
	}
}

// stamp returns the created time of the i-th of n items: spread over two years in
// insertion order, as an import-then-grow catalogue looks.
func (g *generator) stamp(i, n int) time.Time {
	span := 730 * 24 * time.Hour
	step := span / time.Duration(max(n, 1))
	jitter := time.Duration(g.rng.Int64N(int64(max(step, time.Second))))
	t := g.o.Epoch.Add(-span + time.Duration(i)*step + jitter)
	return t.Truncate(time.Microsecond)
}

// touched returns a modified time between created and the epoch.
func (g *generator) touched(created time.Time) time.Time {
	room := g.o.Epoch.Sub(created)
	if room <= 0 {
		return created
	}
	return created.Add(time.Duration(g.rng.Int64N(int64(room)))).Truncate(time.Microsecond)
}

func (g *generator) images(sku string, n int, created time.Time) []string {
	ids := make([]string, n)
	for i := range n {
		a := &asset{
			ID: g.s.newID(), Filename: fmt.Sprintf("%s-%d.jpg", strings.ToLower(sku), i+1),
			ContentType: "image/jpeg", Size: 80000 + g.rng.Int64N(320000), Created: created,
		}
		g.s.assets = append(g.s.assets, a)
		g.s.assetByID[a.ID] = a
		ids[i] = a.ID
	}
	g.imageCount += n
	return ids
}

func (g *generator) parent(i int) *product {
	lineIdx := g.rng.IntN(len(lines))
	l := lines[lineIdx]
	spec := familySpecs[l.family]
	fam := g.families[l.family]
	model := models[g.rng.IntN(len(models))]
	noun := l.nouns[g.rng.IntN(len(l.nouns))]
	brand := brands[g.rng.IntN(len(brands))]
	material := materials[g.rng.IntN(len(materials))]
	sku := fmt.Sprintf("%s%06d", spec.prefix, 100000+i)
	created := g.stamp(i, g.o.Parents)
	imgs := g.images(sku, 2+g.rng.IntN(2), created)
	feats := pick(g.rng, features, 1+g.rng.IntN(3))
	p := &product{
		ID: g.s.newID(), SKU: sku, Label: model + " " + noun, Status: "Completed",
		Created: created, Modified: g.touched(created), FamilyID: fam.ID,
		Categories: []string{g.lineCats[lineIdx].ID}, Assets: imgs, Thumbnail: imgs[0],
		Attrs: map[string]any{
			labelBrand:          brand,
			labelSizeSystem:     spec.sizeSystem,
			labelDescription:    description(model, noun, material, feats),
			"short_description": model + " " + strings.ToLower(noun) + " in " + material + ".",
			labelMaterial:       material,
			"care_instructions": careText,
			"season":            seasons[g.rng.IntN(len(seasons))],
			"features":          feats,
			labelPrice:          float64(2995+g.rng.IntN(40)*500) / 100,
			"launch_date":       created.Add(30*24*time.Hour).Format("2006-01-02") + "T00:00:00",
			"is_sustainable":    slices.Contains(feats, "Organic") || slices.Contains(feats, "Recycled"),
			"product_url":       "https://shop.example.com/p/" + strings.ToLower(sku),
			labelMainImage:      mediaIDs{imgs[0]},
			"gallery":           mediaIDs(slices.Clone(imgs)),
		},
	}
	g.s.addProduct(p)
	cols := pick(g.rng, colours, g.o.ColoursPerParent)
	start := g.rng.IntN(len(spec.sizes) - g.o.SizesPerParent + 1)
	sizes := spec.sizes[start : start+g.o.SizesPerParent]
	for ci, c := range cols {
		for si, size := range sizes {
			g.variant(p, c, size, created.Add(time.Duration(ci*len(sizes)+si+1)*time.Second))
		}
	}
	return p
}

func (g *generator) variant(parent *product, c colour, size string, created time.Time) *product {
	v := &product{
		ID: g.s.newID(), SKU: parent.SKU + "-" + c.code + "-" + size, Label: parent.Label + " - " + c.name + " / " + size,
		GTIN: g.nextGTIN(), Status: "Completed", Created: created, Modified: g.touched(created),
		ParentID: parent.ID, FamilyID: parent.FamilyID, Categories: slices.Clone(parent.Categories),
		Assets: slices.Clone(parent.Assets), Thumbnail: parent.Thumbnail,
		Attrs: map[string]any{labelColour: c.name, labelSize: size, labelWeight: int64(200 + g.rng.IntN(900))},
	}
	g.s.addProduct(v)
	parent.Variants = append(parent.Variants, v.ID)
	return v
}

func (g *generator) single(i int) *product {
	lineIdx := len(lines) + g.rng.IntN(len(accessoryLines))
	l := accessoryLines[lineIdx-len(lines)]
	model := models[g.rng.IntN(len(models))]
	noun := l.nouns[g.rng.IntN(len(l.nouns))]
	material := materials[g.rng.IntN(len(materials))]
	sku := fmt.Sprintf("AC%06d", 100000+i)
	created := g.stamp(i, g.o.Singles)
	imgs := g.images(sku, 1, created)
	p := &product{
		ID: g.s.newID(), SKU: sku, Label: model + " " + noun, GTIN: g.nextGTIN(), Status: "Completed",
		Created: created, Modified: g.touched(created), Categories: []string{g.lineCats[lineIdx].ID},
		Assets: imgs, Thumbnail: imgs[0],
		Attrs: map[string]any{
			labelBrand:       brands[g.rng.IntN(len(brands))],
			labelDescription: description(model, noun, material, nil),
			labelMaterial:    material,
			labelPrice:       float64(1995+g.rng.IntN(20)*500) / 100,
			labelMainImage:   mediaIDs{imgs[0]},
			labelColour:      colours[g.rng.IntN(len(colours))].name,
			labelSize:        oneSize,
			labelSizeSystem:  oneSize,
		},
	}
	g.s.addProduct(p)
	return p
}

// nextGTIN returns a valid EAN-13.
func (g *generator) nextGTIN() string {
	g.gtin++
	body := fmt.Sprintf("%012d", g.gtin)
	sum := 0
	for i, r := range body {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return body + strconv.Itoa((10-sum%10)%10)
}

func description(model, noun, material string, feats []string) string {
	var b strings.Builder
	b.WriteString("<p>The <strong>")
	b.WriteString(model + " " + noun)
	b.WriteString("</strong> in ")
	b.WriteString(material)
	b.WriteString(" — made to last &amp; to be repaired.</p><ul>")
	for _, f := range feats {
		b.WriteString("<li>" + f + "</li>")
	}
	b.WriteString("<li>Regular fit</li></ul><p>Designed in Göteborg · Made in Portugal</p>")
	return b.String()
}

func pick[T any](rng *rand.Rand, from []T, n int) []T {
	idx := rng.Perm(len(from))[:n]
	slices.Sort(idx)
	out := make([]T, n)
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

// setStatuses marks incomplete products Draft, as a merchandiser would leave them, and a
// parent Draft when any of its variants is.
func (g *generator) setStatuses() {
	def := g.s.attrByLabel[labelCompleteness]
	for _, p := range g.s.products {
		if p != nil && len(p.Variants) == 0 && g.s.completeness(p, def) < 100 {
			p.Status = "Draft"
		}
	}
	for _, p := range g.s.products {
		if p == nil || len(p.Variants) == 0 {
			continue
		}
		for _, id := range p.Variants {
			if g.s.byID[id].Status == "Draft" {
				p.Status = "Draft"
				break
			}
		}
	}
}
