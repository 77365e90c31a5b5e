package centratest

import (
	"fmt"
	"slices"
)

// sizePlan is a validated size activation.
type sizePlan struct {
	size       *sizeRec
	ean        string
	upc        string
	sizeNumber string
	comment    string
	preorder   bool
	active     bool
}

// variantPlan is a validated variant, with its sizes and attributes.
type variantPlan struct {
	name         string
	status       string
	number       string
	internalName string
	chart        *sizeChartRec
	sizes        []sizePlan
	attrs        attrChange
	unitCost     *money
}

func moneyInput(v any) *money {
	in, ok := asInput(v)
	if !ok {
		return nil
	}
	value, _ := asFloat(in["value"])
	currency, _ := in.str("currencyIsoCode")
	return &money{value: value, currency: currency}
}

func weightInput(v any) *weightVal {
	in, ok := asInput(v)
	if !ok {
		return nil
	}
	value, _ := asFloat(in["value"])
	unit, _ := in.str("unit")
	return &weightVal{value: value, unit: unit}
}

// planSize validates one size activation of a variant with the given chart.
func (rq *request) planSize(in input, chart *sizeChartRec, pr *problems, path ...any) (sizePlan, bool) {
	s := rq.refSize(in["size"], chart, pr, append(path, "size")...)
	if s == nil {
		return sizePlan{}, false
	}
	sp := sizePlan{size: s}
	sp.ean, _ = in.str("EAN")
	sp.upc, _ = in.str("UPC")
	sp.sizeNumber, _ = in.str("sizeNumber")
	sp.comment, _ = in.str("comment")
	sp.preorder, _ = in.boolean("preorder")
	sp.active, _ = in.boolean("isActive")
	return sp, true
}

// planVariant validates a variant input (ProductVariantCreateInput or the nested
// ProductVariantOnProductCreateInput).
func (rq *request) planVariant(in input, pr *problems, path ...any) variantPlan {
	c := rq.sb.cat
	vp := variantPlan{}
	vp.name, _ = in.str("name")
	vp.status, _ = in.str("status")
	vp.number, _ = in.str("variantNumber")
	vp.internalName, _ = in.str("internalName")
	vp.unitCost = moneyInput(in["unitCost"])
	if in["sizeChart"] != nil {
		vp.chart = lookupRef(rq, in["sizeChart"], "SizeChart", c.chartByID, pr, append(path, "sizeChart")...)
	}
	for i, v := range in.list("productSizes") {
		sin, _ := asInput(v)
		sp, ok := rq.planSize(sin, vp.chart, pr, append(path, "productSizes", i)...)
		if !ok {
			continue
		}
		if slices.ContainsFunc(vp.sizes, func(x sizePlan) bool { return x.size == sp.size }) {
			pr.fail(fmt.Sprintf("Size %q is given twice", sp.size.name), append(path, "productSizes", i, "size")...)
			continue
		}
		vp.sizes = append(vp.sizes, sp)
	}
	vp.attrs = c.planAttributes("ProductVariant", inputAttrLists(in), pr, path...)
	return vp
}

// checkStrictVariant reports, in strict mode, a variant number used twice in one product
// and SKUs or EANs used anywhere else (§9.12).
func (rq *request) checkStrictVariant(productNumber string, existing []*variantRec, vp variantPlan, seenSKUs map[string]bool, pr *problems, path ...any) {
	if !rq.strict() {
		return
	}
	for _, v := range existing {
		if v.number == vp.number {
			pr.fail(fmt.Sprintf("Variant number %q is already used in this product (strict mode)", vp.number), append(path, "variantNumber")...)
		}
	}
	for i, sp := range vp.sizes {
		sku := productNumber + vp.number + sp.sizeNumber
		if seenSKUs[sku] {
			pr.fail(fmt.Sprintf("SKU %q is given twice (strict mode)", sku), append(path, "productSizes", i)...)
		}
		seenSKUs[sku] = true
		rq.checkUniqueSKU(sku, sp.ean, nil, pr, append(path, "productSizes", i)...)
	}
}

