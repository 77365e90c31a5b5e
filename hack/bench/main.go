// Command bench measures sync runs against both sandboxes with realistic latency: an initial
// load, a no-op resync, a 1 % delta and a drift scan, at several catalogue sizes. For each it
// reports Plytix requests, Centra requests and mutations, wall time and peak heap, beside the
// floor (the fewest calls the APIs allow for the same work) and a naive sync (one request per
// product read, one mutation per changed attribute), and the hours each would take at the
// documented hourly quotas. The sandboxes run in a child process (hack/sandboxes), so the heap
// measured is the engine's own.
//
//	go run ./hack/bench -sizes 1000,10000,100000 -latency 50ms -out docs/performance.md
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	sizes := flag.String("sizes", "1000,10000,100000", "catalogue sizes in SKUs, comma-separated")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency of every API call")
	out := flag.String("out", "", "markdown file whose results section to rewrite (docs/performance.md)")
	flag.Parse()
	var results []result
	for _, field := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 16 {
			return fmt.Errorf("bad size %q", field)
		}
		rs, err := benchSize(n, *latency)
		if err != nil {
			return fmt.Errorf("%d SKUs: %w", n, err)
		}
		results = append(results, rs...)
	}
	table := markdown(results, *latency)
	fmt.Print(table)
	if *out != "" {
		return rewriteResults(*out, table)
	}
	return nil
}
