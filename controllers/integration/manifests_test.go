package integration

// The deployable manifests (config/default) are built with kubectl kustomize and applied
// to the real API server (which runs no pods), and the manager's Deployment and role are checked for the
// hardening and least privilege they promise.

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"sigs.k8s.io/yaml"

	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

func kubectlPath(t *testing.T) (kubectl, root string) {
	t.Helper()
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(testEnv.BinaryAssetsDirectory, "kubectl"), root
}

func TestDefaultManifestsApplyToARealAPIServer(t *testing.T) {
	kubectl, root := kubectlPath(t)
	built, err := exec.Command(kubectl, "kustomize", filepath.Join(root, "config", "default")).Output()
	if err != nil {
		t.Fatalf("kubectl kustomize config/default: %v", err)
	}
	apply := exec.Command(kubectl, "--kubeconfig", writeKubeconfig(t), "apply", "--server-side", "--force-conflicts", "-f", "-")
	apply.Stdin = bytes.NewReader(built)
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("applying config/default: %v\n%s", err, out)
	}

	var deployment appsv1.Deployment
	var managerRole rbacv1.ClusterRole
	for _, doc := range strings.Split(string(built), "\n---\n") {
		switch {
		case strings.Contains(doc, "kind: Deployment"):
			if err := yaml.Unmarshal([]byte(doc), &deployment); err != nil {
				t.Fatal(err)
			}
		case strings.Contains(doc, "name: catalogsync-manager-role\n"):
			if err := yaml.Unmarshal([]byte(doc), &managerRole); err != nil {
				t.Fatal(err)
			}
		}
	}
	assertHardened(t, deployment)
	assertLeastPrivilege(t, managerRole)
}

func assertHardened(t *testing.T, d appsv1.Deployment) {
	t.Helper()
	pod := d.Spec.Template.Spec
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("pod must run as non-root")
	}
	if pod.SecurityContext == nil || pod.SecurityContext.SeccompProfile == nil ||
		pod.SecurityContext.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Error("pod must use the RuntimeDefault seccomp profile")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		t.Error("container must have a read-only root filesystem")
	}
	if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("container must not allow privilege escalation")
	}
	if sc == nil || sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) {
		t.Error("container must drop ALL capabilities")
	}
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() ||
		c.Resources.Limits.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("container needs cpu and memory requests and limits, got %+v", c.Resources)
	}
	if c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" ||
		c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" {
		t.Error("container needs /healthz liveness and /readyz readiness probes")
	}
	if !slices.Contains(c.Args, "--leader-elect") {
		t.Error("the deployed manager must elect a leader")
	}
}

// assertLeastPrivilege: reads only, except the status of the operator's own kinds and events.
func assertLeastPrivilege(t *testing.T, role rbacv1.ClusterRole) {
	t.Helper()
	if len(role.Rules) == 0 {
		t.Fatal("manager role not found in config/default")
	}
	readOnly := []string{"get", "list", "watch"}
	for _, rule := range role.Rules {
		for _, resource := range rule.Resources {
			writes := slices.DeleteFunc(slices.Clone(rule.Verbs), func(v string) bool { return slices.Contains(readOnly, v) })
			switch {
			case len(writes) == 0:
			case strings.HasSuffix(resource, "/status") && slices.Contains(rule.APIGroups, "pim.catalogsync.io"):
			case resource == "events" && slices.Equal(writes, []string{"create", "patch"}):
			case resource == "configmaps" && slices.Equal(writes, []string{"create", "delete", "update"}):
				// The ledger's ConfigMaps (docs/design.md §12): created, replaced and pruned, never patched.
			default:
				t.Errorf("manager role may write %s (%v); it should only read, or write its own kinds' status and ledger", resource, writes)
			}
			if resource == "*" || slices.Contains(rule.Verbs, "*") {
				t.Errorf("manager role uses a wildcard: %+v", rule)
			}
		}
	}
}
