package controllers

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/engine"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

type requestCountingRunner struct{ runs int }

func (c *requestCountingRunner) Run(_ context.Context, req engine.Request) (*report.Report, error) {
	c.runs++
	rep := report.New("Apply", false, time.Now())
	rep.FinishedAt = time.Now()
	return rep, nil
}

// TestReconcileReadsTheLiveObjectNotTheCache: a reconcile queued while a run was under way must
// not see the status from before that run, or it answers the same request twice.
func TestReconcileReadsTheLiveObjectNotTheCache(t *testing.T) {
	scheme := runtime.NewScheme()
	_ = clientgoscheme.AddToScheme(scheme)
	_ = pimv1alpha1.AddToScheme(scheme)
	sync := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "eu", Generation: 1,
		Annotations: map[string]string{pimv1alpha1.ReconcileRequestAnnotation: "req-1"}}}
	sync.Spec.Plytix.CredentialsSecretRef = &pimv1alpha1.PlytixCredentialsRef{Name: "plytix"}
	sync.Spec.Centra.TokenSecretRef = &pimv1alpha1.SecretKeyRef{Name: "centra"}
	sync.Spec.Centra.URL = "https://shop.centra.com/graphql"
	consent := map[string]string{pimv1alpha1.SecretConsentAnnotation: "eu"}
	sync.Spec.Mappings.Names = []string{"apparel"}
	objects := func(s *pimv1alpha1.CatalogSync) []client.Object {
		return []client.Object{s,
			&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "plytix", Annotations: consent}, Data: map[string][]byte{"apiKey": []byte("k"), "password": []byte("p")}},
			&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "centra", Annotations: consent}, Data: map[string][]byte{"token": []byte("t")}},
			&pimv1alpha1.AttributeMapping{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "apparel"}},
		}
	}
	build := func(s *pimv1alpha1.CatalogSync) client.Client {
		return fake.NewClientBuilder().WithScheme(scheme).WithObjects(objects(s)...).WithStatusSubresource(&pimv1alpha1.CatalogSync{}).Build()
	}
	live := build(sync.DeepCopy())
	runner := &requestCountingRunner{}
	r := &CatalogSyncReconciler{Client: live, APIReader: live, Runner: runner, Clock: clock.RealClock{}, APIHosts: DefaultAPIHosts}
	req := ctrl.Request{NamespacedName: client.ObjectKeyFromObject(sync)}
	if _, err := r.Reconcile(context.Background(), req); err != nil || runner.runs != 1 {
		t.Fatalf("first reconcile: %d runs, %v", runner.runs, err)
	}
	// The cache still holds the object as it was before the run answered req-1.
	r.Client = build(sync.DeepCopy())
	if _, err := r.Reconcile(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if runner.runs != 1 {
		t.Errorf("a stale cache made the request run %d times", runner.runs)
	}
}
