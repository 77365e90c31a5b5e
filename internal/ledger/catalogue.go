package ledger

import (
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// Catalogue describes the whole catalogue as the ledger knows it, in the shape of a run's report
// so that status, conditions and metrics are computed the same way from either: products and
// SKUs by state (Seen is the catalogue's size, Failed counts the failing products), one row per
// attribute target summed over every product, every failure (the list capped, the totals
// exact), and what blocks the blocked products.
func (l *Ledger) Catalogue(mode string, at time.Time) *report.Report {
	rep := report.New(mode, true, at)
	rep.FinishedAt = at
	for _, key := range l.Keys() {
		p := l.Products[key]
		skus := int64(len(p.SKUs))
		switch p.State {
		case StateOrphaned:
			rep.Products.Orphaned++
		case StateInSync:
			rep.InSync++
			rep.Products.Unchanged++
			rep.SKUs.Unchanged += skus
		case StatePending:
			rep.Products.Pending++
			rep.SKUs.Pending += skus
		case StateBlocked:
			rep.Products.Blocked++
			rep.SKUs.Blocked += skus
			rep.Blocked(p.Reason)
		case StateFailing:
			rep.Products.Failed++
			rep.SKUs.Failed += skus
		case StateDrifted:
			rep.Products.Drifted++
			rep.SKUs.Drifted += skus
		}
		if p.State != StateOrphaned {
			rep.Products.Seen++
			rep.SKUs.Seen += skus
		}
		for _, a := range p.Attributes {
			rep.AttributeCount(a.Target, a.Source, a.State, a.N, a.SKUs, a.Error)
		}
		for _, f := range p.Failures {
			rep.Fail(f)
		}
	}
	return rep
}
