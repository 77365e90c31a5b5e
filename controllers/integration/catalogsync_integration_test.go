package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

func kstatusOf(t *testing.T, obj client.Object) status.Status {
	t.Helper()
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	res, err := status.Compute(&unstructured.Unstructured{Object: u})
	if err != nil {
		t.Fatal(err)
	}
	return res.Status
}

func TestCatalogSyncSyncsProductsAndBecomesReady(t *testing.T) {
	w := newSyncWorld(t)
	w.createSecrets()
	w.createMapping()
	w.centra.SetLatency(40 * time.Millisecond) // long enough to see the run in progress
	sync := w.createSync(nil)

	eventually(t, 30*time.Second, func() (bool, string) {
		got := kstatusOf(t, w.get(sync.Name))
		return got == status.InProgressStatus, "kstatus is " + string(got)
	})
	s := w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
	w.centra.SetLatency(0)
	if got := kstatusOf(t, s); got != status.CurrentStatus {
		t.Errorf("kstatus of a synced CatalogSync = %s, want Current", got)
	}
	sum := s.Status.LastRun
	if sum == nil || sum.ProductsInSync != 10 || sum.ProductsBlocked != 5 || sum.Products.Created != 10 || !sum.FullSync {
		t.Fatalf("lastRun = %+v", sum)
	}
	if c := s.Status.Catalogue; c == nil || c.Products.InSync != 10 || c.Products.Blocked != 5 || c.Ledger == nil || c.Ledger.Records != 15 {
		t.Fatalf("catalogue = %s", toJSON(c))
	}
	ready := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionReady)
	if ready.Message != "10 products in sync; 5 blocked; attributes failing" {
		t.Errorf("Ready message = %q", ready.Message)
	}
	gaps := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionDataGaps)
	if gaps == nil || gaps.Status != metav1.ConditionTrue || !strings.Contains(gaps.Message, "5 products blocked: ") ||
		!strings.Contains(gaps.Message, "brand 'Brisa Mar' not enabled in the store") {
		t.Errorf("DataGaps = %+v", gaps)
	}
	if s.Status.Watermark == nil || s.Status.LastSyncTime == nil || s.Status.LastFullSyncTime == nil || len(s.Status.History) != 1 ||
		s.Status.Failures == nil || s.Status.Failures.Total == 0 || len(s.Status.Attributes) == 0 || s.Status.LastAppliedRevision == "" {
		t.Errorf("status lacks run details: %+v", s.Status)
	}
	if err := w.centra.PriceAll("EUR", 59); err != nil {
		t.Fatal(err)
	}
	for _, p := range w.centra.AllProducts() {
		if v := w.centra.Visibility(p.Number, "Retail", "EU"); !v.Visible {
			t.Errorf("%s is not visible in Retail/EU: %v", p.Number, v.Reasons)
		}
	}
	// kubectl wait, as a platform engineer (or a CI pipeline) would.
	kubeconfig := writeKubeconfig(t)
	kubectl := filepath.Join(testEnv.BinaryAssetsDirectory, "kubectl")
	out, err := exec.Command(kubectl, "--kubeconfig", kubeconfig, "-n", w.ns, "wait", "--for=condition=Ready",
		"catalogsync/"+sync.Name, "--timeout=30s").CombinedOutput()
	if err != nil {
		t.Errorf("kubectl wait: %v\n%s", err, out)
	}
	// The AttributeMapping reports what its rules did, from the sync that uses it.
	eventually(t, 30*time.Second, func() (bool, string) {
		m := &pimv1alpha1.AttributeMapping{}
		if err := k8sClient.Get(context.Background(), client.ObjectKey{Namespace: w.ns, Name: "apparel"}, m); err != nil {
			return false, err.Error()
		}
		c := meta.FindStatusCondition(m.Status.Conditions, pimv1alpha1.ConditionReady)
		return c != nil && c.Status == metav1.ConditionTrue && len(m.Status.Attributes) > 5 && len(m.Status.UsedBy) == 1,
			"mapping status " + toJSON(m.Status)
	})
	events := &eventsv1.EventList{}
	if err := k8sClient.List(context.Background(), events, client.InNamespace(w.ns)); err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, e := range events.Items {
		reasons = append(reasons, e.Reason)
		w.assertNoSecretIn("event "+e.Reason, e.Note)
	}
	if !strings.Contains(strings.Join(reasons, ","), pimv1alpha1.EventReasonProductsWritten) {
		t.Errorf("events = %v, want %s", reasons, pimv1alpha1.EventReasonProductsWritten)
	}
	w.assertNoSecretIn("status", toJSON(s.Status))
	w.assertNoSecretIn("logs", logs.String())
}

