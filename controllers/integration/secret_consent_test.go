package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/yaml"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/testenv"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// TestEditorCannotSendASecretSheMayNotRead is the confused-deputy attempt: a user holding only
// the shipped CatalogSync editor role, who may not read the namespace's Secrets, names the
// Centra token Secret in a CatalogSync whose URL is her own capture server. The Secret never
// consented to that CatalogSync, so the operator stalls it before reading the value: the
// capture server receives nothing, and the status says how the Secret's owner could allow it.
func TestEditorCannotSendASecretSheMayNotRead(t *testing.T) {
	w := newSyncWorld(t)
	w.createMapping()
	key, password := w.plytix.Credentials()
	w.create(secretOf(w.ns, "plytix", map[string]string{"apiKey": key, "password": password}))
	owned := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "centra-prod", Namespace: w.ns,
		Annotations: map[string]string{pimv1alpha1.SecretConsentAnnotation: "prod-sync"}},
		StringData: map[string]string{"token": w.secrets["Centra token"]}}
	w.create(owned)

	var captured atomic.Int64
	capture := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		captured.Add(1)
		rw.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(capture.Close)

	editor := editorClient(t, w.ns)
	if err := editor.Get(context.Background(), client.ObjectKeyFromObject(owned), &corev1.Secret{}); !apierrors.IsForbidden(err) {
		t.Fatalf("the editor reads the Secret (err %v): the test needs a user who may not", err)
	}
	s := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Name: "mine", Namespace: w.ns},
		Spec: testworld.Spec(w.plytix.Report(), w.plytix.URL, w.centra.URL, "apparel")}
	s.Spec.Centra.URL = capture.URL + "/graphql"
	s.Spec.Centra.TokenSecretRef = &pimv1alpha1.SecretKeyRef{Name: "centra-prod"}
	if err := editor.Create(context.Background(), s); err != nil {
		t.Fatalf("the editor creates a CatalogSync: %v", err)
	}
	got := w.waitForCondition(s.Name, pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonSecretNotPermitted)
	c := meta.FindStatusCondition(got.Status.Conditions, pimv1alpha1.ConditionStalled)
	if want := `Secret "centra-prod" (spec.centra.tokenSecretRef) is not marked for use by CatalogSync "mine"`; !strings.Contains(c.Message, want) {
		t.Errorf("Stalled message %q, want it to contain %q", c.Message, want)
	}
	if n := captured.Load(); n != 0 {
		t.Errorf("the capture server received %d requests", n)
	}
	w.assertNoSecretIn("status", toJSON(got.Status))
}

// editorClient is a client for a user bound, in the namespace only, to the editor ClusterRole
// that config/rbac ships.
func editorClient(t *testing.T, ns string) client.Client {
	t.Helper()
	root, err := testenv.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "config", "rbac", "editor_viewer_roles.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	role := &rbacv1.ClusterRole{}
	if err := yaml.Unmarshal([]byte(strings.Split(string(raw), "\n---\n")[0]), role); err != nil || role.Name != "editor-role" {
		t.Fatalf("reading the editor role: %v (%q)", err, role.Name)
	}
	role.Name, role.Labels = "catalogsync-editor-"+ns, nil
	if err := k8sClient.Create(context.Background(), role); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k8sClient.Delete(context.Background(), role) })
	user := "editor-" + ns
	binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "editor", Namespace: ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
		Subjects: []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}}}
	if err := k8sClient.Create(context.Background(), binding); err != nil {
		t.Fatal(err)
	}
	authenticated, err := testEnv.AddUser(envtest.User{Name: user}, restConfig)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(authenticated.Config(), client.Options{Scheme: testenv.Scheme()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEchoedCredentialsNeverReachStatusOrEvents: a Plytix auth endpoint that echoes the request
// body in its error puts the password there JSON-escaped (& as \u0026, < as \u003c). Neither that
// form nor any other reaches the status or the events.
func TestEchoedCredentialsNeverReachStatusOrEvents(t *testing.T) {
	w := newSyncWorld(t)
	w.createMapping()
	apiKey, password := "echo-api-key-1b2c", `p&ss<w0rd>"and\more`
	w.secrets = map[string]string{"plytix API key": apiKey, "plytix password": password,
		"escaped password": `p\u0026ss\u003cw0rd\u003e\"and\\more`, "Centra token": w.secrets["Centra token"]}
	w.createSecretsWith(apiKey, password)
	echo := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(http.StatusUnauthorized)
		// The error envelope of docs/reference/plytix-api.md §3.2, quoting what was sent.
		_ = json.NewEncoder(rw).Encode(map[string]any{"error": map[string]string{"msg": "Invalid credentials in " + string(body)}})
	}))
	t.Cleanup(echo.Close)
	sync := w.createSync(func(s *pimv1alpha1.CatalogSyncSpec) { s.Plytix.AuthURL = echo.URL })
	got := w.waitForCondition(sync.Name, pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonAuthFailed)
	w.assertNoSecretIn("status", toJSON(got.Status))
	for _, c := range got.Status.Conditions {
		w.assertNoSecretIn("condition "+c.Type, c.Message)
	}
	eventually(t, 30*time.Second, func() (bool, string) {
		events := &eventsv1.EventList{}
		if err := k8sClient.List(context.Background(), events, client.InNamespace(w.ns)); err != nil {
			return false, err.Error()
		}
		for _, e := range events.Items {
			w.assertNoSecretIn("event "+e.Reason, e.Note)
		}
		return len(events.Items) > 0, "no events yet"
	})
	w.assertNoSecretIn("logs", logs.String())
}
