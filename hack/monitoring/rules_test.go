// Package monitoring proves the shipped alert rules with Prometheus's own promtool: each rule
// is fed series shaped as the manager exports them, and must fire when it should and stay
// silent when it should not.
package monitoring

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

// promtool is the binary make builds from hack/tools/promtool.
func promtool(t *testing.T, root string) string {
	t.Helper()
	path := filepath.Join(root, "bin", "promtool")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s not found: run 'make promtool' (make test and make test-unit build it)", path)
	}
	return path
}

// TestAlertRulesWithPromtool extracts the rule groups from config/monitoring's PrometheusRule,
// checks them with promtool check rules and runs the unit tests of testdata/rules_test.yaml
// against them with promtool test rules.
func TestAlertRulesWithPromtool(t *testing.T) {
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "config", "monitoring", "prometheusrule.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var rule struct {
		Spec struct {
			Groups []any `json:"groups"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(raw, &rule); err != nil || len(rule.Spec.Groups) == 0 {
		t.Fatalf("reading the PrometheusRule: %v (%d groups)", err, len(rule.Spec.Groups))
	}
	groups, err := yaml.Marshal(map[string]any{"groups": rule.Spec.Groups})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), groups, 0o600); err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile("testdata/rules_test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rules_test.yaml"), tests, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := promtool(t, root)
	for _, args := range [][]string{{"check", "rules", "rules.yaml"}, {"test", "rules", "rules_test.yaml"}} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}
