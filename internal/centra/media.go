package centra

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
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

// MediaProcessingError is the outcome of a media item whose batch Centra was still processing
// when the client stopped waiting (Config.MediaPollTimeout), or still is when a later call asks
// for the same image again. The batch is remembered (Config.InFlightMedia) and polled instead of
// queued again, so a slow batch never leaves the image twice on the product.
type MediaProcessingError struct {
	QueueID string
	URL     string
}

func (e *MediaProcessingError) Error() string {
	return fmt.Sprintf("Centra is still processing media batch %s with %s; it is not queued again while it does", e.QueueID, e.URL)
}

// IsMediaProcessing reports a media item whose batch Centra is still processing.
func IsMediaProcessing(err error) bool {
	var m *MediaProcessingError
	return errors.As(err, &m)
}

// InFlightMedia remembers, for one Centra environment, the media batches queued that Centra
// had not finished when their caller stopped waiting: until one completes its images are not
// visible on the product (§3.10: the batch is asynchronous), so a look-up cannot tell them
// from missing ones. It is safe for concurrent use; the zero value is not, use NewInFlightMedia.
type InFlightMedia struct {
	mu    sync.Mutex
	items map[mediaKey]string // → queue id
}

// NewInFlightMedia returns an empty memory.
func NewInFlightMedia() *InFlightMedia { return &InFlightMedia{items: map[mediaKey]string{}} }

