package centratarget

import (
	"strings"

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
	byObject := map[string][]plan.Change{}
	var objects []string
	for _, c := range st.changes {
		switch c.Target {
		case plan.TargetVariant, plan.TargetSize, plan.TargetDisplay, plan.TargetSizeChart, plan.TargetProductMedia, plan.TargetVariantMedia:
			continue // created by their own steps, or locked
		}
		if _, seen := byObject[c.Object]; !seen {
			objects = append(objects, c.Object)
		}
		byObject[c.Object] = append(byObject[c.Object], c)
	}
	for _, object := range objects {
		changes := byObject[object]
		switch {
		case object == "product":
			t.productUpdate(b, i, desired, observed, changes, st)
		case object == "display":
			t.displayUpdate(b, i, desired, observed, changes, st)
		case strings.HasPrefix(object, "variant "):
			t.variantUpdate(b, i, desired, observed, changes, st)
		case strings.HasPrefix(object, "size "):
			t.sizeUpdate(b, i, observed, changes, st)
		}
	}
}

func splitAttributes(changes []plan.Change) (fields, attributes []plan.Change) {
	for _, c := range changes {
		if strings.HasPrefix(c.Target, "attribute:") {
			attributes = append(attributes, c)
		} else {
			fields = append(fields, c)
		}
	}
	return fields, attributes
}

func (t *Target) productUpdate(b *mutationBatch, i int, desired, observed *catalog.Product, changes []plan.Change, st *applyState) {
	fields, attrs := splitAttributes(changes)
	var u centra.ProductUpdate
	sent, failed := t.productFields(&u, fields)
	st.failed = append(st.failed, failed...)
	d := &attributeDelta{}
	for _, c := range attrs {
		d.add(c, desired.Attributes, observed.Attributes)
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
		switch c.Target {
		case plan.TargetVariantName:
			u.Name = centra.Ptr(c.To)
		default:
			st.fail(c, pimv1alpha1.FailureNotWritable, "no Centra variant input writes "+c.Target)
			continue
		}
		sent = append(sent, c)
	}
	d := &attributeDelta{}
	for _, c := range attrs {
		d.add(c, want.Attributes, have.Attributes)
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
		switch c.Target {
		case "size.EAN":
			u.EAN = centra.Ptr(c.To)
		case "size.UPC":
			u.UPC = centra.Ptr(c.To)
		case "size.sizeNumber":
			u.SizeNumber = centra.Ptr(c.To)
		default:
			st.fail(c, pimv1alpha1.FailureNotWritable, "no Centra size input writes "+c.Target)
			continue
		}
		sent = append(sent, c)
	}
	if !u.IsEmpty() {
		b.add(centra.UpdateSize(s.ID, u), owner{write: i, changes: sent})
	}
}

func (t *Target) displayUpdate(b *mutationBatch, i int, desired, observed *catalog.Product, changes []plan.Change, st *applyState) {
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
		d.add(c, desired.Display.Attributes, have.Attributes)
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
	switch c.Target {
	case plan.TargetCategories:
		if cat, ok := t.ref.CategoryByName(t.storeID, c.To); ok {
			u.AddCategories = append(u.AddCategories, centra.IDRef{ID: cat.ID})
			return true
		}
		st.fail(c, pimv1alpha1.FailureLookupGap, "Centra store "+t.storeName+" has no category "+c.To)
	case plan.TargetMarkets:
		if m, ok := t.ref.MarketByName(t.storeID, c.To); ok {
			u.AddMarkets = append(u.AddMarkets, centra.ByID(m.ID))
			return true
		}
		st.fail(c, pimv1alpha1.FailureLookupGap, "Centra store "+t.storeName+" has no market "+c.To)
	case plan.TargetDisplayVariants:
		if v := observed.FindVariant(c.VariantNumber); v != nil && v.ID != 0 {
			u.AddProductVariants = append(u.AddProductVariants, centra.VariantAdd{ProductVariant: centra.ByID(v.ID)})
			return true
		}
		st.dependsOn(c, c.VariantNumber, "") // its variant was not created in this run
	default:
		st.fail(c, pimv1alpha1.FailureNotWritable, "no Centra display input writes "+c.Target)
	}
	return false
}

// setDisplayText sets a display text field; false for any other target.
func setDisplayText(u *centra.DisplayUpdate, c plan.Change) bool {
	switch c.Target {
	case plan.TargetDisplayName:
		u.Name = centra.Ptr(c.To)
	case "display.description":
		u.Description = centra.Ptr(c.To)
	case "display.shortDescription":
		u.ShortDescription = centra.Ptr(c.To)
	case "display.metaTitle":
		u.MetaTitle = centra.Ptr(c.To)
	case "display.metaDescription":
		u.MetaDescription = centra.Ptr(c.To)
	case "display.metaKeywords":
		u.MetaKeywords = centra.Ptr(c.To)
	case "display.uri":
		u.URI = centra.Ptr(c.To)
	case "display.tags":
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
	if d := observed.Display; d != nil && d.ID != 0 && d.Status == "ACTIVE" {
		change := plan.Change{Target: "display.status", Object: "display", From: d.Status, To: "INACTIVE"}
		b.add(centra.SetDisplayStatus(d.ID, centra.Inactive), owner{write: i, changes: []plan.Change{change}})
	}
}
