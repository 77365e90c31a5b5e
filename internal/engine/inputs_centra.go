package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
)

// owner is the write, and the changes of it, a mutation carries out.
type owner struct {
	write   int
	changes []plan.Change
}

// mutationBatch collects the mutations of one Apply call, and which writes' changes each one
// carries, so one failing alias fails only its own changes.
type mutationBatch struct {
	mutations []centra.Mutation
	owners    [][]owner

	assigns        []centra.AttributeAssignment
	assignOwners   []owner
	unassigns      []centra.AttributeUnassignment
	unassignOwners []owner
}

func (b *mutationBatch) add(m centra.Mutation, o owner) {
	b.mutations = append(b.mutations, m)
	b.owners = append(b.owners, []owner{o})
}

// flushAttributeBatches turns the collected attribute-only changes into
// assignAttributesBatch and unassignAttributesBatch mutations of up to 100 objects each.
func (b *mutationBatch) flushAttributeBatches() {
	for k, m := range centra.AssignAttributesBatch(b.assigns) {
		b.mutations = append(b.mutations, m)
		b.owners = append(b.owners, b.assignOwners[k*100:min((k+1)*100, len(b.assignOwners))])
	}
	for k, m := range centra.UnassignAttributesBatch(b.unassigns) {
		b.mutations = append(b.mutations, m)
		b.owners = append(b.owners, b.unassignOwners[k*100:min((k+1)*100, len(b.unassignOwners))])
	}
}

// attributeDelta is what to assign and unassign to make an object's attributes match.
type attributeDelta struct {
	assignMapped    []centra.MappedAttributeValue
	unassignMapped  []centra.MappedAttributeRemoval
	assignDynamic   []centra.DynamicAttributeValue
	unassignDynamic []centra.DynamicAttributeRemoval
	changes         []plan.Change
}

func (d *attributeDelta) empty() bool { return len(d.changes) == 0 }

// add adds one attribute change, comparing the desired value with the observed one.
func (d *attributeDelta) add(c plan.Change, desired, observed catalog.Attributes) {
	key, ok := attributeKey(c.Target)
	if !ok {
		return
	}
	want, have := desired[key], observed[key]
	d.changes = append(d.changes, c)
	if want.Mapped || have.Mapped {
		for _, id := range want.OptionIDs {
			if !slices.Contains(have.OptionIDs, id) {
				d.assignMapped = append(d.assignMapped, centra.MappedAttributeValue{TypeName: key.TypeName, ID: id})
			}
		}
		for _, id := range have.OptionIDs {
			if !slices.Contains(want.OptionIDs, id) {
				d.unassignMapped = append(d.unassignMapped, centra.MappedAttributeRemoval{TypeName: key.TypeName, ID: id})
			}
		}
		return
	}
	if want.Text == "" {
		d.unassignDynamic = append(d.unassignDynamic, centra.DynamicAttributeRemoval{TypeName: key.TypeName, Key: key.ElementKey})
		return
	}
	d.assignDynamic = append(d.assignDynamic, centra.DynamicAttributeValue{TypeName: key.TypeName, Key: key.ElementKey, Value: want.Text})
}

// queue adds the delta to the batch mutations for one object.
func (b *mutationBatch) queue(d *attributeDelta, objectType centra.AttributeObjectType, id int, write int) {
	if len(d.assignMapped)+len(d.assignDynamic) > 0 {
		b.assigns = append(b.assigns, centra.AttributeAssignment{ObjectType: objectType, ObjectID: id, Mapped: d.assignMapped, Dynamic: d.assignDynamic})
		b.assignOwners = append(b.assignOwners, owner{write: write, changes: d.changes})
	}
	if len(d.unassignMapped)+len(d.unassignDynamic) > 0 {
		b.unassigns = append(b.unassigns, centra.AttributeUnassignment{ObjectType: objectType, ObjectID: id,
			Mapped: d.unassignMapped, Dynamic: d.unassignDynamic})
		b.unassignOwners = append(b.unassignOwners, owner{write: write, changes: d.changes})
	}
}

