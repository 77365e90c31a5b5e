package controllers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/go-logr/logr"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/ledger"
	"github.com/catalogsync/catalogsync-operator/internal/report"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

// syncConfig is a CatalogSync's resolved configuration: credentials and mappings.
type syncConfig struct {
	plytixAPIKey, plytixPassword, centraToken secret.Value
	mappings                                  []pimv1alpha1.AttributeMapping
	// inputsDigest identifies the spec, mappings and Secret versions, so that a change to any
	// of them runs a sync before the interval is up.
	inputsDigest string
}

// credentials are the values a run may not disclose.
func (c syncConfig) credentials() []secret.Value {
	return []secret.Value{c.plytixAPIKey, c.plytixPassword, c.centraToken}
}

// resolveConfig checks the spec's API hosts, then reads the credentials from Secrets in the
// CatalogSync's own namespace that are marked for its use, and the selected AttributeMappings.
// Anything missing stalls the sync with a message naming the field.
func (r *CatalogSyncReconciler) resolveConfig(ctx context.Context, obj *pimv1alpha1.CatalogSync) (syncConfig, error) {
	var cfg syncConfig
	if err := r.APIHosts.checkHosts(obj); err != nil {
		return cfg, err
	}
	digest := sha256.New()
	fmt.Fprintf(digest, "generation=%d\n", obj.Generation)
	p := obj.Spec.Plytix.CredentialsSecretRef
	c := obj.Spec.Centra.TokenSecretRef
	if p == nil || c == nil {
		return cfg, syncerr.Stall(pimv1alpha1.ReasonInvalidSpec, fmt.Errorf("spec.plytix.credentialsSecretRef and spec.centra.tokenSecretRef are required"))
	}
	values, err := r.secretValues(ctx, obj, p.Name, "spec.plytix.credentialsSecretRef", digest,
		keyOr(p.APIKeyKey, "apiKey"), keyOr(p.PasswordKey, "password"))
	if err != nil {
		return cfg, err
	}
	cfg.plytixAPIKey, cfg.plytixPassword = values[0], values[1]
	values, err = r.secretValues(ctx, obj, c.Name, "spec.centra.tokenSecretRef", digest, keyOr(c.Key, "token"))
	if err != nil {
		return cfg, err
	}
	cfg.centraToken = values[0]
	if cfg.mappings, err = r.selectedMappings(ctx, obj); err != nil {
		return cfg, err
	}
	for _, m := range cfg.mappings {
		fmt.Fprintf(digest, "mapping=%s/%d\n", m.Name, m.Generation)
	}
	cfg.inputsDigest = hex.EncodeToString(digest.Sum(nil))[:32]
	return cfg, nil
}

func keyOr(key, fallback string) string {
	if key == "" {
		return fallback
	}
	return key
}

// secretValues reads keys of a Secret of the CatalogSync's namespace straight from the API
// server, if the Secret is marked for the CatalogSync's use. The read runs with a logger that
// discards everything: at high verbosity client-go logs response bodies, and this one holds
// credentials. Errors name the Secret, the key and the field that references them, never a
// value.
func (r *CatalogSyncReconciler) secretValues(ctx context.Context, obj *pimv1alpha1.CatalogSync, name, field string, digest interface{ Write([]byte) (int, error) },
	keys ...string) ([]secret.Value, error) {
	namespace := obj.Namespace
	s := &corev1.Secret{}
	if err := r.APIReader.Get(logr.NewContext(ctx, logr.Discard()), client.ObjectKey{Namespace: namespace, Name: name}, s); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, syncerr.Stall(pimv1alpha1.ReasonSecretNotFound,
				fmt.Errorf("Secret %q (%s) not found in namespace %s", name, field, namespace))
		}
		return nil, fmt.Errorf("reading Secret %q (%s): %w", name, field, err)
	}
	fmt.Fprintf(digest, "secret=%s/%s\n", name, s.ResourceVersion)
	if !consents(s, obj.Name) {
		return nil, syncerr.Stall(pimv1alpha1.ReasonSecretNotPermitted, fmt.Errorf(
			"Secret %q (%s) is not marked for use by CatalogSync %q: whoever may read it can allow that with the annotation %s: %q (or %q for every CatalogSync in namespace %s)",
			name, field, obj.Name, pimv1alpha1.SecretConsentAnnotation, obj.Name, "*", namespace))
	}
	out := make([]secret.Value, len(keys))
	for i, key := range keys {
		// A Secret made from a file (kubectl create secret --from-file) usually ends in a
		// newline, which no credential contains.
		v := strings.TrimRight(string(s.Data[key]), "\r\n")
		if v == "" {
			return nil, syncerr.Stall(pimv1alpha1.ReasonSecretInvalid,
				fmt.Errorf("Secret %q (%s) has no value under key %q", name, field, key))
		}
		out[i] = secret.New(v)
	}
	secret.Remember(out...)
	return out, nil
}

