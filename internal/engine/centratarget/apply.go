package centratarget

import (
	"context"
	"errors"
	"fmt"
	"slices"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
)

// Apply writes planned products with as few mutations as Centra allows (docs/design.md
// §5, step 5): a new product with its variants, sizes and attributes is one nested
// createProduct, and its display one createDisplay; changed fields go in one update per
// object, with that object's attribute changes inline; attribute-only changes of many
// objects share assignAttributesBatch (100 objects a mutation); media go in createMediaBatch.
// Every create is preceded by a look-up (the client's Ensure helpers), so a retry after a crash
// or a lost response never duplicates.
func (t *Target) Apply(ctx context.Context, writes []plan.Write) ([]plan.WriteResult, error) {
	a := &applier{t: t, writes: writes, results: make([]plan.WriteResult, len(writes)), state: make([]*applyState, len(writes))}
	for i, w := range writes {
		a.results[i].Err = plan.ErrNotApplied
		a.state[i] = &applyState{observed: w.Observed, changes: w.Changes}
	}
	// The display comes last: once a product is visible, everything else of it is in place.
	steps := []func(context.Context) error{
		a.createProducts, a.createVariants, a.createSizes, a.executeUpdates, a.addMedia, a.createDisplays,
	}
	for k, step := range steps {
		if err := step(ctx); err != nil {
			// The later steps did not run: every write still standing is pending, and the
			// next run's diff finds exactly what is left of it. When the displays were the
			// step that stopped, nothing comes after them: each display settled on its own
			// (made, or not sent and pending), and a product whose display was made is done.
			if k < len(steps)-1 {
				for _, st := range a.state {
					st.incomplete = st.incomplete || !st.skip
				}
			}
			a.finish()
			return a.results, err
		}
	}
	a.finish()
	return a.results, nil
}

// applier carries one Apply call.
type applier struct {
	t       *Target
	writes  []plan.Write
	results []plan.WriteResult
	state   []*applyState
}

// applyState is what Apply learns about one write as it goes.
type applyState struct {
	// observed is the product as Centra has it; for a new product, as it is after createProduct.
	observed *catalog.Product
	changes  []plan.Change
	// incomplete marks a write some of whose mutations did not run (not sent, unknown outcome,
	// budget): it stays pending and the next run finishes it.
	incomplete bool
	failed     []plan.ChangeFailure
	// skip is set when the write failed as a whole.
	skip bool
}

func (a *applier) finish() {
	for i, st := range a.state {
		if st.observed != nil {
			a.results[i].ProductID = st.observed.ID
		}
		switch {
		case st.skip:
		case st.incomplete:
			// Pending; an image Centra has not taken is reported, as the reason it waits.
			a.results[i].Err = plan.ErrNotApplied
			for _, f := range st.failed {
				if f.Reason == pimv1alpha1.FailureMediaPending {
					a.results[i].Failed = append(a.results[i].Failed, f)
				}
			}
		default:
			a.results[i].Err = nil
			a.results[i].Failed = st.failed
		}
	}
}

// settle records a mutation's error for a write's changes: a rejection fails those changes; a
// mutation that did not run leaves the write pending.
func (a *applier) settle(i int, changes []plan.Change, err error) {
	if err == nil {
		return
	}
	if rejected(err) {
		for _, c := range changes {
			a.state[i].failed = append(a.state[i].failed, plan.ChangeFailure{Change: c, Message: err.Error()})
		}
		return
	}
	a.state[i].incomplete = true
}

// lostPart says whether a change depends on a variant (or a size of it) whose create Centra
// rejected in this Apply, and why: such a change fails with that reason. Left pending instead,
// it would wait for a part that never comes, and every run would end Partial.
func (st *applyState) lostPart(variantNumber, sizeName string) (string, bool) {
	for _, f := range st.failed {
		c := f.Change
		if c.VariantNumber != variantNumber {
			continue
		}
		if c.Creates(catalog.LevelVariant) || (c.Creates(catalog.LevelSize) && sizeName != "" && c.SizeName == sizeName) {
			return fmt.Sprintf("%s was not created: %s", c.Object(), f.Message), true
		}
	}
	return "", false
}

// dependsOn records a change whose variant or size is missing: failed when that part was
// rejected, otherwise pending until a later run has created it.
func (st *applyState) dependsOn(c plan.Change, variantNumber, sizeName string) {
	if msg, lost := st.lostPart(variantNumber, sizeName); lost {
		st.failed = append(st.failed, plan.ChangeFailure{Change: c, Message: msg})
		return
	}
	st.incomplete = true
}

// fail records a change the write cannot make, and why.
func (st *applyState) fail(c plan.Change, reason, message string) {
	st.failed = append(st.failed, plan.ChangeFailure{Change: c, Reason: reason, Message: message})
}

