package plytix

import (
	"container/list"
	"context"
	"encoding/json"
	"sync"
	"time"
)

const (
	opAssetGet    = "GET /api/v1/assets/{id}"
	opAssetSearch = "POST /api/v1/assets/search"
)

// Asset is a file in the account's asset library (docs/reference/plytix-api.md §9).
type Asset struct {
	ID          string
	Filename    string
	URL         string
	Thumbnail   string
	ContentType string
	FileType    string
	FileSize    int64
	Modified    time.Time
}

var assetColumns = []string{"filename", "url", "thumbnail", "content_type", "file_type", "file_size", "modified"}

// Assets returns the assets with the given ids, keyed by id, from the cache when it can.
// Products reference media by id only in search results (§6.3), and one request per image
// is the most cited friction point of the API (§9), so misses are fetched with an
// "id in [...]" asset search, 100 per request. That filter is NOT documented; when the API
// refuses it the client falls back to GET /assets/{id}, one each. Unknown ids are left out
// (the API answers them with {"data": []} or 404, §3.2).
func (c *Client) Assets(ctx context.Context, ids []string) (map[string]Asset, error) {
	out := map[string]Asset{}
	var missing []string
	for _, id := range uniqueNonEmpty(ids) {
		if a, ok := c.assets.get(id); ok {
			out[id] = a
		} else {
			missing = append(missing, id)
		}
	}
	for i := 0; i < len(missing) && c.assetIDFilter.Load() != idFilterRefused; {
		chunk := missing[i:min(i+idChunk, len(missing))]
		found, err := c.searchAssets(ctx, chunk)
		if err != nil {
			if refusesField(err, "id") && c.assetIDFilter.Load() != idFilterWorks {
				c.assetIDFilter.Store(idFilterRefused)
				break
			}
			return nil, err
		}
		c.assetIDFilter.Store(idFilterWorks)
		c.keep(out, found...)
		i += len(chunk)
	}
	if c.assetIDFilter.Load() != idFilterRefused {
		return out, nil
	}
	for _, id := range missing {
		if _, ok := out[id]; ok {
			continue
		}
		a, err := c.asset(ctx, id)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		c.keep(out, a)
	}
	return out, nil
}

func (c *Client) keep(out map[string]Asset, assets ...Asset) {
	for _, a := range assets {
		out[a.ID] = a
		c.assets.put(a)
	}
}

func (c *Client) searchAssets(ctx context.Context, ids []string) ([]Asset, error) {
	var out []Asset
	var previousFirst string
	for page := 1; ; page++ {
		req := searchRequest{
			Filters:    Filters{{In("id", anySlice(ids)...)}},
			Attributes: assetColumns,
			Pagination: pageRequest{Page: page, PageSize: MaxPageSize},
		}
		var env searchEnvelope
		if err := c.do(ctx, call{op: opAssetSearch, method: "POST", path: "/api/v1/assets/search", body: req}, &env); err != nil {
			return nil, err
		}
		if err := checkProgress(opAssetSearch, env, &previousFirst); err != nil {
			return nil, err
		}
		for _, raw := range env.Data {
			a, err := decodeAsset(raw)
			if err != nil {
				return nil, &DecodeError{Details: Details{Operation: opAssetSearch, StatusCode: 200}, Err: err}
			}
			out = append(out, a)
		}
		if env.lastPage(page, MaxPageSize) {
			return out, nil
		}
	}
}

func (c *Client) asset(ctx context.Context, id string) (Asset, error) {
	var env dataEnvelope
	if err := c.do(ctx, call{op: opAssetGet, method: "GET", path: "/api/v1/assets/" + escape(id)}, &env); err != nil {
		return Asset{}, err
	}
	if len(env.Data) == 0 {
		return Asset{}, &NotFoundError{Details: Details{Operation: opAssetGet, StatusCode: 200, Message: "empty data"}}
	}
	a, err := decodeAsset(env.Data[0])
	if err != nil {
		return Asset{}, &DecodeError{Details: Details{Operation: opAssetGet, StatusCode: 200}, Err: err}
	}
	return a, nil
}

func decodeAsset(raw json.RawMessage) (Asset, error) {
	var w struct {
		ID          json.RawMessage `json:"id"`
		Filename    json.RawMessage `json:"filename"`
		URL         json.RawMessage `json:"url"`
		Thumbnail   json.RawMessage `json:"thumbnail"`
		ContentType json.RawMessage `json:"content_type"`
		FileType    json.RawMessage `json:"file_type"`
		FileSize    json.RawMessage `json:"file_size"`
		Modified    json.RawMessage `json:"modified"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return Asset{}, err
	}
	a := Asset{
		ID: scalarText(w.ID), Filename: scalarText(w.Filename), URL: scalarText(w.URL), Thumbnail: scalarText(w.Thumbnail),
		ContentType: scalarText(w.ContentType), FileType: scalarText(w.FileType), FileSize: int64(lenientInt(w.FileSize)),
	}
	a.Modified, _ = ParseTime(scalarText(w.Modified))
	return a, nil
}

// assetCache is a bounded LRU of assets with a time to live.
type assetCache struct {
	mu      sync.Mutex
	size    int
	ttl     time.Duration
	now     func() time.Time
	entries map[string]*list.Element
	lru     *list.List // front is most recently used
}

type cachedAsset struct {
	asset  Asset
	stored time.Time
}

func newAssetCache(size int, ttl time.Duration, now func() time.Time) *assetCache {
	return &assetCache{size: size, ttl: ttl, now: now, entries: map[string]*list.Element{}, lru: list.New()}
}

func (c *assetCache) get(id string) (Asset, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[id]
	if !ok {
		return Asset{}, false
	}
	entry := el.Value.(*cachedAsset)
	if c.now().Sub(entry.stored) > c.ttl {
		c.lru.Remove(el)
		delete(c.entries, id)
		return Asset{}, false
	}
	c.lru.MoveToFront(el)
	return entry.asset, true
}

func (c *assetCache) put(a Asset) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[a.ID]; ok {
		el.Value = &cachedAsset{asset: a, stored: c.now()}
		c.lru.MoveToFront(el)
		return
	}
	c.entries[a.ID] = c.lru.PushFront(&cachedAsset{asset: a, stored: c.now()})
	for c.lru.Len() > c.size {
		oldest := c.lru.Back()
		c.lru.Remove(oldest)
		delete(c.entries, oldest.Value.(*cachedAsset).asset.ID)
	}
}