func (rq *request) commitVariant(p *productRec, vp variantPlan) *variantRec {
	c := rq.sb.cat
	v := &variantRec{id: c.newID("ProductVariant"), product: p, name: vp.name, status: vp.status, number: vp.number,
		internalName: vp.internalName, sizeChart: vp.chart, updatedAt: rq.now, unitCost: vp.unitCost}
	v.attrs.apply(vp.attrs)
	for _, sp := range vp.sizes {
		v.sizes = append(v.sizes, rq.newProductSize(v, sp))
	}
	p.variants = append(p.variants, v)
	c.addVariant(v)
	return v
}

func (rq *request) newProductSize(v *variantRec, sp sizePlan) *productSizeRec {
	return &productSizeRec{id: rq.sb.cat.newID("ProductSize"), variant: v, size: sp.size, ean: sp.ean, upc: sp.upc,
		sizeNumber: sp.sizeNumber, comment: sp.comment, preorder: sp.preorder, active: sp.active, updatedAt: rq.now}
}

// createProduct creates a product with its variants, sizes and attributes in one mutation
// (docs/reference/centra-api.md §2.2, §3.4).
func (rq *request) createProduct(in input, p *payload) error {
	c := rq.sb.cat
	pr := p.pr
	variants := in.list("addProductVariants")
	if len(variants) > 0 {
		if err := rq.require("ProductVariant:write"); err != nil {
			return err
		}
	}
	lists := inputAttrLists(in)
	if hasAttributeInput(lists) {
		if err := rq.require("Product.attributes:write"); err != nil {
			return err
		}
	}
	prod := &productRec{createdAt: rq.now, updatedAt: rq.now}
	prod.number, _ = in.str("productNumber")
	prod.name, _ = in.str("name")
	prod.status, _ = in.str("status")
	prod.hsCode, _ = in.str("harmonizedCommodityCode")
	prod.hsDescription, _ = in.str("harmonizedCommodityCodeDescription")
	prod.internalComment, _ = in.str("internalComment")
	prod.serializable, _ = in.boolean("isSerializableProduct")
	prod.weight = weightInput(in["weight"])
	prod.brand, _, _ = optionalRef(rq, in, "brand", "Brand", c.brandByID, pr, "input")
	prod.collection, _, _ = optionalRef(rq, in, "collection", "Collection", c.collByID, pr, "input")
	prod.folder, _, _ = optionalRef(rq, in, "folder", "Folder", c.folderByID, pr, "input")
	prod.country = rq.countryRef(in, pr)
	attrs := c.planAttributes("Product", lists, pr, "input")
	if rq.strict() && len(c.productByNum[prod.number]) > 0 {
		pr.fail(fmt.Sprintf("Product number %q is already used (strict mode)", prod.number), "input", "productNumber")
	}
	plans := make([]variantPlan, 0, len(variants))
	seenSKUs := map[string]bool{}
	var planned []*variantRec
	for i, v := range variants {
		vin, _ := asInput(v)
		vp := rq.planVariant(vin, pr, "input", "addProductVariants", i)
		rq.checkStrictVariant(prod.number, planned, vp, seenSKUs, pr, "input", "addProductVariants", i)
		planned = append(planned, &variantRec{number: vp.number})
		plans = append(plans, vp)
	}
	if pr.failed() {
		return nil
	}
	prod.id = c.newID("Product")
	prod.attrs.apply(attrs)
	c.addProduct(prod)
	for _, vp := range plans {
		rq.commitVariant(prod, vp)
	}
	if ext, ok := in.str("externalId"); ok && ext != "" {
		c.conversions.set(rq.token.IntegrationName, "Product", ext, prod.id)
	}
	c.touch()
	p.obj = prod
	return nil
}

// countryRef resolves NullableCountryInput {id} | {code}; it returns "" for none or null.
func (rq *request) countryRef(in input, pr *problems) string {
	ref, ok := asInput(in["countryOfOrigin"])
	if !ok {
		return ""
	}
	if code, ok := ref.str("code"); ok {
		if _, _, known := countryByCode(code); known {
			return code
		}
		pr.fail(fmt.Sprintf("Could not find Country with code %q", code), "input", "countryOfOrigin", "code")
		return ""
	}
	if id, ok := ref.integer("id"); ok {
		if id >= 1 && id <= len(countries) {
			return countries[id-1].code
		}
		pr.fail(fmt.Sprintf("Could not find Country with ID %d", id), "input", "countryOfOrigin", "id")
	}
	return ""
}

