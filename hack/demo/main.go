// Command demo runs the whole operator locally and shows a newcomer what it does: the test
// control plane (kube-apiserver and etcd built into bin/), the Plytix and Centra sandboxes with
// a seeded catalogue that has real-looking data problems, the operator itself, and a
// CatalogSync and AttributeMapping of that catalogue. It waits for Ready, shows the status a
// platform team and a merchandiser would read, then edits a product in Plytix and one by hand
// in Centra and shows the update and the drift. It cleans up when it ends.
//
//	make demo        (or: go run ./hack/demo -keep to leave everything running)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	keep := flag.Bool("keep", false, "leave the control plane, sandboxes and operator running until Ctrl-C")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "\ndemo failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, keep bool) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	d, err := start(ctx, root)
	if d != nil {
		defer d.stop()
	}
	if err != nil {
		return err
	}
	steps := []struct {
		title string
		do    func(context.Context) error
	}{
		{"Applying the AttributeMapping, the Secrets and the CatalogSync", d.apply},
		{"Waiting for the first sync (kubectl wait --for=condition=Ready)", d.waitReady},
		{"What kubectl shows a platform team", d.showOverview},
		{"What each mapped attribute did", d.showAttributes},
		{"What merchandising has to fix in Plytix", d.showBlocked},
		{"What the storefront shows", d.showVisibility},
		{"A merchandiser edits a product in Plytix; someone edits another by hand in Centra", d.editBoth},
		{"The next run: the update reaches Centra and the hand edit is reported as drift", d.showAfterEdits},
		{"After that delta run, status still describes the whole catalogue (from the ledger)", d.showCatalogueAfterDelta},
		{"The complete exception list, as CSV for merchandising", d.exportExceptions},
	}
	for i, s := range steps {
		fmt.Printf("\n\033[1m%d. %s\033[0m\n", i+1, s.title)
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.title, err)
		}
	}
	fmt.Printf("\nThe demo's files (kubeconfig, manifests, operator log) are in %s.\n", d.dir)
	if keep {
		fmt.Printf("Everything keeps running: export KUBECONFIG=%s and try kubectl; Ctrl-C stops it all.\n",
			filepath.Join(d.dir, "kubeconfig"))
		<-ctx.Done()
	}
	return nil
}

// waitFor polls check every half second until it is true or the timeout passes.
func waitFor(ctx context.Context, timeout time.Duration, what string, check func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := check()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %s", what)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
