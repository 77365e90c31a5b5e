package integration

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

func TestEverySampleIsAccepted(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "config", "samples", "pim_*.yaml"))
	if err != nil || len(files) < 3 {
		t.Fatalf("expected at least 3 samples, found %d (%v)", len(files), err)
	}
	ns := newNamespace(t)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			obj := &unstructured.Unstructured{}
			if err := yaml.Unmarshal(data, &obj.Object); err != nil {
				t.Fatal(err)
			}
			obj.SetNamespace(ns)
			if err := k8sClient.Create(context.Background(), obj); err != nil {
				t.Fatalf("sample rejected: %v", err)
			}
		})
	}
}

func TestLoopbackHTTPIsAcceptedForLocalSandboxes(t *testing.T) {
	ns := newNamespace(t)
	for _, url := range []string{"http://localhost:8080", "http://127.0.0.1:9000/api", "http://[::1]:80"} {
		obj := validCatalogSync(ns)
		obj.Spec.Plytix.APIURL = url
		obj.Spec.Plytix.AuthURL = url
		obj.Spec.Centra.URL = url + "/graphql"
		if err := k8sClient.Create(context.Background(), obj); err != nil {
			t.Errorf("%s rejected: %v", url, err)
		}
	}
}

func TestDefaultsAreApplied(t *testing.T) {
	ns := newNamespace(t)
	// A dry run returns the object as the API server would store it, defaults applied, before
	// the running controller can touch its status.
	got := validCatalogSync(ns)
	got.Name = "defaults"
	if err := k8sClient.Create(context.Background(), got, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	s := got.Spec
	checks := []struct {
		field     string
		got, want any
	}{
		{"interval", s.Interval.Duration, 15 * time.Minute},
		{"fullSyncInterval", s.FullSyncInterval.Duration, 24 * time.Hour},
		{"retryInterval", s.RetryInterval.Duration, 2 * time.Minute},
		{"timeout (unset: derived from interval at run time)", s.Timeout == nil, true},
		{"mode", s.Mode, pimv1alpha1.SyncModeApply},
		{"plytix.apiURL", s.Plytix.APIURL, "https://pim.plytix.com"},
		{"plytix.authURL", s.Plytix.AuthURL, "https://auth.plytix.com"},
		{"plytix.credentialsSecretRef.apiKeyKey", s.Plytix.CredentialsSecretRef.APIKeyKey, "apiKey"},
		{"plytix.credentialsSecretRef.passwordKey", s.Plytix.CredentialsSecretRef.PasswordKey, "password"},
		{"centra.tokenSecretRef.key", s.Centra.TokenSecretRef.Key, "token"},
		{"hierarchy.colorAxis", s.Hierarchy.ColorAxis, "color"},
		{"hierarchy.sizeAxis", s.Hierarchy.SizeAxis, "size"},
		{"drift.mode", s.Drift.Mode, pimv1alpha1.DriftModeWarn},
		{"deletionPolicy", s.DeletionPolicy, pimv1alpha1.DeletionPolicyOrphan},
		{"publish.newProducts", s.Publish.NewProducts, pimv1alpha1.NewProductActive},
		{"publish.onGateFailure", s.Publish.OnGateFailure, pimv1alpha1.GateFailureKeep},
		{"suspend", s.Suspend, false},
		{"status.observedGeneration", got.Status.ObservedGeneration, int64(-1)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
		}
	}

	mapping := validMapping(ns)
	mapping.Spec.Brand = &pimv1alpha1.BrandMapping{Values: []pimv1alpha1.LookupEntry{{From: "Nordlys", To: "Nordlys Outdoor"}}}
	mapping.Spec.Rules[1].To.Attribute.ElementKey = ""
	mapping.Spec.Rules[0].Transforms = []pimv1alpha1.Transform{{
		Type: pimv1alpha1.TransformConvertUnit, Unit: &pimv1alpha1.UnitConversion{From: "g", To: "kg"},
	}}
	gotMapping := mapping
	gotMapping.Name = "defaults"
	if err := k8sClient.Create(context.Background(), gotMapping, client.DryRunAll); err != nil {
		t.Fatal(err)
	}
	m := gotMapping.Spec
	mappingChecks := []struct {
		field     string
		got, want any
	}{
		{"brand.attribute", m.Brand.Attribute, "brand"},
		{"rules[1].to.attribute.elementKey", m.Rules[1].To.Attribute.ElementKey, "text"},
		{"rules[1].to.attribute.level", m.Rules[1].To.Attribute.Level, pimv1alpha1.AttributeLevelProduct},
		{"rules[0].transforms[0].unit.precision", m.Rules[0].Transforms[0].Unit.Precision, int32(2)},
		{"status.observedGeneration", gotMapping.Status.ObservedGeneration, int64(-1)},
	}
	for _, c := range mappingChecks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
		}
	}
}

