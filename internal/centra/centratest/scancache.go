package centratest

import "sync"

// scanCache keeps the result of a filtered product scan until the catalogue changes, so
// paging through 100,000 products costs one scan, not one per page.
type scanCache struct {
	mu      sync.Mutex
	entries map[string]scanEntry
}

type scanEntry struct {
	version uint64
	items   []*productRec
}

const scanCacheSize = 16

func (s *scanCache) get(key string, version uint64) ([]*productRec, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[key]
	if !ok || e.version != version {
		return nil, false
	}
	return e.items, true
}

func (s *scanCache) put(key string, version uint64, items []*productRec) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries == nil || len(s.entries) >= scanCacheSize {
		s.entries = map[string]scanEntry{}
	}
	s.entries[key] = scanEntry{version: version, items: items}
}
