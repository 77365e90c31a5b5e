package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// syncWorld is a namespace with a CatalogSync of both sandboxes.
type syncWorld struct {
	t       *testing.T
	ns      string
	plytix  *plytixtest.Server
	centra  *centratest.TestServer
	secrets map[string]string // secret values, to check none leaks
}

var worldCatalog = plytixtest.CatalogOptions{Seed: 7, Parents: 12, Singles: 3,
	Problems: plytixtest.ProblemCounts{MissingRequired: 1, UnmappedBrand: 1, MissingAxis: 1}}

func newSyncWorld(t *testing.T) *syncWorld {
	t.Helper()
	return newSyncWorldOf(t, worldCatalog)
}

// newSyncWorldOf is a world whose Plytix holds the given catalogue.
func newSyncWorldOf(t *testing.T, catalog plytixtest.CatalogOptions) *syncWorld {
	t.Helper()
	p := plytixtest.NewTestServer(t, plytixtest.Options{Catalog: catalog, RateLimits: plytixtest.Unlimited(), IDFilter: true,
		APIKey: "plytix-key-7f3a8b", APIPassword: "plytix-password-9c1e"})
	seed := testworld.CentraSeed(p.Report())
	token := "centra-token-4d2b-" + fmt.Sprint(time.Now().UnixNano()%1000)
	c := centratest.NewTestServer(t, centratest.Options{Seed: &seed, Tokens: []centratest.Token{{Value: token}},
		RateLimits: &centratest.RateLimits{Disabled: true}, MediaPendingPolls: -1})
	key, password := p.Credentials()
	w := &syncWorld{t: t, ns: newNamespace(t), plytix: p, centra: c,
		secrets: map[string]string{"plytix API key": key, "plytix password": password, "Centra token": token}}
	return w
}

func (w *syncWorld) createSecrets() {
	w.t.Helper()
	w.createSecretsWith(w.plytix.Credentials())
}

// createSecretsWith creates the world's Secrets with the given Plytix credentials.
func (w *syncWorld) createSecretsWith(key, password string) {
	w.t.Helper()
	w.create(secretOf(w.ns, "plytix", map[string]string{"apiKey": key, "password": password}))
	w.create(secretOf(w.ns, "centra", map[string]string{"token": w.secrets["Centra token"]}))
}

func (w *syncWorld) createMapping() *pimv1alpha1.AttributeMapping {
	m := testworld.Mapping("apparel", w.plytix.Report())
	m.Namespace = w.ns
	w.create(m)
	return m
}

// createSync creates the CatalogSync of the world, after mutate changes its spec.
func (w *syncWorld) createSync(mutate func(*pimv1alpha1.CatalogSyncSpec)) *pimv1alpha1.CatalogSync {
	s := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Name: "nordvik-eu", Namespace: w.ns},
		Spec: testworld.Spec(w.plytix.Report(), w.plytix.URL, w.centra.URL, "apparel")}
	high := func(n int64) *int64 { return &n }
	s.Spec.Plytix.RateLimits = &pimv1alpha1.WindowLimits{Per10Seconds: high(100_000), PerHour: high(1_000_000)}
	s.Spec.Centra.RateLimits = &pimv1alpha1.CentraRateLimits{Requests: &pimv1alpha1.WindowLimits{Per10Seconds: high(100_000), PerHour: high(1_000_000)}}
	if mutate != nil {
		mutate(&s.Spec)
	}
	w.create(s)
	return s
}

func (w *syncWorld) create(obj client.Object) {
	w.t.Helper()
	if err := k8sClient.Create(context.Background(), obj); err != nil {
		w.t.Fatalf("creating %T %s: %v", obj, obj.GetName(), err)
	}
}

func (w *syncWorld) get(name string) *pimv1alpha1.CatalogSync {
	w.t.Helper()
	s := &pimv1alpha1.CatalogSync{}
	if err := k8sClient.Get(context.Background(), client.ObjectKey{Namespace: w.ns, Name: name}, s); err != nil {
		w.t.Fatal(err)
	}
	return s
}

// requestRun sets the reconcile-request annotation with a merge patch, as `kubectl annotate`
// does: an Update of the whole object would rewrite durations ("15m" as "15m0s") and bump the
// generation, which is a spec change, not a request.
func requestRun(t *testing.T, obj *pimv1alpha1.CatalogSync, value string) {
	t.Helper()
	patch := []byte(fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, pimv1alpha1.ReconcileRequestAnnotation, value))
	if err := k8sClient.Patch(context.Background(), obj, client.RawPatch(types.MergePatchType, patch)); err != nil {
		t.Fatal(err)
	}
}

// update changes the object with f, retrying on conflicts.
func update[T client.Object](t *testing.T, obj T, f func(T)) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		if err := k8sClient.Get(context.Background(), client.ObjectKeyFromObject(obj), obj); err != nil {
			t.Fatal(err)
		}
		f(obj)
		err := k8sClient.Update(context.Background(), obj)
		if err == nil {
			return
		}
		if attempt > 5 {
			t.Fatal(err)
		}
	}
}

// eventually polls check until it reports done, failing the test with its last word.
func eventually(t *testing.T, timeout time.Duration, check func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		var ok bool
		if ok, last = check(); ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s: %s", timeout, last)
}

// waitForCondition waits until the CatalogSync has the condition with the status and reason,
// observed at its current generation.
func (w *syncWorld) waitForCondition(name, typ string, status metav1.ConditionStatus, reason string) *pimv1alpha1.CatalogSync {
	w.t.Helper()
	var s *pimv1alpha1.CatalogSync
	eventually(w.t, 60*time.Second, func() (bool, string) {
		s = w.get(name)
		c := meta.FindStatusCondition(s.Status.Conditions, typ)
		if c == nil {
			return false, fmt.Sprintf("no %s condition in %+v", typ, s.Status.Conditions)
		}
		return c.Status == status && c.Reason == reason && c.ObservedGeneration == s.Generation,
			fmt.Sprintf("%s is %s/%s (%s) at generation %d of %d", typ, c.Status, c.Reason, c.Message, c.ObservedGeneration, s.Generation)
	})
	return s
}

// assertNoSecretIn fails when any secret value of the world appears in text.
func (w *syncWorld) assertNoSecretIn(where, text string) {
	w.t.Helper()
	for what, value := range w.secrets {
		if strings.Contains(text, value) {
			w.t.Errorf("invariant 4: the %s appears in %s", what, where)
		}
	}
}

// secretOf is a Secret marked for use by every CatalogSync of the namespace.
func secretOf(ns, name string, data map[string]string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns,
		Annotations: map[string]string{pimv1alpha1.SecretConsentAnnotation: "*"}}, StringData: data}
}

// gaugeValue reads one CatalogSync's sample of a gauge from the manager's metrics.
func gaugeValue(t *testing.T, name, namespace, syncName string) (float64, bool) {
	t.Helper()
	return gaugeWith(t, name, namespace, syncName, nil)
}

// gaugeWith reads one CatalogSync's sample of a gauge that has the other labels too.
func gaugeWith(t *testing.T, name, namespace, syncName string, other map[string]string) (float64, bool) {
	t.Helper()
	families, err := metricsRegistry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			match := labels["namespace"] == namespace && labels["name"] == syncName
			for k, v := range other {
				match = match && labels[k] == v
			}
			if match {
				return m.GetGauge().GetValue(), true
			}
		}
	}
	return 0, false
}