// structureFailed reports a write some variant or size of which Centra rejected.
func (st *applyState) structureFailed() (plan.ChangeFailure, bool) {
	for _, f := range st.failed {
		if f.Change.Creates(catalog.LevelVariant) || f.Change.Creates(catalog.LevelSize) {
			return f, true
		}
	}
	return plan.ChangeFailure{}, false
}

// failWrite fails a whole write (a rejected create).
func (a *applier) failWrite(i int, err error) {
	a.state[i].skip = true
	a.results[i].Err = err
}

// createProducts creates the new products, nested. A product that turns out to exist (a
// previous run created it and crashed before recording it) continues as an update.
func (a *applier) createProducts(ctx context.Context) error {
	var idx []int
	var creates []centra.ProductCreate
	var leftOut [][]plan.ChangeFailure
	for i, w := range a.writes {
		if w.Action != plan.ActionCreate {
			continue
		}
		pc, failed, err := a.t.productCreate(w.Desired)
		if err != nil {
			a.failWrite(i, err)
			continue
		}
		idx, creates, leftOut = append(idx, i), append(creates, pc), append(leftOut, failed)
	}
	if len(creates) == 0 {
		return nil
	}
	ensured, err := a.t.client.EnsureProducts(ctx, creates, centra.AlreadyObserved())
	for j, e := range ensured {
		a.recordCreate(idx[j], e, leftOut[j])
	}
	return err
}

// recordCreate records what one product's create did. The values the create input left out
// fail only when this create made the product; a product found to exist is compared with what
// Centra has, and its update reports them.
func (a *applier) recordCreate(i int, e centra.EnsuredProduct, leftOut []plan.ChangeFailure) {
	w, st := a.writes[i], a.state[i]
	switch {
	case e.Err != nil && !rejected(e.Err):
		// Not sent, an unknown outcome, or a request Centra refused as a whole (a 403 after
		// the token lost a permission): the product is pending, and the next run creates it.
		st.incomplete = true
	case e.Err != nil:
		a.failWrite(i, e.Err)
	case e.Duplicates > 0:
		a.failWrite(i, fmt.Errorf("Centra has %d products numbered %q; resolve the duplicates in Centra", e.Duplicates+1, e.ProductNumber))
	case e.Product != nil:
		// It existed, or this call created it and the response was lost: compare with
		// what Centra really has.
		st.observed = a.t.observed(e.Product)
		st.changes = plan.Diff(w.Desired, st.observed)
		a.results[i].Created = e.Created
	case e.Ref != nil:
		st.observed = afterCreate(w.Desired, e.Ref)
		st.changes = plan.Diff(w.Desired, st.observed)
		st.failed = append(st.failed, leftOut...)
		a.results[i].Created = true
	}
}

// afterCreate is the product as createProduct left it: fields, attributes, variants and sizes
// with their new ids, but no display and no media yet.
func afterCreate(desired *catalog.Product, ref *centra.ProductRef) *catalog.Product {
	p := *desired
	p.ID, p.Display, p.MediaURLs = ref.ID, nil, nil
	p.Variants = nil
	for _, v := range desired.Variants {
		nv := v
		nv.MediaURLs, nv.Sizes = nil, nil
		for _, rv := range ref.Variants {
			if rv.VariantNumber == v.VariantNumber {
				nv.ID = rv.ID
				for _, s := range v.Sizes {
					for _, rs := range rv.Sizes {
						if rs.SizeName == s.Name {
							s.ID = rs.ID
						}
					}
					nv.Sizes = append(nv.Sizes, s)
				}
			}
		}
		if nv.ID != 0 {
			p.Variants = append(p.Variants, nv)
		}
	}
	return &p
}

// createVariants adds the colours Plytix has and Centra lacks, with their sizes and attributes.
func (a *applier) createVariants(ctx context.Context) error {
	var owners []int
	var creates []centra.VariantCreate
	for i, st := range a.state {
		if st.skip || st.observed == nil || st.observed.ID == 0 {
			continue
		}
		for _, c := range st.changes {
			if !c.Creates(catalog.LevelVariant) {
				continue
			}
			v := a.writes[i].Desired.FindVariant(c.VariantNumber)
			spec, err := a.t.variantSpec(v)
			if err != nil {
				st.fail(c, pimv1alpha1.FailureSizeChartNotFound, err.Error())
				continue
			}
			owners = append(owners, i)
			creates = append(creates, centra.VariantCreate{Product: centra.ByID(st.observed.ID), VariantSpec: spec})
		}
	}
	if len(creates) == 0 {
		return nil
	}
	ensured, err := a.t.client.EnsureVariants(ctx, creates, centra.AlreadyObserved())
	for j, e := range ensured {
		i := owners[j]
		change := plan.Change{Locator: plan.Locator{Level: catalog.LevelVariant, Kind: plan.KindCreate, VariantNumber: creates[j].VariantNumber}}
		if e.Err != nil {
			a.settle(i, []plan.Change{change}, e.Err)
			continue
		}
		a.recordVariant(i, creates[j].VariantNumber, e)
	}
	return err
}

