package integration

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

// argoCDModule is the Argo CD release whose CRDs judge the rollout kit's AppProject and
// ApplicationSet; go mod download fetches it from the module proxy (about 55 MB, once per
// machine).
const argoCDModule = "github.com/argoproj/argo-cd/v3@v3.5.4"

// TestRolloutKitRendersAndApplies: every overlay of examples/rollout renders with kubectl
// kustomize, each CatalogSync names the AttributeMapping of its own overlay, and the API server
// accepts all of it (server-side dry run: the CRDs' schemas, defaults and CEL rules). The
// ApplicationSet's directory generator finds exactly the overlays, and Argo CD's own CRDs accept
// the AppProject and the ApplicationSet.
func TestRolloutKitRendersAndApplies(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	kubectl, kubeconfig := filepath.Join(testEnv.BinaryAssetsDirectory, "kubectl"), writeKubeconfig(t)
	run := func(stdin []byte, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(kubectl, append([]string{"--kubeconfig", kubeconfig}, args...)...)
		cmd.Stdin = bytes.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	set := readYAML[struct {
		Spec struct {
			Generators []struct {
				Git struct {
					Directories []struct{ Path string } `json:"directories"`
				} `json:"git"`
			} `json:"generators"`
		} `json:"spec"`
	}](t, filepath.Join(root, "examples/rollout/argocd/applicationset.yaml"))
	pattern := set.Spec.Generators[0].Git.Directories[0].Path
	overlays, err := filepath.Glob(filepath.Join(root, pattern))
	if err != nil || len(overlays) < 2 {
		t.Fatalf("the ApplicationSet's %q finds %v (%v), want the overlays", pattern, overlays, err)
	}
	for _, dir := range overlays {
		region := filepath.Base(dir)
		rendered := run(nil, "kustomize", dir)
		ns := newNamespace(t)
		manifests := strings.ReplaceAll(string(rendered), "namespace: "+region+"\n", "namespace: "+ns+"\n")
		if strings.Count(string(rendered), "namespace: "+region+"\n") != 2 {
			t.Errorf("%s: want the AttributeMapping and the CatalogSync in namespace %s:\n%s", region, region, rendered)
		}
		if !strings.Contains(manifests, "- nordlys-apparel-"+strings.TrimPrefix(region, "nordlys-")+"\n") {
			t.Errorf("%s: the CatalogSync does not name its overlay's AttributeMapping:\n%s", region, rendered)
		}
		run([]byte(manifests), "apply", "--dry-run=server", "--server-side", "-f", "-")
	}

	// Argo CD's own CRDs, from its release, judge the project and the ApplicationSet.
	download := exec.Command("go", "mod", "download", "-json", argoCDModule)
	out, err := download.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v\n%s", argoCDModule, err, out)
	}
	var module struct{ Dir string }
	if err := json.Unmarshal(out, &module); err != nil || module.Dir == "" {
		t.Fatalf("go mod download %s: %s", argoCDModule, out)
	}
	for _, crd := range []string{"appproject-crd.yaml", "applicationset-crd.yaml"} {
		data, err := os.ReadFile(filepath.Join(module.Dir, "manifests", "crds", crd))
		if err != nil {
			t.Fatal(err)
		}
		run(data, "apply", "--server-side", "-f", "-")
	}
	for _, crd := range []string{"crd/appprojects.argoproj.io", "crd/applicationsets.argoproj.io"} {
		// kubectl wait fails, rather than waits, on a CRD whose status has no conditions yet.
		eventually(t, 60*time.Second, func() (bool, string) {
			out, err := exec.Command(kubectl, "--kubeconfig", kubeconfig, "wait", "--for=condition=Established", crd, "--timeout=10s").CombinedOutput()
			return err == nil, string(out)
		})
	}
	ns := newNamespace(t)
	for _, file := range []string{"appproject.yaml", "applicationset.yaml"} {
		data, err := os.ReadFile(filepath.Join(root, "examples/rollout/argocd", file))
		if err != nil {
			t.Fatal(err)
		}
		run([]byte(strings.ReplaceAll(string(data), "namespace: argocd\n", "namespace: "+ns+"\n")), "apply", "--dry-run=server", "--server-side", "-f", "-")
	}
}

func readYAML[T any](t *testing.T, path string) T {
	t.Helper()
	var v T
	data, err := os.ReadFile(path)
	if err == nil {
		err = yaml.Unmarshal(data, &v)
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}
