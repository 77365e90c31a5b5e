package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-logr/logr"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/mapping"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// Engine performs sync runs.
type Engine struct {
	// Connect builds a run's source and target: (&Clients{...}).Connect in production.
	Connect Connector
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ObserveBatch is how many products one Observe call reads (the client batches further
	// by complexity); 0 means 200.
	ObserveBatch int
	// ApplyBatch is how many products one Apply call writes; 0 means 200: eight aliased
	// requests of creates, and one media batch and one poll for all their images.
	ApplyBatch int
}

// item is one family through a run.
type item struct {
	family   catalog.Family
	built    *mapping.Built
	observed *catalog.Product
	// changed: Plytix (or the mapping) changed since the watermark.
	changed  bool
	decision plan.Decision
	// extra are failures found outside the family: a duplicate SKU across families, a
	// product number Centra holds twice.
	extra []mapping.Failure
	// result of applying; applied is set once a write has run (successfully or not).
	result  plan.WriteResult
	applied bool
	// orphan is set for Centra products gone from the Plytix scope; inPlytix when Plytix still
	// has the product, outside this sync's scope (filters): it is reported, never deactivated.
	orphan   bool
	inPlytix bool
	// lastModified is the family's latest Plytix modification, kept when the family's values
	// are released after building.
	lastModified time.Time
	// entry is the family's ledger record from the previous runs; nil when it has none.
	entry *ledger.Product
}

// pending reports a write this run did not finish.
func (it *item) pending() bool {
	return it.decision.Action.Writes() && (!it.applied || errors.Is(it.result.Err, plan.ErrNotApplied))
}

// Run performs one sync run and returns its report. A non-nil error comes typed with
// syncerr (stalled or waiting) or is transient; the report is returned too when the run got
// far enough to have one.
func (e *Engine) Run(ctx context.Context, req Request) (*report.Report, error) {
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	src, dst, err := e.Connect(ctx, req)
	if err != nil {
		return nil, classify(err)
	}
	book := req.Ledger
	if book == nil {
		book = ledger.New()
	}
	r := &run{engine: e, req: req, src: src, dst: dst, now: now, log: logr.FromContextOrDiscard(ctx), book: book}
	return r.execute(ctx)
}

// run is one sync run's state.
type run struct {
	engine *Engine
	req    Request
	src    Source
	dst    Target
	now    func() time.Time
	log    logr.Logger

	ref      *catalog.Reference
	mapping  *mapping.Mapping
	full     bool
	items    []*item
	rep      *report.Report
	stopped  error // why Apply stopped early, when it did
	resumeAt time.Time
	// deadline: Apply stopped because the run's context deadline passed.
	deadline bool
	// unreadable are the parent SKUs of the families Plytix could not send whole.
	unreadable []string
	// book is the ledger the run reads and updates (Request.Ledger); adopted are the Centra
	// products it holds that this operator did not create.
	book    *ledger.Ledger
	adopted map[int]bool
	// out is where summarize reports the item it is recording.
	out sink
	// deferred counts the unfinished families the ledger holds that this run left unread, as
	// more than its quota can write.
	deferred int64
	// checkpointed is set once Apply has committed the ledger (with every family read) once.
	checkpointed bool
}

func (r *run) execute(ctx context.Context) (*report.Report, error) {
	mode := string(orMode(r.req.Spec.Mode))
	r.rep = report.New(mode, false, r.now())
	if err := r.prepare(ctx); err != nil {
		if r.rep.ProblemsTotal > 0 {
			// The mapping problems are the news: report them with the failure.
			r.rep.Result, r.rep.FinishedAt, r.rep.Message = report.ResultFailed, r.now(), err.Error()
			return r.rep, classify(err)
		}
		return nil, classify(err)
	}
	if err := r.read(ctx); err != nil {
		return nil, classify(err)
	}
	r.build()
	if err := r.observe(ctx); err != nil {
		return nil, classify(err)
	}
	if err := r.findOrphans(ctx); err != nil {
		return nil, classify(err)
	}
	r.decide()
	var applyErr error
	if mode == string(pimv1alpha1.SyncModeApply) {
		applyErr = r.apply(ctx)
	}
	r.summarize()
	if applyErr != nil {
		return r.rep, classify(applyErr)
	}
	return r.rep, nil
}

func orMode(m pimv1alpha1.SyncMode) pimv1alpha1.SyncMode {
	if m == "" {
		return pimv1alpha1.SyncModeApply
	}
	return m
}

// prepare reads Centra's reference data and Plytix's attribute definitions, and compiles the
// mappings against both, reporting every problem.
func (r *run) prepare(ctx context.Context) error {
	ref, err := r.dst.Reference(ctx)
	if err != nil {
		return fmt.Errorf("reading Centra reference data: %w", err)
	}
	r.ref = ref
	defs, err := r.src.Definitions(ctx)
	if err != nil {
		return fmt.Errorf("reading Plytix attribute definitions: %w", err)
	}
	m, problems := mapping.Compile(mapping.Input{Spec: r.req.Spec, Mappings: r.req.Mappings, Definitions: defs, Reference: ref})
	r.mapping = m
	var fatal []string
	for _, p := range problems {
		r.rep.Problem(report.Problem{Type: p.Type, Mapping: p.Mapping, Field: p.Field, Message: p.Message})
		if blocksEverything(p) {
			fatal = append(fatal, fmt.Sprintf("%s: %s", problemLocation(p), p.Message))
		}
	}
	if len(fatal) > 0 {
		return syncerr.Stall(pimv1alpha1.ReasonMappingInvalid,
			fmt.Errorf("every product would be blocked: %s", strings.Join(fatal, "; ")))
	}
	return nil
}

// blocksEverything reports a problem that would block every product: an axis, the brand
// attribute or the size chart that does not exist. Such a run would only churn through the
// quota, so it stalls until the spec or mapping is fixed.
func blocksEverything(p mapping.Problem) bool {
	switch p.Field {
	case "spec.hierarchy.colorAxis", "spec.hierarchy.sizeAxis", "spec.hierarchy.sizeChartAttribute",
		"spec.hierarchy.productNumberAttribute", "spec.hierarchy.sizeChart", "spec.brand.attribute":
		return p.Type == pimv1alpha1.ProblemUnknownSourceAttribute || p.Type == pimv1alpha1.ProblemLookupGap
	}
	return false
}

func problemLocation(p mapping.Problem) string {
	if p.Mapping != "" {
		return "AttributeMapping " + p.Mapping + " " + p.Field
	}
	return p.Field
}

// read reads Plytix: a full pass when one is due, the mapping changed or the mode is Observe;
// otherwise the families changed since the watermark (docs/design.md §5, step 2).
func (r *run) read(ctx context.Context) error {
	req := r.req
	fullEvery := 24 * time.Hour
	if req.Spec.FullSyncInterval != nil && req.Spec.FullSyncInterval.Duration > 0 {
		fullEvery = req.Spec.FullSyncInterval.Duration
	}
	mappingChanged := req.LastRevision != r.mapping.Revision
	switch {
	case req.ResumeFullPass && !mappingChanged && !req.ForceFullPass:
		// A full pass stopped by a quota carries on from its watermark; finishing it completes it.
		r.full = false
		r.rep.FullSync = true
	default:
		r.full = req.Watermark.IsZero() || mappingChanged || req.ForceFullPass || orMode(req.Spec.Mode) == pimv1alpha1.SyncModeObserve ||
			req.LastFullSync.IsZero() || r.now().Sub(req.LastFullSync) >= fullEvery
		r.rep.FullSync = r.full
	}
	labels := r.mapping.SourceLabels()
	var families []catalog.Family
	var err error
	if r.full {
		families, err = r.src.AllFamilies(ctx, labels)
	} else {
		families, err = r.src.ChangedFamilies(ctx, req.Watermark, labels)
	}
	if err != nil {
		return fmt.Errorf("reading Plytix: %w", err)
	}
	families = r.checkSource(families)
	if !r.full {
		edited, err := r.editedInCentra(ctx, families, labels)
		if err != nil {
			return err
		}
		families = append(families, edited...)
		unfinished, err := r.unfinishedInLedger(ctx, families, labels)
		if err != nil {
			return err
		}
		families = append(families, unfinished...)
	}
	// Observe reports every difference as drift: it writes nothing, so "what Centra has that
	// Plytix does not" is its whole answer, even before any watermark exists.
	observe := orMode(req.Spec.Mode) == pimv1alpha1.SyncModeObserve
	r.items = make([]*item, len(families))
	for i, f := range families {
		changed := !observe && (mappingChanged || f.LastModified().After(req.Watermark))
		r.items[i] = &item{family: f, lastModified: f.LastModified(), changed: changed, entry: r.book.Get(ledger.Key(f.Parent.SKU))}
	}
	r.log.V(1).Info("Read Plytix", "fullPass", r.full, "families", len(families))
	return nil
}

// checkSource leaves out the families with a product that has no SKU (Plytix requires one: such
// a record is not a product), reporting each by its Plytix id, and on a full pass checks the
// answer as a whole. A full pass that returned products without a SKU, or a scope smaller than
// the last sound full pass's by more than spec.plytix.scopeShrinkLimitPercent, is suspect: it
// decides no orphan, so a wrong answer from Plytix never deactivates the catalogue.
func (r *run) checkSource(families []catalog.Family) []catalog.Family {
	sound := families[:0]
	var withoutSKU int
	for _, f := range families {
		if f.Unreadable != "" {
			r.unreadable = append(r.unreadable, f.Parent.SKU)
			failure := report.Failure{SKU: f.Parent.SKU, Reason: pimv1alpha1.FailureUnreadable, Message: f.Unreadable +
				"; the product is left as it is in Centra: shorten its values in Plytix"}
			r.rep.Fail(failure)
			r.recordUnread(ledger.Key(f.Parent.SKU), f, failure)
			continue
		}
		if id, ok := productWithoutSKU(f); ok {
			withoutSKU++
			failure := report.Failure{SKU: "(Plytix id " + id + ")", Reason: pimv1alpha1.FailureInvalidValue,
				Message: "Plytix returned this product without a SKU; it was left out"}
			r.rep.Fail(failure)
			r.recordUnread(ledger.Key(failure.SKU), catalog.Family{Parent: catalog.SourceProduct{ID: f.Parent.ID}}, failure)
			continue
		}
		sound = append(sound, f)
	}
	if !r.full {
		return sound
	}
	r.rep.Scope = int64(len(sound))
	limit := int64(pimv1alpha1.DefaultScopeShrinkLimitPercent)
	if l := r.req.Spec.Plytix.ScopeShrinkLimitPercent; l != nil {
		limit = int64(*l)
	}
	prev := r.req.PreviousScope
	switch {
	case withoutSKU > 0:
		r.rep.Suspect = &report.Suspicion{Reason: pimv1alpha1.ReasonProductsWithoutSKU, Message: fmt.Sprintf(
			"Plytix returned %d products without a SKU; the full pass decided no orphan and deactivated nothing", withoutSKU)}
	case limit < 100 && prev > 0 && r.rep.Scope*100 < prev*(100-limit):
		r.rep.Suspect = &report.Suspicion{Reason: pimv1alpha1.ReasonScopeShrank, Message: fmt.Sprintf(
			"Plytix returned %d products in scope, %d%% fewer than the %d of the last full pass (spec.plytix.scopeShrinkLimitPercent: %d); "+
				"the full pass decided no orphan and deactivated nothing. If the catalogue really shrank, raise the limit for one run",
			r.rep.Scope, (prev-r.rep.Scope)*100/prev, prev, limit)}
	}
	return sound
}

func productWithoutSKU(f catalog.Family) (string, bool) {
	for _, p := range append([]catalog.SourceProduct{f.Parent}, f.Variants...) {
		if strings.TrimSpace(p.SKU) == "" {
			return p.ID, true
		}
	}
	return "", false
}

// editedInCentra is the drift scan of a delta run: the products changed in Centra since the last
// run whose Plytix families the delta did not read. Comparing them with Plytix finds hand
// edits within one interval instead of at the next full pass. Products numbered by an attribute
// rather than the parent SKU are left to full passes: their SKU is not known.
func (r *run) editedInCentra(ctx context.Context, read []catalog.Family, labels []string) ([]catalog.Family, error) {
	if r.req.LastSync.IsZero() || r.mapping.Hierarchy.ProductNumberAttribute != "" || orDrift(r.req.Spec.Drift.Mode) == pimv1alpha1.DriftModeDisabled {
		return nil, nil
	}
	// Centra stamps updatedAt to the second. The scan starts at the whole second after the last
	// run finished: starting in that second would bring back every product the run wrote in its
	// last second, and after a large load that is a whole batch of families to read again from
	// Plytix at about one request each (measured in docs/performance.md). A hand edit stamped in
	// that second, or earlier by a Centra clock behind ours, waits for the next full pass.
	// Only products of the mapped brands can be ours (scanSKUs): Centra leaves out the others.
	edited, err := r.dst.UpdatedSince(ctx, r.req.LastSync.Truncate(time.Second).Add(time.Second), r.mappedBrandNames())
	if err != nil {
		return nil, fmt.Errorf("reading Centra products changed since the last run: %w", err)
	}
	readBefore := map[string]bool{}
	for _, f := range read {
		readBefore[f.Parent.SKU] = true
	}
	// The look-up applies the scope filters: a Centra product whose Plytix family another
	// CatalogSync owns, or the filters leave out, must not be built, let alone written.
	found, err := r.src.FamiliesBySKU(ctx, r.scanSKUs(edited, readBefore), labels)
	if err != nil {
		return nil, fmt.Errorf("reading the Plytix products of Centra products changed by hand: %w", err)
	}
	families := found[:0]
	for _, f := range found {
		if !readBefore[f.Parent.SKU] { // a variant's SKU can lead back to a family read already
			families = append(families, f)
		}
	}
	return families, nil
}

// scanSKUs are the Plytix SKUs to look up for the products Centra changed: those of the
// products this sync may own (displayed in its store, made by this operator, of a mapped
// brand, as findOrphans chooses) that the run has not read already.
func (r *run) scanSKUs(edited []*catalog.Product, readBefore map[string]bool) []string {
	brands := r.mappedBrands()
	seen := map[string]bool{}
	var skus []string
	for _, p := range edited {
		if readBefore[p.ProductNumber] || seen[p.ProductNumber] || p.Display == nil || !r.ours(p, brands) {
			continue
		}
		seen[p.ProductNumber] = true
		if len(r.req.Spec.Plytix.Filters) == 0 {
			skus = append(skus, p.ProductNumber) // everything is in scope: the parent finds the family
			continue
		}
		skus = append(skus, familySKUs(p)...)
	}
	return skus
}

// familySKUs are a Centra product's number and its sizes' SKUs, which are the Plytix SKUs of
// its parent and variants: with filters, a family is in scope when any of its products is.
func familySKUs(p *catalog.Product) []string {
	skus := []string{p.ProductNumber}
	for _, v := range p.Variants {
		for _, s := range v.Sizes {
			if s.SKU != "" {
				skus = append(skus, s.SKU)
			}
		}
	}
	return skus
}

// mappedBrands are the Centra brands the mapping maps to; nil when it has no brand lookup.
func (r *run) mappedBrands() map[string]bool {
	if r.mapping.Brand == nil {
		return nil
	}
	brands := map[string]bool{}
	for _, name := range r.mapping.Brand.Entries {
		brands[name] = true
	}
	return brands
}

// mappedBrandNames are the mappedBrands as a list, sorted; nil when the mapping has no brand
// lookup (every brand may be ours).
func (r *run) mappedBrandNames() []string {
	brands := r.mappedBrands()
	if brands == nil {
		return nil
	}
	names := make([]string, 0, len(brands))
	for name := range brands {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// ours reports a Centra product this operator made (its external id says so) or adopted (the
// ledger holds it), of a brand the mapping maps (any brand when it maps none): only such
// products are ever taken for orphans or looked up for drift, so products of other
// integrations and brands are never touched.
func (r *run) ours(p *catalog.Product, brands map[string]bool) bool {
	if r.adopted == nil {
		r.adopted = r.adoptedIDs()
	}
	return (strings.HasPrefix(p.ExternalID, mapping.ExternalIDPrefix) || r.adopted[p.ID]) && (brands == nil || brands[p.Brand])
}

// build builds every family and finds SKUs used by two families, compared without case or
// surrounding spaces: the later one fails, naming the first, so a SKU never lands on two Centra
// products. The first is the family the ledger has holding the SKU, whichever run reads the
// other; among families new to the ledger, the first read.
func (r *run) build() {
	owners := r.ledgerOwners()
	ownerSKU := map[string]string{}
	for _, it := range r.items {
		it.built = r.mapping.Build(it.family, r.ref)
	}
	for _, established := range []bool{true, false} {
		for _, it := range r.items {
			if (it.entry != nil && it.entry.CentraID != 0) != established {
				continue
			}
			r.claimSKUs(it, owners, ownerSKU)
		}
	}
	for _, it := range r.items {
		if len(it.extra) > 0 {
			it.built.Product = nil
		}
		// The desired product now holds what the run needs; Plytix's values can go.
		it.family = catalog.Family{Parent: catalog.SourceProduct{ID: it.family.Parent.ID, SKU: it.family.Parent.SKU}}
	}
}

// claimSKUs records the item's SKUs as its own, or fails those another family holds.
func (r *run) claimSKUs(it *item, owners, ownerSKU map[string]string) {
	for _, sku := range it.built.SKUs {
		key := ledger.NormalSKU(sku)
		if first, dup := owners[key]; dup && first != it.family.Parent.SKU {
			it.extra = append(it.extra, duplicateFailure(sku, first, cmp.Or(ownerSKU[key], r.ledgerSKU(first, key), sku)))
			continue
		}
		owners[key], ownerSKU[key] = it.family.Parent.SKU, sku
	}
}

// ledgerSKU is the SKU as the ledger's record of parent spells it.
func (r *run) ledgerSKU(parent, normal string) string {
	if p := r.book.Get(ledger.Key(parent)); p != nil {
		for _, sku := range p.SKUs {
			if ledger.NormalSKU(sku) == normal {
				return sku
			}
		}
	}
	return ""
}

// observe reads the Centra products of the run's families, batched.
func (r *run) observe(ctx context.Context) error {
	batch := r.engine.ObserveBatch
	if batch <= 0 {
		batch = 200
	}
	byNumber := map[string][]*item{}
	var numbers []string
	for _, it := range r.items {
		n := it.built.ProductNumber
		if n == "" {
			continue
		}
		if _, seen := byNumber[n]; !seen {
			numbers = append(numbers, n)
		}
		byNumber[n] = append(byNumber[n], it)
	}
	for start := 0; start < len(numbers); start += batch {
		chunk := numbers[start:min(start+batch, len(numbers))]
		found, err := r.dst.Observe(ctx, chunk)
		if err != nil {
			return fmt.Errorf("reading Centra products: %w", err)
		}
		for _, n := range chunk {
			products := found[n]
			for _, it := range byNumber[n] {
				switch {
				case len(products) > 1:
					it.extra = append(it.extra, mapping.Failure{SKU: it.family.Parent.SKU, Attribute: "productNumber", Reason: pimv1alpha1.FailureDuplicateInCentra,
						Blocking: true, Message: fmt.Sprintf("Centra holds %d products numbered %q; merge or remove the extra ones in Centra", len(products), n)})
					it.built.Product = nil
				case len(products) == 1:
					it.observed = products[0]
				}
			}
		}
	}
	return nil
}

// findOrphans, on a full pass, finds the products this operator created in the store (their
// external id says so) of the brands the mapping maps, that no Plytix product in scope accounts
// for. Products of other integrations, other brands or other stores are never candidates; those
// of other brands are left out by the brand the store's display list carries, before any is read
// in full.
func (r *run) findOrphans(ctx context.Context) error {
	if !r.full || r.mapping.Brand == nil || r.rep.Suspect != nil {
		return nil
	}
	brands := r.mappedBrands()
	displayed, err := r.dst.Displayed(ctx)
	if err != nil {
		return fmt.Errorf("listing the Centra products displayed in the store: %w", err)
	}
	known := map[string]bool{}
	for _, it := range r.items {
		known[it.built.ProductNumber] = true
	}
	// A product Plytix has but could not send is in scope: never an orphan. Its number is its
	// parent SKU unless an attribute numbers products, which it could not be read for.
	if len(r.unreadable) > 0 && r.mapping.Hierarchy.ProductNumberAttribute != "" {
		return nil
	}
	for _, sku := range r.unreadable {
		known[sku] = true
	}
	var numbers []string
	for _, s := range displayed {
		// A product of a brand this sync does not map is never ours: it is left out here, by the
		// brand the store's display list carries, rather than read in full to be dropped.
		if !brands[s.Brand] {
			continue
		}
		if !known[s.ProductNumber] {
			known[s.ProductNumber] = true
			numbers = append(numbers, s.ProductNumber)
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	found, err := r.dst.Observe(ctx, numbers)
	if err != nil {
		return fmt.Errorf("reading orphaned Centra products: %w", err)
	}
	var orphans []*item
	for _, n := range numbers {
		for _, p := range found[n] {
			if r.ours(p, brands) {
				orphans = append(orphans, &item{orphan: true, observed: p, built: &mapping.Built{ProductNumber: n}})
			}
		}
	}
	if err := r.stillInPlytix(ctx, orphans); err != nil {
		return err
	}
	r.items = append(r.items, orphans...)
	return nil
}

// stillInPlytix marks the orphans Plytix still has outside this sync's scope. With deletionPolicy
// Deactivate a product is deactivated only when its Plytix product is gone from Plytix
// altogether: one left out by spec.plytix.filters may be another CatalogSync's share of the same
// store and brands, and is only reported as orphaned. Each orphan the policy would deactivate
// (its display is active) is looked up by its product number and its sizes' SKUs, which are the
// Plytix SKUs of its parent and variants, in one unscoped search per chunk of SKUs
// (docs/reference/plytix-api.md §5.1); the Orphan policy writes nothing and looks nothing up.
func (r *run) stillInPlytix(ctx context.Context, orphans []*item) error {
	var candidates []*item
	var skus []string
	for _, it := range orphans {
		if plan.Orphan(it.observed, r.req.Spec.DeletionPolicy).Action == plan.ActionDeactivate {
			candidates = append(candidates, it)
			skus = append(skus, familySKUs(it.observed)...)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	existing, err := r.src.ExistingSKUs(ctx, skus)
	if err != nil {
		return fmt.Errorf("looking up in Plytix the products of orphaned Centra products: %w", err)
	}
	for _, it := range candidates {
		it.inPlytix = slices.ContainsFunc(familySKUs(it.observed), func(sku string) bool { return existing[sku] })
	}
	return nil
}

// decide plans every product.
func (r *run) decide() {
	opts := plan.Options{
		DriftMode: orDrift(r.req.Spec.Drift.Mode), OnGateFailure: r.req.Spec.Publish.OnGateFailure, Ignored: map[string]bool{},
	}
	for _, a := range r.req.Spec.Drift.IgnoredAttributes {
		opts.Ignored[a] = true
	}
	for _, it := range r.items {
		if it.orphan {
			policy := r.req.Spec.DeletionPolicy
			if it.inPlytix { // outside the scope, not gone: never deactivated
				policy = pimv1alpha1.DeletionPolicyOrphan
			}
			it.decision = plan.Orphan(it.observed, policy)
			continue
		}
		o := opts
		changed := it.changed
		if orMode(r.req.Spec.Mode) != pimv1alpha1.SyncModeObserve {
			// Observe writes nothing and calls every difference drift.
			o.Retry, changed = retriesOf(it.entry), changedSinceWritten(it)
		}
		it.decision = plan.Decide(it.built, it.observed, changed, o)
	}
}

func orDrift(m pimv1alpha1.DriftMode) pimv1alpha1.DriftMode {
	if m == "" {
		return pimv1alpha1.DriftModeWarn
	}
	return m
}