// recordVariant puts a created or found variant into the write's observed product, so the
// display and media steps can refer to it by id.
func (a *applier) recordVariant(i int, number string, e centra.EnsuredVariant) {
	st := a.state[i]
	desired := a.writes[i].Desired.FindVariant(number)
	v := catalog.Variant{VariantNumber: number, Name: desired.Name, SizeChart: desired.SizeChart, Fields: desired.Fields, Attributes: desired.Attributes}
	switch {
	case e.Ref != nil:
		v.ID = e.Ref.ID
		for _, s := range desired.Sizes {
			for _, rs := range e.Ref.Sizes {
				if rs.SizeName == s.Name {
					s.ID = rs.ID
					v.Sizes = append(v.Sizes, s)
				}
			}
		}
	case e.Variant != nil:
		v.ID = e.Variant.ID
		for _, s := range e.Variant.Sizes {
			v.Sizes = append(v.Sizes, catalog.Size{ID: s.ID, Name: s.SizeName, SizeNumber: s.SizeNumber, SKU: s.SKU,
				Fields: map[string]string{catalog.FieldEAN: s.EAN, catalog.FieldUPC: s.UPC}})
		}
	}
	observed := *st.observed
	observed.Variants = append(append([]catalog.Variant(nil), observed.Variants...), v)
	st.observed = &observed
}

// createSizes activates the sizes Centra lacks on existing variants.
func (a *applier) createSizes(ctx context.Context) error {
	var owners []int
	var changes []plan.Change
	var creates []centra.SizeCreate
	for i, st := range a.state {
		if st.skip || st.observed == nil {
			continue
		}
		for _, c := range st.changes {
			if !c.Creates(catalog.LevelSize) {
				continue
			}
			have := st.observed.FindVariant(c.VariantNumber)
			want := a.writes[i].Desired.FindVariant(c.VariantNumber)
			if have == nil || have.ID == 0 || want == nil {
				st.dependsOn(c, c.VariantNumber, "") // its variant was not created in this run
				continue
			}
			s := want.FindSize(c.SizeName)
			owners, changes = append(owners, i), append(changes, c)
			creates = append(creates, centra.SizeCreate{ProductVariant: centra.ByID(have.ID), SizeSpec: sizeSpec(s)})
		}
	}
	if len(creates) == 0 {
		return nil
	}
	ensured, err := a.t.client.EnsureSizes(ctx, creates, centra.AlreadyObserved())
	for j, e := range ensured {
		a.settle(owners[j], changes[j:j+1], e.Err)
	}
	return err
}

// createDisplays presents new products (and products that lost their display) in the store,
// with their variants, markets and categories. It is the last step: a display makes a product
// visible, so a product half-built in this Apply (a step left incomplete, a variant or size
// Centra rejected) gets none, and stays invisible until a later run completes it (docs/design.md §9,
// invariant 3).
func (a *applier) createDisplays(ctx context.Context) error {
	var owners []int
	var creates []centra.DisplayCreate
	for i, st := range a.state {
		if st.skip || st.observed == nil || st.observed.ID == 0 || st.incomplete || !slices.ContainsFunc(st.changes, createsDisplay) {
			continue
		}
		if f, failed := st.structureFailed(); failed {
			st.fail(displayChange(st.changes), pimv1alpha1.FailureIncomplete, fmt.Sprintf("not shown in store %s until every variant and size is in Centra; %s: %s",
				a.t.storeName, f.Change.Object(), f.Message))
			continue
		}
		dc, problems := a.t.displayCreate(a.writes[i].Desired, st.observed)
		for _, p := range problems {
			st.failed = append(st.failed, plan.ChangeFailure{Change: plan.Change{Locator: plan.Locator{Level: catalog.LevelDisplay, Kind: plan.KindCategory}}, Message: p})
		}
		owners = append(owners, i)
		creates = append(creates, dc)
	}
	if len(creates) == 0 {
		return nil
	}
	ensured, err := a.t.client.EnsureDisplays(ctx, creates, centra.AlreadyObserved())
	for j, e := range ensured {
		i := owners[j]
		if e.Err != nil {
			a.settle(i, []plan.Change{{Locator: plan.Locator{Level: catalog.LevelDisplay, Kind: plan.KindCreate}}}, e.Err)
			continue
		}
		observed := *a.state[i].observed
		observed.Display = &catalog.Display{ID: e.ID, Name: creates[j].Name, Attributes: catalog.Attributes{}}
		if e.Display != nil {
			observed.Display = a.t.display(e.Display, variantNumbers(&observed))
		}
		a.state[i].observed = &observed
	}
	return err
}