func TestPlytixChangeIsAppliedWhenARunIsRequested(t *testing.T) {
	w := newSyncWorld(t)
	w.createSecrets()
	w.createMapping()
	sync := w.createSync(nil)
	w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
	id := w.plytix.LookupSKU("AP100000")[0]
	if err := w.plytix.UpdateProduct(id, plytixtest.ProductPatch{Attributes: map[string]any{"description": "<p>Re-waxed.</p>"}}); err != nil {
		t.Fatal(err)
	}
	requestRun(t, w.get(sync.Name), "2026-11-27T10:00:00Z")
	eventually(t, 30*time.Second, func() (bool, string) {
		s := w.get(sync.Name)
		return s.Status.LastHandledReconcileAt == "2026-11-27T10:00:00Z", "lastHandledReconcileAt = " + s.Status.LastHandledReconcileAt
	})
	s := w.get(sync.Name)
	if s.Status.LastRun.FullSync || s.Status.LastRun.Products.Updated != 1 || s.Status.LastRun.CentraMutations != 1 {
		t.Errorf("the delta run: %+v\nhistory: %s", s.Status.LastRun, toJSON(s.Status.History))
	}
	if p, _ := w.centra.Product("AP100000"); p.Displays[0].Description != "<p>Re-waxed.</p>" {
		t.Errorf("Centra description = %q", p.Displays[0].Description)
	}
}

func TestHandEditIsDriftAndEnforceCorrectsIt(t *testing.T) {
	w := newSyncWorld(t)
	w.createSecrets()
	w.createMapping()
	sync := w.createSync(nil)
	s := w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
	// The drift scan starts at the whole second after the last run finished (an edit in that
	// very second waits for the next full pass, as documented): edit after it.
	time.Sleep(time.Until(s.Status.LastSyncTime.Truncate(time.Second).Add(1100 * time.Millisecond)))
	edited := "Marked down by hand"
	if err := w.centra.EditProduct("AP100002", centratest.ProductEdit{
		Displays: map[string]centratest.DisplayEdit{"Retail": {Description: &edited}}}); err != nil {
		t.Fatal(err)
	}
	requestRun(t, w.get(sync.Name), "drift-1")
	s = w.waitForCondition(sync.Name, pimv1alpha1.ConditionDrifted, metav1.ConditionTrue, pimv1alpha1.ReasonDriftDetected)
	if c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionDrifted); !strings.Contains(c.Message, "display.description") {
		t.Errorf("Drifted message = %q", c.Message)
	}
	if p, _ := w.centra.Product("AP100002"); p.Displays[0].Description != edited {
		t.Errorf("drift mode Warn changed Centra")
	}
	update(t, w.get(sync.Name), func(s *pimv1alpha1.CatalogSync) { s.Spec.Drift.Mode = pimv1alpha1.DriftModeEnforce })
	w.waitForCondition(sync.Name, pimv1alpha1.ConditionDrifted, metav1.ConditionFalse, pimv1alpha1.ReasonDriftCorrected)
	if p, _ := w.centra.Product("AP100002"); p.Displays[0].Description == edited {
		t.Errorf("drift mode Enforce left the hand edit in place")
	}
}

func TestMissingSecretStallsThenRecovers(t *testing.T) {
	w := newSyncWorld(t)
	w.createMapping()
	sync := w.createSync(nil)
	s := w.waitForCondition(sync.Name, pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonSecretNotFound)
	c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionReady)
	want := `Secret "plytix" (spec.plytix.credentialsSecretRef) not found in namespace ` + w.ns
	if c.Status != metav1.ConditionFalse || c.Message != want {
		t.Errorf("Ready = %s %q, want False %q", c.Status, c.Message, want)
	}
	if got := kstatusOf(t, s); got != status.FailedStatus {
		t.Errorf("kstatus of a stalled CatalogSync = %s, want Failed", got)
	}
	w.createSecrets() // the Secret watch brings the sync back without polling
	w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
	if meta.FindStatusCondition(w.get(sync.Name).Status.Conditions, pimv1alpha1.ConditionStalled) != nil {
		t.Errorf("Stalled must be removed once the sync recovers")
	}
}

func TestWrongCentraTokenStallsWithoutRetryStorm(t *testing.T) {
	w := newSyncWorld(t)
	w.secrets["wrong token"] = "wrong-centra-token-5e6f"
	key, password := w.plytix.Credentials()
	w.create(secretOf(w.ns, "plytix", map[string]string{"apiKey": key, "password": password}))
	w.create(secretOf(w.ns, "centra", map[string]string{"token": w.secrets["wrong token"]}))
	w.createMapping()
	sync := w.createSync(nil)
	s := w.waitForCondition(sync.Name, pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonAuthFailed)
	c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionStalled)
	if !strings.Contains(c.Message, "spec.centra.tokenSecretRef") {
		t.Errorf("Stalled message %q does not say what to check", c.Message)
	}
	name := w.ns + "/" + sync.Name
	before := runs.get(name)
	time.Sleep(3 * time.Second)
	if after := runs.get(name); after != before {
		t.Errorf("a stalled sync ran %d more times in 3 s: no retry storm allowed", after-before)
	}
	w.assertNoSecretIn("status", toJSON(s.Status))
	w.assertNoSecretIn("logs", logs.String())
}

