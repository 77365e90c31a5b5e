package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/mapping"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// unfinishedInLedger reads again, on a delta run, the families the ledger says are not done
// whatever the watermark says: a write still pending (a quota or the timeout stopped it, and the
// watermark may already be past it), a write Centra refused, or a product last built with
// another mapping revision. Without this, a mapping change stopped by the quota would wait for
// the next full pass and then be taken for hand edits.
func (r *run) unfinishedInLedger(ctx context.Context, read []catalog.Family, labels []string) ([]catalog.Family, error) {
	readBefore := map[string]bool{}
	for _, f := range read {
		readBefore[f.Parent.SKU] = true
	}
	var todo []*ledger.Product
	for _, key := range r.book.Keys() {
		p := r.book.Get(key)
		if p.State == ledger.StateOrphaned || p.SKU == "" || readBefore[p.SKU] || !r.unfinished(p) {
			continue
		}
		readBefore[p.SKU] = true
		todo = append(todo, p)
	}
	// Half-made products first (Centra has them), then the oldest Plytix changes; and no more
	// than this hour's mutations can write: a family costs a request or two to read, and a long
	// load must not read its whole remainder every hour to write a few hundred of it.
	slices.SortStableFunc(todo, func(a, b *ledger.Product) int {
		if (a.CentraID != 0) != (b.CentraID != 0) {
			if a.CentraID != 0 {
				return -1
			}
			return 1
		}
		return a.Modified.Compare(b.Modified)
	})
	if budget := r.mutationsLeftThisHour(); budget >= 0 {
		fit := 0
		for ; fit < len(todo) && budget >= mutationsToFinish(todo[fit]); fit++ {
			budget -= mutationsToFinish(todo[fit])
		}
		if fit == 0 && len(todo) > 0 {
			r.resumeAt = r.now().Add(r.dst.UntilMutations(mutationsToFinish(todo[0])))
		}
		r.deferred = int64(len(todo) - fit)
		todo = todo[:fit]
	}
	skus := make([]string, 0, len(todo))
	for _, p := range todo {
		skus = append(skus, p.SKU)
	}
	if len(skus) == 0 {
		return nil, nil
	}
	families, err := r.src.FamiliesBySKU(ctx, skus, labels)
	if err != nil {
		return nil, fmt.Errorf("reading the Plytix products the ledger has unfinished: %w", err)
	}
	return families, nil
}

// mutationsLeftThisHour is what the hourly Centra mutation quota has left, or -1 when none
// binds.
func (r *run) mutationsLeftThisHour() int64 {
	for _, b := range r.dst.Budgets() {
		if b.System == "Centra" && b.Bucket == "mutations" && b.RemainingPerHour >= 0 {
			return b.RemainingPerHour
		}
	}
	return -1
}

// mutationsToFinish estimates what finishing a record's product costs: its display (and an
// update) when Centra has the product already, a create and a display when not.
func mutationsToFinish(p *ledger.Product) int64 {
	if p.CentraID != 0 {
		return 1
	}
	return 2
}

// unfinished reports a record whose product is not done with the current mapping.
func (r *run) unfinished(p *ledger.Product) bool {
	switch p.State {
	case ledger.StatePending:
		return true
	case ledger.StateFailing:
		return !slices.ContainsFunc(p.Failures, func(f report.Failure) bool { return f.Reason == pimv1alpha1.FailureUnreadable })
	}
	return p.Revision != r.mapping.Revision
}

// changedSinceWritten says whether a family's desired product differs from what the ledger knows
// was last written (or found) in Centra: a difference from Centra is then a change to write,
// not drift, whatever the watermark says. Without a record (a first run, a ledger being rebuilt)
// the watermark decides, as it did before the ledger.
func changedSinceWritten(it *item) bool {
	if it.entry == nil {
		return it.changed
	}
	return it.entry.Hash != ledger.Hash(it.built.Product)
}

// retriesOf are the targets of a record whose last write Centra refused.
func retriesOf(p *ledger.Product) map[string]bool {
	if p == nil {
		return nil
	}
	out := map[string]bool{}
	for _, f := range p.Failures {
		if f.Attribute != "" && f.Reason == pimv1alpha1.FailureCentraRejected {
			out[f.Attribute] = true
		}
	}
	return out
}

// ledgerOwners are the SKUs the ledger holds, normalised, by the parent SKU of the family that
// holds them, for the families this run did not read: their SKUs are as the ledger knows them.
// Orphans keep theirs too: their Centra products still have them.
func (r *run) ledgerOwners() map[string]string {
	read := map[string]bool{}
	for _, it := range r.items {
		read[it.family.Parent.SKU] = true
	}
	owners := map[string]string{}
	for _, key := range r.book.Keys() {
		p := r.book.Get(key)
		if read[p.SKU] && p.State != ledger.StateOrphaned {
			continue
		}
		for _, sku := range p.SKUs {
			owners[ledger.NormalSKU(sku)] = p.SKU
		}
	}
	return owners
}

