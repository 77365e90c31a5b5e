package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// markdown renders the results as the table docs/performance.md shows.
func markdown(results []result, latency time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s with `go run ./hack/bench` (latency %s per call, quotas counted but not enforced).\n\n",
		time.Now().UTC().Format("2006-01-02"), latency)
	b.WriteString("| scenario | SKUs | Plytix requests (floor / naive) | Centra requests (floor / naive) | Centra mutations (floor / naive) | wall time | peak heap | hours at quota (naive) | ledger (chunks) |\n")
	b.WriteString("|---|---:|---|---|---|---:|---:|---|---:|\n")
	for _, r := range results {
		ours := calls{plytix: r.plytix, centra: r.centraRequests, mutations: r.mutations}
		naive := calls{plytix: r.naivePlytix, centra: r.naiveCentra, mutations: r.naiveMutations}
		fmt.Fprintf(&b, "| %s | %d | %d (%d / %d) | %d (%d / %d) | %d (%d / %d) | %s | %d MiB | %s (%s) | %d KiB (%d) |\n",
			r.scenario, r.skus, r.plytix, r.floorPlytix, r.naivePlytix, r.centraRequests, r.floorCentra, r.naiveCentra,
			r.mutations, r.floorMutations, r.naiveMutations, r.wall.Round(100*time.Millisecond), r.peakHeap>>20,
			hours(hoursAtQuota(ours)), hours(hoursAtQuota(naive)), (r.ledgerBytes+1023)>>10, r.ledgerChunks)
	}
	return b.String()
}

func hours(h float64) string {
	if h < 0.1 {
		return fmt.Sprintf("%.0f min", h*60)
	}
	return fmt.Sprintf("%.1f h", h)
}

const startMarker, endMarker = "<!-- bench:start -->", "<!-- bench:end -->"

// rewriteResults puts the table between the markers of the file.
func rewriteResults(path, table string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(data)
	start, end := strings.Index(s, startMarker), strings.Index(s, endMarker)
	if start < 0 || end < start {
		return fmt.Errorf("%s has no %s … %s section", path, startMarker, endMarker)
	}
	s = s[:start+len(startMarker)] + "\n" + table + s[end:]
	return os.WriteFile(path, []byte(s), 0o644)
}
