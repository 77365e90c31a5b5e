package centratest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// createMediaBatch queues media by URL; at most 100 per batch, metadata must be a JSON
// object, and the batch completes asynchronously (§3.10, §9.16).
func (rq *request) createMediaBatch(in input, p *payload) {
	c := rq.sb.cat
	pr := p.pr
	items := in.list("productMedia")
	if len(items) > maxBatchObjects {
		pr.fail(fmt.Sprintf("The maximum number of media to be imported at once is %d, got %d", maxBatchObjects, len(items)), "input", "productMedia")
		return
	}
	batch := &mediaBatchRec{}
	for i, v := range items {
		m, _ := asInput(v)
		it := &mediaBatchItem{}
		it.productID, _ = m.integer("productId")
		it.variantID, _ = m.integer("variantId")
		it.mediaType, _ = m.str("mediaType")
		it.url, _ = m.str("url")
		it.metaJSON, _ = m.str("metaDataJSON")
		it.altText, _ = m.str("altText")
		prod := c.productByID[it.productID]
		if prod == nil {
			pr.fail(fmt.Sprintf("Could not find Product with ID %d", it.productID), "input", "productMedia", i, "productId")
			continue
		}
		if it.variantID != 0 {
			if v := c.variantByID[it.variantID]; v == nil || v.product != prod {
				pr.fail(fmt.Sprintf("Product variant %d does not belong to product %d", it.variantID, prod.id), "input", "productMedia", i, "variantId")
			}
		}
		if it.metaJSON != "" {
			var obj map[string]any
			if json.Unmarshal([]byte(it.metaJSON), &obj) != nil {
				pr.fail("metaDataJSON must be a JSON object", "input", "productMedia", i, "metaDataJSON")
			}
		}
		if it.url == "" {
			pr.fail("url must not be empty", "input", "productMedia", i, "url")
		}
		batch.items = append(batch.items, it)
		for _, h := range c.heldMedia {
			batch.held = batch.held || strings.Contains(it.url, h)
		}
	}
	if pr.failed() {
		return
	}
	n := c.newID("MediaBatch")
	sum := sha1.Sum([]byte("media-batch-" + strconv.Itoa(n)))
	batch.queueID = hex.EncodeToString(sum[:16])
	for i, it := range batch.items {
		it.key = fmt.Sprintf("%s-%d", batch.queueID[:8], i)
	}
	c.batches[batch.queueID] = batch
	p.extra = map[string]any{"queueId": batch.queueID}
}

// pollMediaBatch answers mediaBatch(queueId). A batch completes on the poll after
// Options.MediaPollsUntilComplete pending polls; completing it creates the media, with the
// originalUrl/originalSha1 metadata Centra adds (§3.10). The caller holds the write lock.
func (rq *request) pollMediaBatch(args map[string]any) (any, error) {
	id, _ := args["queueId"].(string)
	b := rq.sb.cat.batches[id]
	if b == nil {
		return nil, nil
	}
	b.polls++
	if !b.complete && !b.held && b.polls > rq.sb.mediaPolls {
		rq.completeBatch(b)
	}
	return b, nil
}

func (rq *request) completeBatch(b *mediaBatchRec) {
	c := rq.sb.cat
	for _, it := range b.items {
		prod := c.productByID[it.productID]
		meta := map[string]any{}
		if it.metaJSON != "" {
			_ = json.Unmarshal([]byte(it.metaJSON), &meta)
		}
		sum := sha1.Sum([]byte(it.url))
		meta["originalUrl"] = it.url
		meta["originalSha1"] = hex.EncodeToString(sum[:])
		meta["originalWidth"] = 1200
		meta["originalHeight"] = 1600
		metaJSON, _ := json.Marshal(meta)
		m := &mediaRec{id: c.newID("ProductMedia"), product: prod, url: "", metaJSON: string(metaJSON), altText: it.altText}
		m.url = fmt.Sprintf("https://media.centra-sandbox.test/client/dynamic/images/%d_%s.jpg", m.id, hex.EncodeToString(sum[:4]))
		if it.variantID != 0 {
			m.variant = c.variantByID[it.variantID]
		}
		prod.media = append(prod.media, m)
		c.mediaByID[m.id] = m
		it.mediaID = m.id
		c.bumpProduct(prod, rq.now)
	}
	b.complete = true
}

func (b *mediaBatchRec) typeName() string { return "MediaBatch" }

func (b *mediaBatchRec) field(_ *request, name string, _ map[string]any) (any, error) {
	switch name {
	case "queueId":
		return b.queueID, nil
	case "status":
		if b.complete {
			return "COMPLETED", nil
		}
		return "IN_PROGRESS", nil
	case "productMedia":
		out := make([]any, len(b.items))
		for i, it := range b.items {
			var variant any
			if it.variantID != 0 {
				variant = it.variantID
			}
			out[i] = &staticObject{typ: "MediaBatchProduct", fields: map[string]any{
				"productId": it.productID, "variantId": variant, "mediaType": it.mediaType, "url": it.url,
				"key": it.key, "completed": b.complete, "altText": emptyNull(it.altText),
			}}
		}
		return out, nil
	}
	return nil, unsupported("MediaBatch." + name)
}
