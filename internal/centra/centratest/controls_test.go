package centratest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// control calls a /_sandbox/ endpoint and decodes the JSON answer into out.
func control(t *testing.T, ts *TestServer, method, path, body string, out any) int {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, ts.Server.URL+path, rd)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, raw)
		}
	}
	return resp.StatusCode
}

func TestControls_OverHTTP(t *testing.T) {
	ts := newServer(t, Options{})
	var ids ReferenceIDs
	if code := control(t, ts, "POST", "/_sandbox/reference", `{"brands":[{"name":"Demo Brand","stores":["Retail"]}]}`, &ids); code != 200 || ids.Brands["Demo Brand"] != 5 {
		t.Fatalf("seed reference: %d %+v", code, ids.Brands)
	}
	var failure map[string]string
	if code := control(t, ts, "POST", "/_sandbox/reference", `{"brands":[{"name":"Lost","stores":["Mars"]}]}`, &failure); code != 422 ||
		failure["error"] != `brand "Lost": unknown store "Mars"` {
		t.Errorf("bad reference: %d %v", code, failure)
	}
	seed := `[{"productNumber":"DEMO-1","name":"Demo","brand":"Demo Brand","variants":[{"variantNumber":"-1","name":"Black","sizeChart":"Letter","sizes":[{"size":"M"}]}],
	  "displays":[{"store":"Retail","markets":["EU"],"categories":["Women"]}],"prices":{"EUR":10}}]`
	if code := control(t, ts, "POST", "/_sandbox/products", seed, nil); code != 200 {
		t.Fatalf("seed products: %d", code)
	}
	var vis Visibility
	control(t, ts, "GET", "/_sandbox/visibility?product=DEMO-1&store=Retail&market=EU", "", &vis)
	if !vis.Visible {
		t.Fatalf("visibility = %+v", vis)
	}
	var edited ProductSnapshot
	if code := control(t, ts, "PATCH", "/_sandbox/products/DEMO-1", `{"name":"Hand edited","displays":{"Retail":{"status":"INACTIVE"}}}`, &edited); code != 200 || edited.Name != "Hand edited" {
		t.Fatalf("edit: %d %+v", code, edited)
	}
	control(t, ts, "GET", "/_sandbox/visibility?product=DEMO-1&store=Retail&market=EU", "", &vis)
	if vis.Visible || !slices.Equal(vis.Reasons, []string{"display 1 status is INACTIVE, not ACTIVE"}) {
		t.Errorf("visibility after the edit = %+v", vis)
	}
	var ps []ProductSnapshot
	if code := control(t, ts, "GET", "/_sandbox/products/DEMO-1", "", &ps); code != 200 || len(ps) != 1 || ps[0].Variants[0].Sizes[0].SKU != "DEMO-1-1" {
		t.Errorf("get product: %d %+v", code, ps)
	}
	if code := control(t, ts, "GET", "/_sandbox/products/NOPE", "", &failure); code != 404 {
		t.Errorf("unknown product: %d", code)
	}
	if code := control(t, ts, "POST", "/_sandbox/faults", `{"kind":"status","status":503,"times":2}`, nil); code != 200 {
		t.Fatalf("fault: %d", code)
	}
	if r := post(t, ts, `{ stores { id } }`, nil); r.Status != 503 {
		t.Errorf("status with a 503 fault = %d", r.Status)
	}
	var pending []Fault
	control(t, ts, "GET", "/_sandbox/faults", "", &pending)
	if len(pending) != 1 || pending[0].Times != 1 {
		t.Errorf("pending faults = %+v", pending)
	}
	control(t, ts, "DELETE", "/_sandbox/faults", "", nil)
	post(t, ts, `{ stores { id } }`, nil).must(t)
	if code := control(t, ts, "POST", "/_sandbox/faults", `{"kind":"latency","duration":"soon"}`, &failure); code != 400 {
		t.Errorf("bad duration: %d %v", code, failure)
	}
	if code := control(t, ts, "PUT", "/_sandbox/latency", `{"latency":"1ms"}`, nil); code != 200 || time.Duration(ts.latency.Load()) != time.Millisecond {
		t.Errorf("latency: %d", code)
	}
	control(t, ts, "PUT", "/_sandbox/strict", `{"strict":true}`, nil)
	if !ts.strict.Load() {
		t.Error("strict mode not set")
	}
	var rl RateLimits
	control(t, ts, "PUT", "/_sandbox/ratelimits", `{"requests":{"tenSeconds":1,"oneHour":5},"retryAfter":"seconds"}`, &rl)
	if rl.Requests.TenSeconds != 1 || ts.RateLimits().RetryAfter != RetryAfterSeconds {
		t.Errorf("rate limits = %+v", rl)
	}
	var st Stats
	control(t, ts, "GET", "/_sandbox/stats", "", &st)
	if st.Requests != 2 || st.ByStatus[503] != 1 || st.ByStatus[200] != 1 {
		t.Errorf("stats = %+v", st)
	}
	control(t, ts, "DELETE", "/_sandbox/stats", "", &st)
	if st.Requests != 0 {
		t.Errorf("stats after reset = %+v", st)
	}
	if code := control(t, ts, "POST", "/_sandbox/tokens", `{"value":"erp","permissions":["StockChange:write"]}`, nil); code != 200 || ts.token("erp") == nil {
		t.Errorf("token: %d", code)
	}
	var loaded map[string]int
	if code := control(t, ts, "POST", "/_sandbox/generate", `{"products":3,"variants":1,"sizeChart":"One Size","brand":"Demo Brand","store":"Retail"}`, &loaded); code != 200 || loaded["loaded"] != 3 {
		t.Errorf("generate: %d %v", code, loaded)
	}
	if code := control(t, ts, "PUT", "/_sandbox/prices", `{"pricelist":"GBP","value":12}`, nil); code != 200 {
		t.Errorf("prices: %d", code)
	}
	var dups []string
	control(t, ts, "GET", "/_sandbox/duplicates", "", &dups)
	if len(dups) != 0 {
		t.Errorf("duplicates = %v", dups)
	}
	if code := control(t, ts, "PUT", "/_sandbox/strict", `{"strict":`, &failure); code != 400 {
		t.Errorf("malformed control body: %d", code)
	}
}

