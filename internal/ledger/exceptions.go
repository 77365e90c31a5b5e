package ledger

import (
	"encoding/csv"
	"io"
	"strings"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// ExceptionHeader names the columns of the exception export.
var ExceptionHeader = []string{"sku", "parent", "productNumber", "state", "attribute", "reason", "owner", "whatToDo"}

// Exception is one row of the complete exception list: a failure of a SKU or product, a hand
// edit left in Centra, or a write still to come.
type Exception struct {
	SKU, Parent, ProductNumber string
	State                      State
	Attribute, Reason, Owner   string
	// WhatToDo is the failure's message, which names the fix and where to make it.
	WhatToDo string
}

func (e Exception) row() []string {
	return []string{e.SKU, e.Parent, e.ProductNumber, string(e.State), e.Attribute, e.Reason, e.Owner, e.WhatToDo}
}

// Exceptions lists every exception the ledger holds, by product in key order: each failure
// (status lists only the first 50), each attribute left drifted, and each product pending or
// orphaned.
func (l *Ledger) Exceptions() []Exception {
	var out []Exception
	for _, key := range l.Keys() {
		p := l.Products[key]
		base := Exception{Parent: p.SKU, ProductNumber: p.Number, State: p.State}
		for _, f := range p.Failures {
			e := base
			e.SKU, e.Attribute, e.Reason, e.WhatToDo = f.SKU, f.Attribute, f.Reason, f.Message
			e.Owner = pimv1alpha1.FailureOwners[f.Reason]
			out = append(out, e)
		}
		for _, a := range p.Attributes {
			if a.State != report.AttributeDrifted {
				continue
			}
			for _, sku := range a.SKUs {
				e := base
				e.SKU, e.Attribute, e.Reason, e.Owner = sku, a.Target, pimv1alpha1.ReasonDriftDetected, pimv1alpha1.OwnerCentraAdmin
				e.WhatToDo = "Centra differs from Plytix by a hand edit: make the change in Plytix, or set drift.mode Enforce to restore Plytix's value"
				out = append(out, e)
			}
		}
		switch p.State {
		case StatePending:
			e := base
			e.SKU, e.Reason, e.Owner = p.SKU, string(StatePending), pimv1alpha1.OwnerPlatform
			e.WhatToDo = "Nothing: a write is planned (" + p.Reason + ") and the next runs make it within the quota"
			out = append(out, e)
		case StateOrphaned:
			e := base
			e.SKU, e.Reason, e.Owner = strings.Join(p.SKUs, " "), string(StateOrphaned), pimv1alpha1.OwnerMerchandising
			e.WhatToDo = "The product is gone from the Plytix scope; retire it in Centra, or bring it back into scope"
			out = append(out, e)
		}
	}
	return out
}

// WriteExceptions writes the exceptions as CSV with a header row, and returns how many rows.
func WriteExceptions(w io.Writer, exceptions []Exception) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(ExceptionHeader); err != nil {
		return 0, err
	}
	for _, e := range exceptions {
		if err := cw.Write(e.row()); err != nil {
			return 0, err
		}
	}
	cw.Flush()
	return len(exceptions), cw.Error()
}
