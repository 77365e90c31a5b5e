// Command manager runs the catalogsync operator: it reconciles CatalogSync and AttributeMapping
// objects, syncing Plytix products into Centra. "manager exceptions NAME" exports a
// CatalogSync's complete exception list from its ledger as CSV.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/metrics/filters"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/controllers"
	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

var scheme = runtime.NewScheme()

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(pimv1alpha1.AddToScheme(scheme))
}

// options are the manager's command-line flags.
type options struct {
	metricsAddr        string
	secureMetrics      bool
	enableHTTP2        bool
	probeAddr          string
	leaderElect        bool
	leaderElectionNS   string
	maxConcurrentSyncs int
	apiHosts           string
	zap                zap.Options
}

func parseFlags() options {
	var o options
	flag.StringVar(&o.metricsAddr, "metrics-bind-address", ":8443",
		"Address the metrics endpoint binds to; use :8080 with --metrics-secure=false for plain HTTP, or 0 to disable it.")
	flag.BoolVar(&o.secureMetrics, "metrics-secure", true,
		"Serve metrics over HTTPS, authenticated and authorised through the Kubernetes API.")
	flag.BoolVar(&o.enableHTTP2, "enable-http2", false,
		"Allow HTTP/2 on the metrics server (off by default against the HTTP/2 rapid-reset and stream-cancellation CVEs).")
	flag.StringVar(&o.probeAddr, "health-probe-bind-address", ":8081", "Address the health and readiness probes bind to.")
	flag.BoolVar(&o.leaderElect, "leader-elect", false,
		"Elect a leader so that only one replica syncs at a time; required when running more than one replica.")
	flag.StringVar(&o.leaderElectionNS, "leader-election-namespace", "",
		"Namespace of the leader-election lease; defaults to the namespace the manager runs in.")
	flag.IntVar(&o.maxConcurrentSyncs, "max-concurrent-syncs", 2,
		"How many CatalogSyncs may run at once. Syncs that share a Plytix account or a Centra environment still share its quota.")
	flag.StringVar(&o.apiHosts, "api-hosts", strings.Join(controllers.DefaultAPIHosts, ","),
		"Comma-separated hosts CatalogSyncs may send their namespace's credentials to: exact names, or *.domain for its subdomains. "+
			"A CatalogSync whose URLs name another host stalls before any Secret is read.")
	o.zap.Development = false
	o.zap.BindFlags(flag.CommandLine)
	flag.Parse()
	return o
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "exceptions" {
		os.Exit(runExceptions(os.Args[2:], os.Stdout, os.Stderr))
	}
	o := parseFlags()
	// Every line goes through the scrubbing sink: no credential the process has read reaches the
	// log, at any verbosity.
	ctrl.SetLogger(secret.ScrubbingLogger(zap.New(zap.UseFlagOptions(&o.zap))))
	log := ctrl.Log.WithName("setup")

	if err := run(o); err != nil {
		log.Error(err, "Manager stopped with an error")
		os.Exit(1)
	}
}

func run(o options) error {
	log := ctrl.Log.WithName("setup")
	ctx := ctrl.SetupSignalHandler()
	var tlsOpts []func(*tls.Config)
	if !o.enableHTTP2 {
		tlsOpts = append(tlsOpts, func(c *tls.Config) { c.NextProtos = []string{"http/1.1"} })
	}
	metricsOptions := metricsserver.Options{
		BindAddress:   o.metricsAddr,
		SecureServing: o.secureMetrics,
		TLSOpts:       tlsOpts,
	}
	if o.secureMetrics {
		metricsOptions.FilterProvider = filters.WithAuthenticationAndAuthorization
	}

	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{
		Scheme:                        scheme,
		Metrics:                       metricsOptions,
		HealthProbeBindAddress:        o.probeAddr,
		LeaderElection:                o.leaderElect,
		LeaderElectionID:              "catalogsync-operator.pim.catalogsync.io",
		LeaderElectionNamespace:       o.leaderElectionNS,
		LeaderElectionReleaseOnCancel: true,
	})
	if err != nil {
		return err
	}
	if err := setupControllers(ctx, mgr, o); err != nil {
		return err
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		return err
	}
	if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
		return err
	}

	log.Info("Starting manager", "metricsAddress", o.metricsAddr, "leaderElection", o.leaderElect)
	return mgr.Start(ctx)
}

// setupControllers wires both controllers. One budget registry serves the whole process, so
// every CatalogSync that uses one Plytix account or one Centra environment spends from one
// quota.
func setupControllers(ctx context.Context, mgr ctrl.Manager, o options) error {
	metrics := controllers.NewMetrics(crmetrics.Registry)
	clients := &engine.Clients{
		Budgets:                budget.NewRegistry(),
		PlytixObserver:         metrics.Observer("plytix"),
		CentraObserver:         metrics.Observer("centra"),
		CentraMutationObserver: metrics.MutationObserver("centra"),
	}
	syncs := &controllers.CatalogSyncReconciler{
		Client:             mgr.GetClient(),
		APIReader:          mgr.GetAPIReader(),
		Recorder:           mgr.GetEventRecorder("catalogsync-operator"),
		Runner:             &engine.Engine{Connect: clients.Connect},
		Clock:              clock.RealClock{},
		MaxConcurrentSyncs: o.maxConcurrentSyncs,
		Metrics:            metrics,
		APIHosts:           parseHosts(o.apiHosts),
	}
	if err := syncs.SetupWithManager(ctx, mgr); err != nil {
		return err
	}
	mappings := &controllers.AttributeMappingReconciler{Client: mgr.GetClient(), Clock: clock.RealClock{},
		Recorder: mgr.GetEventRecorder("catalogsync-operator")}
	return mappings.SetupWithManager(mgr)
}

// parseHosts reads the --api-hosts list.
func parseHosts(list string) controllers.APIHosts {
	var hosts controllers.APIHosts
	for _, h := range strings.Split(list, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	return hosts
}