func TestFaults_LatencyHangMalformedAndMatching(t *testing.T) {
	ts := newServer(t, Options{})
	ts.InjectFault(Fault{Kind: FaultMalformed, Operation: "Other"})
	ts.InjectFault(Fault{Kind: FaultLatency, Duration: time.Millisecond})
	post(t, ts, `query Mine { stores { id } }`, nil, postOpts{operation: "Mine"}).must(t)
	if f := ts.PendingFaults(); len(f) != 1 || f[0].Operation != "Other" {
		t.Fatalf("pending = %+v; the latency fault should have fired, the other not", f)
	}
	body, _ := json.Marshal(map[string]any{"query": "query Other { stores { id } }", "operationName": "Other"})
	req, _ := http.NewRequest(http.MethodPost, ts.URL, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || json.Valid(raw) {
		t.Errorf("malformed fault: %d %s", resp.StatusCode, raw)
	}
	ts.InjectFault(Fault{Kind: FaultHang, Duration: time.Millisecond})
	req, _ = http.NewRequest(http.MethodPost, ts.URL, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Error("a hang fault answered instead of dropping the connection")
	}
}

func TestFaults_UserErrorPerAlias(t *testing.T) {
	ts := newServer(t, Options{})
	ts.InjectFault(Fault{Kind: FaultUserError, Field: "second", Message: "Injected"})
	r := post(t, ts, `mutation { first: createProduct(input: {name: "A", status: ACTIVE, productNumber: "A"}) { product { id } userErrors { message } }
  second: createProduct(input: {name: "B", status: ACTIVE, productNumber: "B"}) { product { id } userErrors { message path } }
  third: createProduct(input: {name: "C", status: ACTIVE, productNumber: "C"}) { product { id } userErrors { message } } }`, nil).must(t)
	if r.at(t, "second.product") != nil || !slices.Equal(r.userErrors(t, "second"), []string{"Injected"}) || r.num(t, "third.product.id") != 2 {
		t.Errorf("%s", r.Raw)
	}
	if ts.ProductCount() != 2 || ts.Stats().MutationUserErrors["createProduct"] != 1 {
		t.Errorf("products %d, stats %+v", ts.ProductCount(), ts.Stats())
	}
}

func TestEditProduct_RejectsUnknownTargetsAndChangesNothing(t *testing.T) {
	ts := newServer(t, Options{})
	seedShirt(t, ts)
	before, _ := ts.Product("SHIRT-1")
	cases := []struct {
		edit ProductEdit
		want string
	}{
		{ProductEdit{Name: ptr("x"), Brand: ptr("Nobody")}, `unknown brand "Nobody"`},
		{ProductEdit{Name: ptr("x"), Variants: map[string]VariantEdit{"-RED": {}}}, `product "SHIRT-1" has no variant "-RED"`},
		{ProductEdit{Name: ptr("x"), Displays: map[string]DisplayEdit{"Retail": {}}}, `product "SHIRT-1" has no display in store "Retail"`},
		{ProductEdit{Name: ptr("x"), Attributes: []AttributeEdit{{Type: "fit", Mapped: "Huge"}}}, `attribute type "fit" has no value "Huge"`},
	}
	for _, tc := range cases {
		if err := ts.EditProduct("SHIRT-1", tc.edit); err == nil || err.Error() != tc.want {
			t.Errorf("EditProduct error = %v, want %q", err, tc.want)
		}
	}
	after, _ := ts.Product("SHIRT-1")
	if after.Name != before.Name || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("a rejected edit changed the product: %+v", after)
	}
	if err := ts.EditProduct("NOPE", ProductEdit{}); err == nil {
		t.Error("editing an unknown product succeeded")
	}
	if err := ts.EditProduct("SHIRT-1", ProductEdit{RemoveVariantSizes: map[string][]string{"-BLK": {"M"}},
		Variants: map[string]VariantEdit{"-WHT": {Status: ptr("INACTIVE")}}}); err != nil {
		t.Fatal(err)
	}
	after, _ = ts.Product("SHIRT-1")
	if after.Variants[0].Sizes[1].Active || after.Variants[1].Status != "INACTIVE" {
		t.Errorf("after edit = %+v", after.Variants)
	}
}