// TestKubectlExplainDescribesTheSpec runs the kubectl built by `make envtest` against the test
// API server, as a platform engineer would.
func TestKubectlExplainDescribesTheSpec(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	kubectl := filepath.Join(root, "bin", "kubectl")
	if assets := os.Getenv("KUBEBUILDER_ASSETS"); assets != "" {
		kubectl = filepath.Join(assets, "kubectl")
	}
	kubeconfig := writeKubeconfig(t)
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"catalogsync.spec", []string{
			"interval\t<string>", "fullSyncInterval\t<string>", "retryInterval\t<string>", "timeout\t<string>",
			"suspend\t<boolean>", "mode\t<string>", "plytix\t<Object> -required-", "centra\t<Object> -required-",
			"mappings\t<Object> -required-", "hierarchy\t<Object>", "gates\t<Object>", "drift\t<Object>",
			"deletionPolicy\t<string>", "publish\t<Object>",
			"interval is how often a sync run starts",
			"enum: Apply, Plan, Observe",
		}},
		{"catalogsync.spec.plytix.filters", []string{"OR'ed", "AND'ed"}},
		{"attributemapping.spec.rules.to", []string{"productField", "attribute\t<Object>"}},
		{"csync.status.failures", []string{"total\t<integer> -required-", "truncated\t<boolean> -required-"}},
	} {
		cmd := exec.Command(kubectl, "--kubeconfig", kubeconfig, "explain", tc.path)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("kubectl explain %s: %v\n%s", tc.path, err, out.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("kubectl explain %s lacks %q:\n%s", tc.path, w, out.String())
			}
		}
	}
}

func writeKubeconfig(t *testing.T) string {
	t.Helper()
	user, err := testEnvAdminKubeconfig()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, user, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKubectlNamesEveryWayUsersType: the kind's singular name reaches one object (the category
// must not shadow it, or kubectl answers "you must specify only one resource"), and the
// category pim lists both kinds.
func TestKubectlNamesEveryWayUsersType(t *testing.T) {
	kubectl, _ := kubectlPath(t)
	kubeconfig := writeKubeconfig(t)
	w := newSyncWorld(t)
	m := w.createMapping()
	sync := w.createSync(nil)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(kubectl, append([]string{"--kubeconfig", kubeconfig, "-n", w.ns}, args...)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	for _, kind := range []string{"catalogsync", "catalogsyncs", "csync"} {
		if got := run("get", kind, sync.Name, "-o", "name"); strings.TrimSpace(got) != "catalogsync.pim.catalogsync.io/"+sync.Name {
			t.Errorf("kubectl get %s %s = %q", kind, sync.Name, got)
		}
	}
	if got := run("describe", "catalogsync", sync.Name); !strings.Contains(got, "Name:         "+sync.Name) {
		t.Errorf("kubectl describe catalogsync %s:\n%s", sync.Name, got)
	}
	if got := run("get", "attributemapping", m.Name, "-o", "name"); strings.TrimSpace(got) != "attributemapping.pim.catalogsync.io/"+m.Name {
		t.Errorf("kubectl get attributemapping %s = %q", m.Name, got)
	}
	got := run("get", "pim", "-o", "name")
	for _, want := range []string{"catalogsync.pim.catalogsync.io/" + sync.Name, "attributemapping.pim.catalogsync.io/" + m.Name} {
		if !strings.Contains(got, want) {
			t.Errorf("kubectl get pim lacks %s:\n%s", want, got)
		}
	}
}