// updateProduct changes only the fields given (§3.6). Reference fields given as {id: null}
// are removed.
func (rq *request) updateProduct(id int, in input, p *payload) error {
	c := rq.sb.cat
	pr := p.pr
	prod := c.productByID[id]
	if prod == nil {
		pr.fail(fmt.Sprintf("Could not find Product with ID %d", id), "id")
		return nil
	}
	lists := inputAttrLists(in)
	if hasAttributeInput(lists) {
		if err := rq.require("Product.attributes:write"); err != nil {
			return err
		}
	}
	brand, brandGiven, _ := optionalRef(rq, in, "brand", "Brand", c.brandByID, pr, "input")
	coll, collGiven, _ := optionalRef(rq, in, "collection", "Collection", c.collByID, pr, "input")
	folder, folderGiven, _ := optionalRef(rq, in, "folder", "Folder", c.folderByID, pr, "input")
	country := rq.countryRef(in, pr)
	attrs := c.planAttributes("Product", lists, pr, "input")
	number, renumber := in.str("productNumber")
	if renumber && number != prod.number && rq.strict() && len(c.productByNum[number]) > 0 {
		pr.fail(fmt.Sprintf("Product number %q is already used (strict mode)", number), "input", "productNumber")
	}
	newWeight := weightInput(in["weight"])
	if pr.failed() {
		return nil
	}
	setString(in, "name", &prod.name)
	setString(in, "status", &prod.status)
	setString(in, "harmonizedCommodityCode", &prod.hsCode)
	setString(in, "harmonizedCommodityCodeDescription", &prod.hsDescription)
	setString(in, "internalComment", &prod.internalComment)
	if b, ok := in.boolean("isSerializableProduct"); ok {
		prod.serializable = b
	}
	if in.has("weight") {
		if prod.weight != nil && newWeight != nil && prod.weight.unit != newWeight.unit {
			// The documented warning (§3.6).
			pr.warn(fmt.Sprintf("Weight unit has been changed from %s to %s", prod.weight.unit, newWeight.unit), "input", "weight", "unit")
		}
		prod.weight = newWeight
	}
	if brandGiven {
		prod.brand = brand
	}
	if collGiven {
		prod.collection = coll
	}
	if folderGiven {
		prod.folder = folder
	}
	if in.has("countryOfOrigin") {
		prod.country = country
	}
	prod.attrs.apply(attrs)
	if renumber && number != prod.number {
		c.renumberProduct(prod, number)
	}
	if ext, ok := in.str("externalId"); ok && ext != "" {
		c.conversions.set(rq.token.IntegrationName, "Product", ext, prod.id)
	}
	c.bumpProduct(prod, rq.now)
	p.obj = prod
	return nil
}

func setString(in input, key string, dst *string) {
	if v, ok := in.str(key); ok {
		*dst = v
	} else if in.has(key) {
		*dst = ""
	}
}

// createProductVariant adds a variant, optionally with its size chart and sizes (§3.4).
func (rq *request) createProductVariant(in input, p *payload) error {
	c := rq.sb.cat
	pr := p.pr
	if hasAttributeInput(inputAttrLists(in)) {
		if err := rq.require("ProductVariant.attributes:write"); err != nil {
			return err
		}
	}
	prod := lookupRef(rq, in["product"], "Product", c.productByID, pr, "input", "product")
	vp := rq.planVariant(in, pr, "input")
	if prod != nil {
		rq.checkStrictVariant(prod.number, prod.variants, vp, map[string]bool{}, pr, "input")
	}
	if pr.failed() {
		return nil
	}
	v := rq.commitVariant(prod, vp)
	if ext, ok := in.str("externalId"); ok && ext != "" {
		c.conversions.set(rq.token.IntegrationName, "ProductVariant", ext, v.id)
	}
	c.bumpProduct(prod, rq.now)
	p.obj = v
	return nil
}

