package centra

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// MediaRequest asks for one media item by URL on a product (or a variant of it).
type MediaRequest struct {
	ProductID int
	VariantID int
	URL       string
	AltText   string
}

// EnsuredMedia is the outcome of EnsureMedia for one request.
type EnsuredMedia struct {
	MediaRequest
	// MediaID is the product media id, to activate on displays.
	MediaID int
	// Created reports that this call uploaded it; false means it was already there.
	Created bool
	Err     error
}

type mediaKey struct {
	productID int
	url       string
}

// EnsureMedia makes sure every URL is a media item of its product, deduplicated by source
// URL: it reads the products' media (whose metadata carries the URL they came from),
// queues the missing ones with createMediaBatch (at most 100 per batch, several batches
// aliased into one request), polls the batches until they complete and reads the media
// ids (§3.10).
//
// A batch whose outcome is unknown is looked up again after one poll interval and queued
// again only if its media are still missing; a batch still running at that point can
// leave a duplicate, which the next run's deduplication tolerates (it matches by URL).
//
// With AlreadyObserved the first look-up is skipped, and so is the last one when every batch
// completed: the media are then created without their ids (MediaID 0).
func (c *Client) EnsureMedia(ctx context.Context, reqs []MediaRequest, opts ...EnsureOption) ([]EnsuredMedia, error) {
	out := make([]EnsuredMedia, len(reqs))
	for i, r := range reqs {
		out[i].MediaRequest = r
	}
	observed := ensureOpts(opts).observed
	existing := map[mediaKey]int{}
	var err error
	if !observed {
		if existing, err = c.productMedia(ctx, reqs); err != nil {
			return out, err
		}
	}
	var missing []int
	queued := map[mediaKey]bool{}
	for i, r := range reqs {
		if id, ok := existing[mediaKey{r.ProductID, r.URL}]; ok {
			out[i].MediaID = id
			continue
		}
		if !queued[mediaKey{r.ProductID, r.URL}] {
			queued[mediaKey{r.ProductID, r.URL}] = true
			missing = append(missing, i)
		}
	}
	for round := 1; len(missing) > 0 && round <= maxEnsureRounds; round++ {
		items := make([]MediaItem, len(missing))
		for j, i := range missing {
			meta, _ := json.Marshal(map[string]string{"sourceUrl": reqs[i].URL})
			items[j] = MediaItem{ProductID: reqs[i].ProductID, VariantID: reqs[i].VariantID, MediaType: "IMAGE",
				URL: reqs[i].URL, MetaDataJSON: string(meta), AltText: reqs[i].AltText}
		}
		batches := CreateMediaBatch(items)
		results, execErr := c.Execute(ctx, batches)
		var queueIDs []string
		unknown := false
		for j, r := range results {
			chunk := missing[j*MaxBatchObjects : min((j+1)*MaxBatchObjects, len(missing))]
			switch {
			case r.Err == nil:
				queueIDs = append(queueIDs, r.QueueID)
			case isUnknownOutcome(r.Err):
				unknown = true
			default:
				for _, i := range chunk {
					out[i].Err = r.Err
				}
			}
		}
		if execErr != nil && !isUnknownOutcome(execErr) {
			return c.finishMedia(ctx, reqs, out, existing), execErr
		}
		if err := c.awaitMediaBatches(ctx, queueIDs); err != nil {
			return c.finishMedia(ctx, reqs, out, existing), err
		}
		if observed && !unknown {
			for _, i := range missing {
				out[i].Created = out[i].Err == nil
			}
			missing = nil
			continue
		}
		if unknown {
			if err := c.cfg.Sleep(ctx, c.cfg.MediaPollInterval); err != nil {
				return c.finishMedia(ctx, reqs, out, existing), err
			}
		}
		if existing, err = c.productMedia(ctx, reqs); err != nil {
			return out, err
		}
		var still []int
		for _, i := range missing {
			if out[i].Err != nil {
				continue
			}
			if _, ok := existing[mediaKey{reqs[i].ProductID, reqs[i].URL}]; ok {
				out[i].Created = true
			} else if unknown {
				still = append(still, i)
			}
		}
		missing = still
	}
	return c.finishMedia(ctx, reqs, out, existing), nil
}

