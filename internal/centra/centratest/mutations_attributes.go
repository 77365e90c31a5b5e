package centratest

import "fmt"

// attributeTarget finds the object of an AttributesAssignGenericInput.
func (rq *request) attributeTarget(in input, pr *problems, path ...any) (object, *assignedAttrs, *productRec, string) {
	c := rq.sb.cat
	objectType, _ := in.str("objectType")
	id, _ := in.integer("objectId")
	notFound := func() {
		pr.fail(fmt.Sprintf("Could not find %s with ID %d", objectType, id), append(path, "objectId")...)
	}
	switch objectType {
	case "Product":
		if p := c.productByID[id]; p != nil {
			return p, &p.attrs, p, objectType
		}
	case "ProductVariant":
		if v := c.variantByID[id]; v != nil {
			return v, &v.attrs, v.product, objectType
		}
	case "Display":
		if d := c.displayByID[id]; d != nil {
			return d, &d.attrs, d.product, objectType
		}
	default:
		pr.fail(fmt.Sprintf("Attributes on %s objects are not supported by the sandbox", objectType), append(path, "objectType")...)
		return nil, nil, nil, objectType
	}
	notFound()
	return nil, nil, nil, objectType
}

// assignAttributes sets or clears custom attributes on one object (§4).
func (rq *request) assignAttributes(assign bool, in input, p *payload, path ...any) {
	pr := p.pr
	obj, attrs, prod, objectType := rq.attributeTarget(in, pr, path...)
	if obj == nil {
		return
	}
	ch := rq.sb.cat.planAttributes(objectType, genericAttrLists(in, !assign), pr, path...)
	if pr.failed() {
		return
	}
	attrs.apply(ch)
	rq.sb.cat.bumpProduct(prod, rq.now)
	p.obj = obj
}

// maxBatchObjects is the documented batch cap ("up to 100 objects", WATTR; §3.10 for media).
const maxBatchObjects = 100

// assignAttributesBatch handles up to 100 objects. It is atomic by default: "Most
// mutations roll back all changes if any item fails" (BATCH, §5.2); with
// Options.PartialAttributeBatches it saves the valid items and warns about the others,
// as "other mutations" do. Which one Centra does for this mutation is not documented.
func (rq *request) assignAttributesBatch(assign bool, items []any, p *payload) {
	pr := p.pr
	if len(items) > maxBatchObjects {
		pr.fail(fmt.Sprintf("A batch can hold at most %d objects, got %d", maxBatchObjects, len(items)), "input")
		return
	}
	type planned struct {
		attrs *assignedAttrs
		prod  *productRec
		ch    attrChange
	}
	var plans []planned
	for i, v := range items {
		in, _ := asInput(v)
		item := &problems{}
		_, attrs, prod, objectType := rq.attributeTarget(in, item, "input", i)
		var ch attrChange
		if attrs != nil {
			ch = rq.sb.cat.planAttributes(objectType, genericAttrLists(in, !assign), item, "input", i)
		}
		if item.failed() {
			if rq.sb.opts.PartialAttributeBatches {
				for _, e := range item.errs {
					pr.warns = append(pr.warns, userMsg{message: "Skipped: " + e.message, path: e.path})
				}
			} else {
				pr.errs = append(pr.errs, item.errs...)
			}
			continue
		}
		plans = append(plans, planned{attrs: attrs, prod: prod, ch: ch})
	}
	if pr.failed() {
		return
	}
	for _, pl := range plans {
		pl.attrs.apply(pl.ch)
		rq.sb.cat.bumpProduct(pl.prod, rq.now)
	}
}
