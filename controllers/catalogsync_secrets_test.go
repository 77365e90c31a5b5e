package controllers

import (
	"context"
	"crypto/sha256"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/syncerr"
)

func TestSecretValues(t *testing.T) {
	marked := func(namespace, name, consent string) metav1.ObjectMeta {
		m := metav1.ObjectMeta{Namespace: namespace, Name: name}
		if consent != "" {
			m.Annotations = map[string]string{pimv1alpha1.SecretConsentAnnotation: consent}
		}
		return m
	}
	objs := []corev1.Secret{
		{ObjectMeta: marked("shop", "from-file", "eu"), Data: map[string][]byte{"token": []byte("tok-123\n")}},
		{ObjectMeta: marked("shop", "crlf", "*"), Data: map[string][]byte{"token": []byte("tok-123\r\n")}},
		{ObjectMeta: marked("shop", "blank", "eu"), Data: map[string][]byte{"token": []byte("\n")}},
		{ObjectMeta: marked("other", "elsewhere", "*"), Data: map[string][]byte{"token": []byte("tok-123")}},
		{ObjectMeta: marked("shop", "unmarked", ""), Data: map[string][]byte{"token": []byte("tok-123")}},
		{ObjectMeta: marked("shop", "for-others", "us, eu-staging"), Data: map[string][]byte{"token": []byte("tok-123")}},
		{ObjectMeta: marked("shop", "listed", "us, eu"), Data: map[string][]byte{"token": []byte("tok-123")}},
	}
	builder := fake.NewClientBuilder().WithScheme(scheme.Scheme)
	for i := range objs {
		builder = builder.WithObjects(&objs[i])
	}
	c := builder.Build()
	sync := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "eu"}}
	r := &CatalogSyncReconciler{APIReader: c}
	cases := []struct {
		name, secret string
		want         string
		wantReason   string
		wantMessage  string
	}{
		{name: "trailing newline of --from-file is dropped", secret: "from-file", want: "tok-123"},
		{name: "CRLF is dropped; * consents for every CatalogSync", secret: "crlf", want: "tok-123"},
		{name: "a list that names the CatalogSync consents", secret: "listed", want: "tok-123"},
		{name: "an unmarked Secret is not used", secret: "unmarked", wantReason: pimv1alpha1.ReasonSecretNotPermitted,
			wantMessage: `Secret "unmarked" (spec.centra.tokenSecretRef) is not marked for use by CatalogSync "eu": whoever may read it can allow that with the annotation pim.catalogsync.io/catalogsyncs: "eu" (or "*" for every CatalogSync in namespace shop)`},
		{name: "a Secret marked for other CatalogSyncs is not used", secret: "for-others", wantReason: pimv1alpha1.ReasonSecretNotPermitted,
			wantMessage: `Secret "for-others" (spec.centra.tokenSecretRef) is not marked for use by CatalogSync "eu": whoever may read it can allow that with the annotation pim.catalogsync.io/catalogsyncs: "eu" (or "*" for every CatalogSync in namespace shop)`},
		{name: "only a newline is empty", secret: "blank", wantReason: pimv1alpha1.ReasonSecretInvalid,
			wantMessage: `Secret "blank" (spec.centra.tokenSecretRef) has no value under key "token"`},
		{name: "another namespace is not looked at", secret: "elsewhere", wantReason: pimv1alpha1.ReasonSecretNotFound,
			wantMessage: `Secret "elsewhere" (spec.centra.tokenSecretRef) not found in namespace shop`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			values, err := r.secretValues(context.Background(), sync, tc.secret, "spec.centra.tokenSecretRef", sha256.New(), "token")
			if tc.wantReason != "" {
				stalled, ok := syncerr.AsStalled(err)
				if !ok || stalled.Reason != tc.wantReason || err.Error() != tc.wantMessage {
					t.Fatalf("err = %v, want stall %s %q", err, tc.wantReason, tc.wantMessage)
				}
				return
			}
			if err != nil || values[0].Reveal() != tc.want {
				t.Fatalf("values = %v, err = %v; want %q", values, err, tc.want)
			}
		})
	}
}
