package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/testenv"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// demo is everything the demo started.
type demo struct {
	root, dir  string
	kubeconfig string
	kubectl    string
	env        *envtest.Environment
	world      *testworld.Running
	operator   *exec.Cmd
}

const namespace = "nordvik"

// start brings up the control plane, the sandboxes and the operator.
func start(ctx context.Context, root string) (*demo, error) {
	d := &demo{root: root, dir: filepath.Join(root, ".demo"), kubectl: filepath.Join(root, "bin", "kubectl")}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return nil, err
	}
	fmt.Println("Starting the test control plane (kube-apiserver and etcd from bin/) with the CRDs installed")
	env, err := testenv.New()
	if err != nil {
		return nil, err
	}
	d.env = env
	cfg, err := env.Start()
	if err != nil {
		return d, fmt.Errorf("starting the control plane: %w", err)
	}
	user, err := env.AddUser(envtest.User{Name: "demo-admin", Groups: []string{"system:masters"}}, cfg)
	if err != nil {
		return d, err
	}
	kubeconfig, err := user.KubeConfig()
	if err != nil {
		return d, err
	}
	d.kubeconfig = filepath.Join(d.dir, "kubeconfig")
	if err := os.WriteFile(d.kubeconfig, kubeconfig, 0o600); err != nil {
		return d, err
	}
	fmt.Println("Starting the Plytix and Centra sandboxes with a seeded catalogue of 40 parents and 8 accessories")
	d.world, err = testworld.Start(testworld.Options{Catalog: plytixtest.CatalogOptions{Seed: 7, Parents: 40, Singles: 8,
		Problems: plytixtest.ProblemCounts{MissingRequired: 2, UnmappedBrand: 1, MissingAxis: 1, RepeatedAxis: 1, HTMLUnicode: 1}}})
	if err != nil {
		return d, err
	}
	fmt.Printf("  Plytix: %s   Centra: %s\n", d.world.PlytixURL, d.world.CentraURL)
	fmt.Println("Starting the operator (bin/manager), logging to .demo/operator.log")
	log, err := os.Create(filepath.Join(d.dir, "operator.log"))
	if err != nil {
		return d, err
	}
	d.operator = exec.CommandContext(ctx, filepath.Join(root, "bin", "manager"), "--kubeconfig", d.kubeconfig,
		"--metrics-bind-address=0", "--health-probe-bind-address=0", "--zap-log-level=info", "--api-hosts=127.0.0.1")
	d.operator.Stdout, d.operator.Stderr = log, log
	if err := d.operator.Start(); err != nil {
		return d, fmt.Errorf("starting bin/manager (make build builds it): %w", err)
	}
	return d, nil
}

func (d *demo) stop() {
	fmt.Println("\nCleaning up: stopping the operator, the sandboxes and the control plane")
	if d.operator != nil && d.operator.Process != nil {
		_ = d.operator.Process.Signal(os.Interrupt)
		_ = d.operator.Wait()
	}
	if d.world != nil {
		d.world.Close()
	}
	if d.env != nil {
		_ = d.env.Stop()
	}
}

// kubectlShown runs kubectl with the demo's kubeconfig, printing the command and its output as
// a newcomer would see them in a terminal.
func (d *demo) kubectlShown(args ...string) error {
	fmt.Printf("\n$ kubectl %s\n", strings.Join(quote(args), " "))
	out, err := d.kubectlOutput(args...)
	fmt.Print(out)
	return err
}

// kubectlShownHead is kubectlShown, keeping the output to its first lines.
func (d *demo) kubectlShownHead(lines int, args ...string) error {
	fmt.Printf("\n$ kubectl %s\n", strings.Join(quote(args), " "))
	out, err := d.kubectlOutput(args...)
	all := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(all) > lines {
		all = append(all[:lines], fmt.Sprintf("… and %d more lines", len(all)-lines))
	}
	fmt.Println(strings.Join(all, "\n"))
	return err
}

func (d *demo) kubectlOutput(args ...string) (string, error) {
	cmd := exec.Command(d.kubectl, append([]string{"--kubeconfig", d.kubeconfig}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("kubectl %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

func quote(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " {}[]\"'\\$") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return out
}