// finishMedia fills the media ids of every request from the last look-up.
func (c *Client) finishMedia(_ context.Context, reqs []MediaRequest, out []EnsuredMedia, existing map[mediaKey]int) []EnsuredMedia {
	created := map[mediaKey]bool{}
	for i := range out {
		if out[i].Created {
			created[mediaKey{reqs[i].ProductID, reqs[i].URL}] = true
		}
	}
	for i, r := range reqs {
		if out[i].Err != nil {
			continue
		}
		id, ok := existing[mediaKey{r.ProductID, r.URL}]
		switch {
		case !ok && created[mediaKey{r.ProductID, r.URL}]:
			out[i].Created = true // created after no look-up (AlreadyObserved): no id
			continue
		case !ok:
			out[i].Err = fmt.Errorf("media %q of product %d did not appear", r.URL, r.ProductID)
			continue
		}
		out[i].MediaID = id
		out[i].Created = created[mediaKey{r.ProductID, r.URL}]
	}
	return out
}

// productMedia reads the media of the requests' products, by product and source URL (the
// oldest item per URL when there are duplicates).
func (c *Client) productMedia(ctx context.Context, reqs []MediaRequest) (map[mediaKey]int, error) {
	ids := make([]int, 0, len(reqs))
	for _, r := range reqs {
		ids = append(ids, r.ProductID)
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	out := map[mediaKey]int{}
	for len(ids) > 0 {
		n := min(len(ids), 100)
		op := operation{name: "ProductMedia", query: productMediaDocument, vars: map[string]any{"ids": ids[:n], "limit": 200}}
		ids = ids[n:]
		var data struct {
			Products []struct {
				ID    int         `json:"id"`
				Media []wireMedia `json:"media"`
			} `json:"products"`
		}
		if err := c.query(ctx, op, &data); err != nil {
			return nil, err
		}
		for _, p := range data.Products {
			for _, w := range p.Media {
				m := w.observed()
				key := mediaKey{p.ID, m.SourceURL}
				if prev, ok := out[key]; m.SourceURL != "" && (!ok || m.ID < prev) {
					out[key] = m.ID
				}
			}
		}
	}
	return out, nil
}

// awaitMediaBatches polls the batches, several per request, until each is COMPLETED or
// all its items are; statuses other than COMPLETED count as pending (only COMPLETED is
// documented, §3.10).
func (c *Client) awaitMediaBatches(ctx context.Context, queueIDs []string) error {
	deadline := c.cfg.Now().Add(c.cfg.MediaPollTimeout)
	pending := slices.Clone(queueIDs)
	for len(pending) > 0 {
		vars := map[string]any{}
		for i, q := range pending {
			vars["q"+strconv.Itoa(i)] = q
		}
		op := operation{name: "MediaBatches", query: mediaBatchesDocument(len(pending)), vars: vars}
		var data map[string]*wireMediaBatch
		if err := c.query(ctx, op, &data); err != nil {
			return err
		}
		var still []string
		for i, q := range pending {
			b := data["b"+strconv.Itoa(i)]
			if b == nil {
				return fmt.Errorf("centra media batch %s is unknown to the server", q)
			}
			if !b.done() {
				still = append(still, q)
			}
		}
		pending = still
		if len(pending) == 0 {
			return nil
		}
		if !c.cfg.Now().Before(deadline) {
			return fmt.Errorf("centra media batches %v not completed within %s", pending, c.cfg.MediaPollTimeout)
		}
		if err := c.cfg.Sleep(ctx, c.cfg.MediaPollInterval); err != nil {
			return err
		}
	}
	return nil
}

type wireMediaBatch struct {
	QueueID      string `json:"queueId"`
	Status       string `json:"status"`
	ProductMedia []struct {
		Completed bool `json:"completed"`
	} `json:"productMedia"`
}

// done reports a batch COMPLETED, or one whose every item is completed: only COMPLETED is
// a documented status, so anything else is read as pending unless the items say otherwise.
func (b *wireMediaBatch) done() bool {
	if b.Status == "COMPLETED" {
		return true
	}
	if len(b.ProductMedia) == 0 {
		return false
	}
	for _, m := range b.ProductMedia {
		if !m.Completed {
			return false
		}
	}
	return true
}
