package plytix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"time"

	"github.com/go-logr/logr"

	"github.com/catalogsync/catalogsync-operator/internal/httpx"
)

// Page is one page of a streamed read.
type Page struct {
	Products []Product
	// Unreadable are the products of the page the client could not read whole (one alone is
	// over the response cap): the read goes on without them, and says which they were.
	Unreadable []Unreadable
	// Number counts the pages handed to the callback, from 1.
	Number int
	// Window is the date range this page came from in a windowed read (zero otherwise).
	// Windows arrive in order, so a caller that stops mid-read can resume from the window of
	// the first page it did not finish.
	Window Window
	// Sorted says whether the page is in the query's order. It is false inside a window too
	// dense to sort even at the finest filter precision, and for products completed after
	// their page (see merger).
	Sorted bool
	// Total is the number of matches the API reported for the window (or the whole read when
	// not windowed); 0 when it did not say.
	Total int
}

// Unreadable is a product a read could not take in, with what is known of it (its id and SKU,
// and its parent's id when Plytix sent it) and why.
type Unreadable struct {
	ID, SKU, ParentID string
	Reason            string
}

// errSplit says a window's first sorted request got a 428: split the window.
var errSplit = errors.New("window too large to sort")

// errReplan says the API reported a lower column limit: plan the passes again.
var errReplan = errors.New("column limit lowered")

// errStop ends a scan early from inside the iterator.
var errStop = errors.New("stop")

// Scan streams every product matching q, one page at a time, to fn; fn's error stops the
// read and is returned. Memory is bounded by a page per pass whatever the catalogue size.
//
// Columns beyond the column limit are read in several passes merged by id (§5.3), which
// multiplies the requests by the number of passes. A sorted read is windowed by date so no
// sorted search matches more than SortLimit products (§5.4); it costs one extra request per
// window, to count it.
// Products written while the read runs may be seen twice or, when unsorted, not at all: key
// results by id, and rely on the next delta read for the rest.
func (c *Client) Scan(ctx context.Context, q Query, fn func(Page) error) error {
	return c.scan(ctx, q, Window{}, fn)
}

