package integration

// These tests use plain Go against a real kube-apiserver and etcd (the test control plane built
// by `make envtest`), with the operator's manager running both controllers and the real engine
// talking to the Plytix and Centra sandboxes over HTTP. Each test works in a namespace of its
// own, and assertions read through an uncached client, so they see what the API server has.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/catalogsync/catalogsync-operator/controllers"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/testenv"
)

var (
	testEnv    *envtest.Environment
	restConfig *rest.Config
	k8sClient  client.Client
	// runs counts the sync runs of each CatalogSync (namespace/name).
	runs = &runCounter{counts: map[string]int{}}
	// logs holds everything the manager logged, to check no secret ever appears in it.
	logs = &syncBuffer{}
	// metricsRegistry holds the manager's metrics, for tests that wait on what it reports.
	metricsRegistry = prometheus.NewRegistry()
)

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	env, err := testenv.New()
	testEnv = env
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	restConfig, err = env.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "Starting the test control plane:", err)
		return 1
	}
	defer func() {
		if err := env.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "Stopping the test control plane:", err)
		}
	}()
	k8sClient, err = client.New(restConfig, client.Options{Scheme: testenv.Scheme()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped, err := startManager(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Starting the manager:", err)
		return 1
	}
	code := m.Run()
	cancel()
	<-stopped
	return code
}

// startManager runs the operator's controllers as main.go wires them, logging into logs.
func startManager(ctx context.Context) (<-chan struct{}, error) {
	ctrl.SetLogger(zap.New(zap.WriteTo(logs), zap.UseDevMode(false)))
	mgr, err := ctrl.NewManager(restConfig, ctrl.Options{
		Scheme: testenv.Scheme(), Metrics: metricsserver.Options{BindAddress: "0"}, HealthProbeBindAddress: "0",
	})
	if err != nil {
		return nil, err
	}
	metrics := controllers.NewMetrics(metricsRegistry)
	clients := &engine.Clients{Budgets: budget.NewRegistry(), PlytixObserver: metrics.Observer("plytix"),
		CentraObserver: metrics.Observer("centra"), CentraMutationObserver: metrics.MutationObserver("centra")}
	syncs := &controllers.CatalogSyncReconciler{
		Client: mgr.GetClient(), APIReader: mgr.GetAPIReader(), Recorder: mgr.GetEventRecorder("catalogsync-operator"),
		Runner: runs.wrap(&engine.Engine{Connect: clients.Connect}), Clock: clock.RealClock{}, MaxConcurrentSyncs: 4, Metrics: metrics,
		APIHosts: controllers.APIHosts{"127.0.0.1"}, // the sandboxes
	}
	if err := syncs.SetupWithManager(ctx, mgr); err != nil {
		return nil, err
	}
	if err := (&controllers.AttributeMappingReconciler{Client: mgr.GetClient(), Clock: clock.RealClock{},
		Recorder: mgr.GetEventRecorder("catalogsync-operator")}).SetupWithManager(mgr); err != nil {
		return nil, err
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		if err := mgr.Start(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "Manager stopped:", err)
		}
	}()
	return stopped, nil
}

// runCounter counts runs per CatalogSync, to prove there is no retry storm and that suspend
// stops runs.
type runCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *runCounter) wrap(inner controllers.SyncRunner) controllers.SyncRunner {
	return countingRunner{c: c, inner: inner}
}

func (c *runCounter) get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[name]
}

type countingRunner struct {
	c     *runCounter
	inner controllers.SyncRunner
}

func (r countingRunner) Run(ctx context.Context, req engine.Request) (*report.Report, error) {
	r.c.mu.Lock()
	r.c.counts[req.Name]++
	r.c.mu.Unlock()
	return r.inner.Run(ctx, req)
}

// syncBuffer is a bytes.Buffer safe for the manager's concurrent log writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newNamespace creates a namespace for one test and deletes it when the test ends.
func newNamespace(t *testing.T) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "test-"}}
	if err := k8sClient.Create(context.Background(), ns); err != nil {
		t.Fatalf("creating namespace: %v", err)
	}
	t.Cleanup(func() { _ = k8sClient.Delete(context.Background(), ns) })
	return ns.Name
}

// testEnvAdminKubeconfig returns a kubeconfig for a cluster-admin of the test API server, for
// tests that drive kubectl.
func testEnvAdminKubeconfig() ([]byte, error) {
	user, err := testEnv.AddUser(envtest.User{Name: "test-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	return user.KubeConfig()
}
