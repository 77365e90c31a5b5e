package centratest

import "fmt"

// payload is a mutation's result object. Every payload carries userErrors and
// userWarnings (docs/reference/centra-api.md §9.3); on a user error the object is null and nothing was
// persisted [I].
type payload struct {
	typ      string
	objField string
	obj      any
	extra    map[string]any
	pr       *problems
}

func (p *payload) typeName() string { return p.typ }

func (p *payload) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "userErrors":
		out := make([]any, len(p.pr.errs))
		for i, e := range p.pr.errs {
			out[i] = e.object("UserError")
		}
		return out, nil
	case "userWarnings":
		out := make([]any, len(p.pr.warns))
		for i, w := range p.pr.warns {
			out[i] = w.object("UserWarning")
		}
		return out, nil
	}
	if name == p.objField && p.objField != "" {
		if p.pr.failed() {
			return nil, nil
		}
		return p.obj, nil
	}
	if v, ok := p.extra[name]; ok {
		if p.pr.failed() {
			if _, list := v.([]any); list {
				return []any{}, nil
			}
			return nil, nil
		}
		return v, nil
	}
	if p.pr.failed() {
		// A failed payload carries only its problems (§9.3).
		return nil, nil
	}
	return nil, unsupported(p.typ + "." + name)
}

func newPayload(typ, objField string) *payload {
	return &payload{typ: typ, objField: objField, pr: &problems{}}
}

// mutationPayloadTypes names each implemented mutation's payload type and object field.
var mutationPayloadTypes = map[string][2]string{
	"createProduct": {"ProductCreatePayload", "product"}, "updateProduct": {"ProductUpdatePayload", "product"},
	"createProductVariant": {"ProductVariantCreatePayload", "productVariant"},
	"updateProductVariant": {"ProductVariantUpdatePayload", "productVariant"},
	"createProductSize":    {"ProductSizeCreatePayload", "productSize"}, "updateProductSize": {"ProductSizeUpdatePayload", "productSize"},
	"createDisplay": {"DisplayCreatePayload", "display"}, "updateDisplay": {"DisplayUpdatePayload", "display"},
	"createBrand": {"BrandCreatePayload", "brand"}, "updateBrand": {"BrandUpdatePayload", "brand"},
	"createSizeChart":  {"SizeChartCreatePayload", "sizeChart"},
	"assignAttributes": {"AttributesAssignPayload", "object"}, "unassignAttributes": {"AttributesUnassignPayload", "object"},
	"assignAttributesBatch": {"AttributesAssignBatchPayload", ""}, "unassignAttributesBatch": {"AttributesUnassignBatchPayload", ""},
	"createMediaBatch": {"MediaBatchCreatePayload", ""},
	"setIdConversions": {"IdConversionsSetPayload", ""}, "unsetIdConversions": {"IdConversionsUnsetPayload", ""},
	"changeStock": {"StockChangePayload", "stockChange"}, "setStock": {"StockSetPayload", ""},
	"setPrices": {"PricesSetPayload", ""},
}

// mutationField runs one top-level mutation field. The caller holds the catalogue's write
// lock, so the fields of one request run in series (§3.5: "executed in series").
func (rq *request) mutationField(name string, args map[string]any) (any, error) {
	rq.sb.stats.attempted(name)
	rq.mutationsRun[name]++
	rq.complexity += rq.sb.opts.ComplexityPerMutation
	if perm, ok := mutationPermissions[name]; ok && perm != "" {
		if err := rq.require(perm); err != nil {
			rq.sb.stats.denied(name)
			return nil, err
		}
	}
	types, ok := mutationPayloadTypes[name]
	if !ok {
		return nil, unsupported("mutation " + name)
	}
	p := newPayload(types[0], types[1])
	if msg, ok := rq.sb.faults.takeUserError(rq.alias, name); ok {
		// An injected per-alias user error: nothing is persisted, as for a real one.
		p.pr.fail(msg, "input")
		rq.sb.stats.userErrored(name)
		return p, nil
	}
	in, _ := asInput(args["input"])
	id, _ := asInt(args["id"])
	var err error
	switch name {
	case "createProduct":
		err = rq.createProduct(in, p)
	case "updateProduct":
		err = rq.updateProduct(id, in, p)
	case "createProductVariant":
		err = rq.createProductVariant(in, p)
	case "updateProductVariant":
		err = rq.updateProductVariant(id, in, p)
	case "createProductSize":
		rq.createProductSize(in, p)
	case "updateProductSize":
		rq.updateProductSize(id, in, p)
	case "createDisplay":
		rq.createDisplay(in, p)
	case "updateDisplay":
		rq.updateDisplay(id, in, p)
	case "createBrand":
		rq.createBrand(in, p)
	case "updateBrand":
		rq.updateBrand(id, in, p)
	case "createSizeChart":
		rq.createSizeChart(in, p)
	case "assignAttributes", "unassignAttributes":
		rq.assignAttributes(name == "assignAttributes", in, p, "input")
	case "assignAttributesBatch", "unassignAttributesBatch":
		rq.assignAttributesBatch(name == "assignAttributesBatch", input{"l": args["input"]}.list("l"), p)
	case "createMediaBatch":
		rq.createMediaBatch(in, p)
	case "setIdConversions":
		rq.setIDConversions(input{"l": args["input"]}.list("l"), p)
	case "unsetIdConversions":
		rq.unsetIDConversions(input{"l": args["input"]}.list("l"), p)
	case "changeStock", "setStock":
		rq.writeStock(name, in, p)
	case "setPrices":
		rq.setPrices(in, p)
	}
	if err != nil {
		return nil, err
	}
	if p.pr.failed() {
		rq.sb.stats.userErrored(name)
	}
	return p, nil
}

