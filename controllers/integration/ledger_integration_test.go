package integration

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
)

// catalogueView is what a user reads of the catalogue: printer-column counts, failures, the
// failing attribute rows, and the catalogue conditions.
type catalogueView struct {
	inSync, blocked, failures int64
	failing                   map[string]int64
	conditions                map[string]metav1.ConditionStatus
}

func viewOf(s *pimv1alpha1.CatalogSync) catalogueView {
	v := catalogueView{failing: map[string]int64{}, conditions: map[string]metav1.ConditionStatus{}}
	if c := s.Status.Catalogue; c != nil {
		v.inSync, v.blocked = c.Products.InSync, c.Products.Blocked
	}
	if s.Status.Failures != nil {
		v.failures = s.Status.Failures.Total
	}
	for _, a := range s.Status.Attributes {
		if a.Failed > 0 {
			v.failing[a.Name] = a.Failed
		}
	}
	for _, typ := range []string{pimv1alpha1.ConditionDataGaps, pimv1alpha1.ConditionAttributesFailing, pimv1alpha1.ConditionDrifted} {
		if c := meta.FindStatusCondition(s.Status.Conditions, typ); c != nil {
			v.conditions[typ] = c.Status
		}
	}
	return v
}

func (v catalogueView) String() string {
	return fmt.Sprintf("in sync %d, blocked %d, failures %d, failing attributes %v, conditions %v", v.inSync, v.blocked, v.failures, v.failing, v.conditions)
}

// syncedOnce creates the Secrets, the mapping and a CatalogSync, and waits for its first run:
// the CatalogSync as created, and as it reads after the run.
func (w *syncWorld) syncedOnce() (created, synced *pimv1alpha1.CatalogSync) {
	w.t.Helper()
	w.createSecrets()
	w.createMapping()
	created = w.createSync(nil)
	return created, w.waitForCondition(created.Name, pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonSucceeded)
}

func (w *syncWorld) requestAndWait(name, request string) *pimv1alpha1.CatalogSync {
	w.t.Helper()
	requestRun(w.t, w.get(name), request)
	eventually(w.t, 60*time.Second, func() (bool, string) {
		s := w.get(name)
		return s.Status.LastHandledReconcileAt == request, "lastHandledReconcileAt = " + s.Status.LastHandledReconcileAt
	})
	return w.get(name)
}

func (w *syncWorld) ledgerHead(sync *pimv1alpha1.CatalogSync) *corev1.ConfigMap {
	w.t.Helper()
	head := &corev1.ConfigMap{}
	if err := k8sClient.Get(context.Background(), client.ObjectKey{Namespace: w.ns, Name: ledger.HeadName(sync.Name)}, head); err != nil {
		w.t.Fatal(err)
	}
	return head
}

func (w *syncWorld) ledgerChunks(sync *pimv1alpha1.CatalogSync) []corev1.ConfigMap {
	w.t.Helper()
	list := &corev1.ConfigMapList{}
	if err := k8sClient.List(context.Background(), list, client.InNamespace(w.ns),
		client.MatchingLabels{ledger.LabelLedgerOf: string(sync.UID), ledger.LabelPart: "chunk"}); err != nil {
		w.t.Fatal(err)
	}
	return list.Items
}

