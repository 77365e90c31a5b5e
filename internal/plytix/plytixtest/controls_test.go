package plytixtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

func TestFaults_MatchPathMethodSkipAndTimes(t *testing.T) {
	h := newHarness(t, Options{})
	h.s.InjectFault(Fault{Kind: FaultStatus, Path: "/api/v1/products/search", Method: "post", Status: 503, Skip: 1, Times: 2})
	var got []int
	for range 5 {
		status, _ := h.api("POST", "/api/v1/products/search", "{}")
		got = append(got, status)
	}
	if want := []int{200, 503, 503, 200, 200}; !reflect.DeepEqual(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	if status, _ := h.api("GET", "/api/v1/filters/product", ""); status != 200 {
		t.Fatal("a fault hit another path")
	}
	if hits := h.s.FaultHits(); !reflect.DeepEqual(hits, []int{2}) {
		t.Fatalf("hits = %v", hits)
	}
	h.s.ClearFaults()
	if len(h.s.FaultHits()) != 0 {
		t.Fatal("faults not cleared")
	}
}

// TestFaults_AwaitHitsAndHoldUntilReleased: a test waits for a fault to hit instead of
// sleeping, and decides when a request held by a latency fault goes on.
func TestFaults_AwaitHitsAndHoldUntilReleased(t *testing.T) {
	h := newHarness(t, Options{})
	release := make(chan struct{})
	h.s.InjectFault(Fault{Kind: FaultLatency, Path: "/api/", Until: release, Times: 1})
	answered := make(chan int, 1)
	go func() {
		status, _ := h.api("GET", "/api/v1/filters/product", "")
		answered <- status
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a safety net only
	defer cancel()
	if err := h.s.AwaitFaultHits(ctx, 0, 1); err != nil {
		t.Fatalf("the fault never hit: %v", err)
	}
	select {
	case status := <-answered:
		t.Fatalf("a held request was answered (%d) before its release", status)
	default:
	}
	close(release)
	if status := <-answered; status != 200 {
		t.Fatalf("released request: %d, want 200", status)
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	if err := h.s.AwaitFaultHits(done, 0, 2); !errors.Is(err, context.Canceled) {
		t.Fatalf("awaiting a hit that never comes: %v, want the context's error", err)
	}
	if err := h.s.AwaitFaultHits(done, 1, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("awaiting a fault never injected: %v, want the context's error", err)
	}
}

// TestFaults_EveryKindOverTheNetwork drives each fault kind through a real server.
func TestFaults_EveryKindOverTheNetwork(t *testing.T) {
	s, err := New(Options{RateLimits: Unlimited()})
	if err != nil {
		t.Fatal(err)
	}
	// served tells when the handlers of the requests sent so far have all returned, and so
	// have been counted.
	var served sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		defer served.Done()
		s.Handler().ServeHTTP(w, r)
	}))
	s.URL = srv.URL
	t.Cleanup(func() {
		s.Close()
		srv.Close()
	})
	post := func(ctx context.Context) (*http.Response, string, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", s.URL+"/api/v1/products/search", strings.NewReader(`{"secret":"body"}`))
		req.Header.Set("Authorization", "Bearer abc.def.ghi")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b), nil
	}
	cases := []struct {
		fault Fault
		check func(resp *http.Response, body string) bool
	}{
		{Fault{Kind: FaultStatus, Status: 429, RetryAfter: "2"}, func(r *http.Response, b string) bool {
			return r.StatusCode == 429 && r.Header.Get("Retry-After") == "2" && b == `{"error":{"msg":"Too Many Requests"}}`
		}},
		{Fault{Kind: FaultStatus, Status: 502}, func(r *http.Response, b string) bool {
			return r.StatusCode == 502 && b == `{"error":{"msg":"An invalid response was received from the upstream server"}}`
		}},
		{Fault{Kind: FaultStatus, Status: 500, Body: "<html>oops</html>"}, func(r *http.Response, b string) bool { return r.StatusCode == 500 && b == "<html>oops</html>" }},
		{Fault{Kind: FaultMalformed}, func(r *http.Response, b string) bool { return r.StatusCode == 200 && !json.Valid([]byte(b)) }},
		{Fault{Kind: FaultOversized, Size: 5000}, func(r *http.Response, b string) bool {
			return r.StatusCode == 200 && len(b) == 5000 && json.Valid([]byte(b))
		}},
		{Fault{Kind: FaultEcho}, func(r *http.Response, b string) bool {
			return r.StatusCode == 500 && strings.Contains(b, "Bearer abc.def.ghi") && strings.Contains(b, `\"secret\":\"body\"`)
		}},
		{Fault{Kind: FaultLatency, Delay: time.Millisecond}, func(r *http.Response, b string) bool {
			return r.StatusCode == 401 // served normally: the bearer check refuses the fake token
		}},
	}
	for _, tc := range cases {
		t.Run(string(tc.fault.Kind), func(t *testing.T) {
			s.ClearFaults()
			s.InjectFault(tc.fault)
			resp, body, err := post(context.Background())
			if err != nil || !tc.check(resp, body) {
				t.Fatalf("response %v %q (%v)", resp, body, err)
			}
		})
	}
	t.Run("hang", func(t *testing.T) {
		s.ClearFaults()
		s.InjectFault(Fault{Kind: FaultHang, Times: 1})
		// The client's deadline passes once the sandbox holds the request, as a client
		// timeout would, but never before the request has arrived.
		ctx, expire := context.WithCancelCause(context.Background())
		defer expire(nil)
		go func() {
			if s.AwaitFaultHits(ctx, 0, 1) == nil {
				expire(context.DeadlineExceeded)
			}
		}()
		_, _, err := post(ctx)
		var ne interface{ Timeout() bool }
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("err = %v, want a client timeout", err)
		}
		if resp, _, err := post(context.Background()); err != nil || resp.StatusCode != 401 {
			t.Fatalf("after the hang: %v %v", resp, err)
		}
		// The held request's handler returns once the server notices the client left.
		returned := make(chan struct{})
		go func() {
			served.Wait()
			close(returned)
		}()
		select {
		case <-returned:
		case <-time.After(30 * time.Second): // a safety net only
			t.Fatal("the hang did not end when the client gave up")
		}
		if got := s.Counters().Snapshot()[httpx.CallKey{Operation: "POST /api/v1/products/search", Outcome: "no-response"}]; got != 1 {
			t.Fatalf("counters = %v, want the hang counted as no-response", s.Counters().Snapshot())
		}
	})
}