// The reference resolvers implement "Exactly one input field should be provided" (§3.1,
// §9.5) and report unknown objects with IDCONV's wording "Could not find … with ID …".

func (rq *request) oneField(v any, typ string, pr *problems, path []any) (input, bool) {
	in, ok := asInput(v)
	if !ok {
		return nil, false
	}
	if in.setFields() != 1 {
		pr.fail(fmt.Sprintf("%s: exactly one input field should be provided", typ), path...)
		return nil, false
	}
	return in, true
}

// lookupRef resolves {id} or {externalId} through byID and the id conversions.
func lookupRef[T any](rq *request, v any, objectType string, byID map[int]*T, pr *problems, path ...any) *T {
	in, ok := rq.oneField(v, objectType+"Input", pr, path)
	if !ok {
		return nil
	}
	if id, ok := in.integer("id"); ok {
		if x := byID[id]; x != nil {
			return x
		}
		pr.fail(fmt.Sprintf("Could not find %s with ID %d", objectType, id), append(path, "id")...)
		return nil
	}
	if ext, ok := in.str("externalId"); ok {
		if id, ok := rq.sb.cat.conversions.internal(rq.token.IntegrationName, objectType, ext); ok {
			if x := byID[id]; x != nil {
				return x
			}
		}
		pr.fail(fmt.Sprintf("Could not find %s with external ID %q", objectType, ext), append(path, "externalId")...)
		return nil
	}
	pr.fail(fmt.Sprintf("%sInput: unsupported reference", objectType), path...)
	return nil
}

func (rq *request) refSize(v any, chart *sizeChartRec, pr *problems, path ...any) *sizeRec {
	in, ok := rq.oneField(v, "SizeInput", pr, path)
	if !ok {
		return nil
	}
	var s *sizeRec
	switch {
	case in.has("id"):
		id, _ := in.integer("id")
		s = rq.sb.cat.sizeByID[id]
	case in.has("name"):
		name, _ := in.str("name")
		if chart != nil {
			for _, cs := range chart.sizes {
				if cs.name == name {
					s = cs
				}
			}
		}
	case in.has("externalId"):
		ext, _ := in.str("externalId")
		if id, ok := rq.sb.cat.conversions.internal(rq.token.IntegrationName, "Size", ext); ok {
			s = rq.sb.cat.sizeByID[id]
		}
	}
	switch {
	case chart == nil:
		pr.fail("The product variant has no size chart; set one before activating sizes", path...)
		return nil
	case s == nil:
		pr.fail(fmt.Sprintf("Could not find Size %s in size chart %q", describeRef(in), chart.name), path...)
		return nil
	case s.chart != chart:
		pr.fail(fmt.Sprintf("Size %q is not part of size chart %q", s.name, chart.name), path...)
		return nil
	}
	return s
}

func describeRef(in input) string {
	for k, v := range in {
		if v != nil {
			return fmt.Sprintf("with %s %v", k, v)
		}
	}
	return ""
}

// optionalRef resolves a nullable reference such as BrandInput, where {id: null} means
// "remove" ("To remove brand from a product, pass null as id", §2.2). remove reports that.
func optionalRef[T any](rq *request, in input, key, objectType string, byID map[int]*T, pr *problems, path ...any) (x *T, given, remove bool) {
	if !in.has(key) {
		return nil, false, false
	}
	ref, ok := asInput(in[key])
	if !ok {
		return nil, true, true
	}
	if v, ok := ref["id"]; ok && v == nil {
		return nil, true, true
	}
	return lookupRef(rq, ref, objectType, byID, pr, append(path, key)...), true, false
}

func (rq *request) strict() bool { return rq.sb.opts.Strict || rq.sb.strict.Load() }

// checkUniqueSKU reports, in strict mode, a SKU or EAN already used by another size
// (§9.12: not enforced by Centra; strict mode catches client bugs).
func (rq *request) checkUniqueSKU(sku, ean string, self *productSizeRec, pr *problems, path ...any) {
	if !rq.strict() {
		return
	}
	for _, s := range rq.sb.cat.bySKU[sku] {
		if s != self {
			pr.fail(fmt.Sprintf("SKU %q is already used by product size %d (strict mode)", sku, s.id), path...)
			break
		}
	}
	if ean == "" {
		return
	}
	for _, s := range rq.sb.cat.byEAN[ean] {
		if s != self {
			pr.fail(fmt.Sprintf("EAN %q is already used by product size %d (strict mode)", ean, s.id), path...)
			break
		}
	}
}
