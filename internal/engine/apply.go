package engine

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/plan"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// apply writes the plan in priority order (half-created products first, then new products for
// launch, then Plytix changes, drift corrections and deactivations), oldest Plytix change first
// within each. It stops cleanly when the budget runs out or the run's timeout comes, leaving the
// rest pending for the next run; it returns an error only for a failure that is not the
// budget's or the clock's.
func (r *run) apply(ctx context.Context) error {
	var writes []*item
	for _, it := range r.items {
		if it.decision.Action.Writes() {
			writes = append(writes, it)
		}
	}
	slices.SortStableFunc(writes, func(a, b *item) int {
		if d := a.decision.Action.Priority() - b.decision.Action.Priority(); d != 0 {
			return d
		}
		return a.lastModified.Compare(b.lastModified)
	})
	size := r.engine.ApplyBatch
	if size <= 0 {
		size = 200
	}
	for start := 0; start < len(writes); start += size {
		if ctx.Err() != nil {
			r.stop(ctx, ctx.Err())
			return nil
		}
		chunk := writes[start:min(start+size, len(writes))]
		batch := make([]plan.Write, len(chunk))
		for i, it := range chunk {
			batch[i] = plan.Write{Action: it.decision.Action, Desired: it.built.Product, Observed: it.observed, Changes: it.decision.Changes}
		}
		results, err := r.dst.Apply(ctx, batch)
		for i, res := range results {
			chunk[i].applied, chunk[i].result = true, res
		}
		r.checkpoint(ctx, chunk)
		if err != nil {
			var exhausted *budget.ExhaustedError
			switch {
			case errors.As(err, &exhausted):
				r.stopped, r.resumeAt = err, r.now().Add(exhausted.RetryAfter)
				return nil
			case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
				r.stop(ctx, err)
				return nil
			}
			r.stopped = err
			return err
		}
	}
	return nil
}

// stop records why Apply stopped early: the controller resumes at once after the run's own
// deadline (the rest is ready to go), but not after a request's own timeout.
func (r *run) stop(ctx context.Context, err error) {
	r.stopped = err
	r.deadline = errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// estimatedMutations is what a write is expected to cost, for the ETA of a long load.
func estimatedMutations(it *item) int64 {
	switch it.decision.Action {
	case plan.ActionCreate:
		return 2 // createProduct (variants, sizes and attributes nested) and createDisplay
	case plan.ActionDeactivate:
		return 2
	}
	objects := map[string]bool{}
	for _, c := range it.decision.Changes {
		objects[c.Object()] = true
	}
	return max(int64(len(objects)), 1)
}

// eta estimates when the pending writes finish at the hourly mutation quota.
func (r *run) eta(pending int64) time.Time {
	perHour := r.dst.MutationsPerHour()
	if pending == 0 || perHour <= 0 {
		return time.Time{}
	}
	start := r.now()
	if r.resumeAt.After(start) {
		start = r.resumeAt
	}
	return start.Add(time.Duration(float64(pending) / float64(perHour) * float64(time.Hour)))
}

// checkpoint records the chunk just written in the ledger and has the caller commit it
// (Request.Checkpoint), so that a manager killed later in the run restarts knowing what it
// wrote: those products are in sync with their hashes, not pending. The counts of the chunk go
// to a scratch report; summarize counts every item once, at the end. A failed commit is logged
// and the run goes on: the end of the run commits again.
func (r *run) checkpoint(ctx context.Context, chunk []*item) {
	if r.req.Checkpoint == nil {
		return
	}
	run := r.rep
	r.rep = report.New(run.Mode, run.FullSync, run.StartedAt)
	if !r.checkpointed {
		// The first checkpoint records every family the run read, the unwritten ones as
		// pending, with how far the read got: a restart continues the pass from the ledger
		// instead of reading again what it holds.
		r.checkpointed = true
		for _, it := range r.items {
			r.record(it)
		}
		r.book.Pass = ledger.Pass{Watermark: r.watermark(), Full: run.FullSync, Revision: r.mapping.Revision}
	}
	for _, it := range chunk {
		r.record(it)
	}
	r.rep = run
	if err := r.req.Checkpoint(context.WithoutCancel(ctx)); err != nil {
		r.log.Error(err, "Failed to checkpoint the ledger; the end of the run commits it")
	}
}