// TestControlsHTTP_EveryControlWorksOverHTTP drives the /_sandbox/ routes a demo uses.
func TestControlsHTTP_EveryControlWorksOverHTTP(t *testing.T) {
	h := newHarness(t, Options{Catalog: CatalogOptions{Seed: 3, Parents: 2, Problems: ProblemCounts{UnmappedBrand: 1}}})
	call := func(method, path, body string, wantStatus int) string {
		t.Helper()
		status, _, out := h.do(method, path, body, nil)
		if status != wantStatus {
			t.Fatalf("%s %s: %d %s, want %d", method, path, status, out, wantStatus)
		}
		return out
	}
	call("PUT", "/_sandbox/settings", `{"columnLimit":20,"idFilter":true,"dateFilters":"date","pagination":"no-totals","omitRetryAfter":true,"tokenTTL":"1m","authRateLimit":3}`, 204)
	want := settings{tokenTTL: time.Minute, columnLimit: 20, idFilter: true, dateFilters: DateOnlyFilters, authErrors: AuthErrorLive,
		pagination: PaginationNoTotals, omitRetryAfter: true, authRateLimit: 3}
	if got := h.s.current(); got != want {
		t.Fatalf("settings = %+v", got)
	}
	call("PUT", "/_sandbox/settings", `{"tokenTTL":"soon"}`, 400)
	call("PUT", "/_sandbox/latency", `{"latency":"2ms"}`, 204)
	if h.s.current().latency != 2*time.Millisecond {
		t.Fatal("latency not set")
	}
	call("PUT", "/_sandbox/latency", `{"latency":"0"}`, 204)
	call("PUT", "/_sandbox/rate-limits", `{"windows":[{"period":"10s","limit":7},{"period":"1h","limit":700}]}`, 204)
	if w := h.s.RateState().Windows; len(w) != 2 || w[0].Limit != 7 || w[1].Period != time.Hour {
		t.Fatalf("windows = %+v", w)
	}
	if out := call("GET", "/_sandbox/rate", "", 200); compact(t, out) != `{"spent":0,"windows":[{"limit":7,"period":"10s","remaining":7},{"limit":700,"period":"1h0m0s","remaining":700}]}` {
		t.Fatalf("rate = %s", out)
	}
	call("PUT", "/_sandbox/rate-limits", `{"windows":[{"period":"0s","limit":7}]}`, 400)
	h.s.SetRateLimits(Unlimited())

	call("POST", "/_sandbox/faults", `{"kind":"status","path":"/api/","status":503,"times":1}`, 204)
	if status, _ := h.api("POST", "/api/v1/products/search", "{}"); status != 503 {
		t.Fatalf("injected fault: %d", status)
	}
	call("POST", "/_sandbox/faults", `{"kind":"latency","delay":"1ms"}`, 204)
	call("POST", "/_sandbox/faults", `{"kind":"explode"}`, 400)
	call("DELETE", "/_sandbox/faults", "", 204)

	h.token = h.newToken()
	call("POST", "/_sandbox/tokens/expire", "", 204)
	if status, _ := h.api("POST", "/api/v1/products/search", "{}"); status != 401 {
		t.Fatalf("expired token: %d", status)
	}
	before := h.s.Now()
	if out := call("POST", "/_sandbox/clock", `{"advance":"16m"}`, 200); !strings.Contains(out, formatTime(before.Add(16*time.Minute))) {
		t.Fatalf("clock: %s", out)
	}

	var report Report
	if err := json.Unmarshal([]byte(call("GET", "/_sandbox/report", "", 200)), &report); err != nil || !reflect.DeepEqual(report, h.s.Report()) {
		t.Fatalf("report = %+v (%v)", report, err)
	}
	if out := call("GET", "/_sandbox/counters", "", 200); !strings.Contains(out, `{"operation":"POST /api/v1/products/search","outcome":"503","count":1}`) {
		t.Fatalf("counters = %s", out)
	}

	parentSKU := report.Issues[0].SKU
	var ids struct{ IDs []string }
	_ = json.Unmarshal([]byte(call("GET", "/_sandbox/skus/"+parentSKU, "", 200)), &ids)
	if len(ids.IDs) != 1 {
		t.Fatalf("sku lookup = %v", ids)
	}
	parent := ids.IDs[0]
	call("PATCH", "/_sandbox/products/"+parent, `{"label":"Renamed","attributes":{"weight_grams":"heavy","brand":null}}`, 204)
	var st ProductState
	_ = json.Unmarshal([]byte(call("GET", "/_sandbox/products/"+parent, "", 200)), &st)
	if st.Label != "Renamed" || st.Attributes["weight_grams"] != "heavy" || st.Attributes["brand"] != nil || !st.Modified.Equal(h.s.Now()) {
		t.Fatalf("patched = %+v", st)
	}
	call("PATCH", "/_sandbox/products/000000000000000000000000", `{}`, 404)
	var created struct{ ID string }
	_ = json.Unmarshal([]byte(call("POST", "/_sandbox/products/"+parent+"/variants", `{"sku":"NEW-V","attributes":{"color":"Navy","size":"M"}}`, 200)), &created)
	_ = json.Unmarshal([]byte(call("GET", "/_sandbox/products/"+created.ID, "", 200)), &st)
	if st.ParentID != parent || st.Attributes["color"] != "Navy" {
		t.Fatalf("variant = %+v", st)
	}
	call("POST", "/_sandbox/products", `{"label":"no sku"}`, 400)
	_ = json.Unmarshal([]byte(call("POST", "/_sandbox/products", `{"sku":"NEW-S","attributes":{"weight_grams":12}}`, 200)), &created)
	_ = json.Unmarshal([]byte(call("GET", "/_sandbox/products/"+created.ID, "", 200)), &st)
	if st.Attributes["weight_grams"] != 12.0 { // int64 12 in the store, a JSON number here
		t.Fatalf("single = %+v", st)
	}
	call("DELETE", "/_sandbox/products/"+created.ID, "", 204)
	call("DELETE", "/_sandbox/products/"+created.ID, "", 404)

	call("POST", "/_sandbox/attributes", `{"label":"fit","type_class":"DropdownAttribute","options":["Slim"]}`, 200)
	call("POST", "/_sandbox/attributes", `{"label":"fit","type_class":"DropdownAttribute"}`, 400)
	call("PATCH", "/_sandbox/attributes/fit", `{"name":"Fit","options":["Slim","Regular"]}`, 204)
	var defs []AttributeDef
	_ = json.Unmarshal([]byte(call("GET", "/_sandbox/attributes", "", 200)), &defs)
	if last := defs[len(defs)-1]; last.Label != "fit" || last.Name != "Fit" || !reflect.DeepEqual(last.Options, []string{"Slim", "Regular"}) {
		t.Fatalf("new attribute = %+v", last)
	}
	call("DELETE", "/_sandbox/attributes/material", "", 204)
	call("DELETE", "/_sandbox/attributes/material", "", 404)
	for _, d := range h.s.Attributes() {
		if d.Label == "material" || strings.Contains(strings.Join(d.Measures, ","), "material") {
			t.Fatal("a deleted attribute is still defined or measured")
		}
	}
	var after ProductState // a fresh value: decoding into st would merge into its map
	_ = json.Unmarshal([]byte(call("GET", "/_sandbox/products/"+parent, "", 200)), &after)
	if _, ok := after.Attributes["material"]; ok || after.SKU != parentSKU {
		t.Fatal("a deleted attribute's values remain")
	}
	call("PATCH", "/_sandbox/products/"+parent, `{"attributes":`, 400)
}

func TestControls_SetAuthRateLimitAndTTL(t *testing.T) {
	h := newHarness(t, Options{})
	h.s.SetAuthRateLimit(-1) // off
	for range 20 {
		h.newToken()
	}
	h.s.SetTokenTTL(30 * time.Second)
	h.token = h.newToken()
	h.clock.Advance(31 * time.Second)
	if status, _ := h.api("POST", "/api/v1/products/search", "{}"); status != 401 {
		t.Fatalf("a 30 s token after 31 s: %d", status)
	}
	h.s.SetRateLimits([]budget.Window{{Period: time.Second, Limit: 1}})
	h.s.SetPaginationQuirk(PaginationZeroCount)
	h.token = h.newToken()
	if _, res, _ := h.search(`{}`); res.Pagination["count"] != 0.0 {
		t.Fatalf("zero-count quirk: %v", res.Pagination)
	}
}