// duplicateFailure fails a SKU already held by another family.
func duplicateFailure(sku, owner, ownerSKU string) mapping.Failure {
	msg := fmt.Sprintf("SKU %s is also used by Plytix product %s; Centra would hold it twice", sku, owner)
	if ownerSKU != sku {
		msg = fmt.Sprintf("SKU %s is the same article as SKU %s of Plytix product %s (SKUs differing only in case or spaces); Centra would hold it twice",
			sku, ownerSKU, owner)
	}
	return mapping.Failure{SKU: sku, Attribute: "sku", Reason: pimv1alpha1.FailureDuplicateSKU, Blocking: true, Message: msg}
}

// adoptedIDs are the Centra products the ledger holds that this operator did not create: they
// were matched by product number, and are this sync's as much as those it made.
func (r *run) adoptedIDs() map[int]bool {
	out := map[int]bool{}
	for _, key := range r.book.Keys() {
		if p := r.book.Get(key); p.Adopted && p.CentraID != 0 {
			out[p.CentraID] = true
		}
	}
	return out
}

// sink is where recordItem reports what it finds of an item: the run's report, and the item's
// new ledger record, so that the two never disagree.
type sink struct {
	rep   *report.Report
	entry *ledger.Product
}

func (s sink) Fail(f report.Failure) {
	s.rep.Fail(f)
	f.Message = report.Truncate(f.Message)
	s.entry.Failures = append(s.entry.Failures, f)
}

func (s sink) Attribute(name, source string, state report.AttributeState, skus []string, errMessage string) {
	s.rep.Attribute(name, source, state, skus, errMessage)
	s.entry.AddAttribute(name, source, state, skus, report.Truncate(errMessage))
}

func (s sink) Blocked(phrase string) {
	s.rep.Blocked(phrase)
	s.entry.Reason = phrase
}

// newRecord starts an item's ledger record from what the run knows of it: ids from Centra, the
// hash and state carried over until recordItem decides them.
func (r *run) newRecord(it *item) *ledger.Product {
	p := &ledger.Product{SKU: it.family.Parent.SKU, PlytixID: it.family.Parent.ID, Number: it.built.ProductNumber,
		SKUs: it.built.SKUs, Modified: it.lastModified, Revision: r.mapping.Revision, Verified: r.now()}
	if it.entry != nil {
		p.Hash, p.Adopted, p.CentraID, p.DisplayID, p.VariantIDs = it.entry.Hash, it.entry.Adopted, it.entry.CentraID, it.entry.DisplayID, it.entry.VariantIDs
		if p.Modified.Before(it.entry.Modified) {
			p.Modified = it.entry.Modified
		}
	}
	if o := it.observed; o != nil {
		p.CentraID, p.VariantIDs, p.DisplayID = o.ID, nil, 0
		p.Adopted = p.Adopted || !strings.HasPrefix(o.ExternalID, mapping.ExternalIDPrefix)
		for _, v := range o.Variants {
			p.VariantIDs = append(p.VariantIDs, v.ID)
		}
		if o.Display != nil {
			p.DisplayID = o.Display.ID
		}
	}
	if id := it.result.ProductID; id != 0 && p.CentraID == 0 {
		p.CentraID = id // created by this run
	}
	if it.orphan {
		p.SKU, p.PlytixID, p.SKUs, p.Revision = "", "", familySKUs(it.observed), ""
	}
	return p
}

// settle sets a record's state from the decision and the write, and its hash when Centra is
// known to hold the desired product (written, unchanged, or left with hand edits on purpose).
// Only Apply records hashes: after Plan or Observe a switch to Apply still writes what differs.
func (r *run) settle(it *item, p *ledger.Product) {
	res := it.result
	failed := res.Err != nil || len(res.Failed) > 0
	switch action := it.decision.Action; {
	case it.orphan:
		p.State = ledger.StateOrphaned
		if it.pending() {
			p.Reason = "to deactivate"
		}
		return
	case it.built.Blocked():
		p.State = ledger.StateBlocked
		return
	case it.pending():
		p.State, p.Reason = ledger.StatePending, "to "+strings.ToLower(string(action))
		return
	case action.Writes() && failed:
		p.State = ledger.StateFailing
		return
	case action == plan.ActionDrifted:
		p.State = ledger.StateDrifted
	default:
		p.State = ledger.StateInSync
	}
	if orMode(r.req.Spec.Mode) == pimv1alpha1.SyncModeApply {
		p.Hash = ledger.Hash(it.built.Product)
	}
	if it.decision.Action == plan.ActionCreate && res.Created {
		p.Adopted = false
	}
}

// recordUnread keeps in the ledger a family this run could not use (Plytix could not send it
// whole, or sent it without a SKU): it is in scope, and its failure stands until it is fixed.
func (r *run) recordUnread(key string, f catalog.Family, failure report.Failure) {
	p := &ledger.Product{}
	if old := r.book.Get(key); old != nil {
		*p = *old // its Centra ids, SKUs and hash stand: nothing was written
	}
	p.SKU, p.PlytixID, p.State, p.Reason, p.Verified = f.Parent.SKU, f.Parent.ID, ledger.StateFailing, "", r.now()
	p.Attributes, p.Failures = nil, []report.Failure{failure}
	r.book.Put(key, p)
}