func attributeKey(target string) (catalog.AttributeKey, bool) {
	rest, ok := strings.CutPrefix(target, "attribute:")
	if !ok {
		return catalog.AttributeKey{}, false
	}
	typeName, element, ok := strings.Cut(rest, ".")
	return catalog.AttributeKey{TypeName: typeName, ElementKey: element}, ok
}

// productCreate is the nested createProduct input of a desired product.
func (t *centraTarget) productCreate(p *catalog.Product) (centra.ProductCreate, error) {
	pc := centra.ProductCreate{ProductNumber: p.ProductNumber, Name: p.Name, Status: centra.ProductStatus(p.Status), ExternalID: p.ExternalID}
	var update centra.ProductUpdate
	if err := t.productFields(&update, allProductFields(p)); err != nil {
		return pc, err
	}
	pc.Brand, pc.Collection, pc.Folder, pc.CountryOfOrigin, pc.Weight = update.Brand, update.Collection, update.Folder, update.CountryOfOrigin, update.Weight
	pc.HarmonizedCommodityCode = deref(update.HarmonizedCommodityCode)
	pc.HarmonizedCommodityCodeDescription = deref(update.HarmonizedCommodityCodeDescription)
	pc.MappedAttributes, pc.DynamicAttributes = assignments(p.Attributes)
	for i := range p.Variants {
		spec, err := t.variantSpec(&p.Variants[i])
		if err != nil {
			return pc, err
		}
		pc.Variants = append(pc.Variants, spec)
	}
	return pc, nil
}

// allProductFields lists every product field a desired product sets, as changes.
func allProductFields(p *catalog.Product) []plan.Change {
	changes := []plan.Change{}
	if p.Brand != "" {
		changes = append(changes, plan.Change{Target: plan.TargetBrand, To: p.Brand})
	}
	for k, v := range p.Fields {
		if v != "" {
			changes = append(changes, plan.Change{Target: "product." + k, To: v})
		}
	}
	return changes
}

// productFields sets the update's fields for product field changes.
func (t *centraTarget) productFields(u *centra.ProductUpdate, changes []plan.Change) error {
	for _, c := range changes {
		switch c.Target {
		case plan.TargetName:
			u.Name = centra.Ptr(c.To)
		case plan.TargetBrand:
			b, ok := t.ref.BrandByName(c.To)
			if !ok {
				return fmt.Errorf("Centra has no brand %q", c.To)
			}
			u.Brand = refPtr(centra.ByID(b.ID))
		case "product.weight":
			if c.To == "" {
				continue
			}
			kg, err := strconv.ParseFloat(c.To, 64)
			if err != nil {
				return fmt.Errorf("weight %q is not a number", c.To)
			}
			u.Weight = &centra.Weight{Value: kg, Unit: "KILOGRAMS"}
		case "product.harmonizedCommodityCode":
			u.HarmonizedCommodityCode = centra.Ptr(c.To)
		case "product.harmonizedCommodityCodeDescription":
			u.HarmonizedCommodityCodeDescription = centra.Ptr(c.To)
		case "product.countryOfOrigin":
			u.CountryOfOrigin = refOrRemove(c.To, centra.ByCode(c.To))
		case "product.collection":
			u.Collection = namedRef(c.To, t.ref.Collections)
		case "product.folder":
			u.Folder = namedRef(c.To, t.ref.Folders)
		}
	}
	return nil
}

func namedRef(name string, all []centra.NamedRef) *centra.Ref {
	if name == "" {
		return refPtr(centra.RemoveRef())
	}
	for _, n := range all {
		if n.Name == name {
			return refPtr(centra.ByID(n.ID))
		}
	}
	return nil // reported when the mapping was compiled (a lookup gap)
}

func refPtr(r centra.Ref) *centra.Ref { return &r }

