package plytix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

const (
	opProductSearch   = "POST /api/v1/products/search"
	pathProductSearch = "/api/v1/products/search"
)

// systemFields are the product fields addressed without the "attributes." prefix in search
// (docs/reference/plytix-api.md §5.1, §8). id and sku are always returned and never count as columns.
var systemFields = []string{
	"sku", "label", "gtin", "status", "created", "modified", "categories", "assets", "images",
	"thumbnail", "static_lists", "product_level",
}

// IsSystemField reports whether name is a system product field rather than a custom
// attribute label.
func IsSystemField(name string) bool { return name == "id" || slices.Contains(systemFields, name) }

// Query selects products to read.
type Query struct {
	// Filters are OR'ed groups of AND'ed conditions (§5.1); nil reads every product.
	Filters Filters
	// Columns are the fields to return besides id and sku, which always come (§5.3): system
	// fields by name, custom attributes as AttributeField(label). Any number may be asked
	// for; more than the column limit are read in several passes merged by id.
	Columns []string
	// Order sorts the result: a column name, "-" prefixed for descending (§5.4); empty for
	// the API's natural order. Sorted reads over SortLimit products are windowed.
	Order string
	// PageSize defaults to the client's page size and is capped at MaxPageSize (§5.4).
	PageSize int
}

// searchRequest is the v1 search body (§5.1).
type searchRequest struct {
	Filters    Filters     `json:"filters,omitempty"`
	Attributes []string    `json:"attributes,omitempty"`
	Pagination pageRequest `json:"pagination"`
}

type pageRequest struct {
	Page     int    `json:"page"`
	PageSize int    `json:"page_size"`
	Order    string `json:"order,omitempty"`
}

// searchEnvelope is a search response: data plus pagination (§3.1, §5.4).
type searchEnvelope struct {
	Data []json.RawMessage `json:"data"`
	// skipped are the page's products the client could not read (not part of the answer).
	skipped    []Unreadable
	Pagination *struct {
		Count      json.RawMessage `json:"count"`
		TotalCount json.RawMessage `json:"total_count"`
	} `json:"pagination"`
}

// total returns total_count, and whether the response carried one: one documented example
// omits count and total_count (§5.4).
func (e searchEnvelope) total() (int, bool) {
	if e.Pagination == nil || !isJSONNumber(e.Pagination.TotalCount) {
		return 0, false
	}
	return lenientInt(e.Pagination.TotalCount), true
}

// lastPage reports whether the page just read was the last. The documented counts are not
// always consistent (count 0 with total_count 18, or no counts at all, §5.4), so a short or
// empty page ends the read whatever the counts say, and total_count only ends it early.
func (e searchEnvelope) lastPage(page, pageSize int) bool {
	n := len(e.Data) + len(e.skipped)
	if n == 0 || n < pageSize {
		return true
	}
	total, ok := e.total()
	return ok && total > 0 && page*pageSize >= total
}

// Count returns how many products match filters, for progress and planning. It costs one
// request.
func (c *Client) Count(ctx context.Context, filters Filters) (int, error) {
	if err := filters.Validate(); err != nil {
		return 0, fmt.Errorf("plytix: invalid filters: %w", err)
	}
	var env searchEnvelope
	req := searchRequest{Filters: filters, Pagination: pageRequest{Page: 1, PageSize: 1}}
	if err := c.do(ctx, call{op: opProductSearch, method: "POST", path: pathProductSearch, body: req}, &env); err != nil {
		return 0, err
	}
	total, ok := env.total()
	if !ok {
		return 0, &DecodeError{Details: Details{Operation: opProductSearch, StatusCode: 200}, Err: errors.New("no pagination.total_count in the response")}
	}
	return total, nil
}

// columnLimitPattern reads the limit from "columns limit exceeded, current limit is 20"
// (§3.2).
var columnLimitPattern = regexp.MustCompile(`(?i)columns? limit exceeded.*?(\d+)`)

// columnLimitFrom returns the limit a 422 states, if it is a column-limit error.
func columnLimitFrom(err error) (int, bool) {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return 0, false
	}
	texts := []string{ve.Message}
	for _, f := range ve.Fields {
		texts = append(texts, f.Msg)
	}
	for _, t := range texts {
		if m := columnLimitPattern.FindStringSubmatch(t); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}

// refusesField reports whether err is a 422 that names field, such as the API refusing an
// undocumented "id" filter or a datetime value for a date filter. The field must appear as
// a whole word: "id" is not in "valid".
func refusesField(err error, field string) bool {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	word := regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(field) + `($|[^A-Za-z0-9_])`)
	for _, f := range ve.Fields {
		if f.Field == field || strings.HasSuffix(f.Field, "."+field) || word.MatchString(f.Msg) {
			return true
		}
	}
	return word.MatchString(ve.Message)
}

// SystemColumns are the system fields a catalogue read usually needs besides id and sku
// (always returned) and num_variations and _parent_id (returned on every search, §6.3).
// product_type is not a documented search column: Product.Type infers it.
var SystemColumns = []string{"label", "status", "gtin", "created", "modified", "categories", "assets", "thumbnail"}

// ProductColumns returns SystemColumns followed by the search fields of the given custom
// attribute labels, ready for Query.Columns.
func ProductColumns(labels ...string) []string {
	out := append([]string(nil), SystemColumns...)
	for _, l := range labels {
		out = append(out, AttributeField(l))
	}
	return out
}

// normalizeColumns drops id and sku (always returned), duplicates and blanks, and puts
// system fields first so they land in the first pass.
func normalizeColumns(columns []string, must ...string) []string {
	seen := map[string]bool{"id": true, "sku": true, "": true}
	var system, custom []string
	for _, col := range append(append([]string(nil), must...), columns...) {
		col = strings.TrimSpace(col)
		if seen[col] {
			continue
		}
		seen[col] = true
		if IsSystemField(col) {
			system = append(system, col)
		} else {
			custom = append(custom, col)
		}
	}
	return append(system, custom...)
}