// updateProductVariant changes a variant; its size chart can be set only once (§2.3, §9.7).
func (rq *request) updateProductVariant(id int, in input, p *payload) error {
	c := rq.sb.cat
	pr := p.pr
	v := c.variantByID[id]
	if v == nil {
		pr.fail(fmt.Sprintf("Could not find ProductVariant with ID %d", id), "id")
		return nil
	}
	lists := inputAttrLists(in)
	if hasAttributeInput(lists) {
		if err := rq.require("ProductVariant.attributes:write"); err != nil {
			return err
		}
	}
	var chart *sizeChartRec
	if in["sizeChart"] != nil {
		chart = lookupRef(rq, in["sizeChart"], "SizeChart", c.chartByID, pr, "input", "sizeChart")
		if chart != nil && v.sizeChart != nil && chart != v.sizeChart {
			pr.fail("You can set the size chart only once", "input", "sizeChart")
		}
	}
	attrs := c.planAttributes("ProductVariant", lists, pr, "input")
	number, renumber := in.str("variantNumber")
	if renumber && number != v.number && rq.strict() {
		for _, other := range v.product.variants {
			if other != v && other.number == number {
				pr.fail(fmt.Sprintf("Variant number %q is already used in this product (strict mode)", number), "input", "variantNumber")
			}
		}
	}
	if pr.failed() {
		return nil
	}
	setString(in, "name", &v.name)
	setString(in, "status", &v.status)
	setString(in, "internalName", &v.internalName)
	if in.has("unitCost") {
		v.unitCost = moneyInput(in["unitCost"])
	}
	if chart != nil {
		v.sizeChart = chart
	}
	v.attrs.apply(attrs)
	if renumber && number != v.number {
		v.number = number
		c.reindexSizes(v.product)
	}
	if ext, ok := in.str("externalId"); ok && ext != "" {
		c.conversions.set(rq.token.IntegrationName, "ProductVariant", ext, v.id)
	}
	v.updatedAt = rq.now
	c.bumpProduct(v.product, rq.now)
	p.obj = v
	return nil
}

// createProductSize activates one size of the variant's chart (§2.4: "Activating a size on
// a variant = creating a ProductSize").
func (rq *request) createProductSize(in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	v := lookupRef(rq, in["productVariant"], "ProductVariant", c.variantByID, pr, "input", "productVariant")
	if v == nil {
		return
	}
	sp, ok := rq.planSize(in, v.sizeChart, pr, "input")
	if !ok {
		return
	}
	if slices.ContainsFunc(v.sizes, func(s *productSizeRec) bool { return s.size == sp.size }) {
		pr.fail(fmt.Sprintf("Size %q is already active on product variant %d", sp.size.name, v.id), "input", "size")
		return
	}
	rq.checkUniqueSKU(v.product.number+v.number+sp.sizeNumber, sp.ean, nil, pr, "input")
	if pr.failed() {
		return
	}
	s := rq.newProductSize(v, sp)
	v.sizes = append(v.sizes, s)
	c.addProductSize(s)
	c.bumpProduct(v.product, rq.now)
	p.obj = s
}

// updateProductSize changes a size; "Pass empty to unset EAN/UPC" (§2.4).
func (rq *request) updateProductSize(id int, in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	s := c.pSizeByID[id]
	if s == nil {
		pr.fail(fmt.Sprintf("Could not find ProductSize with ID %d", id), "id")
		return
	}
	sizeNumber, ok := in.str("sizeNumber")
	if !ok {
		sizeNumber = s.sizeNumber
	}
	ean, ok := in.str("EAN")
	if !ok {
		ean = s.ean
	}
	rq.checkUniqueSKU(s.variant.product.number+s.variant.number+sizeNumber, ean, s, pr, "input")
	if pr.failed() {
		return
	}
	setString(in, "EAN", &s.ean)
	setString(in, "UPC", &s.upc)
	setString(in, "sizeNumber", &s.sizeNumber)
	setString(in, "comment", &s.comment)
	if b, ok := in.boolean("preorder"); ok {
		s.preorder = b
	}
	if b, ok := in.boolean("isActive"); ok {
		s.active = b
	}
	s.updatedAt = rq.now
	c.reindexSize(s)
	c.bumpProduct(s.variant.product, rq.now)
	p.obj = s
}