func TestAttributeBatches_AtomicOrPartial_Sec5_2(t *testing.T) {
	batch := `mutation { assignAttributesBatch(input: [
  {objectType: Product, objectId: 1, dynamicAttributes: [{attributeTypeName: "material_composition", attributeElementKey: "text", attributeElementValue: "wool"}]},
  {objectType: Product, objectId: 99, dynamicAttributes: [{attributeTypeName: "material_composition", attributeElementKey: "text", attributeElementValue: "silk"}]}
]) { userErrors { message path } userWarnings { message path } } }`
	for _, partial := range []bool{false, true} {
		ts := newServer(t, Options{PartialAttributeBatches: partial})
		seedShirt(t, ts)
		r := post(t, ts, batch, nil).must(t)
		p, _ := ts.Product("SHIRT-1")
		errs, warns := r.list(t, "assignAttributesBatch.userErrors"), r.list(t, "assignAttributesBatch.userWarnings")
		if partial && (len(errs) != 0 || len(warns) != 1 || len(p.Attributes) != 1) {
			t.Errorf("partial: %s, attributes %+v", r.Raw, p.Attributes)
		}
		if !partial && (len(errs) != 1 || len(p.Attributes) != 0 || fmt.Sprint(errs[0].(map[string]any)["path"]) != "[input 1 objectId]") {
			t.Errorf("atomic: %s, attributes %+v", r.Raw, p.Attributes)
		}
	}
	ts := newServer(t, Options{})
	var items []string
	for range 101 {
		items = append(items, `{objectType: Product, objectId: 1}`)
	}
	r := post(t, ts, `mutation { assignAttributesBatch(input: [`+strings.Join(items, ",")+`]) { userErrors { message } } }`, nil).must(t)
	if !slices.Equal(r.userErrors(t, "assignAttributesBatch"), []string{"A batch can hold at most 100 objects, got 101"}) {
		t.Errorf("101 objects: %s", r.Raw)
	}
}

