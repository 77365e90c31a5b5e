package engine

import (
	"context"
	"sync"

	"github.com/catalogsync/catalogsync-operator/internal/engine/centratarget"
	"github.com/catalogsync/catalogsync-operator/internal/engine/plytixsource"

	"github.com/catalogsync/catalogsync-operator/internal/budget"
	"github.com/catalogsync/catalogsync-operator/internal/centra"
	"github.com/catalogsync/catalogsync-operator/internal/httpx"
	"github.com/catalogsync/catalogsync-operator/internal/plytix"
	"github.com/catalogsync/catalogsync-operator/internal/secret"
)

// Connector builds the source and target of a run.
type Connector func(ctx context.Context, req Request) (Source, Target, error)

// Clients builds the real Plytix and Centra clients of a run. Budgets come from one
// registry for the whole process, so every CatalogSync that uses one Plytix account or one
// Centra environment spends from one quota (docs/design.md §6).
type Clients struct {
	Budgets *budget.Registry
	// PlytixObserver and CentraObserver see every request (for metrics), and
	// CentraMutationObserver every mutation those requests carry; nil is allowed.
	PlytixObserver         httpx.Observer
	CentraObserver         httpx.Observer
	CentraMutationObserver httpx.Observer
	// Plytix and Centra adjust the clients' configurations (tests and benchmarks shorten
	// timeouts or retries); nil leaves the defaults.
	Plytix func(*plytix.Config)
	Centra func(*centra.Config)

	// media are the media batches Centra had not finished processing, per Centra environment,
	// kept across runs so a later run polls them instead of sending their images twice.
	mediaMu sync.Mutex
	media   map[string]*centra.InFlightMedia
}

// inFlightMedia is the process's memory of unfinished media batches of one Centra environment.
func (c *Clients) inFlightMedia(endpoint string, token secret.Value) *centra.InFlightMedia {
	c.mediaMu.Lock()
	defer c.mediaMu.Unlock()
	key := budget.Key(endpoint, token, "centra-media")
	if c.media == nil {
		c.media = map[string]*centra.InFlightMedia{}
	}
	if c.media[key] == nil {
		c.media[key] = centra.NewInFlightMedia()
	}
	return c.media[key]
}

// Connect is a Connector.
func (c *Clients) Connect(_ context.Context, req Request) (Source, Target, error) {
	p := req.Spec.Plytix
	pcfg := plytix.Config{
		APIURL: p.APIURL, AuthURL: p.AuthURL, APIKey: req.PlytixAPIKey, APIPassword: req.PlytixPassword,
		Limiter:     plytix.SharedLimiter(c.Budgets, p.APIURL, req.PlytixAPIKey, plytixWindows(req)),
		AuthLimiter: plytix.SharedAuthLimiter(c.Budgets, p.AuthURL),
		Counters:    httpx.NewCounters(c.PlytixObserver),
	}
	if c.Plytix != nil {
		c.Plytix(&pcfg)
	}
	pc, err := plytix.New(pcfg)
	if err != nil {
		return nil, nil, err
	}
	ct := req.Spec.Centra
	ccfg := centra.Config{
		Endpoint: ct.URL, Token: req.CentraToken,
		Budgets:          centra.SharedBudgets(c.Budgets, ct.URL, req.CentraToken, centraLimits(req)),
		Counters:         httpx.NewCounters(c.CentraObserver),
		MutationCounters: httpx.NewCounters(c.CentraMutationObserver),
		InFlightMedia:    c.inFlightMedia(ct.URL, req.CentraToken),
	}
	if c.Centra != nil {
		c.Centra(&ccfg)
	}
	cc, err := centra.New(ccfg)
	if err != nil {
		return nil, nil, err
	}
	return plytixsource.New(pc, p.Filters), centratarget.New(cc, ct.Store), nil
}

// plytixWindows applies the spec's overrides to the documented defaults.
func plytixWindows(req Request) []budget.Window {
	w := plytix.DefaultWindows()
	if rl := req.Spec.Plytix.RateLimits; rl != nil {
		if rl.Per10Seconds != nil {
			w[0].Limit = *rl.Per10Seconds
		}
		if rl.PerHour != nil {
			w[1].Limit = *rl.PerHour
		}
	}
	return w
}

// centraLimits applies the spec's overrides to the documented defaults.
func centraLimits(req Request) centra.Limits {
	l := centra.DefaultLimits()
	rl := req.Spec.Centra.RateLimits
	if rl == nil {
		return l
	}
	apply := func(q *centra.Quota, per10s, perHour *int64) {
		if per10s != nil {
			q.TenSeconds = *per10s
		}
		if perHour != nil {
			q.OneHour = *perHour
		}
	}
	if w := rl.Requests; w != nil {
		apply(&l.Requests, w.Per10Seconds, w.PerHour)
	}
	if w := rl.Complexity; w != nil {
		apply(&l.Complexity, w.Per10Seconds, w.PerHour)
	}
	if w := rl.Mutations; w != nil {
		apply(&l.Mutations, w.Per10Seconds, w.PerHour)
	}
	return l
}
