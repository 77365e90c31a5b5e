package plytix

import (
	"context"
	"time"
)

// ModifiedSince streams the products matching q that were modified at or after since minus
// the configured overlap, in modified order unless q says otherwise (docs/reference/plytix-api.md §10).
// A zero since reads everything, in modified order.
//
// The API's date filters are only documented with dates; the client sends datetimes, falls
// back to dates when they are refused, and always re-checks each product's own modified
// timestamp (with offset, naive or date only, §6.4) so a coarser server filter never lets an
// older product through. Windows arrive oldest first: a caller that must stop can take the
// From of the first window it did not finish as its next watermark.
func (c *Client) ModifiedSince(ctx context.Context, since time.Time, q Query, fn func(Page) error) error {
	root := Window{Field: "modified"}
	if !since.IsZero() {
		root.From = since.Add(-c.cfg.DeltaOverlap)
	}
	if q.Order == "" {
		q.Order = "modified"
	}
	return c.scan(ctx, q, root, fn)
}
