package centratarget

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"

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

// add adds one attribute change: what its desired value has and its observed value lacks is
// assigned, and the reverse unassigned.
func (d *attributeDelta) add(c plan.Change) {
	if c.Kind != plan.KindAttribute {
		return
	}
	key, want, have := c.Attribute, c.Want, c.Have
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

// productCreate is the nested createProduct input of a desired product. Field values no input
// can carry (a collection Centra does not have) are returned as failures and left out: the
// product is created without them and they are reported. A brand Centra does not have fails the
// create: a product without its brand would be invisible in the store.
func (t *Target) productCreate(p *catalog.Product) (centra.ProductCreate, []plan.ChangeFailure, error) {
	pc := centra.ProductCreate{ProductNumber: p.ProductNumber, Name: p.Name, Status: centra.ProductStatus(p.Status), ExternalID: p.ExternalID}
	var update centra.ProductUpdate
	_, failed := t.productFields(&update, allProductFields(p))
	for _, f := range failed {
		if f.Change.Field == catalog.FieldBrand {
			return pc, nil, errors.New(f.Message)
		}
	}
	pc.Brand, pc.Collection, pc.Folder, pc.CountryOfOrigin, pc.Weight = update.Brand, update.Collection, update.Folder, update.CountryOfOrigin, update.Weight
	pc.HarmonizedCommodityCode = deref(update.HarmonizedCommodityCode)
	pc.HarmonizedCommodityCodeDescription = deref(update.HarmonizedCommodityCodeDescription)
	pc.MappedAttributes, pc.DynamicAttributes = assignments(p.Attributes)
	for i := range p.Variants {
		spec, err := t.variantSpec(&p.Variants[i])
		if err != nil {
			return pc, nil, err
		}
		pc.Variants = append(pc.Variants, spec)
	}
	return pc, failed, nil
}

// allProductFields lists every product field a desired product sets, as changes, in field
// order: the failures they may give come out the same on every run.
func allProductFields(p *catalog.Product) []plan.Change {
	changes := []plan.Change{}
	if p.Brand != "" {
		changes = append(changes, plan.Change{Locator: plan.FieldAt(catalog.LevelProduct, catalog.FieldBrand), To: p.Brand})
	}
	for _, k := range slices.Sorted(maps.Keys(p.Fields)) {
		if v := p.Fields[k]; v != "" {
			changes = append(changes, plan.Change{Locator: plan.FieldAt(catalog.LevelProduct, k), To: v})
		}
	}
	return changes
}

// productFields puts product field changes into the update. It returns the changes it put in,
// and those no product input can express, each with the reason: those are reported, never
// counted as written (they would otherwise come back as a difference on every run).
func (t *Target) productFields(u *centra.ProductUpdate, changes []plan.Change) (sent []plan.Change, failed []plan.ChangeFailure) {
	for _, c := range changes {
		if f := t.productField(u, c); f != nil {
			failed = append(failed, *f)
			continue
		}
		sent = append(sent, c)
	}
	return sent, failed
}

// productField puts one product field change into the update, or says why it cannot.
func (t *Target) productField(u *centra.ProductUpdate, c plan.Change) *plan.ChangeFailure {
	switch c.Field {
	case catalog.FieldName:
		u.Name = centra.Ptr(c.To)
	case catalog.FieldBrand:
		b, ok := t.ref.BrandByName(c.To)
		if !ok {
			return &plan.ChangeFailure{Change: c, Reason: pimv1alpha1.FailureLookupGap, Message: fmt.Sprintf("Centra has no brand %q", c.To)}
		}
		u.Brand = refPtr(centra.ByID(b.ID))
	case catalog.FieldWeight:
		return setWeight(u, c)
	case catalog.FieldHarmonizedCommodityCode:
		u.HarmonizedCommodityCode = centra.Ptr(c.To)
	case catalog.FieldHarmonizedCommodityCodeDescription:
		u.HarmonizedCommodityCodeDescription = centra.Ptr(c.To)
	case catalog.FieldCountryOfOrigin:
		u.CountryOfOrigin = refOrRemove(c.To, centra.ByCode(c.To))
	case catalog.FieldCollection:
		return setNamed(&u.Collection, c, catalog.FieldCollection, t.ref.Collections)
	case catalog.FieldFolder:
		return setNamed(&u.Folder, c, catalog.FieldFolder, t.ref.Folders)
	default:
		return &plan.ChangeFailure{Change: c, Reason: pimv1alpha1.FailureNotWritable, Message: "no Centra product input writes " + c.Target()}
	}
	return nil
}

// setWeight sets the weight in kilograms. WeightInput is a value and a unit, and Centra
// documents no way to remove a weight: "pass null as id" removes only a brand, collection,
// country of origin, folder or measurement table (docs/reference/centra-api.md §2.2, ProductUpdateInput). A
// weight cleared in Plytix therefore fails, saying so, instead of counting as written.
func setWeight(u *centra.ProductUpdate, c plan.Change) *plan.ChangeFailure {
	if strings.TrimSpace(c.To) == "" {
		return &plan.ChangeFailure{Change: c, Reason: pimv1alpha1.FailureNotWritable, Message: fmt.Sprintf(
			"the weight was cleared in Plytix, but Centra's API cannot remove a product weight (%s kg in Centra): clear it in Centra, or give the product a weight in Plytix", c.From)}
	}
	kg, err := strconv.ParseFloat(c.To, 64)
	if err != nil {
		return &plan.ChangeFailure{Change: c, Reason: pimv1alpha1.FailureInvalidValue, Message: fmt.Sprintf("weight %q is not a number", c.To)}
	}
	u.Weight = &centra.Weight{Value: kg, Unit: "KILOGRAMS"}
	return nil
}

// setNamed refers to a collection or folder by name; an empty name removes it ("pass null as
// id", docs/reference/centra-api.md §2.2). A name Centra does not have fails the change: the mapping's lookup
// names it (also reported when the mapping was compiled).
func setNamed(dst **centra.Ref, c plan.Change, entity string, all []centra.NamedRef) *plan.ChangeFailure {
	if c.To == "" {
		*dst = refPtr(centra.RemoveRef())
		return nil
	}
	for _, n := range all {
		if n.Name == c.To {
			*dst = refPtr(centra.ByID(n.ID))
			return nil
		}
	}
	return &plan.ChangeFailure{Change: c, Reason: pimv1alpha1.FailureLookupGap, Message: fmt.Sprintf(
		"Centra has no %s named %q; add it in Centra or change the AttributeMapping's %ss lookup", entity, c.To, entity)}
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
func (t *Target) variantSpec(v *catalog.Variant) (centra.VariantSpec, error) {
	spec := centra.VariantSpec{Name: v.Name, Status: centra.Status(cmp.Or(v.Status, catalog.StatusActive)), VariantNumber: v.VariantNumber}
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
	return centra.SizeSpec{Size: centra.ByName(s.Name), EAN: s.Fields[catalog.FieldEAN], UPC: s.Fields[catalog.FieldUPC], SizeNumber: s.SizeNumber, IsActive: true}
}

// displayCreate presents a product in the store with its variants, markets and categories.
// Names Centra does not have are returned as problems; the display is created without them.
func (t *Target) displayCreate(desired, observed *catalog.Product) (centra.DisplayCreate, []string) {
	d := desired.Display
	dc := centra.DisplayCreate{
		Store: centra.IDRef{ID: t.storeID}, Product: centra.ByID(observed.ID), Name: d.Name, Status: centra.Status(d.Status),
		URI: d.Fields[catalog.FieldURI], Description: d.Fields[catalog.FieldDescription], ShortDescription: d.Fields[catalog.FieldShortDescription],
		MetaTitle: d.Fields[catalog.FieldMetaTitle], MetaDescription: d.Fields[catalog.FieldMetaDescription], MetaKeywords: d.Fields[catalog.FieldMetaKeywords],
		Tags: splitTags(d.Fields[catalog.FieldTags]),
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