// TestStatusDescribesTheCatalogueAfterADelta: after a clean delta run that read one product,
// status, printer columns, the AttributeMapping and the gauges still describe the whole
// catalogue; status.lastRun says what the delta did. The ledger lives in ConfigMaps owned by
// the CatalogSync.
func TestStatusDescribesTheCatalogueAfterADelta(t *testing.T) {
	w := newSyncWorld(t)
	sync, full := w.syncedOnce()
	before := viewOf(full)
	if before.inSync != 10 || before.blocked != 5 || len(before.failing) == 0 || before.conditions[pimv1alpha1.ConditionAttributesFailing] != metav1.ConditionTrue {
		t.Fatalf("after the full pass: %s", before)
	}
	if err := w.plytix.UpdateProduct(w.plytix.LookupSKU("AP100000")[0],
		plytixtest.ProductPatch{Attributes: map[string]any{"description": "<p>Re-waxed.</p>"}}); err != nil {
		t.Fatal(err)
	}
	s := w.requestAndWait(sync.Name, "delta-1")
	// The delta reads the changed family (and any Centra changed in the full pass's last second).
	if s.Status.LastRun == nil || s.Status.LastRun.FullSync || s.Status.LastRun.Products.Seen > 2 {
		t.Fatalf("want a delta that read the changed product: %s", toJSON(s.Status.LastRun))
	}
	if after := viewOf(s); after.String() != before.String() {
		t.Errorf("after a clean delta the catalogue reads\n%s\nwant, as after the full pass,\n%s", after, before)
	}
	if c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionLedgerRebuilt); c == nil ||
		c.Status != metav1.ConditionFalse || c.Reason != pimv1alpha1.ReasonLedgerIntact {
		t.Errorf("LedgerRebuilt = %+v, want False/LedgerIntact", c)
	}
	if got, _ := gaugeWith(t, "catalogsync_products", w.ns, sync.Name, map[string]string{"state": "blocked"}); got != 5 {
		t.Errorf(`catalogsync_products{state="blocked"} = %v after the delta, want the catalogue's 5`, got)
	}
	if got, _ := gaugeWith(t, "catalogsync_attributes", w.ns, sync.Name, map[string]string{"state": "failing"}); got != float64(len(before.failing)) {
		t.Errorf(`catalogsync_attributes{state="failing"} = %v after the delta, want %d`, got, len(before.failing))
	}
	// The AttributeMapping agrees with the CatalogSync that uses it.
	eventually(t, 30*time.Second, func() (bool, string) {
		m := &pimv1alpha1.AttributeMapping{}
		if err := k8sClient.Get(context.Background(), client.ObjectKey{Namespace: w.ns, Name: "apparel"}, m); err != nil {
			return false, err.Error()
		}
		c := meta.FindStatusCondition(m.Status.Conditions, pimv1alpha1.ConditionAttributesFailing)
		return c != nil && c.Status == metav1.ConditionTrue, "AttributeMapping AttributesFailing = " + toJSON(c)
	})
	head := w.ledgerHead(s)
	if len(head.OwnerReferences) != 1 || head.OwnerReferences[0].UID != s.UID || head.Data["records"] != "15" {
		t.Errorf("ledger head: owners %+v, data %v", head.OwnerReferences, head.Data)
	}
	if chunks := w.ledgerChunks(s); len(chunks) != 1 || head.Data["chunks"] != chunks[0].Name {
		t.Errorf("chunks %d, head names %q: older generations must be pruned", len(chunks), head.Data["chunks"])
	}
}

// TestLostOrDamagedLedgerIsRebuilt: a deleted ledger, then a corrupted chunk, are each found,
// reported in LedgerRebuilt, and rebuilt by a full pass that writes nothing (Centra is in
// sync); the catalogue reads as before, and the next run finds the ledger intact.
func TestLostOrDamagedLedgerIsRebuilt(t *testing.T) {
	w := newSyncWorld(t)
	sync, full := w.syncedOnce()
	before := viewOf(full)

	damage := map[string]func(){
		pimv1alpha1.ReasonLedgerMissing: func() {
			if err := k8sClient.Delete(context.Background(), w.ledgerHead(full)); err != nil {
				t.Fatal(err)
			}
		},
		pimv1alpha1.ReasonLedgerDamaged: func() {
			chunk := w.ledgerChunks(full)[0]
			chunk.BinaryData["chunk"][len(chunk.BinaryData["chunk"])/2] ^= 0xff
			if err := k8sClient.Update(context.Background(), &chunk); err != nil {
				t.Fatal(err)
			}
		},
	}
	for i, reason := range []string{pimv1alpha1.ReasonLedgerMissing, pimv1alpha1.ReasonLedgerDamaged} {
		damage[reason]()
		s := w.requestAndWait(sync.Name, fmt.Sprintf("damaged-%d", i))
		c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionLedgerRebuilt)
		if c == nil || c.Status != metav1.ConditionTrue || c.Reason != reason {
			t.Fatalf("LedgerRebuilt after %s = %+v", reason, c)
		}
		if !s.Status.LastRun.FullSync || s.Status.LastRun.CentraMutations != 0 {
			t.Errorf("%s: the rebuild must be a full pass that writes nothing to an in-sync Centra: %s", reason, toJSON(s.Status.LastRun))
		}
		if after := viewOf(s); after.String() != before.String() {
			t.Errorf("%s: after the rebuild the catalogue reads\n%s\nwant\n%s", reason, after, before)
		}
		s = w.requestAndWait(sync.Name, fmt.Sprintf("after-%d", i))
		if c := meta.FindStatusCondition(s.Status.Conditions, pimv1alpha1.ConditionLedgerRebuilt); c == nil || c.Reason != pimv1alpha1.ReasonLedgerIntact {
			t.Errorf("LedgerRebuilt the run after the rebuild = %+v, want LedgerIntact", c)
		}
		full = s
	}
}