func refOrRemove(value string, r centra.Ref) *centra.Ref {
	if value == "" {
		return refPtr(centra.RemoveRef())
	}
	return &r
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// assignments are the inline attribute assignments of an object's non-empty attributes.
func assignments(attrs catalog.Attributes) ([]centra.MappedAttributeValue, []centra.DynamicAttributeValue) {
	var mapped []centra.MappedAttributeValue
	var dynamic []centra.DynamicAttributeValue
	keys := make([]catalog.AttributeKey, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b catalog.AttributeKey) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		v := attrs[k]
		switch {
		case v.Mapped:
			for _, id := range v.OptionIDs {
				if !slices.ContainsFunc(mapped, func(m centra.MappedAttributeValue) bool { return m.TypeName == k.TypeName && m.ID == id }) {
					mapped = append(mapped, centra.MappedAttributeValue{TypeName: k.TypeName, ID: id})
				}
			}
		case v.Text != "":
			dynamic = append(dynamic, centra.DynamicAttributeValue{TypeName: k.TypeName, Key: k.ElementKey, Value: v.Text})
		}
	}
	return mapped, dynamic
}

// variantSpec is a variant with its sizes and attributes, for nesting in a create.
func (t *centraTarget) variantSpec(v *catalog.Variant) (centra.VariantSpec, error) {
	spec := centra.VariantSpec{Name: v.Name, Status: centra.Status(orDefault(v.Status, "ACTIVE")), VariantNumber: v.VariantNumber,
		InternalName: v.Fields["internalName"]}
	if v.SizeChart != "" {
		chart, ok := t.ref.SizeChartByName(v.SizeChart)
		if !ok {
			return spec, fmt.Errorf("Centra has no size chart %q", v.SizeChart)
		}
		spec.SizeChart = refPtr(centra.ByID(chart.ID))
	}
	for i := range v.Sizes {
		spec.Sizes = append(spec.Sizes, sizeSpec(&v.Sizes[i]))
	}
	spec.MappedAttributes, spec.DynamicAttributes = assignments(v.Attributes)
	return spec, nil
}

func sizeSpec(s *catalog.Size) centra.SizeSpec {
	return centra.SizeSpec{Size: centra.ByName(s.Name), EAN: s.Fields["EAN"], UPC: s.Fields["UPC"], SizeNumber: s.SizeNumber, IsActive: true}
}

// displayCreate presents a product in the store with its variants, markets and categories.
// Names Centra does not have are returned as problems; the display is created without them.
func (t *centraTarget) displayCreate(desired, observed *catalog.Product) (centra.DisplayCreate, []string) {
	d := desired.Display
	dc := centra.DisplayCreate{
		Store: centra.IDRef{ID: t.storeID}, Product: centra.ByID(observed.ID), Name: d.Name, Status: centra.Status(d.Status),
		URI: d.Fields["uri"], Description: d.Fields["description"], ShortDescription: d.Fields["shortDescription"],
		MetaTitle: d.Fields["metaTitle"], MetaDescription: d.Fields["metaDescription"], MetaKeywords: d.Fields["metaKeywords"],
		Tags: splitTags(d.Fields["tags"]),
	}
	var problems []string
	for _, name := range d.Categories {
		if c, ok := t.ref.CategoryByName(t.storeID, name); ok {
			dc.AddCategories = append(dc.AddCategories, centra.IDRef{ID: c.ID})
		} else {
			problems = append(problems, fmt.Sprintf("Centra store %s has no category %q", t.storeName, name))
		}
	}
	for _, name := range d.Markets {
		if m, ok := t.ref.MarketByName(t.storeID, name); ok {
			dc.AddMarkets = append(dc.AddMarkets, centra.ByID(m.ID))
		} else {
			problems = append(problems, fmt.Sprintf("Centra store %s has no market %q", t.storeName, name))
		}
	}
	for _, number := range d.Variants {
		if v := observed.FindVariant(number); v != nil && v.ID != 0 {
			dc.AddProductVariants = append(dc.AddProductVariants, centra.VariantAdd{ProductVariant: centra.ByID(v.ID)})
		}
	}
	return dc, problems
}

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
