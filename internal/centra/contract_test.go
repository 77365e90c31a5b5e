package centra_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/centra"
)

// Contract tests: the response bodies documented in docs/reference/centra-api.md, served verbatim (or
// under the client's alias), are handled.

// §1.3: a missing permission is a GraphQL error with extensions.category "authorization".
func TestContract_MissingPermissionResponse_Sec1_3(t *testing.T) {
	srv, _ := stub(t, `{"errors":[{"message":"You need Order:read permission to access orderConnection.",
              "extensions":{"category":"authorization"},
              "locations":[{"line":6,"column":3}],"path":["orderConnection"]}],
   "extensions":{"complexity":50,"permissionsUsed":["Order:read"]}}`)
	c := stubClient(t, srv.URL)
	_, err := c.RateLimits(ctx(t))
	var gql *centra.GraphQLErrors
	if !errors.As(err, &gql) || !gql.Authorization() {
		t.Fatalf("error = %v, want an authorization *GraphQLErrors", err)
	}
	want := "centra RateLimits: You need Order:read permission to access orderConnection. (at orderConnection)"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err.Error(), want)
	}
	if got := c.Budgets().State().Complexity.Spent; got != 50 {
		t.Errorf("complexity charged = %d, want 50", got)
	}
}

// §3.2: the documented lookup response, including the deprecated GTIN (the client reads
// EAN and ignores GTIN) and the "+0100" timestamps of the examples (§2.2).
func TestContract_ProductLookupResponse_Sec3_2(t *testing.T) {
	srv, bodies := stub(t, `{"data":{"p0":[{"id":1,"name":"First Product","status":"ACTIVE","productNumber":"Prod123",
     "createdAt":"2021-12-31T13:44:23+0100","updatedAt":"2021-12-31T13:44:23+0100",
     "variants":[{"id":2,"variantNumber":"Var456","status":"ACTIVE","updatedAt":"2021-12-31T13:44:23+0100",
        "productSizes":[{"id":280,"description":"S","sizeNumber":"789S","GTIN":"EAN123456789S","SKU":"Prod123Var456789S"}]}]}],
   "counters":{"products":1}},
   "extensions":{"complexity":121,"permissionsUsed":["Product:read","Product.ProductVariant:read"]}}`)
	c := stubClient(t, srv.URL, func(cfg *centra.Config) { cfg.StoreID = 1 })
	got, err := c.ProductsByNumber(ctx(t), []string{"Prod123"})
	if err != nil {
		t.Fatal(err)
	}
	p := got["Prod123"][0]
	wantTime := time.Date(2021, 12, 31, 12, 44, 23, 0, time.UTC)
	if p.ID != 1 || !p.UpdatedAt.Equal(wantTime) || p.Variants[0].Sizes[0].SKU != "Prod123Var456789S" || p.Variants[0].Sizes[0].ID != 280 {
		t.Errorf("product = %+v", p)
	}
	var req struct {
		Query         string         `json:"query"`
		Variables     map[string]any `json:"variables"`
		OperationName string         `json:"operationName"`
	}
	if err := json.Unmarshal([]byte((*bodies)[0]), &req); err != nil {
		t.Fatal(err)
	}
	// §1.1: {query, variables, operationName}; values only in variables.
	if req.OperationName != "ProductsByNumber" || req.Variables["n0"] != "Prod123" || strings.Contains(req.Query, "Prod123") {
		t.Errorf("request = %+v", req)
	}
	if !slices.Equal(req.Variables["storeIds"].([]any), []any{1.0}) {
		t.Errorf("storeIds = %v", req.Variables["storeIds"])
	}
}

