package centra

import (
	"fmt"
	"slices"
)

// Mutation is one top-level mutation field, built from a typed input. Several go into one
// request through Client.Execute, each under its own alias, and each counts as one
// mutation against the budget (§3.5, §5.5).
type Mutation struct {
	field  string
	object string
	args   []mutationArg
}

type mutationArg struct {
	name    string
	gqlType string
	value   any
}

// Field is the mutation field, e.g. "createProduct".
func (m Mutation) Field() string { return m.field }

// Object names what the mutation is about, e.g. `product "SHIRT-1"`.
func (m Mutation) Object() string { return m.object }

// creates reports a mutation that creates objects; such mutations are not idempotent
// (§5.4) and are never resent after an unknown outcome.
func (m Mutation) creates() bool {
	switch m.field {
	case "createProduct", "createProductVariant", "createProductSize", "createDisplay", "createMediaBatch":
		return true
	}
	return false
}

func inputMutation(field, object, inputType string, in any) Mutation {
	return Mutation{field: field, object: object, args: []mutationArg{{name: "input", gqlType: inputType, value: in}}}
}

func updateMutation(field, object, inputType string, id int, in any) Mutation {
	return Mutation{field: field, object: object, args: []mutationArg{
		{name: "id", gqlType: "Int!", value: id}, {name: "input", gqlType: inputType, value: in}}}
}

// CreateProduct creates a product, with its variants, sizes and attributes nested.
func CreateProduct(in ProductCreate) Mutation {
	return inputMutation("createProduct", fmt.Sprintf("product %q", in.ProductNumber), "ProductCreateInput!", in)
}

// UpdateProduct changes the set fields of a product.
func UpdateProduct(id int, in ProductUpdate) Mutation {
	return updateMutation("updateProduct", fmt.Sprintf("product %d", id), "ProductUpdateInput!", id, in)
}

// CreateVariant adds a variant to a product.
func CreateVariant(in VariantCreate) Mutation {
	return inputMutation("createProductVariant", fmt.Sprintf("variant %q of product %s", in.VariantNumber, in.Product),
		"ProductVariantCreateInput!", in)
}

// UpdateVariant changes the set fields of a variant.
func UpdateVariant(id int, in VariantUpdate) Mutation {
	return updateMutation("updateProductVariant", fmt.Sprintf("variant %d", id), "ProductVariantUpdateInput!", id, in)
}

// SetVariantStatus activates or deactivates a variant.
func SetVariantStatus(id int, status Status) Mutation {
	return UpdateVariant(id, VariantUpdate{Status: &status})
}

// CreateSize activates a size on a variant.
func CreateSize(in SizeCreate) Mutation {
	return inputMutation("createProductSize", fmt.Sprintf("size %s of variant %s", in.Size, in.ProductVariant),
		"ProductSizeCreateInput!", in)
}

// UpdateSize changes the set fields of an activated size.
func UpdateSize(id int, in SizeUpdate) Mutation {
	return updateMutation("updateProductSize", fmt.Sprintf("size %d", id), "ProductSizeUpdateInput!", id, in)
}

// CreateDisplay presents a product in a store.
func CreateDisplay(in DisplayCreate) Mutation {
	return inputMutation("createDisplay", fmt.Sprintf("display of product %s in store %d", in.Product, in.Store.ID),
		"DisplayCreateInput!", in)
}

// UpdateDisplay changes the set fields of a display and applies its add/remove deltas.
func UpdateDisplay(id int, in DisplayUpdate) Mutation {
	return updateMutation("updateDisplay", fmt.Sprintf("display %d", id), "DisplayUpdateInput!", id, in)
}

// SetDisplayStatus activates or deactivates a display.
func SetDisplayStatus(id int, status Status) Mutation {
	return UpdateDisplay(id, DisplayUpdate{Status: &status})
}

// AssignAttributes sets custom attributes on one object.
func AssignAttributes(in AttributeAssignment) Mutation {
	return inputMutation("assignAttributes", fmt.Sprintf("%s %d", in.ObjectType, in.ObjectID), "AttributesAssignGenericInput!", in)
}

// UnassignAttributes clears custom attributes of one object.
func UnassignAttributes(in AttributeUnassignment) Mutation {
	return inputMutation("unassignAttributes", fmt.Sprintf("%s %d", in.ObjectType, in.ObjectID), "AttributesUnassignGenericInput!", in)
}

// MaxBatchObjects is the most objects one batch mutation takes: assignAttributesBatch
// handles "up to 100 objects" (§4) and a media batch at most 100 media (§3.10).
const MaxBatchObjects = 100

// AssignAttributesBatch sets attributes on many objects, one mutation per 100 objects:
// the cheapest way to change attributes only (§4).
func AssignAttributesBatch(items []AttributeAssignment) []Mutation {
	var out []Mutation
	for start := 0; start < len(items); start += MaxBatchObjects {
		chunk := items[start:min(start+MaxBatchObjects, len(items))]
		out = append(out, Mutation{field: "assignAttributesBatch", object: fmt.Sprintf("%d objects", len(chunk)),
			args: []mutationArg{{name: "input", gqlType: "[AttributesAssignGenericInput!]!", value: chunk}}})
	}
	return out
}

// UnassignAttributesBatch clears attributes of many objects, one mutation per 100 objects.
func UnassignAttributesBatch(items []AttributeUnassignment) []Mutation {
	var out []Mutation
	for start := 0; start < len(items); start += MaxBatchObjects {
		chunk := items[start:min(start+MaxBatchObjects, len(items))]
		out = append(out, Mutation{field: "unassignAttributesBatch", object: fmt.Sprintf("%d objects", len(chunk)),
			args: []mutationArg{{name: "input", gqlType: "[AttributesUnassignGenericInput!]!", value: chunk}}})
	}
	return out
}

// CreateMediaBatch queues media by URL, one mutation per 100 items (§3.10). Prefer
// Client.EnsureMedia, which deduplicates by source URL and waits for the batches.
func CreateMediaBatch(items []MediaItem) []Mutation {
	var out []Mutation
	for start := 0; start < len(items); start += MaxBatchObjects {
		chunk := slices.Clone(items[start:min(start+MaxBatchObjects, len(items))])
		for i := range chunk {
			if chunk[i].MediaType == "" {
				chunk[i].MediaType = "IMAGE"
			}
		}
		out = append(out, inputMutation("createMediaBatch", fmt.Sprintf("%d media", len(chunk)), "MediaBatchCreateInput!",
			map[string]any{"productMedia": chunk}))
	}
	return out
}
