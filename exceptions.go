package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/config"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
)

// exceptionsUsage is the help of the exceptions subcommand.
const exceptionsUsage = `Usage: manager exceptions [--kubeconfig FILE] [-n NAMESPACE] NAME

Writes the complete exception list of CatalogSync NAME as CSV to standard output: every failure
(status lists only the first 50), hand edit left in Centra, and product pending or orphaned, with
the SKU, its parent, the attribute, the reason, who owns the fix and what to do. It reads the
ledger ConfigMaps with the caller's kubeconfig, so it needs only read access to the namespace.
`

// runExceptions is the exceptions subcommand.
func runExceptions(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("exceptions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, exceptionsUsage) }
	namespace := fs.String("n", "default", "Namespace of the CatalogSync.")
	kubeconfig := fs.String("kubeconfig", "", "Path of the kubeconfig; defaults to $KUBECONFIG or ~/.kube/config.")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if err := writeExceptions(context.Background(), *kubeconfig, *namespace, fs.Arg(0), stdout); err != nil {
		fmt.Fprintln(stderr, "Error:", err)
		return 1
	}
	return 0
}

func writeExceptions(ctx context.Context, kubeconfig, namespace, name string, out io.Writer) error {
	if kubeconfig != "" {
		if err := os.Setenv("KUBECONFIG", kubeconfig); err != nil {
			return err
		}
	}
	cfg, err := config.GetConfig()
	if err != nil {
		return err
	}
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return err
	}
	sync := &pimv1alpha1.CatalogSync{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, sync); err != nil {
		return fmt.Errorf("reading CatalogSync %s/%s: %w", namespace, name, err)
	}
	book, health, err := (&ledger.Store{Reader: c}).Load(ctx, sync)
	if err != nil {
		return err
	}
	if !health.Intact {
		return fmt.Errorf("CatalogSync %s/%s has no readable ledger (%s); the next run rebuilds it", namespace, name, health.Message)
	}
	_, err = ledger.WriteExceptions(out, book.Exceptions())
	return err
}