func (m *InFlightMedia) get(k mediaKey) (string, bool) {
	if m == nil {
		return "", false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	q, ok := m.items[k]
	return q, ok
}

func (m *InFlightMedia) put(k mediaKey, queueID string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[k] = queueID
}

func (m *InFlightMedia) forget(k mediaKey, queueID string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items[k] == queueID {
		delete(m.items, k)
	}
}

// Len is the number of images waiting on a batch.
func (m *InFlightMedia) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

// EnsureMedia makes sure every URL is a media item of its product, deduplicated by source
// URL: it reads the products' media (whose metadata carries the URL they came from),
// queues the missing ones with createMediaBatch (at most 100 per batch, several batches
// aliased into one request), polls the batches until they complete and reads the media
// ids (§3.10).
//
// A batch whose outcome is unknown is looked up again after one poll interval and queued
// again only if its media are still missing. A batch still running when MediaPollTimeout
// passes fails its items alone with a MediaProcessingError (the call returns an error that
// wraps one): the images of batches that completed are looked up and returned, and the running
// batch is remembered, so the next call for one of its images polls it instead of queueing the
// image again, and looks the image up once the batch completes.
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
	if missing, existing, err = c.awaitInFlight(ctx, reqs, out, missing, existing); err != nil {
		return c.finishMedia(ctx, reqs, out, existing), err
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
		inBatch := map[string][]int{}
		unknown := false
		for j, r := range results {
			chunk := missing[j*MaxBatchObjects : min((j+1)*MaxBatchObjects, len(missing))]
			switch {
			case r.Err == nil:
				queueIDs = append(queueIDs, r.QueueID)
				inBatch[r.QueueID] = chunk
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
		running, err := c.awaitMediaBatches(ctx, queueIDs)
		if err != nil {
			return c.finishMedia(ctx, reqs, out, existing), err
		}
		if len(running) > 0 {
			return c.mediaStillRunning(ctx, reqs, out, running, inBatch)
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

// awaitInFlight handles the missing images that wait on a batch an earlier call left running:
// it polls those batches once. An image of a batch still running fails with a
// MediaProcessingError and is not queued again; one of a completed batch is looked up (and
// queued again only if it is not there); one of a batch Centra does not know is queued again.
// It returns the images left to queue.
func (c *Client) awaitInFlight(ctx context.Context, reqs []MediaRequest, out []EnsuredMedia, missing []int,
	existing map[mediaKey]int) ([]int, map[mediaKey]int, error) {
	waiting := map[string][]int{}
	var toQueue []int
	var ids []string
	for _, i := range missing {
		q, ok := c.cfg.InFlightMedia.get(mediaKey{reqs[i].ProductID, reqs[i].URL})
		if !ok {
			toQueue = append(toQueue, i)
			continue
		}
		if _, seen := waiting[q]; !seen {
			ids = append(ids, q)
		}
		waiting[q] = append(waiting[q], i)
	}
	if len(ids) == 0 {
		return missing, existing, nil
	}
	states, err := c.pollMediaBatches(ctx, ids)
	if err != nil {
		return nil, existing, err
	}
	var completed []int
	for _, q := range ids {
		switch b, known := states[q]; {
		case !known:
			for _, i := range waiting[q] {
				c.cfg.InFlightMedia.forget(mediaKey{reqs[i].ProductID, reqs[i].URL}, q)
				toQueue = append(toQueue, i)
			}
		case b.done():
			for _, i := range waiting[q] {
				c.cfg.InFlightMedia.forget(mediaKey{reqs[i].ProductID, reqs[i].URL}, q)
				completed = append(completed, i)
			}
		default:
			for _, i := range waiting[q] {
				out[i].Err = &MediaProcessingError{QueueID: q, URL: reqs[i].URL}
			}
		}
	}
	if len(completed) > 0 {
		found, err := c.productMedia(ctx, reqs)
		if err != nil {
			return nil, existing, err
		}
		existing = found
		for _, i := range completed {
			if _, ok := existing[mediaKey{reqs[i].ProductID, reqs[i].URL}]; !ok {
				toQueue = append(toQueue, i) // the batch completed without it
			}
		}
	}
	return toQueue, existing, nil
}

// mediaStillRunning ends a call some of whose batches Centra had not finished within
// MediaPollTimeout: the images of the finished batches are looked up, those of the running
// ones fail with a MediaProcessingError and are remembered.
func (c *Client) mediaStillRunning(ctx context.Context, reqs []MediaRequest, out []EnsuredMedia, running []string,
	inBatch map[string][]int) ([]EnsuredMedia, error) {
	for q, idx := range inBatch {
		if !slices.Contains(running, q) {
			for _, i := range idx {
				out[i].Created = true
			}
		}
	}
	for _, q := range running {
		for _, i := range inBatch[q] {
			c.cfg.InFlightMedia.put(mediaKey{reqs[i].ProductID, reqs[i].URL}, q)
			out[i].Err = &MediaProcessingError{QueueID: q, URL: reqs[i].URL}
		}
	}
	existing, err := c.productMedia(ctx, reqs)
	if err != nil {
		return out, err
	}
	err = fmt.Errorf("centra media batches %v not completed within %s: %w", running, c.cfg.MediaPollTimeout,
		&MediaProcessingError{QueueID: running[0], URL: reqs[inBatch[running[0]][0]].URL})
	return c.finishMedia(ctx, reqs, out, existing), err
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
// documented, §3.10). It returns the batches still running when MediaPollTimeout passed.
func (c *Client) awaitMediaBatches(ctx context.Context, queueIDs []string) ([]string, error) {
	deadline := c.cfg.Now().Add(c.cfg.MediaPollTimeout)
	pending := slices.Clone(queueIDs)
	for len(pending) > 0 {
		states, err := c.pollMediaBatches(ctx, pending)
		if err != nil {
			return nil, err
		}
		var still []string
		for _, q := range pending {
			b, known := states[q]
			if !known {
				return nil, fmt.Errorf("centra media batch %s is unknown to the server", q)
			}
			if !b.done() {
				still = append(still, q)
			}
		}
		pending = still
		if len(pending) == 0 {
			return nil, nil
		}
		if !c.cfg.Now().Before(deadline) {
			return pending, nil
		}
		if err := c.cfg.Sleep(ctx, c.cfg.MediaPollInterval); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// pollMediaBatches reads the batches in one request; a batch the server does not know is
// left out.
func (c *Client) pollMediaBatches(ctx context.Context, queueIDs []string) (map[string]*wireMediaBatch, error) {
	vars := map[string]any{}
	for i, q := range queueIDs {
		vars["q"+strconv.Itoa(i)] = q
	}
	op := operation{name: "MediaBatches", query: mediaBatchesDocument(len(queueIDs)), vars: vars}
	var data map[string]*wireMediaBatch
	if err := c.query(ctx, op, &data); err != nil {
		return nil, err
	}
	out := map[string]*wireMediaBatch{}
	for i, q := range queueIDs {
		if b := data["b"+strconv.Itoa(i)]; b != nil {
			out[q] = b
		}
	}
	return out, nil
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
