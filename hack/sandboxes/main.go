// Command sandboxes serves the Plytix and Centra sandboxes of one world on loopback: a
// generated Plytix catalogue with real-looking data problems, and a Centra that fits it, until
// it is interrupted. It is the project's one sandbox runner: hack/bench runs it as a child
// process (so the heap it measures is the engine's own), and anyone can run it by hand to point
// a manager at it. make demo serves the same world in its own process, through
// internal/testworld.
//
//	go run ./hack/sandboxes -plytix 127.0.0.1:18080 -centra 127.0.0.1:18090 -parents 40 -info /tmp/world.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sandboxes:", err)
		os.Exit(1)
	}
}

func run() error {
	var o testworld.Options
	flag.StringVar(&o.PlytixAddr, "plytix", "127.0.0.1:18080", "Plytix sandbox listen address")
	flag.StringVar(&o.CentraAddr, "centra", "127.0.0.1:18090", "Centra sandbox listen address")
	flag.IntVar(&o.Catalog.Parents, "parents", 40, "parent products (each with 2 colours × 4 sizes)")
	flag.IntVar(&o.Catalog.Singles, "singles", 8, "single products (accessories)")
	flag.IntVar(&o.Catalog.ColoursPerParent, "colours", 0, "colours per parent (0: the generator's default)")
	flag.IntVar(&o.Catalog.SizesPerParent, "sizes", 0, "sizes per colour (0: the generator's default)")
	flag.Int64Var(&o.Catalog.Seed, "seed", 7, "catalogue seed")
	problems := flag.Bool("problems", true, "plant real-looking data problems (missing attributes, unmapped brand, missing axis, repeated axis, HTML and Unicode)")
	flag.DurationVar(&o.Latency, "latency", 0, "delay added to every request")
	flag.BoolVar(&o.Unlimited, "no-rate-limits", false, "count the documented rate limits without enforcing them")
	info := flag.String("info", "", "write the URLs, credentials and catalogue report to this JSON file once serving")
	flag.Parse()
	if *problems {
		o.Catalog.Problems = plytixtest.ProblemCounts{MissingRequired: 2, UnmappedBrand: 1, MissingAxis: 1, RepeatedAxis: 1, HTMLUnicode: 1}
	}
	r, err := testworld.Start(o)
	if err != nil {
		return err
	}
	defer r.Close()
	if *info != "" {
		data, err := json.MarshalIndent(r.Info(), "", "  ")
		if err != nil {
			return err
		}
		// Written whole, then renamed: a process waiting for the file never reads half of it.
		if err := os.WriteFile(*info+".tmp", data, 0o600); err != nil {
			return err
		}
		if err := os.Rename(*info+".tmp", *info); err != nil {
			return err
		}
	}
	fmt.Printf("Plytix sandbox: %s (controls %s/_sandbox/)\nCentra sandbox: %s (controls under /_sandbox/)\n", r.PlytixURL, r.PlytixURL, r.CentraURL)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
