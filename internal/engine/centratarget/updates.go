package centratarget

import (
	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
)

// updates queues one write's changes: one update per changed object with its attribute
// changes inline, or, for an object whose only changes are attributes, an entry in the shared
// attribute batches.
func (t *Target) updates(b *mutationBatch, i int, desired *catalog.Product, st *applyState) {
	observed := st.observed
	byObject := map[objectKey][]plan.Change{}
	var objects []objectKey
	for _, c := range st.changes {
		switch c.Kind {
		case plan.KindCreate, plan.KindSizeChart, plan.KindMedia:
			continue // created by their own steps, or locked
		}
		key := objectOf(c.Locator)
		if _, seen := byObject[key]; !seen {
			objects = append(objects, key)
		}
		byObject[key] = append(byObject[key], c)
	}
	for _, object := range objects {
		changes := byObject[object]
		switch object.level {
		case catalog.LevelProduct:
			t.productUpdate(b, i, observed, changes, st)
		case catalog.LevelDisplay:
			t.displayUpdate(b, i, observed, changes, st)
		case catalog.LevelVariant:
			t.variantUpdate(b, i, desired, observed, changes, st)
		case catalog.LevelSize:
			t.sizeUpdate(b, i, observed, changes, st)
		}
	}
}

// objectKey is the Centra object a change updates: one update mutation each.
type objectKey struct {
	level                   catalog.Level
	variantNumber, sizeName string
}

func objectOf(l plan.Locator) objectKey {
	switch l.Level {
	case catalog.LevelVariant:
		return objectKey{level: l.Level, variantNumber: l.VariantNumber}
	case catalog.LevelSize:
		return objectKey{level: l.Level, variantNumber: l.VariantNumber, sizeName: l.SizeName}
	}
	return objectKey{level: l.Level}
}

func splitAttributes(changes []plan.Change) (fields, attributes []plan.Change) {
	for _, c := range changes {
		if c.Kind == plan.KindAttribute {
			attributes = append(attributes, c)
		} else {
			fields = append(fields, c)
		}
	}
	return fields, attributes
}

func (t *Target) productUpdate(b *mutationBatch, i int, observed *catalog.Product, changes []plan.Change, st *applyState) {
	fields, attrs := splitAttributes(changes)
	var u centra.ProductUpdate
	sent, failed := t.productFields(&u, fields)
	st.failed = append(st.failed, failed...)
	d := &attributeDelta{}
	for _, c := range attrs {
		d.add(c)
	}
	if u.IsEmpty() {
		b.queue(d, centra.AttributesOnProduct, observed.ID, i)
		return
	}
	u.AssignMapped, u.UnassignMapped, u.AssignDynamic, u.UnassignDynamic = d.assignMapped, d.unassignMapped, d.assignDynamic, d.unassignDynamic
	b.add(centra.UpdateProduct(observed.ID, u), owner{write: i, changes: append(sent, d.changes...)})
}

func (t *Target) variantUpdate(b *mutationBatch, i int, desired, observed *catalog.Product, changes []plan.Change, st *applyState) {
	number := changes[0].VariantNumber
	want, have := desired.FindVariant(number), observed.FindVariant(number)
	if want == nil || have == nil || have.ID == 0 {
		for _, c := range changes {
			st.dependsOn(c, number, "")
		}
		return
	}
	fields, attrs := splitAttributes(changes)
	var u centra.VariantUpdate
	var sent []plan.Change
	for _, c := range fields {
		switch c.Field {
		case catalog.FieldName:
			u.Name = centra.Ptr(c.To)
		default:
			st.fail(c, pimv1alpha1.FailureNotWritable, "no Centra variant input writes "+c.Target())
			continue
		}
		sent = append(sent, c)
	}
	d := &attributeDelta{}
	for _, c := range attrs {
		d.add(c)
	}
	if u.IsEmpty() {
		b.queue(d, centra.AttributesOnVariant, have.ID, i)
		return
	}
	u.AssignMapped, u.UnassignMapped, u.AssignDynamic, u.UnassignDynamic = d.assignMapped, d.unassignMapped, d.assignDynamic, d.unassignDynamic
	b.add(centra.UpdateVariant(have.ID, u), owner{write: i, changes: append(sent, d.changes...)})
}

