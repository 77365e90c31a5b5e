package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"

	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/sandbox"
)

// serve runs both sandboxes until stdin closes, writing their Info to the given file.
func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	skus := fs.Int("skus", 1000, "catalogue size in SKUs")
	latency := fs.Duration("latency", 0, "latency of every call")
	info := fs.String("info", "", "where to write the world's info")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := sandbox.Start(sandbox.Options{Catalog: catalogFor(*skus), Latency: *latency, Unlimited: true})
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := json.Marshal(r.Info())
	if err != nil {
		return err
	}
	if err := os.WriteFile(*info+".tmp", data, 0o600); err != nil {
		return err
	}
	if err := os.Rename(*info+".tmp", *info); err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // the parent closes stdin to stop us
	return nil
}

// catalogFor has exactly n SKUs: parents of 2 colours × 4 sizes, and singles for the rest.
func catalogFor(n int) plytixtest.CatalogOptions {
	return plytixtest.CatalogOptions{Seed: 42, Parents: n / 8, Singles: n % 8, ColoursPerParent: 2, SizesPerParent: 4}
}