// consents reports whether the Secret's consent annotation names the CatalogSync, or every
// CatalogSync of the namespace.
func consents(s *corev1.Secret, syncName string) bool {
	for _, name := range strings.Split(s.Annotations[pimv1alpha1.SecretConsentAnnotation], ",") {
		if name = strings.TrimSpace(name); name == "*" || name == syncName {
			return true
		}
	}
	return false
}

// selectedMappings returns the named AttributeMappings in order, then those the selector picks
// in name order, each once.
func (r *CatalogSyncReconciler) selectedMappings(ctx context.Context, obj *pimv1alpha1.CatalogSync) ([]pimv1alpha1.AttributeMapping, error) {
	var out []pimv1alpha1.AttributeMapping
	seen := map[string]bool{}
	for i, name := range obj.Spec.Mappings.Names {
		m := pimv1alpha1.AttributeMapping{}
		if err := r.Get(ctx, client.ObjectKey{Namespace: obj.Namespace, Name: name}, &m); err != nil {
			if apierrors.IsNotFound(err) {
				return nil, syncerr.Stall(pimv1alpha1.ReasonMappingNotFound,
					fmt.Errorf("AttributeMapping %q (spec.mappings.names[%d]) not found in namespace %s", name, i, obj.Namespace))
			}
			return nil, err
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, m)
		}
	}
	if sel := obj.Spec.Mappings.Selector; sel != nil {
		selector, err := metav1.LabelSelectorAsSelector(sel)
		if err != nil {
			return nil, syncerr.Stall(pimv1alpha1.ReasonInvalidSpec, fmt.Errorf("spec.mappings.selector: %w", err))
		}
		list := &pimv1alpha1.AttributeMappingList{}
		if err := r.List(ctx, list, client.InNamespace(obj.Namespace), client.MatchingLabelsSelector{Selector: selector}); err != nil {
			return nil, err
		}
		sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Name < list.Items[j].Name })
		for _, m := range list.Items {
			if !seen[m.Name] {
				seen[m.Name] = true
				out = append(out, m)
			}
		}
		if len(list.Items) == 0 && len(obj.Spec.Mappings.Names) == 0 {
			return nil, syncerr.Stall(pimv1alpha1.ReasonMappingNotFound,
				fmt.Errorf("spec.mappings.selector %q matches no AttributeMapping in namespace %s", selector, obj.Namespace))
		}
	}
	return out, nil
}

// runDue reports whether a sync run is due now, and otherwise how long until it is: when the
// spec or inputs changed, a reconcile was requested, the interval is up, a partial run's resume
// time has come, or the last run failed with a transient error. A stalled sync waits, with no
// requeue, for its inputs to change or a request; a restarted operator does not run every sync
// at once.
func runDue(obj *pimv1alpha1.CatalogSync, inputsDigest string, now time.Time) (time.Duration, bool) {
	st := obj.Status
	if st.InputsDigest != inputsDigest || obj.Status.ObservedGeneration != obj.Generation || newRequest(obj) {
		return 0, true
	}
	if meta.IsStatusConditionTrue(st.Conditions, pimv1alpha1.ConditionStalled) {
		return 0, false
	}
	if st.LastSyncTime == nil {
		return 0, true
	}
	ready := meta.FindStatusCondition(st.Conditions, pimv1alpha1.ConditionReady)
	if ready != nil && ready.Status != metav1.ConditionTrue && ready.Reason != pimv1alpha1.ReasonPartialRun {
		return 0, true // the last attempt failed; the requeue that brought us here is the retry
	}
	// resultFor jitters the requeue by ±5% of the interval; a wake-up within that early margin
	// is the scheduled run, not a spurious event.
	next := st.LastSyncTime.Add(interval(obj) - interval(obj)/20)
	if st.Progress != nil && st.Progress.ResumeAt != nil {
		next = st.Progress.ResumeAt.Time
	} else if ready != nil && ready.Reason == pimv1alpha1.ReasonPartialRun {
		next = st.LastSyncTime.Time // stopped by the run timeout: carry on
	}
	if !now.Before(next) {
		return 0, true
	}
	return next.Sub(now), false
}

// newRequest reports whether the reconcile-request annotation holds a request no run answered.
func newRequest(obj *pimv1alpha1.CatalogSync) bool {
	requested := obj.Annotations[pimv1alpha1.ReconcileRequestAnnotation]
	return requested != "" && requested != obj.Status.LastHandledReconcileAt
}

