package centratest

import (
	"fmt"
	"slices"
)

// attributeViews lists an object's custom attributes: one MappedAttribute per assigned
// value, one DynamicAttribute per type with values. Empty values are not returned (GLOSS,
// docs/reference/centra-api.md §4).
func (rq *request) attributeViews(a assignedAttrs, args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check("typeName"); err != nil {
		return nil, err
	}
	var out []any
	for _, m := range a.mapped {
		if f.match("typeName", m.typ.name) {
			out = append(out, m)
		}
	}
	var groups []*dynamicView
	for _, d := range a.dynamic {
		if d.value == "" || !f.match("typeName", d.typ.name) {
			continue
		}
		i := slices.IndexFunc(groups, func(g *dynamicView) bool { return g.typ == d.typ })
		if i < 0 {
			groups = append(groups, &dynamicView{typ: d.typ})
			i = len(groups) - 1
		}
		groups[i].values = append(groups[i].values, d)
	}
	for _, g := range groups {
		out = append(out, g)
	}
	if f.err != nil {
		return nil, f.err
	}
	return out, nil
}

func (m *mappedRec) typeName() string { return "MappedAttribute" }

func (m *mappedRec) field(_ *request, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return m.id, nil
	case "name":
		return m.name, nil
	case "description":
		return m.typ.description, nil
	case "objectType":
		return m.typ.objectType, nil
	case "elements":
		var out []any
		for _, kv := range m.elements {
			if def := m.typ.element(kv.key); def != nil && kv.value != "" {
				out = append(out, &elementView{def: def, value: kv.value, multi: m.typ.multi})
			}
		}
		return filterElements(out, args)
	case "translations":
		return []any{}, nil
	case "type":
		return m.typ, nil
	}
	return nil, unsupported("MappedAttribute." + name)
}

// dynamicView is the values of one dynamic attribute type on one object.
type dynamicView struct {
	typ    *attrTypeRec
	values []dynamicValue
}

func (d *dynamicView) typeName() string { return "DynamicAttribute" }

func (d *dynamicView) field(_ *request, name string, args map[string]any) (any, error) {
	switch name {
	case "description":
		return d.typ.description, nil
	case "objectType":
		return d.typ.objectType, nil
	case "elements":
		var out []any
		for _, v := range d.values {
			if def := d.typ.element(v.key); def != nil {
				out = append(out, &elementView{def: def, value: v.value})
			}
		}
		return filterElements(out, args)
	case "type":
		return d.typ, nil
	}
	return nil, unsupported("DynamicAttribute." + name)
}

func filterElements(items []any, args map[string]any) (any, error) {
	f := newFilter(args["where"])
	if err := f.check("key"); err != nil {
		return nil, err
	}
	out := items[:0:0]
	for _, it := range items {
		if f.match("key", it.(*elementView).def.key) {
			out = append(out, it)
		}
	}
	return out, f.err
}

// elementView is one attribute element with its value. Its GraphQL type follows its kind:
// select elements are choices, image and file elements carry a URL, the rest are strings.
type elementView struct {
	def   *attrElementDef
	value string
	multi bool
}

func (e *elementView) typeName() string {
	switch e.def.kind {
	case "SELECT":
		return "AttributeChoiceElement"
	case "IMAGE":
		return "AttributeImageElement"
	case "FILE":
		return "AttributeFileElement"
	}
	return "AttributeStringElement"
}

func (e *elementView) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "key":
		return e.def.key, nil
	case "description":
		return e.def.description, nil
	case "kind":
		return e.def.kind, nil
	case "value", "selectedValue", "selectedValueName", "url":
		return e.value, nil
	case "isMulti":
		return e.multi, nil
	case "width", "height", "mimeType":
		return nil, nil
	}
	return nil, unsupported(e.typeName() + "." + name)
}

func (t *attrTypeRec) typeName() string { return "AttributeType" }

func (t *attrTypeRec) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "name":
		return t.name, nil
	case "description":
		return t.description, nil
	case "isMapped":
		return t.mapped, nil
	case "isMulti":
		return t.multi, nil
	case "objectType":
		return t.objectType, nil
	case "elements":
		out := make([]any, len(t.elements))
		for i, e := range t.elements {
			out[i] = &staticObject{typ: "AttributeTypeElement", fields: map[string]any{
				"key": e.key, "description": e.description, "kind": e.kind, "isMulti": t.multi && e.kind == "SELECT", "paramsJSON": "{}",
			}}
		}
		return out, nil
	}
	return nil, unsupported("AttributeType." + name)
}

// attrChange is a validated set of attribute assignments and removals for one object.
type attrChange struct {
	mappedAdd     []*mappedRec
	dynamicSet    []dynamicValue
	mappedRemove  []mappedRemoval
	dynamicRemove []dynamicValue
}

type mappedRemoval struct {
	typ *attrTypeRec
	id  int // 0 removes every value of the type
}