func ptr[T any](v T) *T { return &v }

// TestLatency_AppliesToEveryRequest: the sandbox holds a request for its latency, however
// long. The client gives up once the sandbox has read the request, the step just before
// the wait, rather than after a delay that could pass before the request arrives; the
// request is then never served.
func TestLatency_AppliesToEveryRequest(t *testing.T) {
	sb, err := New(Options{Now: newClock().now, Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	read := make(chan struct{}, 1)
	var handled sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
		defer handled.Done()
		r.Body = &eofSignal{ReadCloser: r.Body, eof: read}
		sb.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ts := &TestServer{Sandbox: sb, Server: srv, URL: srv.URL + sb.opts.Path}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-read:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL, strings.NewReader(`{"query":"{ stores { id } }"}`))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("a request answered despite an hour of latency")
	}
	returned := make(chan struct{})
	go func() {
		handled.Wait()
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(30 * time.Second): // a safety net only
		t.Fatal("the latency did not end when the client gave up")
	}
	if st := ts.Stats(); st.Requests != 0 || len(st.ByStatus) != 0 {
		t.Fatalf("stats = %+v: the held request was served", st)
	}
	ts.SetLatency(0)
	post(t, ts, `{ stores { id } }`, nil).must(t)
}

// eofSignal tells when a request body has been read to its end.
type eofSignal struct {
	io.ReadCloser
	eof chan<- struct{}
}

func (b *eofSignal) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		select {
		case b.eof <- struct{}{}:
		default:
		}
	}
	return n, err
}

// TestFaults_HitsAreCountedAndAwaited: a test waits for a fault to fire instead of
// sleeping; each kind is counted apart, user errors per mutation field.
func TestFaults_HitsAreCountedAndAwaited(t *testing.T) {
	ts := newServer(t, Options{})
	ts.InjectFault(Fault{Kind: FaultStatus, Status: 503, Times: 2})
	ts.InjectFault(Fault{Kind: FaultUserError})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a safety net only
	defer cancel()
	awaited := make(chan error, 1)
	go func() { awaited <- ts.AwaitFaultHits(ctx, FaultStatus, 2) }()
	for range 2 {
		if r := post(t, ts, `{ stores { id } }`, nil); r.Status != 503 {
			t.Fatalf("status %d, want the injected 503", r.Status)
		}
	}
	if err := <-awaited; err != nil {
		t.Fatalf("AwaitFaultHits: %v", err)
	}
	post(t, ts, `mutation { createProduct(input: {name: "A", status: ACTIVE, productNumber: "A"}) { userErrors { message } } }`, nil).must(t)
	if got := [3]int64{ts.FaultHits(FaultStatus), ts.FaultHits(FaultUserError), ts.FaultHits(FaultHang)}; got != [3]int64{2, 1, 0} {
		t.Fatalf("hits (status, user error, hang) = %v, want [2 1 0]", got)
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	if err := ts.AwaitFaultHits(done, FaultHang, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("awaiting a hit that never comes: %v, want the context's error", err)
	}
}
