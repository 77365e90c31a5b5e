package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"sigs.k8s.io/yaml"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

const syncName = "nordvik-eu"

// apply writes the manifests a platform team would keep in Git, pointed at the sandboxes, and
// applies them with kubectl. config/samples shows the same for real endpoints.
func (d *demo) apply(context.Context) error {
	report := d.world.Plytix.Report()
	mapping := testworld.Mapping("apparel", report)
	mapping.APIVersion, mapping.Kind, mapping.Namespace = pimv1alpha1.GroupVersion.String(), "AttributeMapping", namespace
	sync := &pimv1alpha1.CatalogSync{Spec: testworld.Spec(report, d.world.PlytixURL, d.world.CentraURL, "apparel")}
	sync.APIVersion, sync.Kind, sync.Name, sync.Namespace = pimv1alpha1.GroupVersion.String(), "CatalogSync", syncName, namespace
	sync.Spec.Drift.Mode = pimv1alpha1.DriftModeWarn
	docs := []any{
		map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": namespace}},
		secret("plytix", map[string]string{"apiKey": d.world.PlytixAPIKey, "password": d.world.PlytixPassword}),
		secret("centra", map[string]string{"token": d.world.CentraToken}),
		mapping, sync,
	}
	var b strings.Builder
	for _, doc := range docs {
		out, err := yaml.Marshal(doc)
		if err != nil {
			return err
		}
		b.WriteString("---\n")
		b.Write(out)
	}
	path := filepath.Join(d.dir, "manifests.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return err
	}
	fmt.Printf("Wrote %s: a Namespace, two Secrets, AttributeMapping apparel and CatalogSync %s\n", path, syncName)
	return d.kubectlShown("apply", "-f", path)
}

// secret is a Secret marked for use by the demo's CatalogSync: the operator uses no other.
func secret(name string, data map[string]string) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": name, "namespace": namespace,
		"annotations": map[string]any{pimv1alpha1.SecretConsentAnnotation: syncName}}, "stringData": data}
}

func (d *demo) waitReady(ctx context.Context) error {
	return d.kubectlShown("-n", namespace, "wait", "--for=condition=Ready", "catalogsync/"+syncName, "--timeout=180s")
}

func (d *demo) showOverview(context.Context) error {
	if err := d.kubectlShown("-n", namespace, "get", "catalogsyncs,attributemappings"); err != nil {
		return err
	}
	return d.kubectlShown("-n", namespace, "get", "csync", syncName, `-o=jsonpath={range .status.conditions[*]}{.type}{"="}{.status}{" ("}{.reason}{"): "}{.message}{"\n"}{end}`)
}

func (d *demo) showAttributes(context.Context) error {
	fmt.Println("\nSKUs per mapped attribute: synced, missing in Plytix, failed, drifted")
	return d.kubectlShown("-n", namespace, "get", "csync", syncName, `-o=jsonpath={range .status.attributes[*]}{.name}{"\t"}{.synced}{"\t"}{.missing}{"\t"}{.failed}{"\t"}{.drifted}{"\t"}{.lastError}{"\n"}{end}`)
}

func (d *demo) showBlocked(context.Context) error {
	return d.kubectlShownHead(16, "-n", namespace, "get", "csync", syncName, `-o=jsonpath={.status.failures.total}{" failures, by reason: "}{range .status.failures.byReason[*]}{.reason}{"="}{.count}{" "}{end}{"\n"}{range .status.failures.items[*]}{.sku}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}`)
}

// showVisibility prices the products as the ERP would (the operator never writes prices) and
// runs Centra's visibility checklist on them.
func (d *demo) showVisibility(context.Context) error {
	c := d.world.Centra
	if err := c.PriceAll("EUR", 79); err != nil {
		return err
	}
	products := c.AllProducts()
	visible := 0
	var example string
	for _, p := range products {
		if v := c.Visibility(p.Number, "Retail", "EU"); v.Visible {
			visible++
			if example == "" && len(p.Displays) > 0 && len(p.Variants) > 1 {
				example = fmt.Sprintf("%s %q in %d colours at /%s", p.Number, p.Name, len(p.Variants), p.Displays[0].URI)
			}
		} else {
			fmt.Printf("  not visible: %s: %s\n", p.Number, strings.Join(v.Reasons, "; "))
		}
	}
	fmt.Printf("%d of %d products in Centra are visible and purchasable in store Retail, market EU (after the ERP priced them)\n", visible, len(products))
	fmt.Printf("For example %s\n", example)
	stats := c.Stats()
	fmt.Printf("Centra saw %d requests and %d mutations; stock or price mutations attempted: %d\n",
		stats.Requests, stats.TotalMutations(), stats.StockMutationAttempts+stats.PriceMutationAttempts)
	return nil
}