func TestMappingThatBlocksEverythingStallsSyncAndMapping(t *testing.T) {
	w := newSyncWorld(t)
	w.createSecrets()
	m := w.createMapping()
	update(t, m, func(m *pimv1alpha1.AttributeMapping) { m.Spec.Brand.Attribute = "marque" })
	sync := w.createSync(nil)
	s := w.waitForCondition(sync.Name, pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonMappingInvalid)
	if c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionStalled); !strings.Contains(c.Message,
		`AttributeMapping apparel spec.brand.attribute: Plytix has no attribute labelled "marque"`) {
		t.Errorf("Stalled message = %q", c.Message)
	}
	eventually(t, 30*time.Second, func() (bool, string) {
		got := &pimv1alpha1.AttributeMapping{}
		if err := k8sClient.Get(context.Background(), client.ObjectKeyFromObject(m), got); err != nil {
			return false, err.Error()
		}
		c := meta.FindStatusCondition(got.Status.Conditions, pimv1alpha1.ConditionStalled)
		return c != nil && c.Status == metav1.ConditionTrue && strings.Contains(c.Message, `"marque"`), "mapping " + toJSON(got.Status)
	})
	// The mapping's stall is an event on the mapping too, for kubectl describe and alerting.
	eventually(t, 30*time.Second, func() (bool, string) {
		list := &eventsv1.EventList{}
		if err := k8sClient.List(context.Background(), list, client.InNamespace(w.ns)); err != nil {
			return false, err.Error()
		}
		for _, e := range list.Items {
			if e.Regarding.Kind == "AttributeMapping" && e.Regarding.Name == m.Name && e.Type == corev1.EventTypeWarning &&
				e.Reason == pimv1alpha1.ReasonMappingInvalid && strings.Contains(e.Note, `"marque"`) {
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d events, none a MappingInvalid warning on AttributeMapping %s", len(list.Items), m.Name)
	})
	if len(w.centra.AllProducts()) != 0 {
		t.Errorf("a stalled sync wrote to Centra")
	}
}

func TestSuspendStopsRunsAndRequestedAtTriggersOne(t *testing.T) {
	w := newSyncWorld(t)
	w.createSecrets()
	w.createMapping()
	sync := w.createSync(nil)
	w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
	name := w.ns + "/" + sync.Name
	update(t, w.get(sync.Name), func(s *pimv1alpha1.CatalogSync) { s.Spec.Suspend = true })
	// Once a reconcile has seen the suspension, no earlier one of this object is still running
	// (the controller never works on one key twice at a time): the count is final.
	eventually(t, 30*time.Second, func() (bool, string) {
		v, ok := gaugeValue(t, "catalogsync_suspended", w.ns, sync.Name)
		return ok && v == 1, fmt.Sprintf("catalogsync_suspended = %v (reported: %v)", v, ok)
	})
	suspended := runs.get(name)
	requestRun(t, w.get(sync.Name), "while-suspended")
	time.Sleep(2 * time.Second)
	if got := runs.get(name); got != suspended {
		t.Errorf("a suspended sync ran %d times", got-suspended)
	}
	// Edited while suspended, it is seen, not applied: kstatus reads Current (not InProgress
	// forever), and Ready says why nothing happens.
	update(t, w.get(sync.Name), func(s *pimv1alpha1.CatalogSync) { s.Spec.Interval = &metav1.Duration{Duration: 20 * time.Minute} })
	eventually(t, 30*time.Second, func() (bool, string) {
		s := w.get(sync.Name)
		ready := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionReady)
		return s.Status.ObservedGeneration == s.Generation && ready != nil && ready.Reason == pimv1alpha1.ReasonSuspended &&
				kstatusOf(t, s) == status.CurrentStatus,
			fmt.Sprintf("generation %d observed %d, kstatus %s, conditions %+v", s.Generation, s.Status.ObservedGeneration, kstatusOf(t, s), s.Status.Conditions)
	})
	if got := runs.get(name); got != suspended {
		t.Errorf("a suspended sync ran %d times after an edit", got-suspended)
	}
	update(t, w.get(sync.Name), func(s *pimv1alpha1.CatalogSync) { s.Spec.Suspend = false })
	eventually(t, 30*time.Second, func() (bool, string) {
		s := w.get(sync.Name)
		return s.Status.LastHandledReconcileAt == "while-suspended" && runs.get(name) == suspended+1,
			"lastHandledReconcileAt = " + s.Status.LastHandledReconcileAt
	})
	w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestDeletedSyncLeavesNoMetrics: once a CatalogSync is deleted, the manager's metrics have no
// series of it, so no dashboard or alert keeps reporting it.
func TestDeletedSyncLeavesNoMetrics(t *testing.T) {
	w := newSyncWorld(t)
	w.createSecrets()
	w.createMapping()
	sync := w.createSync(nil)
	w.waitForCondition(sync.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
	if _, ok := gaugeValue(t, "catalogsync_suspended", w.ns, sync.Name); !ok {
		t.Fatal("no catalogsync_suspended series for a running sync")
	}
	if err := k8sClient.Delete(context.Background(), w.get(sync.Name)); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() (bool, string) {
		_, ok := gaugeValue(t, "catalogsync_suspended", w.ns, sync.Name)
		return !ok, "catalogsync_suspended still reported"
	})
}