// Products returns an iterator over the products matching q, read as Scan reads them. A
// failure is yielded once, as the last element.
func (c *Client) Products(ctx context.Context, q Query) iter.Seq2[Product, error] {
	return func(yield func(Product, error) bool) {
		err := c.Scan(ctx, q, func(p Page) error {
			for _, prod := range p.Products {
				if !yield(prod, nil) {
					return errStop
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(Product{}, err)
		}
	}
}

// scan is the shared driver of Scan and ModifiedSince; root bounds the read by date.
func (c *Client) scan(ctx context.Context, q Query, root Window, fn func(Page) error) error {
	if err := q.Filters.Validate(); err != nil {
		return fmt.Errorf("plytix: invalid filters: %w", err)
	}
	if strings.ContainsAny(q.Order, " \t\n") || q.Order == "-" {
		return fmt.Errorf("plytix: invalid order %q", truncate(q.Order, 40))
	}
	s := &scanner{c: c, q: q, fn: fn, pageSize: min(intOr(q.PageSize, c.cfg.PageSize), MaxPageSize)}
	if q.Order != "" && root.Field == "" {
		root.Field = windowField(q.Order)
	}
	var must []string
	if root.Field != "" {
		must = append(must, root.Field) // contains needs the window field
	}
	s.columns = normalizeColumns(q.Columns, must...)
	for attempt := 0; ; attempt++ {
		passes, err := planPasses(s.columns, c.ColumnLimit())
		if err != nil {
			return err
		}
		s.passes = passes
		if q.Order == "" {
			err = s.window(ctx, root, false, 0)
		} else {
			err = s.sorted(ctx, root)
		}
		if errors.Is(err, errReplan) && s.emitted == 0 && attempt < 3 {
			logr.FromContextOrDiscard(ctx).Info("Plytix lowered the search column limit, reading in more passes", "columnLimit", c.ColumnLimit())
			continue
		}
		return err
	}
}

// scanner is one streamed read.
type scanner struct {
	c        *Client
	q        Query
	fn       func(Page) error
	pageSize int
	columns  []string
	passes   [][]string
	emitted  int
}

// sorted reads root window by window, earliest first (latest first for a descending
// order). Each window is counted first with one unsorted request, and split while it holds
// more than SortLimit products, so no sorted search ever trips the 428 (§5.4). A window that
// still 428s (it grew between the count and the read) is counted and split again.
func (s *scanner) sorted(ctx context.Context, root Window) error {
	descending := strings.HasPrefix(s.q.Order, "-")
	stack := []Window{root}
	for len(stack) > 0 {
		w := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		count, known, err := s.count(ctx, w)
		if err != nil {
			return err
		}
		if !known || count <= SortLimit {
			err = s.window(ctx, w, true, count)
			if !errors.Is(err, errSplit) {
				if err != nil {
					return err
				}
				continue
			}
			count = max(count, 2*SortLimit)
		}
		children := w.split(count, s.c.precision(), s.c.cfg.Now())
		if children == nil {
			// Too dense to sort even in the narrowest window: read it unsorted.
			if err := s.window(ctx, w, false, count); err != nil {
				return err
			}
			continue
		}
		logr.FromContextOrDiscard(ctx).V(1).Info("Windowing a sorted Plytix read", "field", w.Field, "matches", count, "windows", len(children))
		// Push so that the window to read first is on top.
		for i := range children {
			next := children[len(children)-1-i]
			if descending {
				next = children[i]
			}
			stack = append(stack, next)
		}
	}
	return nil
}

// count returns the matches in w with one unsorted request of one product. Some responses
// carry no total (§5.4); known is then false and the window is tried sorted as it is.
func (s *scanner) count(ctx context.Context, w Window) (n int, known bool, err error) {
	env, err := s.fetch(ctx, w, false, nil, 1, 1)
	if err != nil {
		return 0, false, err
	}
	n, known = env.total()
	return n, known, nil
}

// window reads every page of w, all passes in step; total is the count already known for
// it (0 when not counted), reported until a page says otherwise.
func (s *scanner) window(ctx context.Context, w Window, sorted bool, total int) error {
	m := newMerger(len(s.passes))
	var previousFirst string
	for page := 1; ; page++ {
		first, err := s.fetch(ctx, w, sorted, s.passes[0], page, s.pageSize)
		if err != nil {
			var tooMany *SortLimitError
			if page == 1 && sorted && errors.As(err, &tooMany) {
				return errSplit
			}
			return err
		}
		if err := checkProgress(opProductSearch, first, &previousFirst); err != nil {
			return err
		}
		raws, skipped := first.Data, first.skipped
		if len(s.passes) > 1 && len(first.Data)+len(first.skipped) > 0 {
			pages, more, err := s.otherPasses(ctx, w, sorted, page, first.Data)
			if err != nil {
				return err
			}
			skipped = append(skipped, more...)
			if raws, err = m.add(withoutSkipped(pages, skipped)); err != nil {
				return &DecodeError{Details: Details{Operation: opProductSearch, StatusCode: 200}, Err: err}
			}
		}
		last := first.lastPage(page, s.pageSize)
		if reported, ok := first.total(); ok {
			total = reported
		}
		if err := s.emit(raws, skipped, w, sorted, total); err != nil {
			return err
		}
		if last {
			return s.finish(ctx, m, w, total)
		}
	}
}

// checkProgress catches a server that ignores the page number and would make the read loop
// forever.
func checkProgress(op string, env searchEnvelope, previousFirst *string) error {
	if len(env.Data) == 0 {
		return nil
	}
	var head struct {
		ID json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal(env.Data[0], &head)
	id := scalarText(head.ID)
	if id != "" && id == *previousFirst {
		return &DecodeError{Details: Details{Operation: op, StatusCode: 200}, Err: errors.New("the API returned the same page twice")}
	}
	*previousFirst = id
	return nil
}

// otherPasses fetches page of every pass after the first, concurrently: they are
// independent requests and the budget limiter paces them. It returns the products each pass
// could not read, too.
func (s *scanner) otherPasses(ctx context.Context, w Window, sorted bool, page int, first []json.RawMessage) ([][]json.RawMessage, []Unreadable, error) {
	pages := make([][]json.RawMessage, len(s.passes))
	pages[0] = first
	skipped := make([][]Unreadable, len(s.passes))
	errs := make([]error, len(s.passes))
	var wg sync.WaitGroup
	for p := 1; p < len(s.passes); p++ {
		wg.Go(func() {
			env, err := s.fetch(ctx, w, sorted, s.passes[p], page, s.pageSize)
			pages[p], skipped[p], errs[p] = env.Data, env.skipped, err
		})
	}
	wg.Wait()
	var all []Unreadable
	for _, sk := range skipped {
		all = append(all, sk...)
	}
	return pages, all, errors.Join(errs...)
}

// withoutSkipped leaves out of every pass's page the products some pass could not read: a
// product is read whole or reported, never merged from the passes that did read it.
func withoutSkipped(pages [][]json.RawMessage, skipped []Unreadable) [][]json.RawMessage {
	if len(skipped) == 0 {
		return pages
	}
	ids := map[string]bool{}
	for _, u := range skipped {
		ids[u.ID] = true
	}
	out := make([][]json.RawMessage, len(pages))
	for p, raws := range pages {
		for _, raw := range raws {
			var head struct {
				ID json.RawMessage `json:"id"`
			}
			if json.Unmarshal(raw, &head) == nil && ids[scalarText(head.ID)] {
				continue
			}
			out[p] = append(out[p], raw)
		}
	}
	return out
}

// finish completes the products some pass missed, with one GET each (§6.2), and emits them.
func (s *scanner) finish(ctx context.Context, m *merger, w Window, total int) error {
	stragglers := m.stragglers()
	if len(stragglers) == 0 {
		return nil
	}
	logr.FromContextOrDiscard(ctx).V(1).Info("Completing Plytix products that shifted between passes", "products", len(stragglers))
	raws := make([]json.RawMessage, 0, len(stragglers))
	for _, part := range stragglers {
		full, err := s.c.productRaw(ctx, scalarText(part.obj["id"]))
		if IsNotFound(err) {
			continue // deleted while the read ran
		}
		if err != nil {
			return err
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(full, &obj); err != nil {
			return &DecodeError{Details: Details{Operation: opProductGet, StatusCode: 200}, Err: err}
		}
		if err := part.merge(obj); err != nil {
			return &DecodeError{Details: Details{Operation: opProductGet, StatusCode: 200}, Err: err}
		}
		raw, err := part.encode()
		if err != nil {
			return err
		}
		raws = append(raws, raw)
	}
	return s.emit(raws, nil, w, false, total)
}

// emit decodes products, keeps those inside the window, and hands them to the callback with
// the page's unreadable products.
func (s *scanner) emit(raws []json.RawMessage, unreadable []Unreadable, w Window, sorted bool, total int) error {
	if len(raws) == 0 && len(unreadable) == 0 {
		return nil
	}
	products := make([]Product, 0, len(raws))
	for _, raw := range raws {
		var p Product
		if err := json.Unmarshal(raw, &p); err != nil {
			return &DecodeError{Details: Details{Operation: opProductSearch, StatusCode: 200}, Err: err}
		}
		if w.contains(p) {
			products = append(products, p)
		}
	}
	if len(products) == 0 && len(unreadable) == 0 {
		return nil
	}
	s.emitted++
	page := Page{Products: products, Unreadable: unreadable, Number: s.emitted, Sorted: sorted, Total: total}
	if w.bounded() {
		page.Window = w
	}
	return s.fn(page)
}

// fetch requests one page of one pass. A page whose answer is over the body cap (a few products
// with huge values, inherited by every variant) is read as two half pages instead, down to one
// product a request, so one large product costs requests, not the run; a single product over
// the cap fails the read, saying where it is.
func (s *scanner) fetch(ctx context.Context, w Window, sorted bool, columns []string, page, pageSize int) (searchEnvelope, error) {
	env, err := s.fetchPage(ctx, w, sorted, columns, page, pageSize)
	reason := unreadableReason(err, s.c.cfg.MaxBodyBytes)
	if reason == "" {
		return env, err
	}
	if pageSize == 1 {
		return s.skipProduct(ctx, w, sorted, page, reason, err)
	}
	logr.FromContextOrDiscard(ctx).V(1).Info("A Plytix search page is over the response cap; reading it in halves", "page", page, "pageSize", pageSize)
	half := pageSize / 2
	if pageSize%2 != 0 {
		// Halves of an odd page do not line up with its products: read it one product a page.
		half = 1
	}
	var combined searchEnvelope
	for sub := (page-1)*pageSize/half + 1; sub <= page*pageSize/half; sub++ {
		part, err := s.fetch(ctx, w, sorted, columns, sub, half)
		if err != nil {
			return combined, err
		}
		if combined.Pagination == nil {
			combined.Pagination = part.Pagination
		}
		combined.Data = append(combined.Data, part.Data...)
		combined.skipped = append(combined.skipped, part.skipped...)
		if len(part.Data)+len(part.skipped) < half {
			break // the last page of the search
		}
	}
	return combined, nil
}

// skipProduct reads the identity of the product at position page, alone over the response cap,
// without any attribute: the read goes on without it and reports it. Only if even that fails is
// the read stopped, saying where the product is.
func (s *scanner) skipProduct(ctx context.Context, w Window, sorted bool, page int, reason string, cause error) (searchEnvelope, error) {
	env, err := s.fetchPage(ctx, w, sorted, nil, page, 1)
	if err != nil || len(env.Data) != 1 {
		return env, fmt.Errorf("product %d of the search: %s: %w", page, reason, cause)
	}
	var p Product
	if err := json.Unmarshal(env.Data[0], &p); err != nil {
		return env, &DecodeError{Details: Details{Operation: opProductSearch, StatusCode: 200}, Err: err}
	}
	env.Data, env.skipped = nil, []Unreadable{{ID: p.ID, SKU: p.SKU, ParentID: p.ParentID, Reason: reason}}
	return env, nil
}

// unreadableReason says why a search answer could not be taken in when a product in it is to
// blame (too large, or nested deeper than JSON decoding allows), so the page is read again in
// smaller parts; "" for any other error.
func unreadableReason(err error, capBytes int64) string {
	var decode *DecodeError
	switch {
	case errors.Is(err, httpx.ErrBodyTooLarge):
		return fmt.Sprintf("Plytix's answer for this product alone is larger than the response cap (%d bytes)", capBytes)
	case errors.As(err, &decode) && decode.Err != nil && strings.Contains(decode.Err.Error(), "exceeded max depth"):
		return "a value of this product is nested deeper than JSON decoding allows"
	}
	return ""
}

// fetchPage requests one page of one pass as it is. It adapts, once each, to the two server
// behaviours the reference leaves open: a lower column limit (§5.3) and date filters that only
// take dates (§10, §14 q3).
func (s *scanner) fetchPage(ctx context.Context, w Window, sorted bool, columns []string, page, pageSize int) (searchEnvelope, error) {
	for {
		precision := s.c.precision()
		req := searchRequest{
			Filters:    s.q.Filters.And(w.filters(precision)...),
			Attributes: columns,
			Pagination: pageRequest{Page: page, PageSize: pageSize},
		}
		if sorted {
			req.Pagination.Order = s.q.Order
		}
		var env searchEnvelope
		err := s.c.do(ctx, call{op: opProductSearch, method: "POST", path: pathProductSearch, body: req}, &env)
		if err == nil && env.Pagination == nil {
			// Every documented search answer carries its pagination block (§5.4), even the one
			// without counts; a page without it is not a page of the catalogue, and taking it
			// for one could make the whole scope look gone.
			return env, &DecodeError{Details: Details{Operation: opProductSearch, StatusCode: 200}, Err: errors.New("the search answer has no pagination block")}
		}
		if err == nil {
			return env, nil
		}
		if limit, ok := columnLimitFrom(err); ok && limit < len(columns) {
			s.c.columnLimit.Store(int64(limit))
			return env, fmt.Errorf("%w: %w", errReplan, err)
		}
		if precision < 24*time.Hour && w.bounded() && refusesField(err, w.Field) {
			logr.FromContextOrDiscard(ctx).Info("Plytix refused a datetime filter, filtering by date instead", "field", w.Field)
			s.c.datePrecision.Store(int64(24 * time.Hour))
			continue
		}
		return env, err
	}
}