// §3.4 and §3.7: the documented mutation responses, under the client's alias.
func TestContract_MutationResponses_Sec3_4_Sec3_7(t *testing.T) {
	srv, _ := stub(t,
		`{"data":{"m0":{"product":{"id":1,"name":"First Product","status":"ACTIVE","productNumber":"Prod123"},"userErrors":[]}},"extensions":{"complexity":121,"permissionsUsed":["Product:write","Product:read"]}}`,
		`{"data":{"m0":{"userErrors":[],"display":{"id":2276}}},"extensions":{"complexity":112,"permissionsUsed":["Display:write","Display:read"],"appVersion":"v0.47.7"}}`,
	)
	c := stubClient(t, srv.URL)
	out, err := c.Execute(ctx(t), []centra.Mutation{centra.CreateProduct(centra.ProductCreate{ProductNumber: "Prod123", Name: "First Product", Status: centra.ProductActive})})
	if err != nil || out[0].Err != nil || out[0].ID != 1 || out[0].Product.ProductNumber != "Prod123" {
		t.Fatalf("createProduct result = %+v (%v)", out[0], err)
	}
	out, err = c.Execute(ctx(t), []centra.Mutation{centra.CreateDisplay(centra.DisplayCreate{Store: centra.IDRef{ID: 1}, Product: centra.ByID(2), Name: "New display!", Status: centra.Active})})
	if err != nil || out[0].Err != nil || out[0].ID != 2276 {
		t.Fatalf("createDisplay result = %+v (%v)", out[0], err)
	}
	if got := c.Budgets().State().Complexity.Spent; got != 121+112 {
		t.Errorf("complexity charged = %d, want 233", got)
	}
	if got := c.Budgets().State().Mutations.Spent; got != 2 {
		t.Errorf("mutations charged = %d, want 2", got)
	}
}

// §5.2: the documented batch warnings are surfaced with the result, not dropped.
func TestContract_UserWarnings_Sec5_2(t *testing.T) {
	srv, _ := stub(t, `{"data":{"m0":{"userErrors":[],"userWarnings":[{"message":"Duplicate product ID 123 skipped","path":["input","1"]},
		{"message":"Product variant with id 789 not assigned to product 123","path":null}]}},"extensions":{"complexity":130}}`)
	c := stubClient(t, srv.URL)
	out, err := c.Execute(ctx(t), centra.AssignAttributesBatch([]centra.AttributeAssignment{{ObjectType: centra.AttributesOnProduct, ObjectID: 123}}))
	if err != nil || out[0].Err != nil {
		t.Fatal(err, out[0].Err)
	}
	var got []string
	for _, w := range out[0].Warnings {
		got = append(got, w.String())
	}
	want := []string{"input.1: Duplicate product ID 123 skipped", "Product variant with id 789 not assigned to product 123"}
	if !slices.Equal(got, want) {
		t.Errorf("warnings = %q, want %q", got, want)
	}
}

// §5.5: the documented rateLimits answer seeds the budgets.
func TestContract_RateLimitsResponse_Sec5_5(t *testing.T) {
	srv, _ := stub(t, `{"data":{"rateLimits":[
		{"type":"REQUEST_COUNT","intervalSeconds":"TEN_SECONDS","quota":20,"usedQuota":3,"remainingQuota":17},
		{"type":"REQUEST_COUNT","intervalSeconds":"ONE_HOUR","quota":10000,"usedQuota":412,"remainingQuota":9588},
		{"type":"QUERY_COMPLEXITY","intervalSeconds":"TEN_SECONDS","quota":150000,"usedQuota":900,"remainingQuota":149100},
		{"type":"QUERY_COMPLEXITY","intervalSeconds":"ONE_HOUR","quota":20000000,"usedQuota":51000,"remainingQuota":19949000},
		{"type":"MUTATION_COUNT","intervalSeconds":"TEN_SECONDS","quota":100,"usedQuota":0,"remainingQuota":100},
		{"type":"MUTATION_COUNT","intervalSeconds":"ONE_HOUR","quota":1000,"usedQuota":640,"remainingQuota":360}]}}`)
	c := stubClient(t, srv.URL, func(cfg *centra.Config) { cfg.Budgets = centra.NewBudgets(centra.DefaultLimits()) })
	if _, err := c.RateLimits(ctx(t)); err != nil {
		t.Fatal(err)
	}
	mutations := c.Budgets().State().Mutations.Windows
	if mutations[1].Remaining != 360 || mutations[0].Remaining != 100 || c.Budgets().MutationsLeft() != 100 {
		t.Errorf("mutation windows = %+v, MutationsLeft = %d; want 100 now, 360 this hour", mutations, c.Budgets().MutationsLeft())
	}
	if got := c.Budgets().State().Complexity.Windows[1].Used; got != 51000 {
		t.Errorf("hourly complexity used = %d, want 51000", got)
	}
}
