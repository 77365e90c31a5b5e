package plytixtest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Documented search limits (docs/reference/plytix-api.md §5.4).
const (
	maxPageSize     = 100
	defaultPageSize = 25
	sortLimit       = 10000
)

// searchBody is a search request (§5.1); every key is optional. relationship_filters are
// accepted and ignored: the sandbox models no relationships.
type searchBody struct {
	Filters             json.RawMessage `json:"filters"`
	Attributes          json.RawMessage `json:"attributes"`
	RelationshipFilters json.RawMessage `json:"relationship_filters"`
	Pagination          json.RawMessage `json:"pagination"`
}

// pagination is a parsed pagination object.
type pagination struct {
	page, size int
	order      string
	// orderEcho is echoed back: null, "" or the string, as sent (§5.4).
	orderEcho any
}

func readSearchBody(r *http.Request) (searchBody, *apiError) {
	var body searchBody
	raw, err := readBody(r)
	if err != nil {
		return body, badRequest("Bad request: unreadable body")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return body, nil
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return body, badRequest("Bad request: the body is not a JSON object")
	}
	return body, nil
}

func readBody(r *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(http.MaxBytesReader(nil, r.Body, 4<<20))
	return buf.Bytes(), err
}

// parsePagination reads "pagination" with the documented defaults and caps (§5.4).
func parsePagination(raw json.RawMessage, maxSize int) (pagination, *apiError) {
	p := pagination{page: 1, size: defaultPageSize}
	if len(raw) == 0 || string(raw) == "null" {
		return p, nil
	}
	var w struct {
		Page     json.RawMessage `json:"page"`
		PageSize json.RawMessage `json:"page_size"`
		Order    json.RawMessage `json:"order"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return p, schemaError("pagination", "Not a valid pagination object.")
	}
	var err *apiError
	if p.page, err = intField("page", w.Page, 1); err != nil {
		return p, err
	}
	if p.size, err = intField("page_size", w.PageSize, defaultPageSize); err != nil {
		return p, err
	}
	if p.page < 1 {
		return p, schemaError("page", "Must be greater than or equal to 1.")
	}
	if p.size < 1 || p.size > maxSize {
		return p, schemaError("page_size", fmt.Sprintf("Must be greater than or equal to 1 and less than or equal to %d.", maxSize))
	}
	if len(w.Order) > 0 && string(w.Order) != "null" {
		if json.Unmarshal(w.Order, &p.order) != nil {
			return p, schemaError("order", "Not a valid string.")
		}
		p.orderEcho = p.order
	}
	return p, nil
}

func intField(name string, raw json.RawMessage, def int) (int, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return def, nil
	}
	var n int
	if json.Unmarshal(raw, &n) != nil {
		return 0, schemaError(name, "Not a valid integer.")
	}
	return n, nil
}

// parseColumns reads "attributes": a list of field names. Duplicates count towards the
// column limit (whether the API counts them is not documented; counting is the stricter
// reading) but are returned once.
func parseColumns(raw json.RawMessage) (unique []string, count int, aerr *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, 0, nil
	}
	var cols []string
	if json.Unmarshal(raw, &cols) != nil {
		return nil, 0, schemaError("attributes", "Not a valid list of strings.")
	}
	seen := map[string]bool{}
	for _, c := range cols {
		if c != "id" && c != "sku" {
			count++
		}
		if !seen[c] {
			seen[c] = true
			unique = append(unique, c)
		}
	}
	return unique, count, nil
}

// searchProducts is POST /api/v1/products/search (§5, §6.3).
func (s *Server) searchProducts(w http.ResponseWriter, r *http.Request) {
	body, aerr := readSearchBody(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	set := s.current()
	page, aerr := parsePagination(body.Pagination, maxPageSize)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	columns, counted, aerr := parseColumns(body.Attributes)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	s.reading(w, func() (int, any) {
		if aerr := s.checkColumns(columns, counted, set); aerr != nil {
			return aerr.status, aerr.body()
		}
		ids, aerr := s.matches(body.Filters, page.order, set)
		if aerr != nil {
			return aerr.status, aerr.body()
		}
		if page.order != "" && len(ids) > sortLimit {
			aerr := &apiError{status: http.StatusPreconditionRequired,
				msg: fmt.Sprintf("Too many results to sort (%d). Refine the search to %d products or fewer, or remove the order.", len(ids), sortLimit)}
			return aerr.status, aerr.body()
		}
		start := min((page.page-1)*page.size, len(ids))
		end := min(start+page.size, len(ids))
		items := make([]any, 0, end-start)
		for _, seq := range ids[start:end] {
			items = append(items, s.renderSearchProduct(s.store.products[seq], columns))
		}
		return http.StatusOK, map[string]any{"data": items, "pagination": paginationBody(page, len(items), len(ids), set.pagination)}
	})
}

// reading runs fn under the store's read lock, encodes its body before releasing the lock
// (rendered products share values with the store), and writes it after.
func (s *Server) reading(w http.ResponseWriter, fn func() (int, any)) {
	s.store.mu.RLock()
	status, body := fn()
	raw, err := json.Marshal(body)
	s.store.mu.RUnlock()
	if err != nil {
		status, raw = http.StatusInternalServerError, []byte(`{"error":{"msg":"sandbox could not encode its response"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// checkColumns validates the requested columns: known fields, within the column limit
// (§5.3), whose documented error this reproduces exactly.
func (s *Server) checkColumns(columns []string, counted int, set settings) *apiError {
	for _, c := range columns {
		if c == "id" || c == "sku" {
			continue
		}
		if _, ok := s.productField(c, true); !ok {
			return schemaError(c, "attribute does not exist")
		}
	}
	if counted > set.columnLimit {
		return schemaError("schema", fmt.Sprintf("columns limit exceeded, current limit is %d", set.columnLimit))
	}
	return nil
}

func paginationBody(p pagination, count, total int, quirk PaginationQuirk) map[string]any {
	body := map[string]any{"page": p.page, "page_size": p.size, "order": p.orderEcho, "count": count, "total_count": total}
	switch quirk {
	case PaginationZeroCount:
		body["count"] = 0
	case PaginationNoTotals:
		delete(body, "count")
		delete(body, "total_count")
	}
	return body
}

// matches returns the positions of the products matching filters, in order, from the cache
// when the catalogue has not changed since.
func (s *Server) matches(filters json.RawMessage, order string, set settings) ([]int32, *apiError) {
	groups, aerr := parseFilters(filters)
	if aerr != nil {
		return nil, aerr
	}
	canonical, _ := json.Marshal(groups)
	key := fmt.Sprintf("%s|%s|%t|%s", canonical, order, set.idFilter, set.dateFilters)
	if ids, ok := s.cache.get(key, s.store.version); ok {
		return ids, nil
	}
	pred, aerr := compile(groups, func(name string) (field[*product], bool) { return s.productField(name, set.idFilter) }, set.dateFilters)
	if aerr != nil {
		return nil, aerr
	}
	var ids []int32
	for _, p := range s.store.products {
		if p != nil && pred(p) {
			ids = append(ids, int32(p.seq))
		}
	}
	if order != "" {
		if aerr := s.sortProducts(ids, order); aerr != nil {
			return nil, aerr
		}
	}
	s.cache.put(key, s.store.version, ids)
	return ids, nil
}

// sortProducts orders positions by a field, "-" prefixed for descending (§5.4). Missing
// values sort first ascending, as in MongoDB; ties keep the natural order.
func (s *Server) sortProducts(ids []int32, order string) *apiError {
	name, descending := strings.CutPrefix(order, "-")
	fld, ok := s.productField(name, true)
	if !ok || !sortable(fld.kind) {
		return schemaError("order", "field "+name+" does not exist or cannot be sorted")
	}
	type keyed struct {
		seq  int32
		has  bool
		num  float64
		text string
		at   time.Time
	}
	keys := make([]keyed, len(ids))
	for i, seq := range ids {
		v := fld.get(s.store.products[seq])
		k := keyed{seq: seq, has: hasValue(v)}
		switch fld.kind {
		case kNumber:
			k.num, k.has = asNumber(v)
		case kDate:
			k.at, k.has = asTime(v)
		default:
			k.text = asText(v)
		}
		keys[i] = k
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		var c int
		switch {
		case a.has != b.has:
			c = map[bool]int{true: 1, false: -1}[a.has]
		case fld.kind == kNumber:
			c = cmp.Compare(a.num, b.num)
		case fld.kind == kDate:
			c = a.at.Compare(b.at)
		default:
			c = strings.Compare(a.text, b.text)
		}
		if descending {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.seq, b.seq)
		}
		return c
	})
	for i, k := range keys {
		ids[i] = k.seq
	}
	return nil
}

// searchCache keeps recent result lists. A scan asks for page after page of the same
// search; evaluating the filters once per scan keeps 100,000-product scans linear.
type searchCache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
	order   []string
}

type cacheEntry struct {
	version uint64
	ids     []int32
}

const searchCacheSize = 16

func newSearchCache() *searchCache { return &searchCache{entries: map[string]cacheEntry{}} }

func (c *searchCache) get(key string, version uint64) ([]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.version != version {
		return nil, false
	}
	return e.ids, true
}

func (c *searchCache) put(key string, version uint64, ids []int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; !ok {
		c.order = append(c.order, key)
	}
	c.entries[key] = cacheEntry{version: version, ids: ids}
	for len(c.order) > searchCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}
