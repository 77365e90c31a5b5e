// Package report accumulates what a sync run did into a report whose size is bounded whatever
// the catalogue's size: exact counts, one row per attribute target, a capped list of failures
// with exact totals by reason, and a capped sample of the plan. CatalogSync status is built
// from it.
package report

import (
	"sort"
	"time"
)

// Caps, matching the API's maxItems so status always fits.
const (
	MaxFailures    = 50
	MaxSampleSKUs  = 5
	MaxAttributes  = 128
	MaxPlanSamples = 20
	MaxProblems    = 50
	maxMessage     = 1024
)

// Result says how a run ended.
type Result string

// Run results.
const (
	ResultSucceeded Result = "Succeeded"
	// ResultPartial: stopped by a quota or the timeout; the next run resumes.
	ResultPartial Result = "Partial"
	ResultFailed  Result = "Failed"
)

// Counts counts items by outcome.
type Counts struct {
	Seen, Created, Updated, Unchanged, Drifted, Blocked, Failed, Orphaned, Pending int64
}

// AttributeRow is one attribute target's results, in SKUs.
type AttributeRow struct {
	Name, Source                              string
	Synced, Missing, Failed, Drifted, Pending int64
	LastError                                 string
	SampleSKUs                                []string
}

// Failure is one failed SKU or product.
type Failure struct {
	SKU, Attribute, Reason, Message string
}

// PlannedProduct is one product of the plan, for Plan mode's sample.
type PlannedProduct struct {
	ProductNumber string
	Action        string
	Changes       []PlannedChange
}

// PlannedChange is one change of a planned product.
type PlannedChange struct {
	Target, Object, From, To string
}

// Problem is a mapping problem found when compiling the rules.
type Problem struct {
	Type, Mapping, Field, Message string
}

// BudgetState is what is left of one quota.
type BudgetState struct {
	System, Bucket                          string
	RemainingPer10Seconds, RemainingPerHour int64
	LimitPerHour                            int64
}

// Progress is how far a long pass has got.
type Progress struct {
	Done, Remaining int64
	ETA, ResumeAt   time.Time
	Message         string
	// Deadline is set when the run stopped because its context's deadline (spec.timeout)
	// passed: the rest can resume at once. Otherwise, without a ResumeAt, what is left waits
	// for the retry interval (a write Centra did not finish, for instance).
	Deadline bool
}

// Report is one sync run's outcome.
type Report struct {
	Mode       string
	FullSync   bool
	StartedAt  time.Time
	FinishedAt time.Time
	Result     Result
	// Message is a one-line summary for humans.
	Message string

	Products Counts
	SKUs     Counts
	// InSync counts products that match Plytix after the run.
	InSync int64

	PlytixRequests, CentraRequests, CentraMutations int64

	// Watermark is the latest Plytix modification time the run read (Apply only).
	Watermark time.Time
	// Revision is the mapping revision the run applied.
	Revision string
	Progress Progress
	Budgets  []BudgetState
	// Scope is how many Plytix products (parents and singles) a full pass found in scope.
	Scope int64
	// Suspect, when set, says why a full pass's Plytix answer looked wrong: no orphan was decided
	// and nothing deactivated.
	Suspect *Suspicion

	attributes       map[string]*AttributeRow
	failures         []Failure
	FailuresTotal    int64
	FailuresByReason map[string]int64
	plan             []PlannedProduct
	PlanTotal        int64
	// PlanByAction counts planned products by action, exactly.
	PlanByAction map[string]int64
	// BlockedBy counts blocked products by a short phrase naming what blocks them ("missing
	// material_composition", "brand 'Castore Kids' not mapped"), for condition messages.
	BlockedBy     map[string]int64
	problems      []Problem
	ProblemsTotal int64
}

// Suspicion is what made a Plytix answer look wrong, with its condition reason.
type Suspicion struct {
	Reason  string
	Message string
}

// New starts a report.
func New(mode string, fullSync bool, started time.Time) *Report {
	return &Report{Mode: mode, FullSync: fullSync, StartedAt: started, Result: ResultSucceeded,
		attributes: map[string]*AttributeRow{}, FailuresByReason: map[string]int64{},
		PlanByAction: map[string]int64{}, BlockedBy: map[string]int64{}}
}