func (t *Target) sizeUpdate(b *mutationBatch, i int, observed *catalog.Product, changes []plan.Change, st *applyState) {
	c0 := changes[0]
	var s *catalog.Size
	if v := observed.FindVariant(c0.VariantNumber); v != nil {
		s = v.FindSize(c0.SizeName)
	}
	if s == nil || s.ID == 0 {
		for _, c := range changes {
			st.dependsOn(c, c0.VariantNumber, c0.SizeName)
		}
		return
	}
	var u centra.SizeUpdate
	var sent []plan.Change
	for _, c := range changes {
		switch c.Field {
		case catalog.FieldEAN:
			u.EAN = centra.Ptr(c.To)
		case catalog.FieldUPC:
			u.UPC = centra.Ptr(c.To)
		case catalog.FieldSizeNumber:
			u.SizeNumber = centra.Ptr(c.To)
		default:
			st.fail(c, pimv1alpha1.FailureNotWritable, "no Centra size input writes "+c.Target())
			continue
		}
		sent = append(sent, c)
	}
	if !u.IsEmpty() {
		b.add(centra.UpdateSize(s.ID, u), owner{write: i, changes: sent})
	}
}

func (t *Target) displayUpdate(b *mutationBatch, i int, observed *catalog.Product, changes []plan.Change, st *applyState) {
	have := observed.Display
	if have == nil || have.ID == 0 {
		st.incomplete = true
		return
	}
	fields, attrs := splitAttributes(changes)
	var u centra.DisplayUpdate
	var sent []plan.Change
	for _, c := range fields {
		if t.displayField(&u, c, observed, st) {
			sent = append(sent, c)
		}
	}
	if !u.IsEmpty() {
		b.add(centra.UpdateDisplay(have.ID, u), owner{write: i, changes: sent})
	}
	d := &attributeDelta{}
	for _, c := range attrs {
		d.add(c)
	}
	b.queue(d, centra.AttributesOnDisplay, have.ID, i)
}

// displayField puts one display change into the update and reports whether it did; a change
// the update cannot carry is recorded on the write instead (failed, or pending on a variant),
// so it is never counted as written.
func (t *Target) displayField(u *centra.DisplayUpdate, c plan.Change, observed *catalog.Product, st *applyState) bool {
	if setDisplayText(u, c) {
		return true
	}
	switch c.Kind {
	case plan.KindCategory:
		if cat, ok := t.ref.CategoryByName(t.storeID, c.To); ok {
			u.AddCategories = append(u.AddCategories, centra.IDRef{ID: cat.ID})
			return true
		}
		st.fail(c, pimv1alpha1.FailureLookupGap, "Centra store "+t.storeName+" has no category "+c.To)
	case plan.KindMarket:
		if m, ok := t.ref.MarketByName(t.storeID, c.To); ok {
			u.AddMarkets = append(u.AddMarkets, centra.ByID(m.ID))
			return true
		}
		st.fail(c, pimv1alpha1.FailureLookupGap, "Centra store "+t.storeName+" has no market "+c.To)
	case plan.KindDisplayVariant:
		if v := observed.FindVariant(c.VariantNumber); v != nil && v.ID != 0 {
			u.AddProductVariants = append(u.AddProductVariants, centra.VariantAdd{ProductVariant: centra.ByID(v.ID)})
			return true
		}
		st.dependsOn(c, c.VariantNumber, "") // its variant was not created in this run
	default:
		st.fail(c, pimv1alpha1.FailureNotWritable, "no Centra display input writes "+c.Target())
	}
	return false
}

// setDisplayText sets a display text field; false for any other target.
func setDisplayText(u *centra.DisplayUpdate, c plan.Change) bool {
	if c.Kind != plan.KindField {
		return false
	}
	switch c.Field {
	case catalog.FieldName:
		u.Name = centra.Ptr(c.To)
	case catalog.FieldDescription:
		u.Description = centra.Ptr(c.To)
	case catalog.FieldShortDescription:
		u.ShortDescription = centra.Ptr(c.To)
	case catalog.FieldMetaTitle:
		u.MetaTitle = centra.Ptr(c.To)
	case catalog.FieldMetaDescription:
		u.MetaDescription = centra.Ptr(c.To)
	case catalog.FieldMetaKeywords:
		u.MetaKeywords = centra.Ptr(c.To)
	case catalog.FieldURI:
		u.URI = centra.Ptr(c.To)
	case catalog.FieldTags:
		tags := splitTags(c.To)
		u.Tags = &tags
	default:
		return false
	}
	return true
}

// deactivate sets the product's display in this store inactive: the deletion and publish
// policies' answer to a product gone from Plytix or failing a gate. Only the display is touched,
// never the product's own status, because the product may be displayed in other stores that
// other CatalogSyncs own. Nothing is deleted.
func (t *Target) deactivate(b *mutationBatch, i int, observed *catalog.Product) {
	if d := observed.Display; d != nil && d.ID != 0 && d.Status == catalog.StatusActive {
		change := plan.Change{Locator: plan.FieldAt(catalog.LevelDisplay, catalog.FieldStatus), From: d.Status, To: catalog.StatusInactive}
		b.add(centra.SetDisplayStatus(d.ID, centra.Inactive), owner{write: i, changes: []plan.Change{change}})
	}
}