// TestExceptionExportListsEveryFailure: on a catalogue with more failures than status lists,
// `manager exceptions` writes every one of them as CSV, with its owner, through the caller's
// kubeconfig.
func TestExceptionExportListsEveryFailure(t *testing.T) {
	w := newSyncWorldOf(t, plytixtest.CatalogOptions{Seed: 11, Parents: 40, Singles: 2,
		Problems: plytixtest.ProblemCounts{MissingRequired: 30, MissingAxis: 2}})
	sync, s := w.syncedOnce()
	if s.Status.Failures == nil || !s.Status.Failures.Truncated || s.Status.Failures.Total <= pimv1alpha1.MaxStatusFailures {
		t.Fatalf("want more failures than status lists: %s", toJSON(s.Status.Failures))
	}
	kubeconfig, manager := writeKubeconfig(t), buildManager(t)
	cmd := exec.Command(manager, "exceptions", "--kubeconfig", kubeconfig, "-n", w.ns, sync.Name)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("manager exceptions: %v\n%s", err, stderr.String())
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(ledger.ExceptionHeader, ",") {
		t.Fatalf("header %v", rows[:min(1, len(rows))])
	}
	byReason := map[string]int64{}
	for _, row := range rows[1:] {
		byReason[row[5]]++
		if row[6] == "" || row[0] == "" || row[7] == "" {
			t.Errorf("row without a SKU, owner or what to do: %v", row)
		}
	}
	for _, rc := range s.Status.Failures.ByReason {
		if byReason[rc.Reason] != rc.Count {
			t.Errorf("%s: %d rows exported, status counts %d", rc.Reason, byReason[rc.Reason], rc.Count)
		}
	}
	if byReason[pimv1alpha1.FailureMissingRequiredAttribute] == 0 {
		t.Errorf("no MissingRequiredAttribute row: %v", byReason)
	}
	w.assertNoSecretIn("exceptions export", string(out))
	if code := exec.Command(manager, "exceptions", "--kubeconfig", kubeconfig, "-n", w.ns, "missing").Run(); code == nil {
		t.Error("exporting a CatalogSync that does not exist succeeded")
	}
}

// TestLedgerStoreKeepsGenerationsAndThePass: each commit is a new generation that a reader
// sees whole, with how far its run read; older chunks, and those a commit stopped before its
// head left behind, are pruned.
func TestLedgerStoreKeepsGenerationsAndThePass(t *testing.T) {
	ns := newNamespace(t)
	ctx := context.Background()
	sync := &pimv1alpha1.CatalogSync{}
	sync.Namespace, sync.Name, sync.UID = ns, "eu", "0b0e0f6c-5d3a-4b8e-9a31-2c1f7e9d4a10"
	store := &ledger.Store{Client: k8sClient, Reader: k8sClient}
	for gen, n := range []int{3, 5} {
		l := ledger.New()
		for i := range n {
			sku := fmt.Sprintf("AP%06d", i)
			l.Put(ledger.Key(sku), &ledger.Product{SKU: sku, State: ledger.StatePending, Reason: "to create"})
		}
		l.Pass = ledger.Pass{Watermark: time.Date(2026, 12, 8, 10, gen, 0, 0, time.UTC), Full: true, Revision: "3cde80a2efcf6e01"}
		if gen == 1 {
			// A chunk a commit left behind when it stopped before writing its head.
			stray := &corev1.ConfigMap{}
			stray.Namespace, stray.Name = ns, "eu-ledger-g9-0"
			stray.Labels = map[string]string{ledger.LabelLedgerOf: string(sync.UID), ledger.LabelPart: "chunk"}
			if err := k8sClient.Create(ctx, stray); err != nil {
				t.Fatal(err)
			}
		}
		stats, err := store.Commit(ctx, sync, l, time.Now())
		if err != nil || stats.Generation != int64(gen+1) || stats.Records != n {
			t.Fatalf("commit %d: %+v, %v", gen+1, stats, err)
		}
		got, health, err := store.Load(ctx, sync)
		if err != nil || !health.Intact || len(got.Products) != n || got.Pass != l.Pass {
			t.Fatalf("load after commit %d: %d records, pass %+v, health %+v, %v", gen+1, len(got.Products), got.Pass, health, err)
		}
	}
	list := &corev1.ConfigMapList{}
	if err := k8sClient.List(ctx, list, client.InNamespace(ns), client.MatchingLabels{ledger.LabelLedgerOf: string(sync.UID), ledger.LabelPart: "chunk"}); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "eu-ledger-g2-0" {
		var names []string
		for _, cm := range list.Items {
			names = append(names, cm.Name)
		}
		t.Errorf("chunks left: %v, want only the second generation's", names)
	}
}