func variantNumbers(p *catalog.Product) map[int]string {
	out := map[int]string{}
	for _, v := range p.Variants {
		out[v.ID] = v.VariantNumber
	}
	return out
}

// displayChange is the write's change that creates its display.
func displayChange(changes []plan.Change) plan.Change {
	if i := slices.IndexFunc(changes, createsDisplay); i >= 0 {
		return changes[i]
	}
	return plan.Change{Locator: plan.Locator{Level: catalog.LevelDisplay, Kind: plan.KindCreate}}
}

func createsDisplay(c plan.Change) bool { return c.Creates(catalog.LevelDisplay) }

// executeUpdates sends every field, attribute and status change in aliased requests.
func (a *applier) executeUpdates(ctx context.Context) error {
	b := &mutationBatch{}
	for i, st := range a.state {
		if st.skip || st.observed == nil || st.observed.ID == 0 {
			continue
		}
		if a.writes[i].Action == plan.ActionDeactivate {
			a.t.deactivate(b, i, st.observed)
			continue
		}
		a.t.updates(b, i, a.writes[i].Desired, st)
	}
	b.flushAttributeBatches()
	if len(b.mutations) == 0 {
		return nil
	}
	results, err := a.t.client.Execute(ctx, b.mutations)
	for j, r := range results {
		for _, o := range b.owners[j] {
			a.settle(o.write, o.changes, r.Err)
		}
	}
	return err
}

// addMedia adds the images Centra lacks, by URL, deduplicated by source URL. Media are
// asynchronous in Centra (docs/reference/centra-api.md §3.10): an image whose batch fails or is still
// processing when the client stops waiting holds back its own product alone, which stays
// pending, without a display, and is reported with the reason; the other products of the chunk
// go on to their displays. Only a budget or the run's context stops the whole Apply here.
func (a *applier) addMedia(ctx context.Context) error {
	var owners []int
	var changes []plan.Change
	var reqs []centra.MediaRequest
	for i, st := range a.state {
		if st.skip || st.observed == nil || st.observed.ID == 0 {
			continue
		}
		for _, c := range st.changes {
			if c.Kind != plan.KindMedia {
				continue
			}
			req := centra.MediaRequest{ProductID: st.observed.ID, URL: c.To}
			if c.Level == catalog.LevelVariant {
				v := st.observed.FindVariant(c.VariantNumber)
				if v == nil || v.ID == 0 {
					st.dependsOn(c, c.VariantNumber, "")
					continue
				}
				req.VariantID = v.ID
			}
			owners, changes, reqs = append(owners, i), append(changes, c), append(reqs, req)
		}
	}
	if len(reqs) == 0 {
		return nil
	}
	ensured, err := a.t.client.EnsureMedia(ctx, reqs, centra.AlreadyObserved())
	if err != nil && stopsApply(ctx, err) {
		for j, e := range ensured {
			a.settle(owners[j], changes[j:j+1], e.Err)
		}
		return err
	}
	for j, e := range ensured {
		if e.Err != nil && !rejected(e.Err) {
			a.mediaPending(owners[j], changes[j], e.Err)
			continue
		}
		a.settle(owners[j], changes[j:j+1], e.Err)
	}
	return nil
}

// mediaPending holds back a write one of whose images Centra did not take: it stays pending
// (so createDisplays leaves it invisible and the watermark stays before it) and reports why.
func (a *applier) mediaPending(i int, c plan.Change, err error) {
	st := a.state[i]
	st.incomplete = true
	st.fail(c, pimv1alpha1.FailureMediaPending, err.Error())
}

// stopsApply reports an error that stops the whole Apply: an exhausted budget, or the run's
// context (its deadline, or the operator stopping).
func stopsApply(ctx context.Context, err error) bool {
	var exhausted *budget.ExhaustedError
	return errors.As(err, &exhausted) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || ctx.Err() != nil
}

// rejected reports an error with which Centra refused a mutation's input, or the client did
// because the input alone is over its request cap: retrying it would fail the same way.
func rejected(err error) bool {
	var userErrors *centra.UserErrorsError
	var gql *centra.GraphQLErrors
	return errors.As(err, &userErrors) || (errors.As(err, &gql) && !centra.IsTransient(err)) || errors.Is(err, centra.ErrRequestTooLarge)
}
