package engine

import (
	"testing"

	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/retry"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// TestHugeRetryAfterWaitsAtMostAnHour: a Retry-After of 999,999,999 seconds, or a date in 2100,
// would stop the sync until the process restarts. The run waits the longest a quota window
// lasts instead, whichever API asked.
func TestHugeRetryAfterWaitsAtMostAnHour(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inject func(w *world)
	}{
		{"Plytix, delta-seconds", func(w *world) {
			w.plytix.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Status: 429, RetryAfter: "999999999", Times: 100})
		}},
		{"Plytix, a date in 2100", func(w *world) {
			w.plytix.InjectFault(plytixtest.Fault{Kind: plytixtest.FaultStatus, Status: 429, RetryAfter: "Fri, 01 Jan 2100 00:00:00 GMT", Times: 100})
		}},
		{"Centra, delta-seconds", func(w *world) {
			w.centra.InjectFault(centratest.Fault{Kind: centratest.FaultStatus, Status: 429, RetryAfter: "999999999", Times: 100})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, problemCatalog)
			tc.inject(w)
			_, err := w.run()
			waiting, ok := syncerr.AsWaiting(err)
			if !ok || waiting.RetryAfter != retry.MaxRetryAfter {
				t.Fatalf("run: %v (waiting %v), want a wait of %v", err, waiting, retry.MaxRetryAfter)
			}
		})
	}
}