// attrList is one list of attribute inputs of a mutation, under its input key.
type attrList struct {
	key    string
	items  []any
	mapped bool
	remove bool
}

// inputAttrLists returns the inline attribute lists of a create or update input
// (assignMappedAttributes, assignDynamicAttributes and their unassign twins, §4).
func inputAttrLists(in input) []attrList {
	return []attrList{
		{key: "assignMappedAttributes", items: in.list("assignMappedAttributes"), mapped: true},
		{key: "assignDynamicAttributes", items: in.list("assignDynamicAttributes")},
		{key: "unassignMappedAttributes", items: in.list("unassignMappedAttributes"), mapped: true, remove: true},
		{key: "unassignDynamicAttributes", items: in.list("unassignDynamicAttributes"), remove: true},
	}
}

// genericAttrLists returns the lists of AttributesAssignGenericInput /
// AttributesUnassignGenericInput.
func genericAttrLists(in input, remove bool) []attrList {
	return []attrList{
		{key: "mappedAttributes", items: in.list("mappedAttributes"), mapped: true, remove: remove},
		{key: "dynamicAttributes", items: in.list("dynamicAttributes"), remove: remove},
	}
}

func hasAttributeInput(lists []attrList) bool {
	for _, l := range lists {
		if len(l.items) > 0 {
			return true
		}
	}
	return false
}

// planAttributes validates attribute inputs against the registry (§9.15): the type must
// exist, belong to objectType and be mapped or dynamic as the list says; mapped values
// must exist and be of that type; dynamic elements must exist on the type. Problems are
// reported under path.
func (c *catalog) planAttributes(objectType string, lists []attrList, pr *problems, path ...any) attrChange {
	var ch attrChange
	for _, l := range lists {
		for i, v := range l.items {
			in, _ := asInput(v)
			p := append(slices.Clone(path), l.key, i)
			name, _ := in.str("attributeTypeName")
			t := c.attrTypeByNm[name]
			switch {
			case t == nil:
				pr.fail(fmt.Sprintf("Attribute type %q does not exist", name), append(p, "attributeTypeName")...)
				continue
			case t.objectType != objectType:
				pr.fail(fmt.Sprintf("Attribute type %q is for %s, not %s", name, t.objectType, objectType), append(p, "attributeTypeName")...)
				continue
			case t.mapped != l.mapped:
				kind := map[bool]string{true: "mapped", false: "dynamic"}[t.mapped]
				pr.fail(fmt.Sprintf("Attribute type %q is %s", name, kind), append(p, "attributeTypeName")...)
				continue
			}
			if l.mapped {
				id, given := in.integer("attributeId")
				if l.remove {
					ch.mappedRemove = append(ch.mappedRemove, mappedRemoval{typ: t, id: id})
					continue
				}
				m := c.mappedByID[id]
				if !given || m == nil || m.typ != t {
					pr.fail(fmt.Sprintf("Could not find Attribute with ID %d of type %q", id, name), append(p, "attributeId")...)
					continue
				}
				ch.mappedAdd = append(ch.mappedAdd, m)
				continue
			}
			key, _ := in.str("attributeElementKey")
			if t.element(key) == nil {
				pr.fail(fmt.Sprintf("Attribute type %q has no element %q", name, key), append(p, "attributeElementKey")...)
				continue
			}
			value, _ := in.str("attributeElementValue")
			if l.remove {
				ch.dynamicRemove = append(ch.dynamicRemove, dynamicValue{typ: t, key: key})
			} else {
				ch.dynamicSet = append(ch.dynamicSet, dynamicValue{typ: t, key: key, value: value})
			}
		}
	}
	return ch
}

// apply changes the attributes; removals first, then assignments. Assigning a value of a
// single-value mapped type replaces the previous value.
func (a *assignedAttrs) apply(ch attrChange) {
	for _, r := range ch.mappedRemove {
		a.mapped = slices.DeleteFunc(a.mapped, func(m *mappedRec) bool { return m.typ == r.typ && (r.id == 0 || m.id == r.id) })
	}
	for _, r := range ch.dynamicRemove {
		a.dynamic = slices.DeleteFunc(a.dynamic, func(d dynamicValue) bool { return d.typ == r.typ && d.key == r.key })
	}
	for _, m := range ch.mappedAdd {
		if slices.Contains(a.mapped, m) {
			continue
		}
		if !m.typ.multi {
			a.mapped = slices.DeleteFunc(a.mapped, func(x *mappedRec) bool { return x.typ == m.typ })
		}
		a.mapped = append(a.mapped, m)
	}
	for _, d := range ch.dynamicSet {
		i := slices.IndexFunc(a.dynamic, func(x dynamicValue) bool { return x.typ == d.typ && x.key == d.key })
		if i >= 0 {
			a.dynamic[i].value = d.value
		} else {
			a.dynamic = append(a.dynamic, d)
		}
	}
}