func (r *Report) row(name, source string) *AttributeRow {
	row, ok := r.attributes[name]
	if !ok {
		if len(r.attributes) >= MaxAttributes {
			return &AttributeRow{} // counted nowhere; the cap is far above any real mapping
		}
		row = &AttributeRow{Name: name, Source: source}
		r.attributes[name] = row
	}
	if row.Source == "" {
		row.Source = source
	}
	return row
}

// AttributeState is how one attribute fared for some SKUs.
type AttributeState int

// Attribute states.
const (
	AttributeSynced AttributeState = iota
	AttributeMissing
	AttributeFailed
	AttributeDrifted
	AttributePending
)

// Attribute counts SKUs for an attribute target; errMessage is kept as the row's last error.
func (r *Report) Attribute(name, source string, state AttributeState, skus []string, errMessage string) {
	r.AttributeCount(name, source, state, int64(len(skus)), skus, errMessage)
}

// AttributeCount counts n SKUs for an attribute target, of which samples are some (the ledger
// keeps no list of the synced ones).
func (r *Report) AttributeCount(name, source string, state AttributeState, n int64, samples []string, errMessage string) {
	row := r.row(name, source)
	switch state {
	case AttributeSynced:
		row.Synced += n
		return
	case AttributeMissing:
		row.Missing += n
	case AttributeFailed:
		row.Failed += n
	case AttributeDrifted:
		row.Drifted += n
	case AttributePending:
		row.Pending += n
		return
	}
	if errMessage != "" {
		row.LastError = Truncate(errMessage)
	}
	for _, sku := range samples {
		if len(row.SampleSKUs) >= MaxSampleSKUs {
			break
		}
		if !contains(row.SampleSKUs, sku) {
			row.SampleSKUs = append(row.SampleSKUs, sku)
		}
	}
}

// Fail records a failure; the list is capped, the totals are exact.
func (r *Report) Fail(f Failure) {
	r.FailuresTotal++
	r.FailuresByReason[f.Reason]++
	if len(r.failures) < MaxFailures {
		f.Message = Truncate(f.Message)
		r.failures = append(r.failures, f)
	}
}

// Plan records a planned product for the sample.
func (r *Report) Plan(p PlannedProduct) {
	r.PlanTotal++
	r.PlanByAction[p.Action]++
	if len(r.plan) < MaxPlanSamples {
		if len(p.Changes) > 10 {
			p.Changes = p.Changes[:10]
		}
		r.plan = append(r.plan, p)
	}
}

// maxBlockedPhrases bounds BlockedBy; further phrases are counted together.
const maxBlockedPhrases = 32

// OtherReasons collects the blocked products beyond maxBlockedPhrases distinct phrases.
const OtherReasons = "other reasons"

// Blocked counts one blocked product under phrase.
func (r *Report) Blocked(phrase string) {
	if _, ok := r.BlockedBy[phrase]; !ok && len(r.BlockedBy) >= maxBlockedPhrases {
		phrase = OtherReasons
	}
	r.BlockedBy[phrase]++
}

// Problem records a mapping problem.
func (r *Report) Problem(p Problem) {
	r.ProblemsTotal++
	if len(r.problems) < MaxProblems {
		p.Message = Truncate(p.Message)
		r.problems = append(r.problems, p)
	}
}

// Attributes returns the attribute rows sorted by name.
func (r *Report) Attributes() []AttributeRow {
	rows := make([]AttributeRow, 0, len(r.attributes))
	for _, row := range r.attributes {
		rows = append(rows, *row)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	return rows
}

// Failures returns the listed failures, and whether the list is truncated.
func (r *Report) Failures() ([]Failure, bool) {
	return r.failures, r.FailuresTotal > int64(len(r.failures))
}

// PlanSample returns the sample of planned products.
func (r *Report) PlanSample() []PlannedProduct { return r.plan }

// Problems returns the listed mapping problems.
func (r *Report) Problems() []Problem { return r.problems }

// Truncate shortens a message to what a report keeps, without splitting a UTF-8 sequence.
func Truncate(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage - 3
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "..."
}

func contains(items []string, s string) bool {
	for _, item := range items {
		if item == s {
			return true
		}
	}
	return false
}