// run performs one sync run with the run timeout, on the ledger as loaded.
func (r *CatalogSyncReconciler) run(ctx context.Context, obj *pimv1alpha1.CatalogSync, cfg syncConfig, book *ledger.Ledger, l ledgerOutcome) syncOutcome {
	ctx, cancel := context.WithTimeout(ctx, runTimeout(obj))
	defer cancel()
	req := engine.Request{
		Name: obj.Namespace + "/" + obj.Name, Spec: obj.Spec, Mappings: cfg.mappings,
		PlytixAPIKey: cfg.plytixAPIKey, PlytixPassword: cfg.plytixPassword, CentraToken: cfg.centraToken,
		LastRevision: obj.Status.LastAppliedRevision, PreviousScope: obj.Status.ScopeProducts,
		// A new spec (scope, gates, drift or deletion policy) applies to every product, not
		// only to those Plytix changed since the watermark; a lost ledger is rebuilt by reading
		// the whole scope.
		ForceFullPass: obj.Status.ObservedGeneration != obj.Generation || l.rebuilding,
		Ledger:        book,
	}
	if l.loaded {
		// The ledger is committed after each batch of writes, so a manager killed mid-load
		// restarts knowing what it wrote.
		req.Checkpoint = func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			_, err := r.ledgers().Commit(ctx, obj, book, r.Clock.Now())
			return err
		}
	}
	if obj.Status.Watermark != nil {
		req.Watermark = obj.Status.Watermark.Time
	}
	if obj.Status.LastSyncTime != nil {
		req.LastSync = obj.Status.LastSyncTime.Time
	}
	if obj.Status.LastFullSyncTime != nil {
		req.LastFullSync = obj.Status.LastFullSyncTime.Time
	}
	if h := obj.Status.History; len(h) > 0 && h[0].FullSync && h[0].Result == string(report.ResultPartial) {
		req.ResumeFullPass = true
	}
	// status.watermark keeps whole seconds; the ledger's pass is ahead only by more than that.
	if p := book.Pass; p.Watermark.Truncate(time.Second).After(req.Watermark) && !req.ForceFullPass {
		// A run committed the ledger and stopped before its status (the manager was killed):
		// every family it read is in the ledger, so carry on from where it read to.
		req.Watermark, req.LastRevision = p.Watermark, p.Revision
		req.ResumeFullPass = req.ResumeFullPass || p.Full
	}
	ctrl.LoggerFrom(ctx).Info("Starting sync run", "mode", obj.Spec.Mode, "mappings", len(cfg.mappings))
	rep, err := r.Runner.Run(ctx, req)
	o := syncOutcome{ran: rep != nil, report: rep, err: err, inputsDigest: cfg.inputsDigest, credentials: cfg.credentials(),
		requestedAt: obj.Annotations[pimv1alpha1.ReconcileRequestAnnotation], ledger: l}
	for _, m := range cfg.mappings {
		o.mappings = append(o.mappings, pimv1alpha1.ObservedMapping{Name: m.Name, Generation: m.Generation})
	}
	return o
}

func interval(obj *pimv1alpha1.CatalogSync) time.Duration {
	if obj.Spec.Interval != nil && obj.Spec.Interval.Duration > 0 {
		return obj.Spec.Interval.Duration
	}
	return 15 * time.Minute
}

func retryInterval(obj *pimv1alpha1.CatalogSync) time.Duration {
	if obj.Spec.RetryInterval != nil && obj.Spec.RetryInterval.Duration > 0 {
		return obj.Spec.RetryInterval.Duration
	}
	return 2 * time.Minute
}

// runTimeout is spec.timeout, or the shorter of 10 minutes and the interval.
func runTimeout(obj *pimv1alpha1.CatalogSync) time.Duration {
	if obj.Spec.Timeout != nil && obj.Spec.Timeout.Duration > 0 {
		return obj.Spec.Timeout.Duration
	}
	return min(10*time.Minute, interval(obj))
}

// loadLedger reads the CatalogSync's ledger. One that is missing or damaged comes back empty,
// and if the CatalogSync has run before the run rebuilds it with a full pass; it never stops a
// run, and an empty ledger makes no write the watermark would not.
func (r *CatalogSyncReconciler) loadLedger(ctx context.Context, obj *pimv1alpha1.CatalogSync) (*ledger.Ledger, ledgerOutcome, error) {
	book, health, err := r.ledgers().Load(ctx, obj)
	if err != nil {
		return nil, ledgerOutcome{}, err
	}
	l := ledgerOutcome{health: health, loaded: true, headName: ledger.HeadName(obj.Name)}
	l.rebuilding = !health.Intact && obj.Status.LastSyncTime != nil
	if l.rebuilding {
		ctrl.LoggerFrom(ctx).Info("Ledger missing or damaged; rebuilding it with a full pass", "problem", health.Message)
	}
	return book, l, nil
}

// commitLedger stores the ledger the run updated, then describes the catalogue from it. A run
// that failed before reading anything changed nothing to commit. When the commit fails the
// run's watermark and revision are not recorded either: the next run reads those products
// again rather than forget them.
func (r *CatalogSyncReconciler) commitLedger(ctx context.Context, obj *pimv1alpha1.CatalogSync, book *ledger.Ledger, o *syncOutcome) {
	if o.report == nil || o.report.Result == report.ResultFailed {
		return
	}
	commitCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	stats, err := r.ledgers().Commit(commitCtx, obj, book, r.Clock.Now())
	if err != nil {
		o.err = errors.Join(o.err, fmt.Errorf("committing the ledger: %w", err))
		o.report.Watermark, o.report.Revision = time.Time{}, ""
	} else {
		o.ledger.committed = &stats
	}
	o.catalogue = book.Catalogue(o.report.Mode, o.report.FinishedAt)
}

func (r *CatalogSyncReconciler) ledgers() *ledger.Store {
	return &ledger.Store{Client: r.Client, Reader: r.APIReader}
}