// edited names what editBoth changed.
var edited struct{ plytixSKU, centraNumber string }

func (d *demo) editBoth(ctx context.Context) error {
	// Centra stamps updatedAt to the second; an edit in the very second the sync finished would
	// wait for the next full pass (docs/decisions.md). People are slower than that.
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(1500 * time.Millisecond):
	}
	p := d.world.Plytix
	for i := 0; i < 40; i++ {
		sku := fmt.Sprintf("AP%06d", 100000+i)
		ids := p.LookupSKU(sku)
		if len(ids) == 0 || !d.inCentra(sku) {
			continue
		}
		if edited.plytixSKU == "" {
			if err := p.UpdateProduct(ids[0], plytixtest.ProductPatch{Attributes: map[string]any{
				"description": "<p>Now with a recycled lining.</p>"}}); err != nil {
				return err
			}
			edited.plytixSKU = sku
			fmt.Printf("Plytix: the description of %s now reads \"Now with a recycled lining.\"\n", sku)
			continue
		}
		text := "Hand-written copy from the AMS"
		if err := d.world.Centra.EditProduct(sku, centratest.ProductEdit{Displays: map[string]centratest.DisplayEdit{"Retail": {Description: &text}}}); err != nil {
			return err
		}
		edited.centraNumber = sku
		fmt.Printf("Centra: someone rewrote the description of %s by hand\n", sku)
		break
	}
	stamp := time.Now().UTC().Format(time.RFC3339)
	return d.kubectlShown("-n", namespace, "annotate", "--overwrite", "csync", syncName,
		pimv1alpha1.ReconcileRequestAnnotation+"="+stamp)
}

func (d *demo) inCentra(number string) bool {
	_, ok := d.world.Centra.Product(number)
	return ok
}

func (d *demo) showAfterEdits(ctx context.Context) error {
	err := waitFor(ctx, 120*time.Second, "the requested run", func() (bool, error) {
		annotation, err := d.kubectlOutput("-n", namespace, "get", "csync", syncName, `-o=jsonpath={.metadata.annotations.reconcile\.pim\.catalogsync\.io/requestedAt}/{.status.lastHandledReconcileAt}`)
		if err != nil {
			return false, err
		}
		requested, handled, _ := strings.Cut(annotation, "/")
		return requested != "" && requested == handled, nil
	})
	if err != nil {
		return err
	}
	if p, ok := d.world.Centra.Product(edited.plytixSKU); ok && len(p.Displays) > 0 {
		fmt.Printf("Centra now has the Plytix edit on %s: %q\n", edited.plytixSKU, p.Displays[0].Description)
	}
	if err := d.kubectlShown("-n", namespace, "get", "csync", syncName, `-o=jsonpath={range .status.conditions[?(@.type=="Drifted")]}{.type}{"="}{.status}{" ("}{.reason}{"): "}{.message}{"\n"}{end}{range .status.history[*]}{.startedAt}{"  "}{.result}{"  "}{.message}{"\n"}{end}`); err != nil {
		return err
	}
	fmt.Println("\nSet spec.drift.mode to Enforce in Git and the next run writes the Plytix value back.")
	return nil
}

// showCatalogueAfterDelta shows that the delta run, which read two products, leaves the
// catalogue's numbers as they are: they come from the ledger, and lastRun says what the run did.
func (d *demo) showCatalogueAfterDelta(context.Context) error {
	if err := d.kubectlShown("-n", namespace, "get", "csync", syncName); err != nil {
		return err
	}
	if err := d.kubectlShown("-n", namespace, "get", "csync", syncName,
		`-o=jsonpath={"catalogue: "}{.status.catalogue.products}{"\nlast run:  "}{.status.lastRun.products}{"\nledger:    "}{.status.catalogue.ledger}{"\n"}`); err != nil {
		return err
	}
	return d.kubectlShown("-n", namespace, "get", "configmaps", "-l", "app.kubernetes.io/managed-by=catalogsync-operator")
}

// exportExceptions writes the complete exception list, for merchandisers who do not use kubectl.
func (d *demo) exportExceptions(context.Context) error {
	path := filepath.Join(d.dir, "exceptions.csv")
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	args := []string{"exceptions", "--kubeconfig", d.kubeconfig, "-n", namespace, syncName}
	fmt.Printf("$ bin/manager %s > %s\n", strings.Join(args, " "), path)
	cmd := exec.Command(filepath.Join(d.root, "bin", "manager"), args...)
	cmd.Stdout, cmd.Stderr = out, os.Stderr
	if err := cmd.Run(); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	for _, l := range lines[:min(len(lines), 8)] {
		fmt.Println("  " + l)
	}
	fmt.Printf("  ... %d exceptions in all, in %s\n", len(lines)-1, path)
	return nil
}
