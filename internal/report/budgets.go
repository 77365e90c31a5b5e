package report

import (
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
)

// BudgetStateOf reports a limiter's 10-second and hourly windows; -1 means not limited.
func BudgetStateOf(system, bucket string, s budget.State) BudgetState {
	out := BudgetState{System: system, Bucket: bucket, RemainingPer10Seconds: -1, RemainingPerHour: -1}
	for _, w := range s.Windows {
		switch w.Period {
		case 10 * time.Second:
			out.RemainingPer10Seconds = w.Remaining
		case time.Hour:
			out.RemainingPerHour = w.Remaining
			out.LimitPerHour = max(w.Limit, 0)
		}
	}
	return out
}
