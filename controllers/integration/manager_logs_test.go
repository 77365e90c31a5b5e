package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/centra/centratest"
	"github.com/catalogsync/catalogsync-operator/internal/plytix/plytixtest"
	"github.com/catalogsync/catalogsync-operator/internal/testenv"
	"github.com/catalogsync/catalogsync-operator/internal/testworld"
)

// TestManagerAtDebugVerbosityLogsNoCredential runs the manager binary, as deployed but at
// --zap-log-level=10, through a whole sync against both sandboxes. At that verbosity client-go
// logs the bodies of the API server's responses, and a Secret's carry its values (base64). No
// credential appears in the log in any form, while the log does show response bodies, so the
// verbosity really was in effect.
func TestManagerAtDebugVerbosityLogsNoCredential(t *testing.T) {
	kubeconfig, cfg := startControlPlane(t)
	manager := buildManager(t)
	c, err := client.New(cfg, client.Options{Scheme: testenv.Scheme()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	apiKey, password, token := "debug-api-key-5e6f", `debug-p&ss<word>-7a8b`, "debug-centra-token-9c0d"
	p := plytixtest.NewTestServer(t, plytixtest.Options{Catalog: worldCatalog, RateLimits: plytixtest.Unlimited(), IDFilter: true,
		APIKey: apiKey, APIPassword: password})
	seed := testworld.CentraSeed(p.Report())
	cs := centratest.NewTestServer(t, centratest.Options{Seed: &seed, Tokens: []centratest.Token{{Value: token}},
		RateLimits: &centratest.RateLimits{Disabled: true}, MediaPendingPolls: -1})

	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "debug-logs"}}
	m := testworld.Mapping("apparel", p.Report())
	m.Namespace = ns.Name
	sync := &pimv1alpha1.CatalogSync{ObjectMeta: metav1.ObjectMeta{Name: "nordvik-eu", Namespace: ns.Name},
		Spec: testworld.Spec(p.Report(), p.URL, cs.URL, "apparel")}
	for _, obj := range []client.Object{ns, secretOf(ns.Name, "plytix", map[string]string{"apiKey": apiKey, "password": password}),
		secretOf(ns.Name, "centra", map[string]string{"token": token}), m, sync} {
		if err := c.Create(ctx, obj); err != nil {
			t.Fatalf("creating %s: %v", obj.GetName(), err)
		}
	}

	logs := &syncBuffer{}
	run, stop := context.WithTimeout(ctx, 3*time.Minute)
	defer stop()
	cmd := exec.CommandContext(run, manager, "--kubeconfig", kubeconfig, "--zap-log-level=10", "--api-hosts=127.0.0.1",
		"--health-probe-bind-address=0", "--metrics-bind-address=0")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Minute, func() (bool, string) {
		got := &pimv1alpha1.CatalogSync{}
		if err := c.Get(ctx, client.ObjectKeyFromObject(sync), got); err != nil {
			return false, err.Error()
		}
		ready := meta.FindStatusCondition(got.Status.Conditions, pimv1alpha1.ConditionReady)
		return ready != nil && ready.Status == metav1.ConditionTrue, fmt.Sprintf("conditions %+v", got.Status.Conditions)
	})
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	out := logs.String()
	if !strings.Contains(out, "Response Body") {
		t.Fatalf("the manager logged no response body at --zap-log-level=10; the test proves nothing (%d bytes of log)", len(out))
	}
	dumped := hexDumpedBodies(t, out)
	for what, value := range map[string]string{"Plytix API key": apiKey, "Plytix password": password, "Centra token": token} {
		if bytes.Contains(dumped, []byte(value)) {
			t.Errorf("invariant 4: the %s can be reassembled from the hex dumps of response bodies in the manager's debug log", what)
		}
		escaped, _ := json.Marshal(value)
		for form, text := range map[string]string{
			"raw": value, "JSON-escaped": strings.Trim(string(escaped), `"`),
			"base64 (as in a Secret's data)": base64.StdEncoding.EncodeToString([]byte(value)),
		} {
			if strings.Contains(out, text) {
				t.Errorf("invariant 4: the %s appears %s in the manager's debug log", what, form)
			}
		}
	}
}

// hexDumpLine is one line of a hex.Dump: offset, up to 16 bytes in hex, then the ASCII column.
var hexDumpLine = regexp.MustCompile(`^[0-9a-f]{8}((?:\s+[0-9a-f]{2}){1,16})\s+\|`)

// hexDumpedBodies reassembles the bytes of every binary response body client-go logged as a hex
// dump (a protobuf answer, such as a Secret's), as someone reading the log could.
func hexDumpedBodies(t *testing.T, log string) []byte {
	t.Helper()
	var out []byte
	for _, line := range strings.Split(log, "\n") {
		var entry struct {
			Body string `json:"body"`
		}
		if json.Unmarshal([]byte(line), &entry) != nil || !strings.HasPrefix(entry.Body, "00000000") {
			continue
		}
		for _, dumpLine := range strings.Split(entry.Body, "\n") {
			m := hexDumpLine.FindStringSubmatch(dumpLine)
			if m == nil {
				continue
			}
			for _, h := range strings.Fields(m[1]) {
				b, err := hex.DecodeString(h)
				if err != nil {
					t.Fatalf("reading a hex dump: %v", err)
				}
				out = append(out, b...)
			}
		}
		out = append(out, '\n')
	}
	return out
}
