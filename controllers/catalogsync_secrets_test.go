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
	objs := []corev1.Secret{
		{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "from-file"}, Data: map[string][]byte{"token": []byte("tok-123\n")}},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "crlf"}, Data: map[string][]byte{"token": []byte("tok-123\r\n")}},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "blank"}, Data: map[string][]byte{"token": []byte("\n")}},
		{ObjectMeta: metav1.ObjectMeta{Namespace: "other", Name: "elsewhere"}, Data: map[string][]byte{"token": []byte("tok-123")}},
	}
	c := fake.NewClientBuilder().WithScheme(scheme.Scheme).WithObjects(&objs[0], &objs[1], &objs[2], &objs[3]).Build()
	r := &CatalogSyncReconciler{APIReader: c}
	cases := []struct {
		name, secret string
		want         string
		wantReason   string
		wantMessage  string
	}{
		{name: "trailing newline of --from-file is dropped", secret: "from-file", want: "tok-123"},
		{name: "CRLF is dropped", secret: "crlf", want: "tok-123"},
		{name: "only a newline is empty", secret: "blank", wantReason: pimv1alpha1.ReasonSecretInvalid,
			wantMessage: `Secret "blank" (spec.centra.tokenSecretRef) has no value under key "token"`},
		{name: "another namespace is not looked at", secret: "elsewhere", wantReason: pimv1alpha1.ReasonSecretNotFound,
			wantMessage: `Secret "elsewhere" (spec.centra.tokenSecretRef) not found in namespace shop`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			values, err := r.secretValues(context.Background(), "shop", tc.secret, "spec.centra.tokenSecretRef", sha256.New(), "token")
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
